import * as fs from 'fs';
import * as path from 'path';

/** The folder holding clip-workshop's package.json (works from src/ under jest and from dist/). */
export function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'clip-workshop') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('clip-workshop: cannot find the package root above ' + __dirname);
    dir = parent;
  }
}

/** Where built datasets and other caches live: $CLIP_WORKSHOP_CACHE or datasets/.cache (git-ignored). */
export function cacheDir(...parts: string[]): string {
  const base = process.env.CLIP_WORKSHOP_CACHE || path.join(packageRoot(), 'datasets', '.cache');
  return path.join(base, ...parts);
}
