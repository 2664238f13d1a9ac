// What the classify view reads from the build (models.json, gallery.json) and what a loaded model gives it.

/** One model as models.json lists it (written by the kit's `web` build). */
export interface ModelInfo {
  name: string;
  description: string;
  imageSize: number;
  /** A kit toy model: the page's own executor runs it and flags words outside its vocabulary. */
  toy: boolean;
  dtype: 'fp32' | 'fp16' | 'q8';
  example?: { image: string; labels: string[] };
  /** The model's prompt template as the kit's loader resolved it; the template field starts with it. */
  template?: string;
}

/** One gallery picture as gallery.json lists it. */
export interface GalleryItem {
  file: string;
  concept: string;
  split: string;
  set: string;
}

/** Pixel values of a batch of images, [n, 3, size, size]. */
export interface Pixels {
  data: Float32Array;
  dims: number[];
}

/** An output tensor of a CLIP as the view reads it. */
export interface OutTensor {
  data: ArrayLike<number>;
  dims: readonly number[];
}

/** What a CLIP run gives the view. */
export interface ClipOutputs {
  logits_per_image: OutTensor;
  text_embeds: OutTensor;
  image_embeds: OutTensor;
}

/** A model the view can run: prompts and pixels → outputs. */
export interface ClipRunner {
  run(prompts: string[], pixels: Pixels): ClipOutputs | Promise<ClipOutputs>;
}

/** A loaded model with what the view needs around it. */
export interface LoadedModel {
  info: ModelInfo;
  model: ClipRunner;
  mean: number[];
  std: number[];
  size: number;
  /** The words a toy model never saw in a text (read as [UNK]); undefined for an open vocabulary. */
  unknownWords?: (text: string) => string[];
}
