import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { UserError } from '../runtime/errors';

/** What to install when no Python with Jupyter exists, in one sentence. */
export const NO_JUPYTER =
  'No Python with Jupyter was found: install it with `pip install jupyterlab` or, on Debian/Ubuntu, ' +
  '`apt-get install python3-nbclient python3-ipykernel`, or point CLIP_WORKSHOP_PYTHON at a python that has it.';

/** Python candidates in order: the override, python3 on PATH, the system python, the interpreter behind `jupyter`. */
function candidates(): string[] {
  const list: string[] = [];
  if (process.env.CLIP_WORKSHOP_PYTHON) return [process.env.CLIP_WORKSHOP_PYTHON];
  list.push('python3', '/usr/bin/python3', '/usr/local/bin/python3', 'python');
  const jupyter = spawnSync('sh', ['-c', 'command -v jupyter'], { encoding: 'utf8' });
  const jupyterPath = jupyter.stdout?.trim();
  if (jupyterPath && fs.existsSync(jupyterPath)) {
    const shebang = fs.readFileSync(jupyterPath, 'utf8').split('\n')[0];
    if (shebang.startsWith('#!')) list.push(shebang.slice(2).trim().split(/\s+/)[0]);
  }
  return [...new Set(list)];
}

/** Modules a python needs to execute notebooks headlessly. */
const NEEDED = 'import jupyter_client, nbclient, nbformat';

let found: string | null | undefined;

/** What is wrong with $CLIP_WORKSHOP_PYTHON, in one sentence, or undefined when it is unset or names a python with Jupyter. */
function overrideProblem(): string | undefined {
  const py = process.env.CLIP_WORKSHOP_PYTHON;
  if (!py) return undefined;
  const onPath = !py.includes('/') && spawnSync('sh', ['-c', 'command -v "$1"', 'sh', py]).status === 0;
  if (!onPath && !fs.existsSync(py)) {
    return `CLIP_WORKSHOP_PYTHON is set to ${py}, which does not exist: point it at a python that has Jupyter (e.g. /usr/bin/python3), or unset it to let the kit look for one.`;
  }
  const r = spawnSync(py, ['-c', NEEDED], { encoding: 'utf8' });
  if (r.error) return (`CLIP_WORKSHOP_PYTHON is set to ${py}, which cannot be run (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}): point it at a python that has Jupyter, or unset it.`);
  if (r.status !== 0) {
    return (`CLIP_WORKSHOP_PYTHON is set to ${py}, which lacks Jupyter (${(r.stderr || '').trim().split('\n').pop() || `exit ${r.status}`}): install it there with \`${py} -m pip install jupyterlab\`, or point the variable at another python.`);
  }
  return undefined;
}

/** The first python that can execute notebooks (jupyter_client + nbclient + nbformat), or null. */
export function findJupyterPython(): string | null {
  if (found !== undefined) return found;
  if (overrideProblem()) return (found = null);
  found = null;
  for (const py of candidates()) {
    const r = spawnSync(py, ['-c', `${NEEDED}; import sys; print(sys.executable)`], { encoding: 'utf8' });
    if (r.status === 0) {
      found = r.stdout.trim() || py;
      break;
    }
  }
  return found;
}

/** Like {@link findJupyterPython} but fails with the one sentence that says what to install. */
export function requireJupyterPython(): string {
  const py = findJupyterPython();
  if (!py) throw new UserError(overrideProblem() ?? NO_JUPYTER);
  return py;
}
