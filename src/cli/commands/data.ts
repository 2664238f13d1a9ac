import { Command } from 'commander';
import { DEFAULT_SEED } from '../../runtime/seed';
import { loadDataset } from '../../data/load';
import { ImageTextDataset } from '../../data/types';
import { emit, positiveInt, seedOption } from '../output';

/** What `clip-workshop data` reports about a dataset. */
export function describeDataset(ds: ImageTextDataset, seconds: number) {
  const styles = [...new Set(ds.meta.map((m) => m.style))];
  const stylesOf = new Map<string, Set<string>>();
  ds.meta.forEach((m) => stylesOf.set(m.concept, (stylesOf.get(m.concept) ?? new Set()).add(m.style)));
  const splits: Record<string, number> = {};
  for (const m of ds.meta) splits[m.split] = (splits[m.split] ?? 0) + 1;
  return {
    dataset: ds.name,
    pairs: ds.captions.reduce((a, c) => a + c.length, 0),
    images: ds.meta.length,
    concepts: stylesOf.size,
    classes: ds.classNames.length,
    styles,
    splits,
    size: ds.size,
    cachePath: ds.cachePath ?? null,
    seconds: Math.round(seconds * 100) / 100,
    /** Concepts with an image in every style present (the emoji target counts these). */
    conceptsInAllStyles: [...stylesOf.values()].filter((s) => s.size === styles.length).length,
  };
}

/** `clip-workshop data`: builds or loads a dataset and reports its size. */
export function register(program: Command): void {
  program
    .command('data')
    .description('build (first time) or load a dataset — shapes, emoji, cifar10, cifar100 or an image folder — and report its pairs, images, concepts, classes, styles and splits')
    .argument('<dataset>', 'shapes, emoji, cifar10, cifar100, or the path of a folder DIR/<class name>/*.png|jpg|jpeg|webp|svg|gif')
    .option('--size <px>', 'image side in pixels (default 32; CIFAR is always 32)', positiveInt('--size'))
    .option('--seed <k>', 'seed of the shapes generator and of the splits', seedOption('--seed'), DEFAULT_SEED)
    .option('--json', 'print one JSON object')
    .action(async (name: string, opts: { size?: number; seed: number; json?: boolean }) => {
      const start = process.hrtime.bigint();
      const ds = await loadDataset(name, { size: opts.size, seed: opts.seed });
      const result = describeDataset(ds, Number(process.hrtime.bigint() - start) / 1e9);
      emit(result, opts.json, () =>
        [
          `${result.dataset}: ${result.images} images, ${result.pairs} image–caption pairs, ${result.concepts} concepts, ${result.classes} classes, ${result.size}×${result.size} px`,
          `styles  ${result.styles.join(', ')}${result.styles.length > 1 ? ` (${result.conceptsInAllStyles} concepts in all of them)` : ''}`,
          `splits  ${Object.entries(result.splits).map(([k, v]) => `${k} ${v}`).join(', ')}`,
          `cache   ${result.cachePath ?? 'none (built in memory)'}`,
          `time    ${result.seconds} s`,
        ].join('\n'),
      );
    });
}
