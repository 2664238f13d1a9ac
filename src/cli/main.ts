import { Command, CommanderError } from 'commander';
import { isUserError } from '../runtime/errors';
import { fsUserError } from '../runtime/fsErrors';
import { checkEnvironment } from '../runtime/env';
import { COMMANDS } from './commands';
// Registers the pretrained-model resolver, so every --model accepts a hub id or a transformers.js folder.
import '../pretrained';

/** Builds the `clip-workshop` program with every subcommand registered. */
export function buildProgram(): Command {
  const program = new Command('clip-workshop')
    .description('Learn CLIP — image classification with natural-language supervision — offline, in TypeScript.')
    .version(require('../../package.json').version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of COMMANDS) register(program);
  // Subcommands inherit exitOverride so that errors reach one handler.
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** Runs the CLI: user errors become one sentence on stderr and exit code 1, never a stack trace. */
export async function main(argv: string[]): Promise<void> {
  // A reader that stops early (`clip-workshop … | head`) closes the pipe: that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const program = buildProgram();
  try {
    // A variable the kit reads holds something it understands, or the command stops naming it.
    checkEnvironment();
    await program.parseAsync(argv, { from: 'user' });
  } catch (caught) {
    // A read-only, full or forbidden place met anywhere still gets one sentence with its path.
    const where = (caught as NodeJS.ErrnoException)?.path;
    const err = where ? fsUserError(caught, where, 'a file', false) : caught;
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    if (isUserError(err)) {
      process.stderr.write(`clip-workshop: ${err.message}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    const e = err as Error;
    process.stderr.write(`clip-workshop: ${e.message}\n`);
    if (process.env.CLIP_WORKSHOP_DEBUG) process.stderr.write(`${e.stack}\n`);
    else process.stderr.write('(set CLIP_WORKSHOP_DEBUG=1 for the stack trace)\n');
    process.exitCode = 1;
  }
}
