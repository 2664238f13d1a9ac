import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import * as zlib from 'zlib';
import { UserError } from '../runtime/errors';

/** Content types by extension; .wasm must be application/wasm for the browser to compile it while it streams. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.onnx': 'application/octet-stream',
};

/** Files worth compressing: text, wasm and model weights (pictures are compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg', '.onnx', '.txt', '.md']);

/**
 * Compression levels: brotli 5 takes ONNX Runtime's 14.3 MB wasm to 3.1 MB in about 2 s of one core (quality 9 saves
 * 0.3 MB more for 3× the time), gzip 6 (for clients without brotli) to 3.7 MB; each file is compressed once per version.
 */
const BROTLI = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } };
const GZIP = { level: 6 };

/**
 * Cache-Control by path: ONNX Runtime and transformers.js (vendor/) change only with the kit's version, so a browser
 * keeps them a day; models are rebuilt under the same name, so a browser revalidates them (ETag → 304, no refetch);
 * everything else is revalidated too.
 */
export function cacheControl(rel: string): string {
  if (rel.startsWith('vendor/')) return 'public, max-age=86400';
  if (rel.startsWith('models/')) return 'public, no-cache';
  return 'no-cache';
}

/** The encoding to send: brotli when the client takes it, else gzip, else none. */
function pickEncoding(accept: string | undefined): 'br' | 'gzip' | undefined {
  const offered = (accept ?? '').split(',').map((s) => s.trim().split(';'));
  const takes = (name: string) => offered.some(([n, ...params]) => n.trim() === name && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p)));
  return takes('br') ? 'br' : takes('gzip') ? 'gzip' : undefined;
}

/** A running static server: its address and how to stop it. */
export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /**
   * Send COOP/COEP headers, so the page is cross-origin isolated: the Train view's wasm backend may then run threads
   * (SharedArrayBuffer). Without them everything works on one thread.
   */
  crossOriginIsolated?: boolean;
}

/** The headers that make a page cross-origin isolated (it loads nothing from other origins). */
export const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/** True when `file` is `root` or inside it. */
const inside = (root: string, file: string) => file === root || file.startsWith(root + path.sep);

/**
 * Serves the files of `root` (GET and HEAD only) on host:port (port 0: any free port). Nothing outside `root` is
 * served, through `..` or through a symbolic link (the real path must be inside `root`'s real path: 403 otherwise).
 * Text, wasm and model files are sent compressed (brotli or gzip, each version compressed once and kept in memory);
 * every response carries an ETag and Cache-Control ({@link cacheControl}), and with `crossOriginIsolated` the
 * {@link ISOLATION_HEADERS}.
 */
export function serveStatic(root: string, port = 8000, host = '127.0.0.1', options: ServeOptions = {}): Promise<StaticServer> {
  const base = path.resolve(root);
  if (!fs.existsSync(path.join(base, 'index.html'))) throw new UserError(`${root} has no index.html; build the playground first with clip-workshop web.`);
  const realBase = fs.realpathSync(base);
  const compressed = new Map<string, Promise<Buffer>>();
  const compress = (file: string, etag: string, encoding: 'br' | 'gzip'): Promise<Buffer> => {
    const key = `${encoding} ${etag} ${file}`;
    let p = compressed.get(key);
    if (!p) {
      p = fs.promises.readFile(file).then(
        (raw) =>
          new Promise<Buffer>((resolve, reject) => {
            const done = (err: Error | null, out: Buffer) => (err ? reject(err) : resolve(out));
            if (encoding === 'br') zlib.brotliCompress(raw, { ...BROTLI, params: { ...BROTLI.params, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }, done);
            else zlib.gzip(raw, GZIP, done);
          }),
      );
      compressed.set(key, p);
      p.catch(() => compressed.delete(key));
    }
    return p;
  };
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const forbidden = () => res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('forbidden\n');
    const notFound = () => res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    let file = path.join(base, path.normalize(rel));
    if (rel.includes('\0') || !inside(base, file)) return forbidden();
    fs.realpath(file, (err, real) => {
      if (err) return notFound();
      // A link inside the folder may point anywhere: what counts is where the file really is.
      if (!inside(realBase, real)) return forbidden();
      file = real;
      fs.stat(file, (err2, st0) => {
        if (err2) return notFound();
        if (st0.isDirectory()) file = path.join(file, 'index.html');
        fs.realpath(file, (err3, realFile) => {
          if (err3) return notFound();
          if (!inside(realBase, realFile)) return forbidden();
          fs.stat(realFile, (err4, st) => {
            if (err4 || !st.isFile()) return notFound();
            send(req, res, realFile, path.relative(realBase, realFile).split(path.sep).join('/'), st);
          });
        });
      });
    });
  });

  function send(req: http.IncomingMessage, res: http.ServerResponse, file: string, rel: string, st: fs.Stats): void {
    const ext = path.extname(file).toLowerCase();
    const encoding = COMPRESSIBLE.has(ext) ? pickEncoding(req.headers['accept-encoding']) : undefined;
    // Validators let a browser revalidate instead of refetching; each encoding is its own representation.
    const version = `${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}`;
    const etag = `"${version}${encoding ? `-${encoding}` : ''}"`;
    const headers: http.OutgoingHttpHeaders = {
      ETag: etag,
      'Last-Modified': st.mtime.toUTCString(),
      'Cache-Control': cacheControl(rel),
      'Content-Type': TYPES[ext] ?? 'application/octet-stream',
      ...(COMPRESSIBLE.has(ext) ? { Vary: 'Accept-Encoding' } : {}),
      ...(options.crossOriginIsolated ? ISOLATION_HEADERS : {}),
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers).end();
      return;
    }
    if (!encoding) {
      res.writeHead(200, { ...headers, 'Content-Length': st.size });
      if (req.method === 'HEAD') res.end();
      else fs.createReadStream(file).pipe(res);
      return;
    }
    compress(file, version, encoding).then(
      (body) => {
        res.writeHead(200, { ...headers, 'Content-Encoding': encoding, 'Content-Length': body.length });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      () => res.writeHead(500).end(),
    );
  }

  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new UserError(`Port ${port} on ${host} is in use; pass another port, e.g. --serve ${port + 1}.`) : err),
    );
    server.listen(port, host, () => {
      const a = server.address() as AddressInfo;
      const shown = a.family === 'IPv6' ? `[${a.address}]` : a.address;
      resolve({ url: `http://${shown}:${a.port}/`, close: () => new Promise<void>((r) => {
          server.close(() => r());
          // Browsers keep connections alive; without this close() would wait for them.
          server.closeAllConnections();
        }),
      });
    });
  });
}
