import { UserError } from "../runtime/errors";

/** Prints a command's result: readable text, or with --json one JSON object as the last line of stdout. */
export function emit(result: object, json: boolean | undefined, human: () => string): void {
  if (json) process.stdout.write(JSON.stringify(result) + '\n');
  else process.stdout.write(human().replace(/\n?$/, '\n'));
}

/** An option parser: a number for which `valid` holds, else one sentence naming the option and what it must be. */
function numberOption(name: string, what: string, valid: (n: number) => boolean): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !valid(n)) throw new UserError(`${name} must be ${what}, not "${value}".`);
    return n;
  };
}

/** Parses a positive integer option. */
export const positiveInt = (name: string) => numberOption(name, 'a positive whole number', (n) => Number.isInteger(n) && n > 0);

/** Parses a seed: a whole number from 0 to 2³²−1 (larger ones would wrap around to a smaller seed's numbers). */
export const seedOption = (name: string) => numberOption(name, 'a whole number from 0 to 4294967295', (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff);

/** Parses a positive number option. */
export const positiveNumber = (name: string) => numberOption(name, 'a positive number', (n) => Number.isFinite(n) && n > 0);

/** Parses a number option that may be 0 (weight decay). */
export const nonNegativeNumber = (name: string) => numberOption(name, 'a number (0 or more)', (n) => Number.isFinite(n) && n >= 0);

/** Help of --force on commands that write a folder. */
export const FORCE_HELP = 'write into an --out folder that holds files of yours (they are kept; only the kit\'s own files are replaced)';

/** Help of --allow-checkpoint on commands that load a model. */
export const ALLOW_CHECKPOINT_HELP = 'load a training checkpoint (OUT/checkpoints/epoch-N) or a model whose training did not finish';

/** What every --model accepts (loadClassifierModel resolves all three). */
export const MODEL_OPTION_HELP =
  'a toy model folder (`clip-workshop train`), a transformers.js folder (`clip-workshop export`), or a Hugging Face hub id such as Xenova/clip-vit-base-patch32';
