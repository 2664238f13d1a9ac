// Reads an .onnx file (protocol buffers) into plain objects: just the fields a graph executor needs.
// Field numbers are those of onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto).
import { Tensor } from './tensor';

/** An attribute's value: a number (f or i), a string, a list of numbers, or a tensor. */
export type AttrValue = number | string | number[] | Tensor | null;
export type Attrs = Record<string, AttrValue>;

/** One graph node: an operator applied to named values. */
export interface OnnxNode {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attrs: Attrs;
}

/** A graph: nodes in topological order, constant initialisers, and the names it is fed and returns. */
export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: Map<string, Tensor>;
  inputs: string[];
  outputs: string[];
}

/** A model file: its IR version, operator sets and graph. */
export interface OnnxModelProto {
  irVersion: number;
  opsets: Array<{ domain: string; version: number }>;
  graph: OnnxGraph;
}

/** A protobuf wire-format reader over bytes (only the wire types ONNX uses: varint, 64-bit, length-delimited, 32-bit). */
class Reader {
  constructor(readonly buf: Uint8Array, public pos = 0, readonly end = buf.length) {}

  more(): boolean {
    return this.pos < this.end;
  }

  varint(): bigint {
    let x = 0n;
    let shift = 0n;
    let b: number;
    do {
      if (this.pos >= this.end) throw new Error('this file is not an ONNX model, or it is cut short (a number runs past its end)');
      b = this.buf[this.pos++];
      x |= BigInt(b & 0x7f) << shift;
      shift += 7n;
    } while (b & 0x80);
    return x;
  }

  /** An int64 field (negative values are 10-byte varints). */
  int(): number {
    return Number(BigInt.asIntN(64, this.varint()));
  }

  /** A length-delimited field as a sub-reader over its bytes. */
  sub(): Reader {
    const n = Number(this.varint());
    const start = this.pos;
    this.pos += n;
    if (this.pos > this.end) throw new Error('this file is not an ONNX model, or it is cut short (a field runs past its end)');
    return new Reader(this.buf, start, this.pos);
  }

  bytes(): Uint8Array {
    const r = this.sub();
    return this.buf.subarray(r.pos, r.end);
  }

  string(): string {
    return new TextDecoder().decode(this.bytes());
  }

  float(): number {
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 4).getFloat32(0, true);
    this.pos += 4;
    return v;
  }

  /** A repeated int64 field, packed (wire type 2) or one value (wire type 0): appends to `out`. */
  ints(wire: number, out: number[]): void {
    if (wire !== 2) {
      out.push(this.int());
      return;
    }
    const r = this.sub();
    while (r.more()) out.push(r.int());
  }

  /** A repeated float field, packed or one value: appends to `out`. */
  floats(wire: number, out: number[]): void {
    if (wire !== 2) {
      out.push(this.float());
      return;
    }
    const r = this.sub();
    while (r.more()) out.push(r.float());
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.sub();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`this file is not an ONNX model (protobuf wire type ${wire} at byte ${this.pos})`);
  }

  /** Calls `field(number, wire)` for every field; `field` reads the value or returns false to skip it. */
  fields(field: (number: number, wire: number) => boolean | void): void {
    while (this.more()) {
      const tag = Number(this.varint());
      const number = tag >>> 3;
      const wire = tag & 7;
      if (field(number, wire) === false) this.skip(wire);
    }
  }
}

/** TensorProto.DataType values the executor holds, by name. */
export const DATA_TYPES: Record<number, 'float32' | 'int32' | 'int64' | 'bool'> = { 1: 'float32', 6: 'int32', 7: 'int64', 9: 'bool' };

/** TensorProto: name, dims, data type, and values from raw_data (little-endian) or the typed repeated fields. */
function tensor(r: Reader): { name: string; tensor: Tensor } {
  const t = { name: '', dims: [] as number[], dataType: 0, raw: null as Uint8Array | null, floats: [] as number[], ints: [] as number[] };
  r.fields((n, w) => {
    if (n === 1) r.ints(w, t.dims);
    else if (n === 2) t.dataType = r.int();
    else if (n === 4) r.floats(w, t.floats);
    else if (n === 5 || n === 7) r.ints(w, t.ints);
    else if (n === 8) t.name = r.string();
    else if (n === 9) t.raw = r.bytes();
    else if (n === 14) {
      if (r.int() === 1) throw new Error('the ONNX file keeps its weights in external files; the page reads single-file models only');
    } else return false;
  });
  const type = DATA_TYPES[t.dataType];
  if (!type) throw new Error(`the ONNX tensor "${t.name}" has data type ${t.dataType}; the page's executor reads float32, int32, int64 and bool only`);
  const count = t.dims.reduce((a, b) => a * b, 1);
  let values: ArrayLike<number>;
  if (t.raw) {
    const raw = t.raw.slice(); // a copy: aligned for the typed-array views below
    if (type === 'float32') values = new Float32Array(raw.buffer);
    else if (type === 'int32') values = new Int32Array(raw.buffer);
    else if (type === 'int64') values = Float64Array.from(new BigInt64Array(raw.buffer), Number);
    else values = raw;
  } else {
    values = type === 'float32' ? t.floats : t.ints;
  }
  if (values.length !== count) throw new Error(`the ONNX tensor "${t.name}" has ${values.length} values for its shape [${t.dims}]`);
  return { name: t.name, tensor: Tensor.from(type === 'int32' ? 'int64' : type, values, t.dims) };
}

