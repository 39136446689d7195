import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

// Each folder of src/ is one kind of code, and imports go one way (README "Layout"):
// apigw ← constructs; apigw ← model ← local, testing, cli; the example → the package's public entries.

const ROOT = path.resolve(__dirname, '..');

/** A layer: the files it holds, and what they may import (other layers by name, or packages). */
interface Layer {
  readonly name: string;
  readonly folder: string;
  readonly mayImport: readonly string[];
  readonly packages: readonly (string | RegExp)[];
}

const NODE = /^node:/;
// cdktf, or CDK Terrain's cdktn in the copy `npm run test:terrain` switches (docs/cdk-terrain.md): one rule for both.
const CDK = /^cdkt[fn]$/;
const CDK_INTERNALS = /^cdkt[fn]\/lib\//;
const PROVIDERS = /^@cdkt[fn]\/provider-(aws|archive)\/lib\//;
const LAYERS: readonly Layer[] = [
  { name: 'apigw', folder: 'src/apigw', mayImport: [], packages: [NODE] },
  { name: 'constructs', folder: 'src/constructs', mayImport: ['apigw'], packages: [NODE, CDK, CDK_INTERNALS, 'constructs', PROVIDERS, 'esbuild', 'leven'] },
  { name: 'model', folder: 'src/model', mayImport: ['apigw'], packages: [NODE] },
  { name: 'local', folder: 'src/local', mayImport: ['apigw', 'model'], packages: [NODE, 'velocityjs', 'jsonpath-plus', 'aws-lambda', 'chokidar', 'ajv-draft-04', 'swagger-ui-dist/package.json'] },
  { name: 'testing', folder: 'src/testing', mayImport: ['apigw', 'model'], packages: [] },
  { name: 'cli', folder: 'src/cli', mayImport: ['apigw', 'model', 'local'], packages: [NODE, 'yaml'] },
  { name: 'index', folder: 'src/index.ts', mayImport: ['apigw', 'constructs'], packages: [] },
  {
    name: 'example',
    folder: 'example',
    mayImport: [],
    packages: [NODE, 'lambda-rest-api', 'lambda-rest-api/local', CDK, 'constructs', PROVIDERS],
  },
  { name: 'main', folder: 'main.ts', mayImport: ['example'], packages: [CDK, 'lambda-rest-api'] },
  // The example's local config (next to cdktf.json), which `serve` and `npm start` load: its stand-ins.
  { name: 'local-config', folder: 'local-api.config.ts', mayImport: ['example'], packages: ['lambda-rest-api/local'] },
  // Handlers are bundled on their own: they share code with each other (functions/shared), never with the library.
  { name: 'functions', folder: 'functions', mayImport: [], packages: [/^@aws-sdk\//, 'aws-lambda', NODE] },
];

function filesOf(folder: string): string[] {
  const full = path.join(ROOT, folder);
  if (fs.statSync(full).isFile()) return [full];
  return fs
    .readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|js)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every module specifier a file imports, requires or re-exports, as the TypeScript compiler reads them (not text in strings). */
function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((file) => file.fileName);
}

function allows(layer: Layer, specifier: string): boolean {
  return layer.packages.some((allowed) => (typeof allowed === 'string' ? allowed === specifier : allowed.test(specifier)));
}

function layerOf(file: string): Layer | undefined {
  const relative = path.relative(ROOT, file).split(path.sep).join('/');
  return LAYERS.find((layer) => relative === layer.folder || relative.startsWith(`${layer.folder}/`));
}

/** What each file imports that its layer may not: `file: specifier (why)`. */
function violations(): string[] {
  const found: string[] = [];
  for (const layer of LAYERS) {
    for (const file of filesOf(layer.folder)) {
      for (const specifier of importsOf(fs.readFileSync(file, 'utf8'))) {
        const where = path.relative(ROOT, file);
        if (specifier.startsWith('.')) {
          const target = layerOf(path.resolve(path.dirname(file), specifier));
          if (target !== layer && !(target && layer.mayImport.includes(target.name))) {
            found.push(`${where}: ${specifier} (${layer.name} may not import ${target?.name ?? 'files outside the layers'})`);
          }
        } else if (!allows(layer, specifier)) {
          found.push(`${where}: ${specifier} (${layer.name} may not import this package)`);
        }
      }
    }
  }
  return found;
}

describe('the layout', () => {
  test('every import goes the one way the layers allow', () => {
    expect(violations()).toEqual([]);
  });

  test('the check sees imports, requires, dynamic imports and re-exports', () => {
    const source = [
      "import { a } from './a';",
      "import type { B } from '../b';",
      "export { c } from 'c-package';",
      "const d = require('node:fs');",
      "const e = await import('./e');",
      "import 'side-effect';",
      'const text = "a path from \\"/\\" is not an import";',
    ].join('\n');

    expect(importsOf(source)).toEqual(['./a', '../b', 'c-package', 'node:fs', './e', 'side-effect']);
  });

  test('would catch the matchers loading cdktf (or cdktn), or apigw reaching into constructs', () => {
    const testing = LAYERS.find((layer) => layer.name === 'testing')!;
    const apigw = LAYERS.find((layer) => layer.name === 'apigw')!;

    expect(['cdktf', 'cdktn', 'cdktf/lib/_tokens', '@cdktn/provider-aws/lib/iam-role'].filter((name) => allows(testing, name))).toEqual([]);
    expect(apigw.mayImport).toEqual([]);
  });

  test('lets the constructs import cdktf or its fork cdktn, their providers, and nothing like them', () => {
    const constructs = LAYERS.find((layer) => layer.name === 'constructs')!;
    const names = ['cdktf', 'cdktn', 'cdktf/lib/_tokens', 'cdktn/lib/_tokens', '@cdktf/provider-aws/lib/iam-role', '@cdktn/provider-archive/lib/provider'];

    expect(names.filter((name) => allows(constructs, name))).toEqual(names);
    expect(['cdktx', 'cdktf-cli', '@cdktf/provider-google/lib/x', '@cdktn/provider-aws'].filter((name) => allows(constructs, name))).toEqual([]);
  });
});
