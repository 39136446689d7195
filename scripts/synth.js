#!/usr/bin/env node
// Runs a TypeScript cdktf app as plain JavaScript: `node scripts/synth.js main.ts [args...]`.
//
// Why not tsx: cdktf captures a full stack trace for every token it creates, and tsx turns Node's source maps
// on, so each of those traces is mapped through the source map of every frame: a third of the time of a large
// synth. Here esbuild bundles the app's own TypeScript files in one call (packages stay external and load from
// node_modules as usual) and the bundle runs in this process without source maps. Its inline source map is
// used only when asked: `node --enable-source-maps scripts/synth.js main.ts` gives stack traces that point into
// the TypeScript sources. Type-checking stays with `tsc --noEmit` (`npm test`).
'use strict';
const path = require('node:path');
const Module = require('node:module');
const { buildSync } = require('esbuild');

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/synth.js <app.ts> [args...]');
  process.exit(2);
}
const file = path.resolve(entry);
let bundle;
try {
  bundle = buildSync({
    entryPoints: [file],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    sourcemap: 'inline',
    sourcesContent: false,
    // Never written: it makes the source map's paths relative to the app's folder, where Node resolves them
    // (the bundle runs as `file`); without it they are relative to the working directory.
    outfile: path.join(path.dirname(file), 'synth-bundle.js'),
    write: false,
    logLevel: 'silent',
  }).outputFiles[0].text;
} catch (error) {
  // One line, with the file, line, column and message of esbuild's first error; its stack trace would add nothing.
  const [first] = error.errors ?? [];
  if (!first) throw error;
  const place = first.location ? `${first.location.file}:${first.location.line}:${first.location.column}: ` : '';
  const more = error.errors.length > 1 ? ` (and ${error.errors.length - 1} more error${error.errors.length > 2 ? 's' : ''})` : '';
  console.error(`synth failed: the app does not compile: ${place}${first.text}${more}; fix the code there`);
  process.exit(1);
}

// The bundle runs as the module `file`: its packages resolve from there, and it sees the arguments after its
// own path, as under `tsx main.ts ...`.
process.argv = [process.argv[0], file, ...args];
const app = new Module(file, module);
app.filename = file;
app.paths = Module._nodeModulePaths(path.dirname(file));
// From a fresh call stack, not from inside this module's loading: cdktf formats the whole stack for every token
// it creates, and the seven frames of Node's module loader below the app were a quarter of each one.
setImmediate(() => app._compile(bundle, file));
