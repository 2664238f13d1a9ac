#!/usr/bin/env node
// The command runs the built library; `npm run build` (run by `npm install`) makes dist/.
const path = require('path');
const fs = require('fs');
const main = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!fs.existsSync(main)) {
  process.stderr.write('clip-workshop is not built yet: run `npm run build` in ' + path.join(__dirname, '..') + ' first.\n');
  process.exit(1);
}
require(main).main(process.argv.slice(2));
