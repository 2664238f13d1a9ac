import { cli } from '../helpers/cli';

describe('clip-workshop info', () => {
  it('reports the backend in use, versions, Jupyter and the kernel as JSON', () => {
    const r = cli(['info', '--json']);
    expect(r.status).toBe(0);
    const info = r.json();
    expect(['tensorflow', 'wasm', 'cpu']).toContain(info.backend);
    // tfjs-node is optional: when it cannot load, the kit must fall back to wasm, not the slow cpu backend.
    if (info.unavailable.tensorflow) expect(info.backend).toBe('wasm');
    expect(info.tfjs).toMatch(/^4\./);
    expect(info.node).toBe(process.version);
    expect(typeof info.kernel).toBe('boolean');
  });

  it('honours the CLIP_WORKSHOP_BACKEND override', () => {
    const r = cli(['info', '--json'], { CLIP_WORKSHOP_BACKEND: 'cpu' });
    expect(r.status).toBe(0);
    expect(r.json().backend).toBe('cpu');
    expect(r.json().backendReason).toMatch(/CLIP_WORKSHOP_BACKEND/);
  });

  it('rejects an unknown backend with one sentence and no stack trace', () => {
    const r = cli(['info'], { CLIP_WORKSHOP_BACKEND: 'gpu9000' });
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Unknown backend "gpu9000"/);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('prints help for the program and its subcommands', () => {
    const r = cli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/notebooks/);
    const sub = cli(['notebooks', '--help']);
    expect(sub.status).toBe(0);
    expect(sub.stdout).toMatch(/--variant/);
  });
});
