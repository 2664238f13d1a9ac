import { onnx } from 'onnx-proto';

/** ONNX element types used by the exporter (TensorProto.DataType). */
export const DT = { FLOAT: 1, INT32: 6, INT64: 7, BOOL: 9 } as const;
export type ElementType = (typeof DT)[keyof typeof DT];

/** A dimension: a fixed size or a symbolic name such as "batch". */
export type Dim = number | string;

/** Attribute values the builder knows how to encode. */
export type AttrValue = number | string | number[] | { int: number } | { ints: number[] };

/** The opset the exporter targets: LayerNormalization exists (17), ReduceMean still takes axes as an attribute. */
export const OPSET = 17;
/** ONNX IR version 8 matches opset 17 (onnx 1.12+); onnxruntime reads it. */
const IR_VERSION = 8;

/**
 * A small builder for ONNX graphs over onnx-proto: name-unique nodes, Float32Array/Int64 initialisers,
 * typed inputs and outputs, and serialisation to the bytes of a `.onnx` file.
 */
export class GraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly used = new Set<string>();
  private counter = 0;

  constructor(readonly name = 'graph') {}

  /** A fresh value name starting with `prefix`. */
  fresh(prefix: string): string {
    let name = prefix;
    while (this.used.has(name)) name = `${prefix}_${++this.counter}`;
    this.used.add(name);
    return name;
  }

  /** Declares a graph input. */
  input(name: string, type: ElementType, shape: Dim[]): string {
    this.claim(name);
    this.inputs.push(valueInfo(name, type, shape));
    return name;
  }

  /** Declares a graph output produced by `value` (an Identity renames it when needed). */
  output(name: string, value: string, type: ElementType, shape: Dim[]): string {
    if (value !== name) {
      this.claim(name);
      this.nodes.push({ opType: 'Identity', input: [value], output: [name], name: `${name}_identity` });
    }
    this.outputs.push(valueInfo(name, type, shape));
    return name;
  }

  /** A float32 initialiser (weights) of the given shape. */
  floats(name: string, data: Float32Array | number[], dims: number[]): string {
    const values = data instanceof Float32Array ? data : Float32Array.from(data);
    checkSize(name, values.length, dims);
    const n = this.fresh(name);
    this.initializers.push({ name: n, dataType: DT.FLOAT, dims, rawData: bytesOf(values) });
    return n;
  }

  /** An int64 initialiser (shapes, axes, indices). */
  int64s(name: string, data: number[], dims: number[] = [data.length]): string {
    checkSize(name, data.length, dims);
    const n = this.fresh(name);
    this.initializers.push({ name: n, dataType: DT.INT64, dims, rawData: bytesOf(BigInt64Array.from(data.map(BigInt))) });
    return n;
  }

  /** A boolean initialiser (masks). */
  bools(name: string, data: boolean[], dims: number[] = [data.length]): string {
    checkSize(name, data.length, dims);
    const n = this.fresh(name);
    this.initializers.push({ name: n, dataType: DT.BOOL, dims, rawData: Uint8Array.from(data, (b) => (b ? 1 : 0)) });
    return n;
  }

  /** A float scalar constant. */
  scalar(name: string, value: number): string {
    return this.floats(name, [value], []);
  }

  /** Adds a node and returns the name of its (first) output. */
  op(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, outName?: string): string {
    return this.opN(opType, inputs, 1, attrs, outName)[0];
  }

  /** Adds a node with `nOutputs` outputs and returns their names. */
  opN(opType: string, inputs: string[], nOutputs: number, attrs: Record<string, AttrValue> = {}, outName?: string): string[] {
    const base = outName ?? opType.toLowerCase();
    const output = Array.from({ length: nOutputs }, (_, i) => this.fresh(i === 0 ? base : `${base}_out${i}`));
    const attribute = Object.entries(attrs).map(([k, v]) => attr(k, v));
    this.nodes.push({ opType, input: inputs, output, name: this.fresh(`${base}_node`), attribute });
    return output;
  }

  /** The model proto with this graph. */
  toModel(producer = 'clip-workshop', docString = ''): onnx.IModelProto {
    return {
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: OPSET }],
      producerName: producer,
      docString,
      graph: {
        name: this.name,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    };
  }

  /** The serialised `.onnx` bytes. */
  toBytes(producer?: string, docString?: string): Uint8Array {
    return onnx.ModelProto.encode(onnx.ModelProto.create(this.toModel(producer, docString))).finish();
  }

  /** Number of nodes so far (for tests and reports). */
  get nodeCount(): number {
    return this.nodes.length;
  }

  private claim(name: string): void {
    if (this.used.has(name)) throw new Error(`ONNX value name "${name}" is already used.`);
    this.used.add(name);
  }
}

function checkSize(name: string, length: number, dims: number[]): void {
  const expected = dims.reduce((a, b) => a * b, 1);
  if (expected !== length) throw new Error(`Initialiser ${name} has ${length} values but shape [${dims}] needs ${expected}.`);
}

/** Little-endian bytes of a typed array (ONNX raw_data is little-endian; so is every platform Node runs on). */
function bytesOf(a: Float32Array | BigInt64Array): Uint8Array {
  return new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
}

function valueInfo(name: string, elemType: ElementType, shape: Dim[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

const A = onnx.AttributeProto.AttributeType;

function attr(name: string, v: AttrValue): onnx.IAttributeProto {
  if (typeof v === 'string') return { name, type: A.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: A.FLOATS, floats: v };
  if (typeof v === 'number') return { name, type: A.FLOAT, f: v };
  if ('ints' in v) return { name, type: A.INTS, ints: v.ints };
  return { name, type: A.INT, i: v.int };
}
