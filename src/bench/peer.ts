import { ChildProcessWithoutNullStreams, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as readline from 'readline';
import { UserError } from '../runtime/errors';

/** The PyTorch peer of the reference step: shipped beside the sources (package.json "files"), run by a Python with torch. */
export const PEER_TORCH_SCRIPT = path.join(__dirname, '..', '..', 'src', 'bench', 'peer_torch.py');

/** What the peer reports about itself when ready. */
export interface PeerInfo {
  torch: string;
  python: string;
  threads: number;
  /** Whether glibc's mallopt took (freed buffers stay in the heap). */
  mallopt: boolean;
  parameters: number;
  /** OpenBLAS's own configuration line (version, kernel, threads), when torch uses OpenBLAS. */
  blas?: string;
}

/** One round of the peer: median wall and CPU milliseconds of its steps. */
export interface PeerRound {
  msPerStep: number;
  cpuMsPerStep: number;
}

/** A running peer: time `steps` steps per call of round(), then close(). */
export interface Peer {
  info: PeerInfo;
  round(steps: number): Promise<PeerRound>;
  close(): void;
}

let foundPython: string | undefined;
/**
 * The Python that runs the peer: CLIP_WORKSHOP_TORCH_PYTHON when set, else the first of python3 on PATH and the
 * system's /usr/bin/python3 that imports torch (python3 when neither does: the peer's error then says what to set).
 */
export function torchPython(): string {
  if (process.env.CLIP_WORKSHOP_TORCH_PYTHON) return process.env.CLIP_WORKSHOP_TORCH_PYTHON;
  foundPython ??= ['python3', '/usr/bin/python3'].find((py) => spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore', timeout: 300_000 }).status === 0) ?? 'python3';
  return foundPython;
}

/**
 * Starts the PyTorch peer with `threads` threads for torch and BLAS (OPENBLAS_NUM_THREADS, OMP_NUM_THREADS, MKL_NUM_THREADS)
 * and waits until it has built the model and run its warm-up steps.
 */
export async function startTorchPeer(threads: number, batch: number, vocab: number): Promise<Peer> {
  if (!fs.existsSync(PEER_TORCH_SCRIPT)) throw new Error(`The PyTorch peer script is missing (${PEER_TORCH_SCRIPT}); reinstall the kit.`);
  const python = torchPython();
  const t = String(threads);
  const env = { ...process.env, OPENBLAS_NUM_THREADS: t, OMP_NUM_THREADS: t, MKL_NUM_THREADS: t };
  const child: ChildProcessWithoutNullStreams = spawn(python, [PEER_TORCH_SCRIPT, '--threads', t, '--batch', String(batch), '--vocab', String(vocab)], { env, stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const failed = new Promise<never>((_, reject) => {
    child.on('error', (e) => reject(new UserError(`Could not run ${python} for the PyTorch peer (${e.message}); set CLIP_WORKSHOP_TORCH_PYTHON to a Python with torch.`)));
    child.on('exit', (code) => reject(new UserError(`The PyTorch peer (${python}) stopped with code ${code}: ${lastLine(stderr)}; set CLIP_WORKSHOP_TORCH_PYTHON to a Python with torch.`)));
  });
  const next = async (): Promise<Record<string, unknown>> => {
    const r = await Promise.race([lines.next(), failed]);
    if (r.done) throw new UserError(`The PyTorch peer (${python}) ended early (${lastLine(stderr)}); set CLIP_WORKSHOP_TORCH_PYTHON to a Python with torch.`);
    return JSON.parse(r.value) as Record<string, unknown>;
  };
  const ready = await next();
  const info = ready as unknown as PeerInfo;
  return {
    info,
    async round(steps: number) {
      child.stdin.write(`${steps}\n`);
      return (await next()) as unknown as PeerRound;
    },
    close() {
      failed.catch(() => undefined);
      child.stdin.end('\n');
      child.kill();
    },
  };
}

/** The last non-empty line of a process's error output (Python's exception), or a note that there was none. */
function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).pop() ?? 'no error output';
}

/** The CPU's feature flags (Linux /proc/cpuinfo), or [] elsewhere. */
export function cpuFlags(): string[] {
  try {
    const line = fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('flags'));
    return line ? line.split(':')[1].trim().split(/\s+/) : [];
  } catch {
    return [];
  }
}
