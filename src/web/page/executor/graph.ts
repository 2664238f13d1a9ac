// A small ONNX graph executor in TypeScript for the kit's toy CLIPs: no wasm to fetch and compile, so a toy
// model answers as soon as its file is read. Larger models (the real CLIP, imported open_clip ones) use ONNX Runtime Web.
import { OPS } from './ops';
import { OnnxGraph, readModel } from './proto';
import { PlainTensor, Tensor } from './tensor';

export class OnnxModel {
  readonly graph: OnnxGraph;
  /** The default-domain operator set the file declares. */
  readonly opset: number | undefined;

  /** Reads an .onnx file's bytes; a graph with an operator this executor does not know is refused here, by name. */
  constructor(bytes: Uint8Array | ArrayBuffer) {
    const { graph, opsets } = readModel(bytes);
    const unknown = [...new Set(graph.nodes.filter((n) => (n.domain && n.domain !== 'ai.onnx') || !OPS[n.opType]).map((n) => (n.domain ? `${n.domain}:${n.opType}` : n.opType)))];
    if (unknown.length) {
      throw new Error(`this model uses the ONNX operator${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}, which the page's own executor does not implement (it runs the kit's toy CLIPs: ${Object.keys(OPS).join(', ')})`);
    }
    this.graph = graph;
    this.opset = opsets.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version;
  }

  /** Names of the values the graph needs fed. */
  get inputNames(): string[] {
    return [...this.graph.inputs];
  }

  /** Names of the values the graph returns. */
  get outputNames(): string[] {
    return [...this.graph.outputs];
  }

  /**
   * Runs the graph: `feeds` maps each input name to a Tensor (or plain data); returns the requested outputs
   * (all by default) as Tensors. Only the nodes those outputs depend on run.
   */
  run(feeds: Record<string, Tensor | PlainTensor>, outputs: readonly string[] = this.graph.outputs): Record<string, Tensor> {
    const values = new Map(this.graph.initializers);
    for (const name of this.graph.inputs) {
      const f = feeds[name];
      if (!f) throw new Error(`the model needs an input "${name}" (it takes ${this.graph.inputs.join(', ')})`);
      values.set(name, f instanceof Tensor ? f : Tensor.from(f.type, f.data, f.dims));
    }
    for (const name of outputs) if (!this.graph.outputs.includes(name)) throw new Error(`the model has no output "${name}" (it has ${this.graph.outputs.join(', ')})`);
    for (const node of this.needed(outputs)) {
      const inputs = node.inputs.map((name) => {
        if (name === '') return undefined; // an optional input left out
        const v = values.get(name);
        if (!v) throw new Error(`ONNX node ${node.name} (${node.opType}) reads "${name}", which nothing computed`);
        return v;
      });
      let out: Tensor;
      try {
        out = OPS[node.opType](inputs, node.attrs);
      } catch (err) {
        throw new Error(`ONNX node ${node.name} (${node.opType}): ${(err as Error).message}`);
      }
      values.set(node.outputs[0], out);
    }
    return Object.fromEntries(outputs.map((name) => [name, values.get(name)!]));
  }

  /** The nodes that `outputs` depend on, in the graph's (topological) order. */
  needed(outputs: readonly string[]): OnnxGraph['nodes'] {
    const want = new Set(outputs);
    const keep: OnnxGraph['nodes'] = [];
    for (let i = this.graph.nodes.length - 1; i >= 0; i--) {
      const node = this.graph.nodes[i];
      if (!node.outputs.some((o) => want.has(o))) continue;
      keep.push(node);
      for (const x of node.inputs) want.add(x);
    }
    return keep.reverse();
  }
}
