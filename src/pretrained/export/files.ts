import { ToyClip } from '../../models/clip';
import { MODEL_MARKER } from '../../models/record';
import { WeightArrays } from '../../onnx/builders';
import { buildToyClipOnnx } from './graph';
import { tokenizerConfigJson, tokenizerJson } from './tokenizer';

// An export's files as bytes and text, without the file system: the browser's Train view hands them to the classify view.

/** The marker key in config.json that says a folder came from this exporter. */
export const EXPORT_MARKER = 'clip_workshop';

/** Plain arrays of a toy CLIP's weights (the logit scale is passed apart). */
export function weightArrays(clip: ToyClip): WeightArrays {
  const out: WeightArrays = {};
  for (const [name, v] of Object.entries(clip.weights)) {
    if (name === 'logit_scale') continue;
    out[name] = { data: v.dataSync() as Float32Array, shape: v.shape };
  }
  return out;
}

/**
 * preprocessor_config.json reproducing the toy preprocessing: resize the short side to imageSize and centre-crop a
 * square (images already imageSize × imageSize pass through untouched), pixels / 255, then (x − mean) / std with the
 * model's pixelMean / pixelStd. `do_normalize` is explicit and `size` is {shortest_edge}: a bare number would pad.
 */
export function preprocessorConfigJson(clip: ToyClip): object {
  const c = clip.config;
  return {
    image_processor_type: 'CLIPImageProcessor',
    feature_extractor_type: 'CLIPFeatureExtractor',
    do_convert_rgb: true,
    do_resize: true,
    size: { shortest_edge: c.imageSize },
    // 1 = Lanczos: transformers.js then resizes with sharp's lanczos3, as src/data/image.ts does for the toy.
    resample: 1,
    do_center_crop: true,
    crop_size: { height: c.imageSize, width: c.imageSize },
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [...c.pixelMean],
    image_std: [...c.pixelStd],
  };
}

/** config.json: model_type "clip" (what transformers.js dispatches on) and the toy's own config for reference. */
export function configJson(clip: ToyClip): object {
  const c = clip.config;
  return {
    model_type: 'clip',
    architectures: ['CLIPModel'],
    projection_dim: c.embedDim,
    logit_scale_init_value: Math.log(c.initLogitScale),
    text_config: { model_type: 'clip_text_model', vocab_size: c.vocabSize, max_position_embeddings: c.contextLength, hidden_size: c.textWidth },
    vision_config: { model_type: 'clip_vision_model', image_size: c.imageSize, patch_size: c.patchSize, hidden_size: c.imageWidth },
    [EXPORT_MARKER]: { format: 'toy-clip-onnx', version: 1, description: clip.description, config: c },
  };
}

/** Every file of the transformers.js folder for a toy CLIP, by relative path. */
export function exportFiles(clip: ToyClip): { files: Record<string, string | Uint8Array>; logitScale: number; parameters: number } {
  const c = clip.config;
  const weights = weightArrays(clip);
  const log = clip.weights['logit_scale'].dataSync()[0];
  const onnx = buildToyClipOnnx(c, weights, { log, max: c.maxLogitScale });
  const json = (v: object) => JSON.stringify(v, null, 2) + '\n';
  return {
    files: {
      'config.json': json(configJson(clip)),
      'preprocessor_config.json': json(preprocessorConfigJson(clip)),
      'tokenizer.json': json(tokenizerJson(clip.tokenizer)),
      'tokenizer_config.json': json(tokenizerConfigJson(clip.tokenizer)),
      'onnx/model.onnx': onnx,
      // The kit's own record: the prompt template travels with the model (what modelTemplate reads back).
      [MODEL_MARKER]: json({ template: clip.promptTemplate }),
    },
    logitScale: Math.min(Math.exp(log), c.maxLogitScale),
    parameters: Object.values(weights).reduce((s, w) => s + w.data.length, 0) + 1,
  };
}