/** AttributeProto → [name, value]. */
function attribute(r: Reader): [string, AttrValue] {
  const a = { name: '', type: 0, f: 0, i: 0, s: null as Uint8Array | null, t: null as Tensor | null, floats: [] as number[], ints: [] as number[] };
  r.fields((n, w) => {
    if (n === 1) a.name = r.string();
    else if (n === 2) a.f = r.float();
    else if (n === 3) a.i = r.int();
    else if (n === 4) a.s = r.bytes();
    else if (n === 5) a.t = tensor(r.sub()).tensor;
    else if (n === 7) r.floats(w, a.floats);
    else if (n === 8) r.ints(w, a.ints);
    else if (n === 20) a.type = r.int();
    else return false;
  });
  // AttributeProto.AttributeType: FLOAT 1, INT 2, STRING 3, TENSOR 4, FLOATS 6, INTS 7.
  const byType: Record<number, AttrValue> = { 1: a.f, 2: a.i, 3: a.s && new TextDecoder().decode(a.s), 4: a.t, 6: a.floats, 7: a.ints };
  const value = byType[a.type];
  if (value === undefined) throw new Error(`the ONNX attribute "${a.name}" has type ${a.type}, which the page's executor does not read`);
  return [a.name, value];
}

function node(r: Reader): OnnxNode {
  const nd: OnnxNode = { name: '', opType: '', domain: '', inputs: [], outputs: [], attrs: {} };
  r.fields((n) => {
    if (n === 1) nd.inputs.push(r.string());
    else if (n === 2) nd.outputs.push(r.string());
    else if (n === 3) nd.name = r.string();
    else if (n === 4) nd.opType = r.string();
    else if (n === 5) {
      const [k, v] = attribute(r.sub());
      nd.attrs[k] = v;
    } else if (n === 7) nd.domain = r.string();
    else return false;
  });
  return nd;
}

/** ValueInfoProto: only the name (the executor checks shapes as it runs). */
function valueName(r: Reader): string {
  let name = '';
  r.fields((n) => {
    if (n !== 1) return false;
    name = r.string();
  });
  return name;
}

function graph(r: Reader): OnnxGraph {
  const g: OnnxGraph = { name: '', nodes: [], initializers: new Map(), inputs: [], outputs: [] };
  r.fields((n) => {
    if (n === 1) g.nodes.push(node(r.sub()));
    else if (n === 2) g.name = r.string();
    else if (n === 5) {
      const { name, tensor: t } = tensor(r.sub());
      g.initializers.set(name, t);
    } else if (n === 11) g.inputs.push(valueName(r.sub()));
    else if (n === 12) g.outputs.push(valueName(r.sub()));
    else return false;
  });
  // Graph inputs may also list initialisers (older exporters); the values fed are the real inputs.
  g.inputs = g.inputs.filter((name) => !g.initializers.has(name));
  return g;
}

/** An .onnx file's bytes → its IR version, operator sets and graph. */
export function readModel(bytes: Uint8Array | ArrayBuffer): OnnxModelProto {
  // A plain Uint8Array view (a Node Buffer's slice() would not copy).
  const r = new Reader(ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes));
  let irVersion = 0;
  const opsets: OnnxModelProto['opsets'] = [];
  let g: OnnxGraph | undefined;
  r.fields((n) => {
    if (n === 1) irVersion = r.int();
    else if (n === 7) g = graph(r.sub());
    else if (n === 8) {
      const o = { domain: '', version: 0 };
      const s = r.sub();
      s.fields((k) => {
        if (k === 1) o.domain = s.string();
        else if (k === 2) o.version = s.int();
        else return false;
      });
      opsets.push(o);
    } else return false;
  });
  if (!g) throw new Error('this file is not an ONNX model (it has no graph)');
  return { irVersion, opsets, graph: g };
}
