import { UserError } from "../runtime/errors";

/** Prints a command's result: readable text, or with --json one JSON object as the last line of stdout. */
export function emit(result: object, json: boolean | undefined, human: () => string): void {
  if (json) process.stdout.write(JSON.stringify(result) + '\n');
  else process.stdout.write(human().replace(/\n?$/, '\n'));
}

/** Parses a positive integer option, naming the option when it is not one. */
export function positiveInt(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new UserError(`${name} must be a positive whole number, not "${value}".`);
    return n;
  };
}

/** Parses a whole-number option that may be 0 (seeds), naming the option when it is not one. */
export function wholeNumber(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw new UserError(`${name} must be a whole number (0 or more), not "${value}".`);
    return n;
  };
}

/** Parses a positive number option, naming the option when it is not one. */
export function positiveNumber(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new UserError(`${name} must be a positive number, not "${value}".`);
    return n;
  };
}

/** Parses a number option that may be 0 (weight decay), naming the option when it is not one. */
export function nonNegativeNumber(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new UserError(`${name} must be a number (0 or more), not "${value}".`);
    return n;
  };
}

/** What every --model accepts (loadClassifierModel resolves all three). */
export const MODEL_OPTION_HELP =
  'a toy model folder (`clip-workshop train`), a transformers.js folder (`clip-workshop export`), or a Hugging Face hub id such as Xenova/clip-vit-base-patch32';
