import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { findTorchPython } from '../../src/openclip/python';
import { ROOT } from '../helpers/cli';

/** webdataset 0.2.86 (what open_clip_train pins), vendored beside the repository for tests: PyPI is not reachable here. */
function vendoredWebdataset(): string | undefined {
  for (const up of ['..', path.join('..', '..')]) {
    const dir = path.resolve(ROOT, up, 'shared', 'vendor', 'webdataset-0.2.86');
    if (fs.existsSync(path.join(dir, 'webdataset'))) return dir;
  }
  return undefined;
}

/** The Python stack the open_clip tests need: a python with torch + open_clip, and webdataset importable by it. */
export interface TorchStack {
  python: string;
  /** Environment for that python and the commands that run it. */
  env: NodeJS.ProcessEnv;
}

/** The stack, or the reason it is missing. */
export function torchStack(): TorchStack | string {
  const python = findTorchPython();
  if (!python) return 'no python with torch and open_clip (set CLIP_WORKSHOP_TORCH_PYTHON)';
  const vendor = vendoredWebdataset();
  const env = {
    ...process.env,
    CLIP_WORKSHOP_TORCH_PYTHON: python,
    PYTHONPATH: [vendor, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter),
  };
  const r = spawnSync(python, ['-c', 'import webdataset, open_clip_train.main'], { env, encoding: 'utf8' });
  if (r.status !== 0) return `${python} cannot import webdataset and open_clip_train (${(r.stderr ?? '').trim().split('\n').pop()})`;
  return { python, env };
}
