import * as fs from 'fs';
import * as path from 'path';
import { cli, ROOT } from '../helpers/cli';

/**
 * Advice that works: every `--flag` an error message in src/ suggests exists on each command that can show that
 * message. Messages of a command's own file are checked against that command's --help; a message of the library
 * is checked against every command in REACHED_BY, and a flag after "`clip-workshop CMD" against CMD.
 */

/** Library files whose messages suggest a flag, and the commands that can show them. */
const REACHED_BY: Record<string, string[]> = {
  'src/runtime/ownedFolder.ts': ['train', 'baseline', 'export', 'handout', 'web', 'charts', 'slides'],
  'src/models/io.ts': ['classify', 'zeroshot', 'probe', 'export'],
  'src/runtime/folderKinds.ts': ['train', 'baseline', 'export', 'import', 'handout', 'web', 'charts', 'slides', 'export-data'],
  'src/runtime/outputs.ts': ['export-data', 'import', 'handout', 'web', 'charts', 'slides', 'prepare-class', 'quiz export'],
  'src/cli/recipeOptions.ts': ['train', 'baseline'],
  'src/recipes/load.ts': ['train', 'baseline'],
  'src/recipes/validate.ts': ['train', 'baseline'],
  'src/train/loop.ts': ['train', 'baseline'],
  'src/train/datasets.ts': ['zeroshot', 'probe', 'export-data'],
  'src/openclip/export-data.ts': ['export-data'],
  'src/openclip/import.ts': ['import'],
  'src/prepare/packFormat.ts': ['prepare-class'],
  'src/pretrained/export/folder.ts': ['export', 'web'],
  'src/quiz/load.ts': ['quiz export', 'quiz check', 'quiz play'],
  'src/slides/build.ts': ['slides'],
  'src/web/build.ts': ['web'],
  'src/web/models.ts': ['web'],
  'src/web/serve.ts': ['web'],
};

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** The flags a message line suggests, each with the command it names ("`clip-workshop train --lr`"), if any. */
function suggestions(line: string): { flag: string; command?: string }[] {
  const out: { flag: string; command?: string }[] = [];
  const named = /`clip-workshop ([a-z-]+(?: (?:export|check|play))?)([^`]*)`/g;
  let m: RegExpExecArray | null;
  while ((m = named.exec(line))) for (const f of m[2].matchAll(/--[a-z][a-z-]+/g)) out.push({ flag: f[0], command: m[1] });
  // "--flag=value" is another tool's command line quoted in the message (tslab's), not advice on this kit's flags.
  const bare = line.replace(named, '');
  for (const f of bare.matchAll(/--[a-z][a-z-]+(?!=)\b/g)) out.push({ flag: f[0] });
  if (line.includes('${ALLOW_CHECKPOINT_FLAG}')) out.push({ flag: '--allow-checkpoint' });
  if (line.includes('${spec.flag}')) out.push({ flag: '--out' });
  return out;
}

const helps = new Map<string, string>();
function help(command: string): string {
  if (!helps.has(command)) {
    const r = cli([...command.split(' '), '--help']);
    expect(r.status).toBe(0);
    helps.set(command, r.stdout);
  }
  return helps.get(command)!;
}

/** Every (file, flag, commands) a message suggests. */
function collect(): { file: string; flag: string; commands: string[]; line: string }[] {
  const found: { file: string; flag: string; commands: string[]; line: string }[] = [];
  for (const abs of sources(path.join(ROOT, 'src'))) {
    const file = path.relative(ROOT, abs).split(path.sep).join('/');
    const own = /^src\/cli\/commands\/([a-z-]+)\.ts$/.exec(file)?.[1];
    for (const line of fs.readFileSync(abs, 'utf8').split('\n')) {
      if (!/UserError\(/.test(line)) continue;
      for (const s of suggestions(line)) {
        const commands = s.command ? [s.command] : own ? (own === 'quiz' ? ['quiz export', 'quiz check', 'quiz play'] : [own]) : REACHED_BY[file];
        found.push({ file, flag: s.flag, commands: commands ?? [], line: line.trim() });
      }
    }
  }
  return found;
}

test('every flag an error message suggests exists on the commands that show it', () => {
  const found = collect();
  expect(found.length).toBeGreaterThan(30);
  const problems: string[] = [];
  for (const f of found) {
    if (f.commands.length === 0) {
      problems.push(`${f.file} suggests ${f.flag}, but the test does not know which commands show its messages (add it to REACHED_BY)`);
      continue;
    }
    const where = (c: string) => (c === 'quiz export' || c === 'quiz check' || c === 'quiz play' ? help('quiz export') + help('quiz check') + help('quiz play') : help(c));
    for (const c of f.commands) if (!new RegExp(`${f.flag}\\b`).test(where(c))) problems.push(`${f.file}: \`clip-workshop ${c}\` has no ${f.flag}, yet its message suggests it: ${f.line.slice(0, 160)}`);
  }
  expect(problems).toEqual([]);
}, 300000);

test('charts and slides take the --force their refusals advise; web refuses a checkpoint with advice it can follow', () => {
  expect(help('charts')).toMatch(/--force/);
  expect(help('slides')).toMatch(/--force/);
  const webMessages = collect().filter((f) => f.commands.includes('web')).map((f) => f.flag);
  expect(webMessages).not.toContain('--allow-checkpoint');
}, 120000);
