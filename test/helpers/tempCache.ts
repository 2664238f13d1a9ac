import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Folders of one test: a fresh temp folder and the cache inside it that CLIP_WORKSHOP_CACHE points at. */
export interface TempDirs {
  tmp: string;
  cache: string;
}

/**
 * Gives each test of the file its own temp folder with CLIP_WORKSHOP_CACHE pointing into it, and restores
 * the variable and removes the folder afterwards. Read the fields inside tests (they change per test).
 */
export function tempCachePerTest(prefix: string): TempDirs {
  const dirs: TempDirs = { tmp: '', cache: '' };
  const saved = process.env.CLIP_WORKSHOP_CACHE;
  beforeEach(() => {
    dirs.tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.cache = path.join(dirs.tmp, 'cache');
    process.env.CLIP_WORKSHOP_CACHE = dirs.cache;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.CLIP_WORKSHOP_CACHE;
    else process.env.CLIP_WORKSHOP_CACHE = saved;
    fs.rmSync(dirs.tmp, { recursive: true, force: true });
  });
  return dirs;
}
