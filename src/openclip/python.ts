import { spawnSync } from 'child_process';
import { UserError } from '../runtime/errors';
import { importRequirements, pipInstallLine } from './requirements';

/** The one sentence when no Python with torch and open_clip exists. */
export function noTorchPython(): string {
  return `No Python with torch and open_clip was found: install them with \`${pipInstallLine()}\` (the import also needs \`${pipInstallLine(importRequirements())}\` with torch 2.9 or later), or point CLIP_WORKSHOP_TORCH_PYTHON at a python that has them.`;
}

/** Python candidates in order: the override alone when set, else python3 on PATH, then the system python. */
function candidates(): string[] {
  const override = process.env.CLIP_WORKSHOP_TORCH_PYTHON;
  return override ? [override] : ['python3', '/usr/bin/python3'];
}

/** The first python that imports torch and open_clip (its sys.executable), or null. Asked afresh each time: importing torch takes seconds, and it is asked once per command. */
export function findTorchPython(): string | null {
  for (const py of candidates()) {
    const r = spawnSync(py, ['-c', 'import torch, open_clip, sys; print(sys.executable)'], { encoding: 'utf8', timeout: 120000 });
    if (r.status === 0) return r.stdout.trim().split('\n').pop() || py;
  }
  return null;
}

/** Like {@link findTorchPython} but fails with the one sentence that says what to install. */
export function requireTorchPython(): string {
  const py = findTorchPython();
  if (!py) throw new UserError(noTorchPython());
  return py;
}
