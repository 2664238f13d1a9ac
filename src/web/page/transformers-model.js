// Models other than the kit's toys (the real CLIP, imported open_clip models) run in transformers.js and ONNX Runtime
// Web. The page imports this module only when such a model is picked: a toy-only visit never downloads the runtime.
import { env, AutoTokenizer, CLIPModel, Tensor } from './vendor/transformers.min.js';

// Everything comes from this folder: no hub, no CDN, no browser cache that could hold an older build's files.
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = new URL('models/', location.href).pathname;
env.useBrowserCache = false;
env.useWasmCache = false;
env.backends.onnx.wasm.wasmPaths = {
  mjs: new URL('vendor/ort-wasm-simd-threaded.mjs', location.href).href,
  wasm: new URL('vendor/ort-wasm-simd-threaded.wasm', location.href).href,
};
// Threads need a cross-origin-isolated page, which a plain static server does not give.
env.backends.onnx.wasm.numThreads = 1;

/** A model folder under models/ in transformers.js, with the same run() as the toy executor's ToyClip. */
export async function loadTransformersModel(info) {
  const [tokenizer, model] = await Promise.all([AutoTokenizer.from_pretrained(info.name), CLIPModel.from_pretrained(info.name, { dtype: info.dtype, device: 'wasm' })]);
  return {
    /** Prompts and pixel values { data, dims } → the model's outputs (logits_per_image, text_embeds, image_embeds …). */
    async run(prompts, pixels) {
      const text = tokenizer(prompts, { padding: true, truncation: true });
      return model({ ...text, pixel_values: new Tensor('float32', pixels.data, pixels.dims) });
    },
  };
}
