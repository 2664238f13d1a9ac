import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { cli } from '../helpers/cli';
import { torchStack } from './python-env';

/**
 * open_clip on more than one process, as docs/scale-out.md describes it: export shapes, start two ranks by hand
 * (RANK, LOCAL_RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT; gloo on CPU — Debian torch's torchrun fails on Python
 * 3.11 before it starts workers), check that the ranks read different shards, import the checkpoint and score it
 * on held-out combinations. Needs the Python stack (.ci/run installs it); skipped without it on a user's machine.
 */
const stack = torchStack();
const ready = typeof stack !== 'string';
if (!ready && process.env.CI) throw new Error(`The scale-out test needs the Python stack in CI: ${stack}`);
if (!ready) console.warn(`skipping the scale-out test: ${stack}`);
const maybe = ready ? it : it.skip;

/** A free TCP port for the ranks' rendezvous. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

describe('open_clip on two processes', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-out-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  maybe(
    'two ranks read different shards, train 3 epochs at batch 32 and lr 3e-3, and the imported model beats twice chance held-out',
    async () => {
      const { env, python } = stack as Exclude<typeof stack, string>;
      // The test's Python holds the documented packages and what their training extras bring that open_clip_train imports.
      const have = spawnSync(python, ['-c', 'import open_clip, open_clip_train.main, webdataset, pandas, fsspec, timm'], { env, encoding: 'utf8' });
      expect(have.stderr).toBe('');
      const data = path.join(work, 'data');
      const e = cli(['export-data', '--dataset', 'shapes', '--out', data, '--json']);
      expect(e.status).toBe(0);
      const exported = e.json();
      const args = fs.readFileSync(path.join(data, 'open_clip_train.args'), 'utf8').split('\n').filter((a) => a !== '');
      const port = await freePort();
      const started = Date.now();
      const ranks = [0, 1].map(
        (rank) =>
          new Promise<{ rank: number; code: number | null; log: string }>((resolve) => {
            const child = spawn(
              python,
              [path.join(__dirname, 'rank_shards.py'), path.join(data, 'open_clip_train_kit.py'), path.join(work, `shards-${rank}.txt`), ...args, '--epochs', '3', '--batch-size', '32', '--lr', '3e-3', '--precision', 'fp32', '--dist-backend', 'gloo'],
              { cwd: data, env: { ...env, RANK: String(rank), LOCAL_RANK: String(rank), WORLD_SIZE: '2', MASTER_ADDR: '127.0.0.1', MASTER_PORT: String(port), OMP_NUM_THREADS: '1' } },
            );
            let log = '';
            child.stdout.on('data', (d) => (log += d));
            child.stderr.on('data', (d) => (log += d));
            child.on('close', (code) => resolve({ rank, code, log }));
          }),
      );
      for (const r of await Promise.all(ranks)) if (r.code !== 0) throw new Error(`rank ${r.rank} failed:\n${r.log.split('\n').slice(-30).join('\n')}`);
      const seconds = (Date.now() - started) / 1000;
      // Per rank, the shards of each pass over the shard list. open_clip reshuffles the list every epoch (the same
      // order on every rank) and, when a rank's shards run out before the epoch's batch count, starts another pass.
      const passes = [0, 1].map((rank) =>
        fs.readFileSync(path.join(work, `shards-${rank}.txt`), 'utf8').split('epoch\n').slice(1).map((block) => block.trim().split('\n').filter(Boolean).map((u) => path.basename(u))),
      );
      expect(passes[1].length).toBe(passes[0].length);
      const all = exported.shards.map((s: string) => path.basename(s)).sort();
      let whole = 0;
      passes[0].forEach((shards, k) => {
        const [a, b] = [new Set(shards), new Set(passes[1][k])];
        expect(a.size).toBeGreaterThan(0);
        expect(b.size).toBeGreaterThan(0);
        expect([...a].filter((s) => b.has(s))).toEqual([]);
        if (a.size + b.size === all.length) {
          expect([...a, ...b].sort()).toEqual(all);
          whole++;
        }
      });
      // At least one whole pass per epoch: every shard read, each by one rank.
      expect(whole).toBeGreaterThanOrEqual(3);
      const read = [new Set(passes[0][0]), new Set(passes[1][0])];
      const checkpoint = path.join(data, 'logs', 'run', 'checkpoints', 'epoch_3.pt');
      const model = path.join(work, 'model');
      const i = cli(['import', '--open-clip', checkpoint, '--config', exported.config, '--out', model, '--json'], env);
      expect(i.status).toBe(0);
      const report = cli(['zeroshot', '--model', model, '--dataset', 'shapes', '--split', 'heldout', '--json']).json();
      console.log(`open_clip on 2 CPU processes: 3 epochs in ${seconds.toFixed(0)} s; held-out top-1 ${(report.top1 * 100).toFixed(1)} % (chance ${(100 / report.classes).toFixed(1)} %); rank 0 read ${[...read[0]].sort().join(' ')}, rank 1 ${[...read[1]].sort().join(' ')}`);
      expect(report.classes).toBe(36);
      expect(report.top1).toBeGreaterThanOrEqual(0.056);
    },
    60 * 60 * 1000,
  );
});
