import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  bindingArguments,
  bindingFolder,
  diffSynthesized,
  PACKAGE_SWITCHES,
  switchImports,
  switchMutationResults,
  switchPackageJson,
  switchSpecifier,
  VERSION_PINS,
} from '../scripts/test-terrain';
import { resultsText } from '../scripts/mutation-report';
import { loadProviderSchemas, SchemaBlock } from './support/schema-conformance';

// scripts/test-terrain.ts is `npm run test:terrain`; the run itself needs the registry and minutes, so only its
// pure parts are tested here: the mechanical switch and the diff it reports.

describe('switchSpecifier', () => {
  test('switches each CDKTF package and any path inside it to its CDK Terrain name', () => {
    expect(
      ['cdktf', 'cdktf/lib/_tokens', 'cdktf-cli', '@cdktf/provider-aws/lib/iam-role', '@cdktf/provider-archive/lib/provider'].map(switchSpecifier),
    ).toEqual(['cdktn', 'cdktn/lib/_tokens', 'cdktn-cli', '@cdktn/provider-aws/lib/iam-role', '@cdktn/provider-archive/lib/provider']);
  });

  test('leaves other packages, relative paths and look-alike names alone', () => {
    expect(['constructs', './cdktf', 'cdktfx', '@cdktf/provider-google/lib/x', 'node:fs'].map(switchSpecifier)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('switchImports', () => {
  test('rewrites imports, type imports, requires, import() types and re-exports, and nothing else', () => {
    const source = [
      "import { App } from 'cdktf';",
      "import 'cdktf/lib/testing/adapters/jest';",
      'import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";',
      "const { Testing } = require('cdktf') as typeof import('cdktf');",
      "export { ArchiveProvider } from '@cdktf/provider-archive/lib/provider';",
      "const tags = { 'managed-by': 'cdktf' }; // cdktf stays in comments, strings and cdktf.json",
    ].join('\n');

    const { text, switched } = switchImports(source);

    expect(text).toBe(
      [
        "import { App } from 'cdktn';",
        "import 'cdktn/lib/testing/adapters/jest';",
        'import type { IamRole } from "@cdktn/provider-aws/lib/iam-role";',
        "const { Testing } = require('cdktn') as typeof import('cdktn');",
        "export { ArchiveProvider } from '@cdktn/provider-archive/lib/provider';",
        "const tags = { 'managed-by': 'cdktf' }; // cdktf stays in comments, strings and cdktf.json",
      ].join('\n'),
    );
    expect(switched).toEqual(['cdktf', 'cdktf/lib/testing/adapters/jest', '@cdktf/provider-aws/lib/iam-role', 'cdktf', 'cdktf', '@cdktf/provider-archive/lib/provider']);
  });

  test('gives back a file without CDKTF imports unchanged', () => {
    const source = "import * as fs from 'node:fs';\nexport const x = 'cdktf';\n";

    expect(switchImports(source)).toEqual({ text: source, switched: [] });
  });
});

describe('switchMutationResults', () => {
  test("switches the imports of every source and test file the mutation results hold, and keeps the rest of the results", () => {
    const results = {
      files: { 'src/a.ts': { source: "import { Token } from 'cdktf';\n", mutants: [{ id: '1', status: 'Killed' }] } },
      testFiles: { '__tests__/a.test.ts': { source: "import { Testing } from 'cdktf';\n", tests: [{ id: '0', name: 'a' }] } },
    };

    const switched = JSON.parse(switchMutationResults(JSON.stringify(results)));

    expect(switched).toEqual({
      files: { 'src/a.ts': { source: "import { Token } from 'cdktn';\n", mutants: [{ id: '1', status: 'Killed' }] } },
      testFiles: { '__tests__/a.test.ts': { source: "import { Testing } from 'cdktn';\n", tests: [{ id: '0', name: 'a' }] } },
    });
  });

  test('writes the results as npm run test:mutation does, so results without CDKTF imports keep their bytes', () => {
    const written = resultsText({ files: { 'src/a.ts': { source: "import * as fs from 'node:fs';\n", mutants: [] } }, testFiles: {} });

    expect(switchMutationResults(written)).toBe(written);
  });
});

describe('switchPackageJson', () => {
  const pkg = {
    name: 'lambda-rest-api',
    scripts: { synth: 'node scripts/synth.js main.ts' },
    dependencies: { '@cdktf/provider-archive': '11.0.1', '@cdktf/provider-aws': '21.22.1', cdktf: '0.21.0', constructs: '10.4.2', esbuild: '0.28.2' },
    devDependencies: { 'cdktf-cli': '0.21.0', jest: '30.2.0' },
    peerDependencies: { cdktf: '^0.21.0', constructs: '^10.4.2' },
  };

  test('replaces each CDKTF package by its CDK Terrain package at an exact version, in the same section and place', () => {
    const switched = switchPackageJson(pkg);

    expect(switched.dependencies).toEqual({
      '@cdktn/provider-archive': '14.0.1',
      '@cdktn/provider-aws': '25.7.0',
      cdktn: '0.24.0',
      constructs: '10.6.0',
      esbuild: '0.28.2',
    });
    expect(Object.keys(switched.dependencies!)).toEqual(['@cdktn/provider-archive', '@cdktn/provider-aws', 'cdktn', 'constructs', 'esbuild']);
    expect(switched.devDependencies).toEqual({ 'cdktn-cli': '0.24.0', jest: '30.2.0' });
    expect(switched.peerDependencies).toEqual({ cdktn: '0.24.0', constructs: '10.6.0' });
  });

  test('keeps everything else and leaves its input untouched', () => {
    const before = JSON.stringify(pkg);

    const switched = switchPackageJson(pkg);

    expect(switched.name).toBe('lambda-rest-api');
    expect(switched.scripts).toEqual(pkg.scripts);
    expect(JSON.stringify(pkg)).toBe(before);
  });

  test('switches every CDKTF package this project depends on, and pins every version exactly', () => {
    const project = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
    const names = [project.dependencies, project.devDependencies, project.peerDependencies ?? {}].flatMap(Object.keys);

    expect(names.filter((name) => /^(@cdktf\/|cdktf)/.test(name)).filter((name) => !PACKAGE_SWITCHES.some((s) => s.from === name))).toEqual([]);
    expect([...PACKAGE_SWITCHES.map((s) => s.version), ...Object.values(VERSION_PINS)].filter((v) => !/^\d+\.\d+\.\d+$/.test(v))).toEqual([]);
  });
});

describe('diffSynthesized', () => {
  test('finds nothing between equal configurations', () => {
    const config = { resource: { aws_x: { a: { name: 'n', tags: { t: '1' }, list: [1, 2] } } } };

    expect(diffSynthesized(config, structuredClone(config))).toEqual([]);
  });

  test('reports added, removed and changed values with their JSON paths, in document order', () => {
    const before = { terraform: { required_providers: { aws: { version: '6.25.0' } } }, resource: { aws_x: { a: { old: 1, list: [1, 2] } } } };
    const after = { terraform: { required_providers: { aws: { version: '6.66.0' } } }, resource: { aws_x: { a: { list: [1], added: true } } } };

    expect(diffSynthesized(before, after)).toEqual([
      '~ terraform.required_providers.aws.version: "6.25.0" → "6.66.0"',
      '- resource.aws_x.a.old: 1',
      '+ resource.aws_x.a.added: true',
      '- resource.aws_x.a.list[1]: 2',
    ]);
  });

  test('reports a key that disappeared while a sibling with the same value appeared as renamed', () => {
    const before = { data: { aws_region: { r: { name: 'eu-west-1', other: 'x' } } } };
    const after = { data: { aws_region: { r: { region: 'eu-west-1', other: 'x' } } } };

    expect(diffSynthesized(before, after)).toEqual(['> data.aws_region.r.name → region: "eu-west-1"']);
  });

  test('reports a whole stack that only one side synthesized, and shortens long values', () => {
    const long = { policy: 'x'.repeat(200) };

    expect(diffSynthesized({ dev: long }, {})).toEqual([`- dev: ${JSON.stringify(long).slice(0, 97)}...`]);
    expect(diffSynthesized(undefined, { a: 1 })).toEqual(['~ (root): undefined → {"a":1}']);
  });
});

describe('bindingArguments', () => {
  /** What a schema block lets a configuration set: required or optional attributes and nested blocks, as `block.argument`. */
  function schemaArguments(block: SchemaBlock, prefix = ''): string[] {
    const attributes = Object.entries(block.attributes ?? {}).filter(([, a]) => a.required || a.optional).map(([name]) => prefix + name);
    const blocks = Object.entries(block.block_types ?? {}).flatMap(([name, type]) => [prefix + name, ...schemaArguments(type.block, `${prefix}${name}.`)]);
    return [...attributes, ...blocks].sort();
  }

  // The installed binding: cdktf's, or cdktn's in the copy test:terrain switches. These three types take the same
  // arguments in hashicorp/aws 6.25.0 and 6.66.0; aws_lambda_function, for one, does not.
  const providerAws = path.join(__dirname, '..', 'node_modules', fs.existsSync(path.join(__dirname, '..', 'node_modules', 'cdktn')) ? '@cdktn' : '@cdktf', 'provider-aws');

  test.each([
    ['resource', 'aws_api_gateway_stage'],
    ['resource', 'aws_iam_role'],
    ['data', 'aws_iam_policy_document'],
  ] as const)('reads from the binding of %s %s exactly the arguments the vendored schema has', (kind, type) => {
    const dts = path.join(providerAws, 'lib', bindingFolder(kind, type), 'index.d.ts');
    const { resource_schemas, data_source_schemas } = loadProviderSchemas().provider_schemas['registry.terraform.io/hashicorp/aws'];
    const schema = (kind === 'data' ? data_source_schemas : resource_schemas)![type];

    expect(bindingArguments(fs.readFileSync(dts, 'utf8'))).toEqual(schemaArguments(schema.block));
  });

  test('names each property by the Terraform name in its doc link, nested interfaces under their block', () => {
    const dts = [
      'export interface ThingConfig extends cdktf.TerraformMetaArguments {',
      '  /** Docs at Terraform Registry: {@link https://registry.terraform.io/x/docs/resources/thing#memory_size Thing#memory_size} */',
      '  readonly memorySize?: number;',
      '  /** Docs at Terraform Registry: {@link https://registry.terraform.io/x/docs/resources/thing#settings Thing#settings} */',
      '  readonly settings?: ThingSettings[] | cdktf.IResolvable;',
      '}',
      'export interface ThingSettings {',
      '  /** Docs at Terraform Registry: {@link https://registry.terraform.io/x/docs/resources/thing#log_level Thing#log_level} */',
      '  readonly logLevel: string;',
      '}',
    ].join('\n');

    expect(bindingArguments(dts)).toEqual(['memory_size', 'settings', 'settings.log_level']);
  });
});

describe('bindingFolder', () => {
  test('finds the binding of a resource, a data source and a provider as the generated packages name them', () => {
    expect([
      bindingFolder('resource', 'aws_api_gateway_stage'),
      bindingFolder('data', 'aws_iam_policy_document'),
      bindingFolder('resource', 'archive_file'),
      bindingFolder('data', 'archive_file'),
      bindingFolder('provider', 'aws'),
    ]).toEqual(['api-gateway-stage', 'data-aws-iam-policy-document', 'file', 'data-archive-file', 'provider']);
  });
});
