// `npm run test:terrain`: runs this project on CDK Terrain (cdktn), the community fork of CDKTF, without touching
// the project. It copies the tracked files to a temporary folder, switches the copy's package names and imports
// mechanically, installs it from the npm registry, and there runs the type check, the whole jest suite (the
// provider-schema conformance tests included), the example synth and the conformance check of that synth. Then it
// reports what the switch changed in the synthesized JSON, against the same example synthesized here with cdktf.
// It needs `npm ci` here first, the npm registry and a few minutes; .ci/run does not run it (docs/cdk-terrain.md).
//
//   npm run test:terrain                       the copy is removed when everything passed, and kept otherwise
//   npm run test:terrain -- --keep             the copy is kept (its path is printed)
//   npm run test:terrain -- --switch-in-place  makes the same switch to this folder (a clean git work tree), runs nothing
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { checkConformance, checkProviderVersions, deprecatedUses } from '../__tests__/support/schema-conformance';
import { resultsText } from './mutation-report';

/** A CDKTF package and the CDK Terrain package that replaces it, pinned to the version last run with this script. */
export interface PackageSwitch {
  readonly from: string;
  readonly to: string;
  readonly version: string;
}

/**
 * The switch. Versions are the newest on the npm registry when this script was last run, checked with `npm view`:
 * each provider's `peerDependencies` are `cdktn ^0.24.0` and `constructs >=10.6.0 <10.8.0`. The providers wrap
 * newer Terraform providers than the cdktf ones: hashicorp/aws 6.66.0 (cdktf: 6.25.0) and hashicorp/archive 2.8.1
 * (cdktf: 2.7.1), as each binding's `lib/provider/index.js` says (`providerVersion`).
 */
export const PACKAGE_SWITCHES: readonly PackageSwitch[] = [
  { from: 'cdktf', to: 'cdktn', version: '0.24.0' },
  { from: 'cdktf-cli', to: 'cdktn-cli', version: '0.24.0' },
  { from: '@cdktf/provider-aws', to: '@cdktn/provider-aws', version: '25.7.0' },
  { from: '@cdktf/provider-archive', to: '@cdktn/provider-archive', version: '14.0.1' },
];

/**
 * Packages that keep their name but need another version on the fork: cdktn 0.24.0 and its providers take
 * `constructs >=10.6.0 <10.8.0` (cdktf 0.21 took ^10.4.2), and cdktn and cdktn-cli 0.24.0 are built with 10.6.0.
 */
export const VERSION_PINS: Readonly<Record<string, string>> = { constructs: '10.6.0' };

/**
 * Failures of the suite on CDK Terrain caused by a difference upstream rather than by this project: the test's full
 * name, texts its failure message must all contain, and the difference. A failure listed here is reported but does
 * not fail the run; one whose message lacks any of the texts does (docs/cdk-terrain.md, "What fails on the fork").
 */
export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  {
    test: 'synthesized output requires the provider versions the vendored schemas describe (hashicorp/aws 6.25.0, hashicorp/archive 2.7.1)',
    shows: [
      'terraform.required_providers.aws: requires hashicorp/aws 6.66.0, but the vendored schema describes 6.25.0; checking this stack needs the hashicorp/aws 6.66.0 schema',
      'terraform.required_providers.archive: requires hashicorp/archive 2.8.1, but the vendored schema describes 2.7.1; checking this stack needs the hashicorp/archive 2.8.1 schema',
    ],
    cause:
      '@cdktn/provider-aws 25.7.0 is generated from hashicorp/aws 6.66.0 and @cdktn/provider-archive 14.0.1 from hashicorp/archive 2.8.1, ' +
      'and each stack pins those versions; the vendored schema describes 6.25.0 and 2.7.1 (the @cdktf bindings), so the stacks were ' +
      'checked against the older schemas and the check needs the 6.66.0 and 2.8.1 ones (shared/schemas/README.md, "Regenerating")',
  },
  {
    test: "the README's first route, in a copy of the project npm run docs, then the type check and every suite the route touches pass",
    shows: [
      'terraform.required_providers.aws: requires hashicorp/aws 6.66.0, but the vendored schema describes 6.25.0; checking this stack needs the hashicorp/aws 6.66.0 schema',
      'Tests:       1 failed,',
    ],
    cause: 'the first-route test runs api-stack.test.ts in its own copy of the project, where the provider-version difference above fails it once more, and nothing else',
  },
];

