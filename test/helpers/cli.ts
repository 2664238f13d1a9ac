import { spawnSync } from 'child_process';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The last stdout line parsed as JSON (commands run with --json). */
  json: () => any;
}

/** Runs the built `clip-workshop` command (npm test builds dist/ first) and captures its output. */
export function cli(args: string[], env: NodeJS.ProcessEnv = {}, input?: string, timeoutMs = 600000): CliRun {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'clip-workshop.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, CLIP_WORKSHOP_SILENT: '1', ...env },
    encoding: 'utf8',
    input,
    timeout: timeoutMs,
  });
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    json: () => JSON.parse(r.stdout.trim().split('\n').pop() ?? ''),
  };
}
