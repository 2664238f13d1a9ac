/**
 * Shape checks of the kernel wrappers: the wasm kernels read memory at the offsets the shapes imply, so a wrong
 * shape would read past a tensor silently; tf's own ops reject it, and so do these wrappers.
 */
export function expectShape(kernel: string, name: string, t: { shape: readonly number[] }, shape: ReadonlyArray<number | undefined>): void {
  const ok = t.shape.length === shape.length && shape.every((d, i) => d === undefined || t.shape[i] === d);
  if (!ok) throw new Error(`${kernel}: ${name} has shape [${t.shape.join(', ')}], expected [${shape.map((d) => d ?? '?').join(', ')}]`);
}

/** Checks that every tensor of `ts` has the shape of the first. */
export function expectSameShapes(kernel: string, ts: Record<string, { shape: readonly number[] }>): void {
  const [first, ...rest] = Object.entries(ts);
  for (const [name, t] of rest) if (t.shape.length !== first[1].shape.length || t.shape.some((d, i) => d !== first[1].shape[i])) throw new Error(`${kernel}: ${name} has shape [${t.shape.join(', ')}], ${first[0]} [${first[1].shape.join(', ')}]; they must match`);
}