export interface KnownDifference {
  readonly test: string;
  readonly shows: readonly string[];
  readonly cause: string;
}

const ROOT = path.resolve(__dirname, '..');
const DEPENDENCY_SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;
const SOURCE_FILE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const MUTATION_RESULTS = /^mutation\/[^/]+\.incremental\.json$/;

/** The Terrain name of a module specifier (`cdktf/lib/_tokens` → `cdktn/lib/_tokens`), or undefined when it stays. */
export function switchSpecifier(specifier: string): string | undefined {
  for (const { from, to } of PACKAGE_SWITCHES) {
    if (specifier === from || specifier.startsWith(`${from}/`)) return to + specifier.slice(from.length);
  }
  return undefined;
}

/**
 * `source` with every import, require, `import()` and re-export of a CDKTF package switched to CDK Terrain, as the
 * TypeScript compiler finds them: strings, comments and names that are not module specifiers stay as they are.
 */
export function switchImports(source: string): { text: string; switched: string[] } {
  const files = ts.preProcessFile(source, true, true).importedFiles;
  const switched: string[] = [];
  let text = source;
  for (const file of [...files].sort((a, b) => b.pos - a.pos)) {
    const replacement = switchSpecifier(file.fileName);
    if (replacement === undefined) continue;
    // `pos` is the opening quote (and `end` is `pos` plus the name's length), so the name itself starts after it.
    const start = text.indexOf(file.fileName, file.pos);
    text = text.slice(0, start) + replacement + text.slice(start + file.fileName.length);
    switched.unshift(file.fileName);
  }
  return { text, switched };
}

type PackageJson = Record<string, unknown> & Partial<Record<(typeof DEPENDENCY_SECTIONS)[number], Record<string, string>>>;

/** `pkg` with each CDKTF dependency replaced by its CDK Terrain package at an exact version, in the same place. */
export function switchPackageJson(pkg: PackageJson): PackageJson {
  const out: PackageJson = { ...pkg };
  for (const section of DEPENDENCY_SECTIONS) {
    const dependencies = pkg[section];
    if (!dependencies) continue;
    out[section] = Object.fromEntries(
      Object.entries(dependencies).map(([name, version]) => {
        const target = PACKAGE_SWITCHES.find((change) => change.from === name);
        if (target) return [target.to, target.version];
        return [name, VERSION_PINS[name] ?? version];
      }),
    );
  }
  return out;
}

type Json = Record<string, unknown>;

/**
 * What differs between two synthesized configurations, one line per difference with its JSON path:
 * `+ path: value` (only in `after`), `- path: value` (only in `before`), `~ path: before → after` (changed),
 * and `> path.old → new: value` for a key that disappeared while a sibling key with the same value appeared (renamed).
 */
export function diffSynthesized(before: unknown, after: unknown, at = ''): string[] {
  if (isObject(before) && isObject(after)) {
    const removed = Object.keys(before).filter((key) => !Object.hasOwn(after, key));
    const added = Object.keys(after).filter((key) => !Object.hasOwn(before, key));
    const out: string[] = [];
    for (const key of removed) {
      const renamedTo = added.find((candidate) => sameJson(before[key], after[candidate]));
      if (renamedTo !== undefined) {
        added.splice(added.indexOf(renamedTo), 1);
        out.push(`> ${join(at, key)} → ${renamedTo}: ${show(after[renamedTo])}`);
      } else {
        out.push(`- ${join(at, key)}: ${show(before[key])}`);
      }
    }
    for (const key of added) out.push(`+ ${join(at, key)}: ${show(after[key])}`);
    for (const key of Object.keys(before).filter((key) => Object.hasOwn(after, key))) out.push(...diffSynthesized(before[key], after[key], join(at, key)));
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const out: string[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      if (i >= after.length) out.push(`- ${at}[${i}]: ${show(before[i])}`);
      else if (i >= before.length) out.push(`+ ${at}[${i}]: ${show(after[i])}`);
      else out.push(...diffSynthesized(before[i], after[i], `${at}[${i}]`));
    }
    return out;
  }
  return sameJson(before, after) ? [] : [`~ ${at || '(root)'}: ${show(before)} → ${show(after)}`];
}

