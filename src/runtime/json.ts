import * as fs from 'fs';

/**
 * The parsed JSON of `file`, or undefined when it is missing or not JSON: for files whose absence or damage only
 * loses something the caller can do without (a cached result, a default, a previous state).
 */
export function readJsonIfValid<T = unknown>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
