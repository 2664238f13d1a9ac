import { Command } from 'commander';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../runtime/backend';
import { UserError } from '../../runtime/errors';
import { loadImage } from '../../data/image';
import { loadClassifierModel } from '../../models/loader';
import { labelProbabilities } from '../../eval/zeroshot';
import { fillTemplate } from '../../text/templates';
import { ALLOW_CHECKPOINT_HELP, MODEL_OPTION_HELP, emit } from '../output';

/** One line per label: probability, a bar, and an arrow at the winner (bold on a terminal). */
export function probabilityLines(labels: readonly string[], probs: readonly number[], winner: number, tty = false): string[] {
  const width = Math.max(...labels.map((l) => l.length));
  return labels.map((l, i) => {
    const line = `${i === winner ? '→' : ' '} ${l.padEnd(width)}  ${(probs[i] * 100).toFixed(1).padStart(5)}%  ${'█'.repeat(Math.round(probs[i] * 30))}`;
    return i === winner && tty ? `\x1b[1m${line}\x1b[0m` : line;
  });
}

/** `clip-workshop classify`: one image against labels you choose, as in the original workshop. */
export function register(program: Command): void {
  program
    .command('classify')
    .description('classify one image among labels you give (zero-shot): prints every label\'s probability, the winner highlighted')
    .requiredOption('--model <dir|id>', MODEL_OPTION_HELP)
    .requiredOption('--image <file|url>', 'an image file (png, jpg, webp, svg, gif) or an http(s) URL')
    .requiredOption('--labels <labels...>', 'the candidate labels, used exactly as written unless --template is given')
    .option('--template <text>', 'a prompt template such as "This is a photo of {}." ("{}" marks the label)')
    .option('--allow-checkpoint', ALLOW_CHECKPOINT_HELP)
    .option('--json', 'print one JSON object {"labels": the labels, "probs": one probability per label (summing to 1), "winner": the most probable label}')
    .action(async (opts: { model: string; image: string; labels: string[]; template?: string; allowCheckpoint?: boolean; json?: boolean }) => {
      const labels = opts.labels.map((l) => l.trim());
      const blank = labels.findIndex((l) => l === '');
      if (blank >= 0) throw new UserError(`Label ${blank + 1} after --labels is blank; give only non-empty labels, e.g. --labels "a cat" "a dog".`);
      if (labels.length < 2) throw new UserError(`Give at least two labels after --labels (got ${labels.length}: ${labels.map((l) => `"${l}"`).join(', ')}); zero-shot picks the most similar of several, e.g. --labels "a cat" "a dog".`);
      const dup = labels.find((l, i) => labels.indexOf(l) !== i);
      if (dup) throw new UserError(`The label "${dup}" is given twice after --labels; give each label once.`);
      await initBackend();
      const model = await loadClassifierModel(opts.model, { allowCheckpoint: opts.allowCheckpoint });
      try {
        const img = await loadImage(opts.image, { size: model.imageSize });
        const images = tf.tidy(() => tf.div(tf.tensor4d(img.pixels, [1, img.size, img.size, 3], 'int32').toFloat(), 255) as tf.Tensor4D);
        const probsT = await labelProbabilities(model, images, labels, [opts.template ?? '{}']);
        const probs = Array.from(probsT.dataSync());
        tf.dispose([images, probsT]);
        if (!probs.every(Number.isFinite)) throw new UserError(`The model ${opts.model} gave probabilities that are not numbers (${probs.join(', ')}); its weights are broken — train or download it again.`);
        const winner = probs.indexOf(Math.max(...probs));
        const unknown = [...new Set(labels.flatMap((l) => model.unknownWords(fillTemplate(opts.template ?? '{}', l))))];
        if (unknown.length && !opts.json) process.stderr.write(`note: the model never saw these words (read as [UNK]): ${unknown.join(', ')}\n`);
        emit({ labels, probs, winner: labels[winner] }, opts.json, () => probabilityLines(labels, probs, winner, Boolean(process.stdout.isTTY)).join('\n'));
      } finally {
        model.dispose();
      }
    });
}
