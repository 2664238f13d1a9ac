/**
 * The classroom without network: a fresh clone installs with `npm ci --offline` from the pack's npm cache alone
 * and runs notebook 00. Slow (minutes: a full install), so it runs in CI, or locally with CLIP_WORKSHOP_TEST_OFFLINE_INSTALL=1.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writePack } from '../../src/prepare';
import { packageRoot } from '../../src/runtime/paths';

const enabled = process.env.CLIP_WORKSHOP_TEST_OFFLINE_INSTALL === '1' || (process.env.CI === 'true' && process.env.CLIP_WORKSHOP_TEST_OFFLINE_INSTALL !== '0');
const maybe = enabled ? test : test.skip;
jest.setTimeout(1_800_000);

maybe('a fresh clone installs offline from the pack\'s npm cache alone and runs notebook 00', () => {
  const t0 = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clip-offline-'));
  const saved = process.env.CLIP_WORKSHOP_CACHE;
  try {
    // The teacher's machine: a pack of a (tiny) cache plus npm's tarballs for the lockfile.
    const cache = path.join(tmp, 'cache');
    fs.mkdirSync(cache);
    fs.writeFileSync(path.join(cache, 'note.txt'), 'a cache file');
    process.env.CLIP_WORKSHOP_CACHE = cache;
    const pack = writePack(path.join(tmp, 'class.tar'), { npmCache: true });
    expect(pack.npmMissing).toEqual([]);

    // The classroom machine: a clone, npm's cache from the pack and nothing else (--offline: npm may not fetch), an empty home.
    const clone = path.join(tmp, 'clone');
    execFileSync('git', ['clone', '--quiet', packageRoot(), clone], { stdio: 'pipe' });
    execFileSync('tar', ['-xf', pack.file, 'npm-cache'], { cwd: clone, stdio: 'pipe' });
    const home = path.join(tmp, 'home');
    fs.mkdirSync(home);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, HOME: home, CLIP_WORKSHOP_CACHE: path.join(tmp, 'class-cache'),
      npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false',
    };
    const started = Date.now();
    execFileSync('npm', ['ci', '--offline', '--cache', path.join(clone, 'npm-cache')], { cwd: clone, env, stdio: 'pipe', maxBuffer: 64 << 20 });
    const installSeconds = (Date.now() - started) / 1000;
    // A failing cell exits non-zero (execFileSync throws); the executed copy is written only for a whole run.
    const report = JSON.parse(execFileSync('node', ['bin/clip-workshop.js', 'notebooks', '00', '--json', '--out', path.join(tmp, 'executed')], { cwd: clone, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 }).trim().split('\n').pop()!);
    expect(JSON.stringify(report)).toMatch(/00_welcome/);
    expect(fs.existsSync(path.join(tmp, 'executed', '00_welcome.html'))).toBe(true);
    process.stderr.write(`npm ci --offline from the pack: ${installSeconds.toFixed(0)} s; pack ${(pack.bytes / 1e6).toFixed(0)} MB; whole test ${((Date.now() - t0) / 1000).toFixed(0)} s before clean-up\n`);
  } finally {
    if (saved === undefined) delete process.env.CLIP_WORKSHOP_CACHE;
    else process.env.CLIP_WORKSHOP_CACHE = saved;
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
