import * as path from 'path';
import { readJsonIfValid } from '../runtime/json';
import { MODEL_MARKER, ModelRecord } from './record';

/** The record of a model folder, or undefined when `dir` has none (a hub id, another tool's folder) or it is unreadable. */
export function readModelRecord(dir: string): ModelRecord | undefined {
  const r = readJsonIfValid<unknown>(path.join(dir, MODEL_MARKER));
  return r !== null && typeof r === 'object' && !Array.isArray(r) ? (r as ModelRecord) : undefined;
}
