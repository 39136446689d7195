#!/usr/bin/env node
// `lambda-rest-api <command>`. Installed as a package, it runs the compiled CLI in dist/. In a checkout of this
// project (src/ beside bin/), it runs the TypeScript sources through tsx, so an edit needs no build step. tsx's
// loader hooks both require() and import(): `tsx/cjs` alone leaves the commands' import() to Node, which cannot
// load .ts.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const sources = path.join(__dirname, '..', 'src', 'cli', 'main.ts');
const load = fs.existsSync(sources)
  ? import('tsx').then(() => require(sources))
  : Promise.resolve(require('../dist/cli/main.js'));

load
  .then((cli) => cli.main(process.argv.slice(2)))
  .then((code) => {
    if (typeof code === 'number') process.exitCode = code;
  });
