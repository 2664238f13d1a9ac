import { Command } from 'commander';
import * as fs from 'fs';
import * as path from 'path';
import { MODEL_MARKER, readManifest } from '../../models/io';
import { UserError } from '../../runtime/errors';
import { initBackend } from '../../runtime/backend';
import { buildPlayground, defaultWebOut, PLAYGROUND_FOLDER, serveStatic } from '../../web';
import { checkOutputFolder } from '../../runtime/ownedFolder';
import { writingTo } from '../../runtime/outputs';
import { emit, FORCE_HELP } from '../output';

/** Reads `--serve [PORT]`: true (no value) → 8000; otherwise a port number 0–65535. */
function servePort(v: string | boolean | undefined): number | undefined {
  if (v === undefined || v === false) return undefined;
  if (v === true) return 8000;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw new UserError(`--serve takes a port number from 0 to 65535, not "${v}".`);
  return n;
}

/**
 * The playground offers finished models only: a checkpoint or an unfinished toy model is refused before the build,
 * with advice this command can follow (web has no --allow-checkpoint; export does).
 */
function refuseCheckpoints(models: string[] | undefined): void {
  for (const m of models ?? []) {
    if (!fs.existsSync(path.join(m, MODEL_MARKER))) continue;
    let manifest;
    try {
      manifest = readManifest(m);
    } catch {
      continue; // the build names a damaged folder in its own sentence
    }
    if (manifest.checkpoint || (manifest.version >= 3 && manifest.complete !== true)) {
      throw new UserError(`${m} is a training checkpoint or a model whose training did not finish, which the playground does not offer; export it first with \`clip-workshop export --model ${m} --allow-checkpoint --out DIR\` and pass DIR to --model.`);
    }
  }
}

/** `clip-workshop web`: the zero-shot playground as a static folder, optionally served. */
export function register(program: Command): void {
  program
    .command('web')
    .description('build the zero-shot playground: a static page (no CDN, works offline from any web server) where you pick a model, an image and type labels, and see every label\'s probability live')
    .option('--model <dir|id...>', 'models to offer: toy model folders (`clip-workshop train`, exported on the fly), transformers.js folders (`export`) or a hub id already in the local cache (default: the workshop\'s toy CLIPs)')
    .option('--out <dir>', 'the folder to build (the kit\'s files in it are replaced; yours are never deleted)', defaultWebOut())
    .option('--force', FORCE_HELP)
    .option('--serve [port]', 'then serve the folder on this port (default 8000) and print its address; Ctrl-C stops')
    .option('--host <host>', 'address to serve on; 0.0.0.0 lets a classroom network reach it', '127.0.0.1')
    .option('--json', 'print one JSON object')
    .action(async (opts: { model?: string[]; out: string; serve?: string | boolean; host: string; force?: boolean; json?: boolean }) => {
      const port = servePort(opts.serve);
      refuseCheckpoints(opts.model);
      checkOutputFolder(opts.out, PLAYGROUND_FOLDER, [], opts.force);
      const log = (line: string) => process.stderr.write(`${line}\n`);
      await initBackend();
      const built = await writingTo(opts.out, 'the playground folder', () => buildPlayground({ models: opts.model, out: opts.out, force: opts.force, log: opts.json ? () => undefined : log }));
      const summary = { ...built, files: undefined };
      emit(summary, opts.json, () =>
        [
          `built     ${built.out}`,
          ...built.models.map((m) => `model     ${m.name} — ${m.description}`),
          `gallery   ${built.gallery} images the models never trained on`,
          `page      ${(built.toyPageBytes / 1e3).toFixed(0)} KB without the models for a toy model; ${(built.pageBytes / 1e6).toFixed(1)} MB with vendor/ (transformers.js and the ONNX Runtime wasm, fetched only for other models)`,
          `views     ${Object.entries(built.viewBytes).map(([v, b]) => `${v} ${(b / 1e3).toFixed(0)} KB`).join(', ')} (each view's own files without the models; index.html?view=NAME)`,
          `open it   from any static web server, e.g. clip-workshop web --serve (ES modules do not load from file://)`,
          `example   index.html${built.example}`,
        ].filter(Boolean).join('\n'),
      );
      if (port === undefined) return;
      const server = await serveStatic(built.out, port, opts.host, { crossOriginIsolated: true });
      const shown = path.relative(process.cwd(), built.out);
      process.stdout.write(`serving   ${shown && !shown.startsWith('..') ? shown : built.out} at ${server.url} (Ctrl-C stops)\nopen      ${server.url}index.html${built.example}\ntrain     ${server.url}index.html?view=train\n`);
      await new Promise<void>((resolve) => process.once('SIGINT', () => server.close().then(resolve)));
    });
}
