import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';

/** Where Chromium or Chrome usually lives on Linux and macOS; CHROME_PATH wins when set. */
const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** The path of a Chromium-family browser, or null when none is installed (Debian: `apt-get install chromium`). */
export function findChromium(): string | null {
  const env = process.env.CHROME_PATH;
  if (env) return fs.existsSync(env) ? env : null;
  return CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
}

/**
 * Flags for a headless, offline, throw-away browser: no sandbox (it refuses to start as root otherwise),
 * no GPU, no background network, a fresh profile.
 */
export function headlessFlags(profileDir: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--hide-scrollbars',
    `--user-data-dir=${profileDir}`,
  ];
}

export interface ScreenshotOptions {
  width?: number;
  height?: number;
  /** URL fragment, e.g. "2" for the second slide of a Marp deck. */
  hash?: string;
  timeoutMs?: number;
  /** Browser path; default {@link findChromium}. */
  browser?: string;
}

/** Takes a PNG screenshot of a local HTML file in headless Chromium; resolves to the PNG path. */
export async function screenshot(htmlFile: string, pngFile: string, opts: ScreenshotOptions = {}): Promise<string> {
  const browser = opts.browser ?? findChromium();
  if (!browser) throw new Error('No Chromium found: install the Debian package chromium or set CHROME_PATH.');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'clip-workshop-chromium-'));
  const url = pathToFileURL(path.resolve(htmlFile)).href + (opts.hash ? `#${opts.hash}` : '');
  const args = [
    ...headlessFlags(profile),
    `--window-size=${opts.width ?? 1280},${opts.height ?? 720}`,
    // Lets the deck's scripts lay out the slides before the picture is taken.
    '--virtual-time-budget=3000',
    `--screenshot=${path.resolve(pngFile)}`,
    url,
  ];
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(browser, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0 && fs.existsSync(pngFile)) resolve();
        else reject(new Error(`Chromium exited with ${code} and no screenshot: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
      });
    });
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  return pngFile;
}
