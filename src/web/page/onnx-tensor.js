// The executor's tensors: an element type, a row-major typed array and a shape.

/** Storage per element type: float32 as ONNX computes it; int64 as exact JS numbers (|x| < 2⁵³); bool as bytes. */
export const ARRAYS = { float32: Float32Array, int64: Float64Array, bool: Uint8Array };

export class Tensor {
  constructor(type, data, dims) {
    if (!ARRAYS[type]) throw new Error(`the page's executor has no tensors of type ${type}`);
    const size = dims.reduce((a, b) => a * b, 1);
    if (data.length !== size) throw new Error(`a ${type} tensor of shape [${dims}] needs ${size} values, not ${data.length}`);
    this.type = type;
    this.data = data;
    this.dims = dims;
  }

  /** A tensor from any array-like of values (numbers, bigints, booleans), copied into the type's storage. */
  static from(type, values, dims) {
    const Array_ = ARRAYS[type];
    if (values instanceof Array_) return new Tensor(type, values, [...dims]);
    return new Tensor(type, Array_.from(values, Number), [...dims]);
  }

  /** A zero-filled tensor. */
  static zeros(type, dims) {
    return new Tensor(type, new ARRAYS[type](dims.reduce((a, b) => a * b, 1)), dims);
  }

  get size() {
    return this.data.length;
  }
}
