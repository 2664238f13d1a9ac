/** Weight specs: name → shape and initialiser, in a fixed order so that a seed gives the same weights. */

/** How one weight starts: seeded normal with a standard deviation, or a constant. */
type Init = { kind: 'normal'; std: number } | { kind: 'const'; value: number };

/** Name → shape and initialiser, in a fixed order so that a seed gives the same weights. */
export type Spec = Array<[string, number[], Init]>;

export const normal = (std: number): Init => ({ kind: 'normal', std });
const zeros: Init = { kind: 'const', value: 0 };
const ones: Init = { kind: 'const', value: 1 };

/** A dense layer: kernel with std 1/√fan-in (LeCun normal), zero bias. */
export function denseSpec(name: string, inDim: number, outDim: number, bias = true): Spec {
  const s: Spec = [[`${name}.kernel`, [inDim, outDim], normal(1 / Math.sqrt(inDim))]];
  if (bias) s.push([`${name}.bias`, [outDim], zeros]);
  return s;
}

export function layerNormSpec(name: string, width: number): Spec {
  return [[`${name}.gamma`, [width], ones], [`${name}.beta`, [width], zeros]];
}
