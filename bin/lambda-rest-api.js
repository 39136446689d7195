#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so the project needs no build step. tsx's loader hooks both
// require() and import(): `tsx/cjs` alone leaves the commands' import() to Node, which cannot load .ts.
import('tsx').then(() =>
  require('../src/cli/main.ts')
    .main(process.argv.slice(2))
    .then((code) => {
      if (typeof code === 'number') process.exitCode = code;
    }),
);
