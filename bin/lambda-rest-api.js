#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so the project needs no build step.
require('tsx/cjs');
require('../src/cli/main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    if (typeof code === 'number') process.exitCode = code;
  });
