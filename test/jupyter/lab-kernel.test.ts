import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { USER_KERNEL_NAME, userJupyterDataDir } from '../../src/jupyter/kernelspec';
import { cli, ROOT } from '../helpers/cli';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-lab-kernel-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('kernel --user', () => {
  it("installs the kit's own kernel under its own name, with node's path and a script path, replacing no other kernel", () => {
    const data = path.join(tmp, 'jupyter-data');
    const stock = path.join(data, 'kernels', 'tslab', 'kernel.json');
    fs.mkdirSync(path.dirname(stock), { recursive: true });
    fs.writeFileSync(stock, '{"argv": ["tslab", "kernel"], "display_name": "TypeScript", "language": "typescript"}');
    const r = cli(['kernel', '--user', '--json'], { JUPYTER_DATA_DIR: data });
    expect(r.status).toBe(0);
    const file = path.join(data, 'kernels', USER_KERNEL_NAME, 'kernel.json');
    expect(r.json().userKernelSpec).toBe(file);
    const spec = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(spec.argv[0]).toBe(process.execPath);
    expect(spec.argv[1]).toBe(path.join(ROOT, 'dist', 'jupyter', 'kernelMain.js'));
    expect(fs.existsSync(spec.argv[1])).toBe(true);
    expect(spec.argv.slice(2)).toEqual(['kernel', '--config-path', '{connection_file}']);
    expect(spec.argv.join(' ')).not.toMatch(/\.cmd\b|node_modules[\\/]\.bin/);
    expect(fs.readFileSync(stock, 'utf8')).toContain('"tslab", "kernel"');
  });

  it("finds the user's Jupyter data folder as Jupyter does on each platform", () => {
    expect(userJupyterDataDir({ JUPYTER_DATA_DIR: '/x' }, 'linux', '/home/a')).toBe('/x');
    expect(userJupyterDataDir({}, 'linux', '/home/a')).toBe('/home/a/.local/share/jupyter');
    expect(userJupyterDataDir({ XDG_DATA_HOME: '/d' }, 'linux', '/home/a')).toBe('/d/jupyter');
    expect(userJupyterDataDir({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Jupyter');
    expect(userJupyterDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a')).toBe('C:\\Users\\a\\AppData\\Roaming\\jupyter');
  });
});

describe('lab', () => {
  /** A stand-in python: passes the import checks, and as "jupyterlab" records its arguments and the signals it gets. */
  const fakePython = path.join(tmp, 'python');
  const record = path.join(tmp, 'jupyter.txt');
  fs.writeFileSync(
    fakePython,
    `#!/bin/sh
if [ "$1" = "-c" ]; then case "$2" in *sys.executable*) echo "$0";; esac; exit 0; fi
trap 'echo TERM >> "${record}"; exit 0' TERM
trap 'echo INT >> "${record}"' INT
echo "args $*" > "${record}"
while :; do sleep 0.1; done
`,
    { mode: 0o755 },
  );

  it('passes --port and --ip on, and stops Jupyter when it is stopped (SIGTERM and SIGINT)', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      fs.rmSync(record, { force: true });
      const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'clip-workshop.js'), 'lab', '--no-browser', '--port', '8899', '--ip', '0.0.0.0'], {
        env: { ...process.env, CLIP_WORKSHOP_PYTHON: fakePython },
        stdio: 'ignore',
      });
      const deadline = Date.now() + 60000;
      while (!fs.existsSync(record) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill(signal);
      const code = await exited;
      const said = fs.readFileSync(record, 'utf8');
      expect(said).toMatch(/^args -m jupyterlab --notebook-dir=\S+ --no-browser --port=8899 --ip=0\.0\.0\.0/);
      // Jupyter got the clean-shutdown signal and ended before this command did.
      expect(said.trim().split('\n').pop()).toBe('TERM');
      expect(code).toBe(0);
    }
  }, 180000);

  it('refuses a port that is not a port, in one sentence', () => {
    const r = cli(['lab', '--no-browser', '--port', 'eighty'], { CLIP_WORKSHOP_PYTHON: fakePython });
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim()).toBe('clip-workshop: --port must be a whole number from 1 to 65535, not "eighty".');
  });
});
