import { Command } from 'commander';
import { register as info } from './info';
import { register as kernel } from './kernel';
import { register as notebooks } from './notebooks';
import { register as lab } from './lab';

/** Every subcommand, in the order `--help` lists them. Each concern adds its own line. */
export const COMMANDS: Array<(program: Command) => void> = [
  info,
  kernel,
  notebooks,
  lab,
];
