import { Command } from 'commander';
import { UserError } from '../../runtime/errors';
import { importOpenClip } from '../../openclip';
import { emit } from '../output';
import { refuseOtherKind } from '../../runtime/folderKinds';
import { checkOutputDir, writingTo } from '../../runtime/outputs';

/** `clip-workshop import --open-clip`: an open_clip checkpoint → a transformers.js folder every `--model` runs. */
export function register(program: Command): void {
  program
    .command('import')
    .description('convert a model trained elsewhere into the transformers.js format the kit runs (onnx/model.onnx, CLIP BPE tokenizer, preprocessor): then classify, zeroshot, the notebooks and the playground take it as --model')
    .option('--open-clip <checkpoint>', 'an open_clip checkpoint (logs/<run>/checkpoints/epoch_N.pt)')
    .requiredOption('--config <file>', 'the open_clip model config JSON it was trained with (its file name is the model name)')
    .requiredOption('--out <dir>', 'the transformers.js folder to write (replaced if it is one already)')
    .option('--template <text>', 'the prompt template the model was trained with, recorded as its default ("{}" marks the class name; without it, bare labels)')
    .option('--json', 'print one JSON object')
    .action(async (opts: { openClip?: string; config: string; out: string; template?: string; json?: boolean }) => {
      if (!opts.openClip) throw new UserError('Say what to import: --open-clip CHECKPOINT (an open_clip checkpoint such as logs/run/checkpoints/epoch_10.pt).');
      refuseOtherKind(opts.out, 'import folder', '--out', false);
      checkOutputDir(opts.out, '--out', 'the imported model');
      const r = await writingTo(opts.out, 'the imported model', () => importOpenClip({ checkpoint: opts.openClip!, config: opts.config, out: opts.out, template: opts.template }));
      emit(r, opts.json, () =>
        [
          `imported open_clip ${r.model} (${r.parameters} parameters, ${r.imageSize}×${r.imageSize} input, ${r.contextLength} tokens, logit scale ${r.logitScale.toFixed(2)})`,
          `to       ${r.out}`,
          ...Object.entries(r.files).map(([f, b]) => `         ${f} (${(b / 1024).toFixed(1)} KiB)`),
          `template "${r.template}" (zeroshot's default for this model)`,
          `with     ${r.python} (torch ${r.torch}, open_clip ${r.openClip})`,
          `use it   clip-workshop classify --model ${r.out} --image IMAGE --labels "a cat" "a dog"`,
        ].join('\n'),
      );
    });
}