/**
 * Every argument a generated provider binding (`lib/<name>/index.d.ts`) takes, by its Terraform name, nested blocks
 * as `block.argument`: read from the first interface (the `...Config`) and the interfaces its properties use. Each
 * property's Terraform name is in its doc link (`{@link https://registry.terraform.io/... LambdaFunction#memory_size}`).
 */
export function bindingArguments(dts: string): string[] {
  const file = ts.createSourceFile('index.d.ts', dts, ts.ScriptTarget.Latest, true);
  const interfaces = new Map(file.statements.filter(ts.isInterfaceDeclaration).map((node) => [node.name.text, node]));
  const out: string[] = [];
  const visit = (node: ts.InterfaceDeclaration, prefix: string, seen: Set<string>) => {
    for (const member of node.members.filter(ts.isPropertySignature)) {
      const name = /#(\w+)\}/.exec(member.getFullText(file))?.[1] ?? member.name.getText(file);
      out.push(prefix + name);
      const nested: string[] = [];
      const findTypes = (type: ts.Node) => {
        if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && interfaces.has(type.typeName.text)) nested.push(type.typeName.text);
        ts.forEachChild(type, findTypes);
      };
      if (member.type) findTypes(member.type);
      for (const inner of nested.filter((n) => !seen.has(n))) visit(interfaces.get(inner)!, `${prefix}${name}.`, new Set([...seen, inner]));
    }
  };
  const root = file.statements.find(ts.isInterfaceDeclaration);
  if (root) visit(root, '', new Set([root.name.text]));
  return out.sort();
}

/** The folder of a Terraform type's binding in its provider package: `aws_api_gateway_stage` → `api-gateway-stage`. */
export function bindingFolder(kind: 'resource' | 'data' | 'provider', type: string): string {
  if (kind === 'provider') return 'provider';
  const kebab = (text: string) => text.replace(/_/g, '-');
  return kind === 'data' ? `data-${kebab(type)}` : kebab(type.slice(type.indexOf('_') + 1));
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function join(at: string, key: string): string {
  return at === '' ? key : `${at}.${key}`;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

// ---- the run ----

interface Step {
  readonly name: string;
  readonly ok: boolean;
  readonly seconds: number;
  readonly note?: string;
}

interface JestResults {
  readonly numTotalTests: number;
  readonly numPassedTests: number;
  readonly numFailedTests: number;
  readonly testResults: {
    readonly name: string;
    readonly status: string;
    readonly message: string;
    readonly assertionResults: { readonly fullName: string; readonly status: string; readonly failureMessages: string[] }[];
  }[];
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { ok: boolean; seconds: number } {
  console.log(`\n$ ${[command, ...args].join(' ')}    (in ${path.relative(ROOT, cwd) || '.'})`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, env, stdio: 'inherit' });
  return { ok: result.status === 0, seconds: (Date.now() - started) / 1000 };
}

function trackedFiles(): string[] {
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed in ${ROOT}: ${listed.stderr}`);
  // A file deleted in the work tree but not yet in the index is not part of the project any more.
  return listed.stdout.split('\0').filter((file) => file !== '' && fs.existsSync(path.join(ROOT, file)));
}

/**
 * Writes the tracked files, switched to CDK Terrain, into `dir`: a copy, or the project itself (`--switch-in-place`),
 * where only the files the switch changes are written. Returns each switched specifier with its count.
 */
function switchFiles(dir: string): Map<string, number> {
  const inPlace = path.resolve(dir) === ROOT;
  const counts = new Map<string, number>();
  for (const file of trackedFiles()) {
    const source = path.join(ROOT, file);
    const target = path.join(dir, file);
    let text: string | undefined;
    if (file === 'package.json') {
      text = `${JSON.stringify(switchPackageJson(JSON.parse(fs.readFileSync(source, 'utf8')) as PackageJson), null, 2)}\n`;
    } else if (MUTATION_RESULTS.test(file)) {
      text = switchMutationResults(fs.readFileSync(source, 'utf8'));
    } else if (SOURCE_FILE.test(file)) {
      const switched = switchImports(fs.readFileSync(source, 'utf8'));
      text = switched.text;
      // Provider imports are counted by package (`@cdktf/provider-aws/lib/*`); any other deep import by name.
      for (const specifier of switched.switched.map((s) => s.replace(/^(@cdktf\/provider-[a-z]+\/lib\/).*/, '$1*'))) counts.set(specifier, (counts.get(specifier) ?? 0) + 1);
    }
    if (inPlace) {
      if (text !== undefined && text !== fs.readFileSync(source, 'utf8')) fs.writeFileSync(target, text);
      continue;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (text === undefined) fs.copyFileSync(source, target);
    else fs.writeFileSync(target, text, { mode: fs.statSync(source).mode });
  }
  return counts;
}

