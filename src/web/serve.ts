import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
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

/** Serves the files of `root` (GET and HEAD only, nothing outside `root`) on host:port (port 0: any free port). */
export function serveStatic(root: string, port = 8000, host = '127.0.0.1', options: ServeOptions = {}): Promise<StaticServer> {
  const base = path.resolve(root);
  if (!fs.existsSync(path.join(base, 'index.html'))) throw new UserError(`${root} has no index.html; build the playground first with clip-workshop web.`);
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
    let file = path.join(base, path.normalize(rel));
    if (file !== base && !file.startsWith(base + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
        return;
      }
      // Validators let a browser revalidate instead of refetching, and keep its compiled code for the 14 MB runtime wasm.
      const etag = `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
      const headers = { ETag: etag, 'Last-Modified': st.mtime.toUTCString(), 'Cache-Control': 'no-cache', ...(options.crossOriginIsolated ? ISOLATION_HEADERS : {}) };
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers).end();
        return;
      }
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream', 'Content-Length': st.size });
      if (req.method === 'HEAD') res.end();
      else fs.createReadStream(file).pipe(res);
    });
  });
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
