import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../runtime/errors';
import { createProgress } from '../runtime/progress';
import { offlineAwareFetch } from '../runtime/offline';

export interface DownloadRequest {
  /** What is downloaded, for messages ("CIFAR-10"). */
  title: string;
  url: string;
  /** The published MD5 the file must have. */
  md5: string;
  /** Where the file goes; it appears there only once complete and verified. */
  dest: string;
  quiet?: boolean;
}

/**
 * Downloads `url` to `dest` with a progress bar (MB), through a temp file renamed only after the MD5
 * matches. Without network: a UserError naming the URL and the path to put the file at by hand.
 */
export async function downloadVerified(req: DownloadRequest): Promise<void> {
  const offline = (why: string) =>
    new UserError(`${req.title} is not downloaded and ${req.url} cannot be fetched (${why}): download it by hand and put it at ${req.dest}.`);
  let res: Response;
  try {
    res = await offlineAwareFetch(fetch)(req.url);
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    throw offline(cause?.code ?? (err as Error).message);
  }
  if (!res.ok || !res.body) throw offline(`HTTP ${res.status}`);
  const total = Number(res.headers.get('content-length') ?? 0);
  const progress = createProgress(`downloading ${path.basename(req.dest)} (MB)`, Math.round(total / 1e6), { silent: req.quiet || undefined });
  fs.mkdirSync(path.dirname(req.dest), { recursive: true });
  const tmp = `${req.dest}.${process.pid}.download.tmp`;
  const hash = crypto.createHash('md5');
  const out = fs.openSync(tmp, 'w');
  let open = true;
  try {
    let got = 0;
    let shown = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      fs.writeSync(out, chunk);
      hash.update(chunk);
      got += chunk.length;
      const mb = Math.floor(got / 1e6);
      if (mb > shown) {
        progress.tick(mb - shown);
        shown = mb;
      }
    }
    fs.closeSync(out);
    open = false;
    progress.done();
    const sum = hash.digest('hex');
    if (sum !== req.md5) throw new UserError(`The download of ${req.url} has MD5 ${sum}, not the published ${req.md5}: try again, or download it by hand to ${req.dest}.`);
    fs.renameSync(tmp, req.dest);
  } catch (err) {
    if (open) fs.closeSync(out);
    fs.rmSync(tmp, { force: true });
    if (err instanceof UserError) throw err;
    throw offline((err as Error).message);
  }
}