/**
 * `npm run test:mutation`'s results hold a copy of each source and test file they measured; the same switch keeps
 * them the current source, so the scores table does not call a module changed for its renamed imports alone.
 */
export function switchMutationResults(json: string): string {
  const report = JSON.parse(json) as { files?: Record<string, { source: string }>; testFiles?: Record<string, { source?: string }> };
  for (const file of [...Object.values(report.files ?? {}), ...Object.values(report.testFiles ?? {})]) {
    if (typeof file.source === 'string') file.source = switchImports(file.source).text;
  }
  return resultsText(report);
}

function printSwitched(counts: Map<string, number>, where: string): void {
  console.log(`\nSwitched ${[...counts.values()].reduce((a, b) => a + b, 0)} imports in ${where}, and package.json:`);
  for (const [specifier, count] of [...counts].sort()) console.log(`  ${specifier} → ${switchSpecifier(specifier)}: ${count}`);
}

/** `--switch-in-place`: the switch this script tests, made to the project itself, from a clean work tree. */
function switchInPlace(): void {
  const status = spawnSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' });
  if (status.status !== 0 || status.stdout.trim() !== '') {
    console.error('test:terrain: commit or stash your changes first, so that git diff shows the switch alone and git checkout . undoes it');
    process.exit(2);
  }
  printSwitched(switchFiles(ROOT), ROOT);
  console.log('\nNext: npm install, npm test, npm run synth, and the rest of docs/cdk-terrain.md, "Switching this project"');
}

function readStacks(outdir: string): Map<string, Json> {
  const stacksDir = path.join(outdir, 'stacks');
  const stacks = new Map<string, Json>();
  if (!fs.existsSync(stacksDir)) return stacks;
  for (const name of fs.readdirSync(stacksDir).sort()) {
    const file = path.join(stacksDir, name, 'cdk.tf.json');
    if (fs.existsSync(file)) stacks.set(name, JSON.parse(fs.readFileSync(file, 'utf8')) as Json);
  }
  return stacks;
}

function enginesOf(dir: string): string[] {
  return PACKAGE_SWITCHES.map(({ to }) => {
    const file = path.join(dir, 'node_modules', to, 'package.json');
    if (!fs.existsSync(file)) return `${to}: not installed`;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string; engines?: { node?: string } };
    return `${to} ${pkg.version}: engines.node ${pkg.engines?.node ?? '(any)'}`;
  });
}

