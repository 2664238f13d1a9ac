#!/usr/bin/env node
// The kit's own TypeScript: node_modules/.bin/tsc is tslab's bundled, older copy, whichever package npm links last.
// `--if-stale` (the build) skips the compiler when its build record is newer than every input: even an incremental
// tsc needs 3 s to find nothing changed, and npm start and npm test build first.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
/** Inputs of the build besides src/: a change to any of them rebuilds. */
const INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json', 'tools/tsc.js'];
const RECORD = path.join(ROOT, 'dist', '.tsbuildinfo');

/** The newest modification time (ms) under a folder or of a file; 0 when it does not exist. */
function newest(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  // A folder's own time changes when a file in it is added, removed or renamed.
  return fs.readdirSync(p).reduce((m, name) => Math.max(m, newest(path.join(p, name))), stat.mtimeMs);
}

/** True when dist/ was built after the last change to any input. */
function upToDate() {
  const built = newest(RECORD);
  if (built === 0) return false;
  return [path.join(ROOT, 'src'), ...INPUTS.map((f) => path.join(ROOT, f))].every((p) => newest(p) < built);
}

const args = process.argv.slice(2);
const ifStale = args.includes('--if-stale');
if (ifStale && upToDate()) process.exit(0);
process.argv = [process.argv[0], require.resolve('typescript/bin/tsc'), ...args.filter((a) => a !== '--if-stale')];
if (ifStale) {
  // tsc leaves its record untouched when nothing changed: touch it, so that the next check is quick again.
  process.on('exit', (code) => {
    if (code === 0 && fs.existsSync(RECORD)) fs.utimesSync(RECORD, new Date(), new Date());
  });
}
require(process.argv[1]);
