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
    expect(info.kernels).toEqual({ active: expect.any(Boolean), reason: expect.any(String) });
    if (info.kernels.active) expect(info.backend).toBe('wasm');
  });

  it("says whether the kit's wasm kernels run, and why not when turned off", () => {
    const on = cli(['info', '--json'], { CLIP_WORKSHOP_BACKEND: 'wasm', CLIP_WORKSHOP_KERNELS: '' }).json();
    expect(on.kernels).toEqual({ active: true, reason: expect.stringMatching(/built for tfjs 4\.22\.0/) });
    const off = cli(['info', '--json'], { CLIP_WORKSHOP_BACKEND: 'wasm', CLIP_WORKSHOP_KERNELS: 'off' }).json();
    expect(off.kernels).toEqual({ active: false, reason: expect.stringMatching(/turned off by CLIP_WORKSHOP_KERNELS/) });
    const cpu = cli(['info', '--json'], { CLIP_WORKSHOP_BACKEND: 'cpu' }).json();
    expect(cpu.kernels.active).toBe(false);
    expect(cpu.kernels.reason).toMatch(/cpu runs plain tf/);
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
