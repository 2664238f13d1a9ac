import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../runtime/errors';
import { FieldPath, FieldRule, FIGURE_FIELDS } from './resultFields';
import { resultsDir } from './resultPaths';

const WHAT: Record<FieldRule, string> = {
  fraction: 'a number from 0 to 1',
  number: 'a finite number',
  count: 'a whole number ≥ 0',
  'count-or-null': 'a whole number ≥ 0 or null',
  string: 'a text',
  boolean: 'true or false',
};

function fits(v: unknown, rule: FieldRule): boolean {
  switch (rule) {
    case 'fraction':
      return typeof v === 'number' && v >= 0 && v <= 1;
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'count':
      return Number.isInteger(v) && (v as number) >= 0;
    case 'count-or-null':
      return v === null || (Number.isInteger(v) && (v as number) >= 0);
    case 'string':
      return typeof v === 'string' && v.length > 0;
    case 'boolean':
      return typeof v === 'boolean';
  }
}

/** Every concrete path and value a field path names ('*' expands over an array). */
function valuesAt(root: unknown, p: FieldPath, done: (string | number)[] = []): [string, unknown][] {
  if (p.length === 0) return [[done.map((k) => (typeof k === 'number' ? `[${k}]` : /^[\w$]+$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`)).join('').replace(/^\./, ''), root]];
  const [head, ...rest] = p;
  if (head === '*') {
    if (!Array.isArray(root) || root.length === 0) return [[done.join('.') || '(top)', root]];
    return root.flatMap((v, i) => valuesAt(v, rest, [...done, i]));
  }
  const next = root !== null && typeof root === 'object' ? (root as Record<string | number, unknown>)[head] : undefined;
  return valuesAt(next, rest, [...done, head]);
}

/** Any number in `v` that JSON turned into Infinity (1e999): its path, or undefined. */
function infinite(v: unknown, at = ''): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : at || '(top)';
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const found = infinite(x, Array.isArray(v) ? `${at}[${k}]` : at ? `${at}.${k}` : k);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Reads and checks one results file: valid JSON, an object, every number finite, and the fields `rules` names of the
 * right type and range. Returns the result, undefined when the file does not exist; throws one sentence naming the
 * file and field otherwise.
 */
export function readCheckedResult(file: string, rules: [FieldPath, FieldRule][] = []): Record<string, unknown> | undefined {
  if (!fs.existsSync(file)) return undefined;
  const shown = path.relative(process.cwd(), file) || file;
  const name = path.basename(file, '.json');
  const again = `run \`clip-workshop experiments ${name}\` again, or restore the file with git`;
  if (!fs.statSync(file).isFile()) throw new UserError(`${shown} is not a file; remove it and ${again}.`);
  let r: unknown;
  try {
    r = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`${shown} is not valid JSON (${(err as Error).message.split('\n')[0]}; truncated or edited?); ${again}.`);
  }
  if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new UserError(`${shown} does not hold a result object; ${again}.`);
  const inf = infinite(r);
  if (inf) throw new UserError(`${shown} has the field ${inf} out of range (not a finite number); ${again}.`);
  for (const [p, rule] of rules) {
    for (const [where, v] of valuesAt(r, p)) {
      if (!fits(v, rule)) throw new UserError(`${shown} has the field ${where} = ${JSON.stringify(v) ?? 'missing'}, not ${WHAT[rule]}; ${again}.`);
    }
  }
  return r as Record<string, unknown>;
}

/** Checks every results file the README's figures read (those present); throws naming the first bad file and field. */
export function checkFigureResults(dir = resultsDir()): void {
  for (const [name, rules] of Object.entries(FIGURE_FIELDS)) readCheckedResult(path.join(dir, `${name}.json`), rules);
}

/** Checks the given experiments' results files in `dir` as JSON with finite numbers (those present). */
export function checkResultFiles(names: string[], dir = resultsDir()): void {
  for (const name of names) readCheckedResult(path.join(dir, `${name}.json`), FIGURE_FIELDS[name] ?? []);
}
