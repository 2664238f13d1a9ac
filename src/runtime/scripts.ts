import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from './paths';

/**
 * The path of a Python or shell file the package ships beside its TypeScript sources (`src/<folder>/<name>`, listed
 * in package.json "files"), read from disk at run time: code lives in its own language, where linters see it.
 */
export function scriptPath(folder: string, name: string): string {
  const file = path.join(packageRoot(), 'src', folder, name);
  if (!fs.existsSync(file)) throw new Error(`clip-workshop: ${path.join('src', folder, name)} is missing from the package; reinstall it (npm ci).`);
  return file;
}

/** The text of a shipped script (see {@link scriptPath}). */
export function scriptText(folder: string, name: string): string {
  return fs.readFileSync(scriptPath(folder, name), 'utf8');
}
