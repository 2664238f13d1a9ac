import { Command } from 'commander';
import { initBackend } from '../../runtime/backend';
import { UserError } from '../../runtime/errors';
import { loadToyClip } from '../../models/io';
// The concern's index, not single files: loading it registers hub ids and transformers.js folders as --model sources.
import { benchmarkZeroShot, writeTransformersFolder, verifyExport, ExportCheck, ZeroShotBenchmark } from '../../pretrained';
import { checkExportOutput } from '../../pretrained/export/folder';
import { ALLOW_CHECKPOINT_HELP, emit, FORCE_HELP, positiveInt } from '../output';
import * as path from 'path';

/** Above this the export is wrong, not rounded: a correct graph differs from tfjs by ~1e-6. */
const TOLERANCE = 1e-4;

/** `clip-workshop export`: a trained toy CLIP → a transformers.js folder (ONNX graph, tokenizer, preprocessor). */
export function register(program: Command): void {
  program
    .command('export')
    .description('write a trained toy CLIP in the transformers.js format (onnx/model.onnx, tokenizer, preprocessor, config), so that pipeline("zero-shot-image-classification", DIR) and every --model option run it like OpenAI\'s CLIP')
    .requiredOption('--model <dir>', 'a toy CLIP folder written by `clip-workshop train`')
    .requiredOption('--out <dir>', 'the transformers.js folder to write (the kit\'s files in it are replaced; others are yours and kept)')
    .option('--no-verify', 'skip running the exported folder through transformers.js and comparing with the tfjs model')
    .option('--bench', 'then measure zero-shot throughput (images/s) of the exported model in onnxruntime against the same model in tfjs')
    .option('--bench-images <n>', 'images the benchmark classifies', positiveInt('--bench-images'), 512)
    .option('--force', FORCE_HELP)
    .option('--allow-checkpoint', ALLOW_CHECKPOINT_HELP)
    .option('--json', 'print one JSON object {model, out, files (name → bytes), logitScale, parameters, verified (or null with --no-verify), benchmark (or null without --bench)}')
    .action(async (opts: { model: string; out: string; verify: boolean; bench?: boolean; benchImages: number; force?: boolean; allowCheckpoint?: boolean; json?: boolean }) => {
      if (path.resolve(opts.model) === path.resolve(opts.out)) throw new UserError('--out must be a different folder from --model; the export would replace the model it reads.');
      checkExportOutput(opts.out, opts.force);
      await initBackend();
      const clip = loadToyClip(opts.model, { allowCheckpoint: opts.allowCheckpoint });
      let check: ExportCheck | undefined;
      try {
        const result = writeTransformersFolder(clip, opts.out, { force: opts.force });
        if (opts.verify) {
          check = await verifyExport(clip, result.out);
          const worst = Math.max(check.imageEmbedDiff, check.textEmbedDiff);
          if (!(worst <= TOLERANCE)) {
            throw new UserError(`The exported model differs from the tfjs model by ${worst.toExponential(2)} (more than ${TOLERANCE}); please report this with the model folder ${opts.model}.`);
          }
        }
        const bench: ZeroShotBenchmark | undefined = opts.bench ? await benchmarkZeroShot(clip, result.out, { images: opts.benchImages }) : undefined;
        const out = { model: opts.model, ...result, verified: check ?? null, benchmark: bench ?? null };
        emit(out, opts.json, () =>
          [
            `exported ${clip.description}`,
            `to        ${result.out}`,
            ...Object.entries(result.files).map(([f, b]) => `          ${f} (${(b / 1024).toFixed(1)} KiB)`),
            `scale     ${result.logitScale.toFixed(3)} (inside the ONNX graph), ${result.parameters} parameters`,
            check
              ? `verified  transformers.js vs tfjs on ${check.images} images and ${check.texts} texts: max |Δ| ${Math.max(check.imageEmbedDiff, check.textEmbedDiff).toExponential(1)}`
              : 'verified  no (--no-verify)',
            ...(bench
              ? [bench.tfjs, bench.onnxruntime, bench.withProcessor].map((f) => `speed     ${f.runtime}: ${f.imagesPerSecond.toFixed(0)} images/s (median of 3 passes over ${f.images} images, batch ${bench.batchSize}, ${bench.classes} classes; ${bench.cpus} CPUs, load ${bench.loadAverage.toFixed(1)})`)
              : []),
            `use it    clip-workshop classify --model ${opts.out} --image IMAGE --labels "a cat" "a dog"`,
          ].join('\n'),
        );
      } finally {
        clip.dispose();
      }
    });
}
