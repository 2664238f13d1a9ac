import { Command } from 'commander';
import { register as info } from './info';
import { register as kernel } from './kernel';
import { register as notebooks } from './notebooks';
import { register as lab } from './lab';
import { register as handout } from './handout';
import { register as quiz } from './quiz';
import { register as slides } from './slides';
import { register as exportModel } from './export';
import { register as charts } from './charts';
import { register as data } from './data';
import { register as train } from './train';
import { register as zeroshot } from './zeroshot';
import { register as baseline } from './baseline';
import { register as probe } from './probe';
import { register as classify } from './classify';
import { register as bench } from './bench';
import { register as recipes } from './recipes';
import { register as experiments } from './experiments';
import { register as figures } from './figures';
import { register as web } from './web';
import { register as exportData } from './export-data';
import { register as importModel } from './import';
import { register as prepareClass } from './prepare-class';

/** Every subcommand, in the order `--help` lists them. Each concern adds its own line. */
export const COMMANDS: Array<(program: Command) => void> = [
  info,
  kernel,
  notebooks,
  lab,
  prepareClass,
  handout,
  quiz,
  slides,
  exportModel,
  recipes,
  experiments,
  figures,
  charts,
  data,
  train,
  zeroshot,
  baseline,
  probe,
  classify,
  bench,
  web,
  exportData,
  importModel,
];
