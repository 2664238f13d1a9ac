import { spawn } from 'child_process';
import { UserError } from '../runtime/errors';

/** The marp-cli entry script, or a UserError saying how to install it. */
export function marpBin(): string {
  try {
    return require.resolve('@marp-team/marp-cli/marp-cli.js');
  } catch {
    throw new UserError('@marp-team/marp-cli is not installed; run `npm install` in the clip-workshop folder (it builds the slides).');
  }
}

/**
 * Runs marp-cli in a child process (its browser and file watchers stay out of this process).
 * Rejects with marp's last output lines when it fails.
 */
export function runMarp(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<string> {
  const bin = marpBin();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '--no-config-file', ...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`marp-cli failed (exit ${code}): ${output.trim().split('\n').slice(-4).join(' | ')}`));
    });
  });
}
