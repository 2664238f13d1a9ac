import { Command, Option } from 'commander';
import { initBackend } from '../../runtime/backend';
import { UserError } from '../../runtime/errors';
import { loadClassifierModel } from '../../models/loader';
import { ENSEMBLE_TEMPLATES, fillTemplate } from '../../text/templates';
import { zeroShotEvaluate } from '../../eval/zeroshot';
import { ClassificationReport } from '../../eval/metrics';
import { openDataset, parseSplit, requireSplit } from '../../train/datasets';
import { ALLOW_CHECKPOINT_HELP, MODEL_OPTION_HELP, emit } from '../output';
import { list } from '../recipeOptions';
import { isDatasetName } from '../../data/load';

/** The report as JSON: per-class figures and the confusion matrix only while they stay small. */
export function reportJson(r: ClassificationReport, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const small = r.classes <= 100;
  return { top1: r.top1, top5: r.top5, n: r.n, classes: r.classes, ...extra, ...(small ? { classNames: r.classNames, perClass: r.perClass, confusion: r.confusion } : {}) };
}

/** Human-readable summary of a report. */
export function reportText(title: string, r: ClassificationReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [`${title}: top-1 ${pct(r.top1)}, top-5 ${pct(r.top5)} over ${r.n} images, ${r.classes} classes (chance ${pct(1 / r.classes)})`];
  if (r.classes <= 40) {
    for (const c of r.perClass.filter((c) => c.n > 0)) lines.push(`  ${c.name.padEnd(24)} ${pct(c.accuracy).padStart(6)}  (${c.n})`);
  }
  return lines.join('\n');
}

/** `clip-workshop zeroshot`: zero-shot classification of a dataset split with prompts. */
export function register(program: Command): void {
  program
    .command('zeroshot')
    .description('classify a dataset split zero-shot: each class name becomes a prompt, the most similar prompt wins')
    .requiredOption('--model <dir|id>', MODEL_OPTION_HELP)
    .requiredOption('--dataset <name>', 'shapes, emoji, cifar10, cifar100 or an image folder')
    .option('--split <split>', 'train, test or heldout (shapes: the unseen colour–shape combinations); default: test, or every image of an image folder')
    .addOption(new Option('--templates <kind>', 'one prompt template or the ensemble (averaged)').choices(['single', 'ensemble']).default('single'))
    .option('--template <text>', 'your own single template, "{}" marks the class name (default: the template the model was trained with)')
    .option('--labels <labels...>', 'names to put in the prompts instead of the class names, one per class in order')
    .option('--styles <list>', 'emoji: comma-separated styles to use')
    .option('--test-styles <list>', 'emoji: comma-separated styles forming the test split')
    .option('--size <px>', 'image side of the dataset in pixels')
    .option('--allow-checkpoint', ALLOW_CHECKPOINT_HELP)
    .option('--json', 'print one JSON object {top1, top5, n, classes, split, templates, dataset, unknownWords, and for ≤ 100 classes classNames, perClass, confusion}')
    .action(async (opts: { model: string; dataset: string; split?: string; templates: string; template?: string; labels?: string[]; styles?: string; testStyles?: string; size?: string; allowCheckpoint?: boolean; json?: boolean }) => {
      const split = opts.split === undefined ? undefined : parseSplit(opts.split);
      if (opts.labels && opts.labels.length < 2) throw new UserError(`--labels needs one label per class, at least two (got ${opts.labels.length}).`);
      await initBackend();
      const model = await loadClassifierModel(opts.model, { allowCheckpoint: opts.allowCheckpoint });
      try {
        const ds = await openDataset({ name: opts.dataset, styles: list(opts.styles), testStyles: list(opts.testStyles), size: opts.size ? Number(opts.size) : model.imageSize });
        const templates = opts.template ? [opts.template] : opts.templates === 'ensemble' ? ENSEMBLE_TEMPLATES : [model.promptTemplate];
        // An image folder has no split of its own unless asked: every image is scored.
        const indices = split ? requireSplit(ds, split) : isDatasetName(opts.dataset) ? requireSplit(ds, 'test') : ds.meta.map((_, i) => i);
        const splitName = split ?? (isDatasetName(opts.dataset) ? 'test' : 'all');
        if (ds.classNames.length < 2) throw new UserError(`The dataset ${ds.name} has only one class (${ds.classNames.join(', ')}); zero-shot classification needs at least two.`);
        const names = opts.labels ?? ds.classNames;
        const unknown = [...new Set(names.flatMap((n) => templates.flatMap((t) => model.unknownWords(fillTemplate(t, n)))))];
        if (unknown.length && !opts.json) process.stderr.write(`note: the model never saw these prompt words (read as [UNK]): ${unknown.slice(0, 20).join(', ')}\n`);
        const report = await zeroShotEvaluate(model, ds, { indices, templates, promptNames: names });
        emit(reportJson(report, { split: splitName, templates, dataset: ds.name, unknownWords: unknown }), opts.json, () => reportText(`zero-shot on ${ds.name} ${splitName} (prompt ${templates.length === 1 ? `"${templates[0]}"` : `ensemble of ${templates.length}`})`, report));
      } finally {
        model.dispose();
      }
    });
}
