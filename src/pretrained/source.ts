import * as fs from 'fs';
import * as path from 'path';
import { looksLikeHubId } from '../models/source';

export { looksLikeHubId };

/** OpenAI's CLIP ViT-B/32 converted to ONNX for transformers.js (https://huggingface.co/Xenova/clip-vit-base-patch32). */
export const DEFAULT_PRETRAINED_ID = 'Xenova/clip-vit-base-patch32';

/** The files transformers.js reads from a local CLIP folder besides the ONNX graph. */
export const TRANSFORMERS_FILES = ['config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;

/** ONNX files of a CLIPModel by precision, as transformers.js names them (dtype → onnx/model{suffix}.onnx). */
export const ONNX_FILES: Readonly<Record<'fp32' | 'fp16' | 'q8', string>> = {
  fp32: path.join('onnx', 'model.onnx'),
  fp16: path.join('onnx', 'model_fp16.onnx'),
  q8: path.join('onnx', 'model_quantized.onnx'),
};

/** The precisions whose CLIPModel graph a folder holds, best first. */
export function folderDtypes(dir: string): Array<keyof typeof ONNX_FILES> {
  return (Object.keys(ONNX_FILES) as Array<keyof typeof ONNX_FILES>).filter((d) => fs.existsSync(path.join(dir, ONNX_FILES[d])));
}

/** Where a `--model` argument points: a toy checkpoint folder, a transformers.js folder, or a hub id. */
export type ModelSourceKind = 'transformers-folder' | 'hub' | 'other-folder' | 'missing';

/** True when `dir` is a folder in the transformers.js on-disk format: {@link TRANSFORMERS_FILES} and a CLIPModel graph. */
export function isTransformersFolder(dir: string): boolean {
  return TRANSFORMERS_FILES.every((f) => fs.existsSync(path.join(dir, f))) && folderDtypes(dir).length > 0;
}


/** Classifies a `--model` argument without loading anything. */
export function modelSourceKind(s: string): ModelSourceKind {
  if (fs.existsSync(s) && fs.statSync(s).isDirectory()) return isTransformersFolder(s) ? 'transformers-folder' : 'other-folder';
  if (looksLikeHubId(s)) return 'hub';
  return 'missing';
}

/** True when `s` names a CLIP that {@link loadPretrainedClip} can load: a transformers.js folder or a hub id. */
export function isPretrainedSource(s: string): boolean {
  const kind = modelSourceKind(s);
  return kind === 'transformers-folder' || kind === 'hub';
}
