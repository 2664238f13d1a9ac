import { spawn, spawnSync, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

/**
 * Mounts a tmpfs of `size` at `dir` (a full disk when small), optionally filled by `fill` and then made read-only.
 * Returns undefined with the reason when mounting is not permitted here (not root, no CAP_SYS_ADMIN); CI runs as
 * root, where a refusal is a failure, not a skip.
 */
export function mountTmpfs(dir: string, size: string, options: { readOnly?: boolean; fill?: (dir: string) => void } = {}): string | undefined {
  fs.mkdirSync(dir, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) {
    const why = `mount -t tmpfs is not permitted here (${(r.stderr || r.error?.message || '').trim()})`;
    if (process.env.CI) throw new Error(`${why}; CI runs as root and must run the fault-injection tests`);
    return why;
  }
  options.fill?.(dir);
  if (options.readOnly) {
    const ro = spawnSync('mount', ['-o', 'remount,ro', dir], { encoding: 'utf8' });
    if (ro.status !== 0) throw new Error(`remount,ro failed: ${ro.stderr}`);
  }
  return undefined;
}

/** Unmounts what {@link mountTmpfs} mounted (ignored when nothing is mounted). */
export function unmount(dir: string): void {
  spawnSync('umount', [dir]);
}

/** A local HTTP server in its own process (the tests' CLI runs synchronously): 'silent' accepts and never answers, 'endless' streams bytes forever. */
export async function startServer(kind: 'silent' | 'endless'): Promise<{ url: string; close: () => void }> {
  const code = `
    const http = require('http');
    const server = http.createServer((req, res) => {
      if (${JSON.stringify(kind)} === 'silent') return; // never answers
      res.writeHead(200, { 'content-type': 'image/png' });
      const chunk = Buffer.alloc(1 << 16, 7);
      const pump = () => { while (res.write(chunk)) {} res.once('drain', pump); };
      pump();
      res.on('error', () => {});
    });
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
  const child: ChildProcess = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d) => resolve(Number(String(d).trim())));
    child.once('exit', (c) => reject(new Error(`server exited with ${c}`)));
  });
  return { url: `http://127.0.0.1:${port}/image.png`, close: () => child.kill() };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A PNG file whose header says width × height (the pixel data is a stub: only the header is read before refusing it). */
export function writeHugePngHeader(file: string, width: number, height: number): void {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.alloc(1 + width * 3))), chunk('IEND', Buffer.alloc(0))]);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, png);
}

/** Every file and folder under `dir` with its content (folders as "/"), for "nothing changed" assertions. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  if (fs.statSync(dir).isFile()) return { '': fs.readFileSync(dir).toString('base64') };
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        out[r + '/'] = '';
        walk(r);
      } else out[r] = fs.readFileSync(path.join(dir, r)).toString('base64');
    }
  };
  walk('');
  return out;
}
