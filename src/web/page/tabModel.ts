// A model trained in this tab (the Train view), handed to the classify view through the tab's sessionStorage: it
// stays with the tab across the page's addresses and goes when the tab closes. Its files are an export's (the ONNX
// graph, the tokenizer files, the preprocessing), as `clip-workshop web` serves a built-in model's.

/** The name the classify view lists it under (in ?model= too). */
export const TAB_MODEL = 'trained-in-this-tab';

const KEY = 'clip-workshop:tab-model';

/** What the Train view stores: the export's files and what the model list needs. */
export interface TabModel {
  description: string;
  imageSize: number;
  template: string;
  /** onnx/model.onnx. */
  onnx: Uint8Array;
  tokenizer: unknown;
  tokenizerConfig: unknown;
  preprocessor: { image_mean: number[]; image_std: number[] };
}

/** Keeps the model for the classify view; false when the tab's storage refuses it (full or turned off). */
export function storeTabModel(m: TabModel): boolean {
  let bin = '';
  for (let i = 0; i < m.onnx.length; i += 0x8000) bin += String.fromCharCode(...m.onnx.subarray(i, i + 0x8000));
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ ...m, onnx: btoa(bin) }));
    return true;
  } catch {
    return false;
  }
}

/** The model the Train view left in this tab, or undefined. */
export function readTabModel(): TabModel | undefined {
  let raw: string | null = null;
  try {
    raw = sessionStorage.getItem(KEY);
  } catch {
    return undefined;
  }
  if (!raw) return undefined;
  const m = JSON.parse(raw) as Omit<TabModel, 'onnx'> & { onnx: string };
  return { ...m, onnx: Uint8Array.from(atob(m.onnx), (c) => c.charCodeAt(0)) };
}
