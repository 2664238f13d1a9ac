// Models other than the kit's toys (the real CLIP, imported open_clip models) run in transformers.js and ONNX Runtime
// Web, imported from vendor/ only when such a model is picked: a toy-only visit never downloads the runtime.
import { ClipOutputs, ClipRunner, ModelInfo, Pixels } from './types';

/** The few parts of transformers.js's browser bundle the page uses. */
interface TransformersModule {
  env: {
    allowRemoteModels: boolean;
    allowLocalModels: boolean;
    localModelPath: string;
    useBrowserCache: boolean;
    useWasmCache: boolean;
    backends: { onnx: { wasm: { wasmPaths: unknown; numThreads: number } } };
  };
  AutoTokenizer: { from_pretrained(name: string): Promise<(texts: string[], options: object) => object> };
  CLIPModel: { from_pretrained(name: string, options: object): Promise<(inputs: object) => Promise<ClipOutputs>> };
  Tensor: new (type: string, data: Float32Array, dims: number[]) => object;
}

/** Imports the vendored bundle by its address (a bundler must not resolve it: it is not part of the page's code). */
async function importTransformers(): Promise<TransformersModule> {
  const url = new URL('vendor/transformers.min.js', document.baseURI).href;
  const t = (await import(/* @vite-ignore */ url)) as TransformersModule;
  // Everything comes from this folder: no hub, no CDN, no browser cache that could hold an older build's files.
  t.env.allowRemoteModels = false;
  t.env.allowLocalModels = true;
  t.env.localModelPath = new URL('models/', document.baseURI).pathname;
  t.env.useBrowserCache = false;
  t.env.useWasmCache = false;
  t.env.backends.onnx.wasm.wasmPaths = {
    mjs: new URL('vendor/ort-wasm-simd-threaded.mjs', document.baseURI).href,
    wasm: new URL('vendor/ort-wasm-simd-threaded.wasm', document.baseURI).href,
  };
  // Threads need a cross-origin-isolated page, which a plain static server does not give.
  t.env.backends.onnx.wasm.numThreads = 1;
  return t;
}

/** A model folder under models/ in transformers.js, with the same run() as the toy executor's ToyClip. */
export async function loadTransformersModel(info: ModelInfo): Promise<ClipRunner> {
  const t = await importTransformers();
  const [tokenizer, model] = await Promise.all([t.AutoTokenizer.from_pretrained(info.name), t.CLIPModel.from_pretrained(info.name, { dtype: info.dtype, device: 'wasm' })]);
  return {
    async run(prompts: string[], pixels: Pixels) {
      const text = tokenizer(prompts, { padding: true, truncation: true });
      return model({ ...text, pixel_values: new t.Tensor('float32', pixels.data, pixels.dims) });
    },
  };
}
