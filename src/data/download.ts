import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../runtime/errors';
import { createProgress } from '../runtime/progress';
import { DownloadError, fetchBounded, sleep } from '../runtime/fetch';
import { withFsErrors } from '../runtime/fsErrors';

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
 * Downloads `url` to `dest` with a progress bar (MB received of the total), through a temp file renamed only after
 * the MD5 matches. Each try waits at most the network timeout for an answer and for every piece of the body; up to
 * three tries, 1 s then 2 s apart. Without network: a UserError naming the URL and the path to put the file at by hand.
 */
export async function downloadVerified(req: DownloadRequest): Promise<void> {
  const offline = (why: string) =>
    new UserError(`${req.title} is not downloaded and ${req.url} cannot be fetched (${why}): download it by hand and put it at ${req.dest}.`);
  const what = `the download of ${req.title}`;
  withFsErrors(req.dest, what, () => fs.mkdirSync(path.dirname(req.dest), { recursive: true }));
  const tmp = `${req.dest}.${process.pid}.download.tmp`;
  const attempts = 3;
  for (let attempt = 1; ; attempt++) {
    const hash = crypto.createHash('md5');
    const out = withFsErrors(tmp, what, () => fs.openSync(tmp, 'w'));
    let open = true;
    let progress: ReturnType<typeof createProgress> | undefined;
    let shown = 0;
    try {
      await fetchBounded(req.url, {
        sink: (chunk) => {
          withFsErrors(tmp, what, () => fs.writeSync(out, chunk));
          hash.update(chunk);
        },
        onProgress: (got, total) => {
          progress ??= createProgress(`downloading ${path.basename(req.dest)} (MB)`, Math.round(total / 1e6), { silent: req.quiet || undefined });
          const mb = Math.floor(got / 1e6);
          if (mb > shown) {
            progress.tick(mb - shown);
            shown = mb;
          }
        },
      });
      fs.closeSync(out);
      open = false;
      progress?.done();
      const sum = hash.digest('hex');
      if (sum !== req.md5) throw new DownloadError(`it has MD5 ${sum}, not the published ${req.md5}`, true);
      withFsErrors(req.dest, what, () => fs.renameSync(tmp, req.dest));
      return;
    } catch (err) {
      if (open) fs.closeSync(out);
      fs.rmSync(tmp, { force: true });
      if (err instanceof UserError) throw err;
      const why = err instanceof DownloadError ? err.message : (err as Error).message;
      if (!(err instanceof DownloadError) || !err.retriable || attempt >= attempts) {
        throw offline(attempt > 1 ? `${why}, after ${attempt} tries` : why);
      }
      const wait = 1000 * 2 ** (attempt - 1);
      if (!req.quiet) process.stderr.write(`note: downloading ${req.url} failed (${why}); trying again in ${wait / 1000} s\n`);
      await sleep(wait);
    }
  }
}