function main(): void {
  if (process.argv.includes('--switch-in-place')) return switchInPlace();
  const keep = process.argv.includes('--keep');
  if (!fs.existsSync(path.join(ROOT, 'node_modules', 'cdktf'))) {
    console.error('test:terrain: run npm ci first: the cdktf side of the comparison synthesizes with this folder\'s node_modules');
    process.exit(2);
  }
  const started = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-rest-api-terrain-'));
  const project = path.join(work, 'project');
  const steps: Step[] = [];
  const step = (name: string, result: { ok: boolean; seconds: number }, note?: string) => steps.push({ name, ...result, note });

  // The cdktf side first: the example as this project synthesizes it today (App's outdir comes from CDKTF_OUTDIR).
  const cdktfOut = path.join(work, 'cdktf-synth');
  step('synth with cdktf (here)', run('node', ['scripts/synth.js', 'main.ts'], ROOT, { ...process.env, CDKTF_OUTDIR: cdktfOut }));

  printSwitched(switchFiles(project), `a copy of the tracked files in ${project}`);
  // A work tree of its own, as a clone is: some tests list the project's files with git (the first-route test).
  run('git', ['init', '--quiet'], project);
  run('git', ['add', '--all'], project);

  const install = run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], project);
  step('npm install (CDK Terrain packages)', install);
  if (install.ok) {
    step('tsc --noEmit', run('npx', ['tsc', '--noEmit'], project));
    // The package's build (its `prepare`, which --ignore-scripts skipped): the compiled library and its .d.ts files.
    if (fs.existsSync(path.join(project, 'tsconfig.build.json'))) step('npm run build', run('npm', ['run', 'build'], project));
    const resultsFile = path.join(work, 'jest-results.json');
    const jest = run('npx', ['jest', '--json', `--outputFile=${resultsFile}`], project);
    const results = fs.existsSync(resultsFile) ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as JestResults) : undefined;
    const failures = results && reportJest(results);
    step(
      'jest (whole suite)',
      { ok: jest.ok || failures?.unexpected === 0, seconds: jest.seconds },
      results && failures && `${results.numPassedTests} of ${results.numTotalTests} passed; failed: ${failures.known} known upstream difference(s), ${failures.unexpected} unexpected`,
    );
    step('npm run synth (the example)', run('npm', ['run', 'synth'], project));
    steps.push(reportConformance(readStacks(path.join(project, 'cdktf.out'))));
    reportDifferences(readStacks(cdktfOut), readStacks(path.join(project, 'cdktf.out')));
    reportBindingDifferences(readStacks(path.join(project, 'cdktf.out')), project);
    console.log(`\nNode.js ${process.version} ran this; the fork's packages ask for:\n  ${enginesOf(project).join('\n  ')}`);
  }

  console.log(`\nSummary (${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
  for (const { name, ok, seconds, note } of steps) console.log(`  ${ok ? 'pass' : 'FAIL'}  ${name}  (${seconds.toFixed(1)} s)${note ? `: ${note}` : ''}`);
  const ok = steps.every((s) => s.ok);
  if (ok && !keep) fs.rmSync(work, { recursive: true, force: true });
  else console.log(`\nThe copy is kept in ${project}`);
  process.exitCode = ok ? 0 : 1;
}

/** Prints each failed test, known or not, and each known difference that did not show; counts both kinds of failure. */
function reportJest(results: JestResults): { known: number; unexpected: number } {
  let unexpected = 0;
  let knownFailures = 0;
  const seen = new Set<KnownDifference>();
  for (const file of results.testResults) {
    if (file.status === 'failed' && !file.assertionResults.some((t) => t.status === 'failed')) {
      unexpected += 1; // the file did not run: a failed import or a syntax error
      console.log(`\nFAILED to run: ${path.basename(file.name)}\n${file.message.split('\n').slice(0, 20).join('\n')}`);
    }
    for (const test of file.assertionResults.filter((t) => t.status === 'failed')) {
      const message = test.failureMessages.join('\n');
      const known = KNOWN_DIFFERENCES.find((k) => k.test === test.fullName && k.shows.every((text) => message.includes(text)));
      if (known) {
        seen.add(known);
        knownFailures += 1;
      } else {
        unexpected += 1;
      }
      console.log(`\n${known ? 'known upstream difference' : 'FAILED'}: ${path.basename(file.name)} › ${test.fullName}`);
      console.log(known ? `  ${known.cause}` : message.split('\n').slice(0, 20).map((line) => `  ${line}`).join('\n'));
    }
  }
  for (const known of KNOWN_DIFFERENCES.filter((k) => !seen.has(k))) {
    console.log(`\nno longer seen, so remove it from KNOWN_DIFFERENCES: ${known.test}`);
  }
  return { known: knownFailures, unexpected };
}

/** The example's synthesized stacks against the vendored provider schemas: versions, structure and deprecated arguments. */
function reportConformance(stacks: Map<string, Json>): Step {
  console.log('\nProvider-schema conformance of the example synthesized with CDK Terrain');
  let structural = 0;
  for (const [name, config] of stacks) {
    const versions = checkProviderVersions(config);
    const problems = checkConformance(config);
    structural += problems.length;
    console.log(`  ${name}: ${problems.length === 0 ? 'conforms to the vendored schemas' : `${problems.length} problems`}`);
    for (const line of [...versions, ...problems, ...deprecatedUses(config).map((use) => `deprecated: ${use}`)]) console.log(`    ${line}`);
  }
  const versionNotes = [...new Set([...stacks.values()].flatMap((config) => checkProviderVersions(config)))];
  return {
    name: 'conformance of the synthesized example',
    ok: stacks.size > 0 && structural === 0,
    seconds: 0,
    note: stacks.size === 0 ? 'no stack was synthesized' : versionNotes.length ? `checked against older schemas (${versionNotes.length} version notes above)` : undefined,
  };
}

/**
 * For each provider, resource and data source type the example uses, the arguments the fork's binding takes that the
 * cdktf one does not (+) and the other way round (-): what the newer Terraform provider added, renamed or removed.
 */
function reportBindingDifferences(stacks: Map<string, Json>, project: string): void {
  console.log('\nArguments of the types the example uses, @cdktf bindings → @cdktn bindings (+ only in @cdktn, - only in @cdktf)');
  const used = new Set<string>();
  for (const config of stacks.values()) {
    for (const kind of ['resource', 'data'] as const) for (const type of Object.keys((config[kind] as Json | undefined) ?? {})) used.add(`${kind} ${type}`);
    for (const name of Object.keys((config.provider as Json | undefined) ?? {})) used.add(`provider ${name}`);
  }
  let same = 0;
  for (const entry of [...used].sort()) {
    const [kind, type] = entry.split(' ') as ['resource' | 'data' | 'provider', string];
    const provider = kind === 'provider' ? type : type.slice(0, type.indexOf('_'));
    const read = (root: string, scope: string) => {
      const file = path.join(root, 'node_modules', `@${scope}`, `provider-${provider}`, 'lib', bindingFolder(kind, type), 'index.d.ts');
      return fs.existsSync(file) ? bindingArguments(fs.readFileSync(file, 'utf8')) : undefined;
    };
    const before = read(ROOT, 'cdktf');
    const after = read(project, 'cdktn');
    if (!before || !after) {
      console.log(`  ${entry}: no binding found ${!before ? 'in @cdktf' : 'in @cdktn'}`);
      continue;
    }
    const lines = [...after.filter((a) => !before.includes(a)).map((a) => `+ ${a}`), ...before.filter((b) => !after.includes(b)).map((b) => `- ${b}`)];
    if (lines.length === 0) same += 1;
    else console.log(`  ${entry}: ${lines.join(', ')}`);
  }
  console.log(`  the other ${same} types take the same arguments`);
}

function reportDifferences(cdktf: Map<string, Json>, terrain: Map<string, Json>): void {
  console.log('\nDifferences in the synthesized example, cdktf → CDK Terrain (+ added, - removed, ~ changed, > renamed)');
  for (const name of [...new Set([...cdktf.keys(), ...terrain.keys()])].sort()) {
    if (!cdktf.has(name) || !terrain.has(name)) {
      console.log(`  ${name}: synthesized with ${cdktf.has(name) ? 'cdktf' : 'CDK Terrain'} only`);
      continue;
    }
    const lines = diffSynthesized(cdktf.get(name), terrain.get(name));
    console.log(`  ${name}: ${lines.length === 0 ? 'identical' : `${lines.length} differences`}`);
    for (const line of lines) console.log(`    ${line}`);
  }
}

if (require.main === module) main();
