#!/usr/bin/env node
// The kit's own TypeScript: node_modules/.bin/tsc is tslab's bundled, older copy, whichever package npm links last.
process.argv.splice(1, 1, require.resolve('typescript/bin/tsc'));
require(process.argv[1]);
