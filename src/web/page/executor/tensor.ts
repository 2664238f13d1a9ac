// The executor's tensors: an element type, a row-major typed array and a shape.

/** The element types the executor computes with. */
export type DType = 'float32' | 'int64' | 'bool';

/** A tensor's storage: float32 as ONNX computes it; int64 as exact JS numbers (|x| < 2⁵³); bool as bytes. */
export type Storage = Float32Array | Float64Array | Uint8Array;

/** Storage per element type. */
export const ARRAYS = { float32: Float32Array, int64: Float64Array, bool: Uint8Array } as const;

/** A tensor as plain data: what a caller feeds when it has no {@link Tensor} at hand. */
export interface PlainTensor {
  type: DType;
  data: ArrayLike<number>;
  dims: readonly number[];
}

export class Tensor {
  constructor(readonly type: DType, readonly data: Storage, readonly dims: number[]) {
    if (!ARRAYS[type]) throw new Error(`the page's executor has no tensors of type ${type}`);
    const size = dims.reduce((a, b) => a * b, 1);
    if (data.length !== size) throw new Error(`a ${type} tensor of shape [${dims}] needs ${size} values, not ${data.length}`);
  }

  /** A tensor from any array-like of values (numbers, bigints, booleans), copied into the type's storage. */
  static from(type: DType, values: ArrayLike<number | bigint | boolean>, dims: readonly number[]): Tensor {
    const Store = ARRAYS[type];
    if (!Store) throw new Error(`the page's executor has no tensors of type ${type}`);
    if (values instanceof Store) return new Tensor(type, values, [...dims]);
    return new Tensor(type, Store.from(Array.from(values, Number)), [...dims]);
  }

  /** A zero-filled tensor. */
  static zeros(type: DType, dims: number[]): Tensor {
    return new Tensor(type, new ARRAYS[type](dims.reduce((a, b) => a * b, 1)), dims);
  }

  get size(): number {
    return this.data.length;
  }
}
