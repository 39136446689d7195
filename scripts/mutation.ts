// `npm run test:mutation [module...]`: mutation testing of the core modules with StrykerJS and its jest runner.
// Each module of mutation/modules.ts is mutated on its own, against its own test files, with per-test coverage
// (each mutant runs only the tests that reach it) and incremental mode: mutation/<module>.incremental.json, which
// is committed, holds the last run's results, so a rerun tests only the mutants whose code or tests changed. The
// script prints the scores table and writes it into the generated regions of README.md and docs/testing.md (the
// region is also what `npm run docs` writes from the committed files, so the two cannot disagree).
//
//   npm run test:mutation                      every module, one after the other
//   npm run test:mutation -- router usage-plans the modules named
//   npm run test:mutation -- --force router    every mutant again, ignoring the last run's results
//   npm run test:mutation -- --concurrency 1   test runner processes (Stryker's default: one per core)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { MUTATION_MODULES, MutationModule } from '../mutation/modules';
import { incrementalFile, mutationRegions, resultsText, sanitizeReport, StrykerReport, withoutUndetectedStatic } from './mutation-report';
import { GENERATED_FILES, renderRegions, ROOT } from './docs';

// The part of @stryker-mutator/core's API this script uses (the package is ESM-only; see run()).
interface StrykerModule {
  Stryker: new (options: Record<string, unknown>) => { runMutationTest(): Promise<{ status: string }[]> };
}

interface Arguments {
  readonly modules: readonly MutationModule[];
  readonly force: boolean;
  readonly concurrency?: number;
}

export function parseArguments(args: readonly string[]): Arguments {
  let parsed: { values: { force?: boolean; concurrency?: string }; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...args], options: { force: { type: 'boolean' }, concurrency: { type: 'string' } }, allowPositionals: true });
  } catch (error) {
    // parseArgs says "Option '--concurrency <value>' argument missing"; the script's wording names the fix.
    if (args.at(-1) === '--concurrency') throw new Error('--concurrency needs a value: give a whole number of processes, 1 or more');
    throw error;
  }
  const { values, positionals: names } = parsed;
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) {
    throw new Error(`--concurrency ${values.concurrency}: give a whole number of processes, 1 or more`);
  }
  const known = MUTATION_MODULES.map((module) => module.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new Error(`unknown module ${unknown.join(', ')}; the modules are ${known.join(', ')}`);
  const modules = names.length === 0 ? MUTATION_MODULES : MUTATION_MODULES.filter((module) => names.includes(module.name));
  return { modules, force: values.force ?? false, concurrency };
}

/** Stryker's options for one module. */
export function strykerOptions(module: MutationModule, options: { force: boolean; concurrency?: number }): Record<string, unknown> {
  return {
    testRunner: 'jest',
    plugins: ['@stryker-mutator/jest-runner'],
    coverageAnalysis: 'perTest',
    mutate: [...module.mutate],
    // The project's jest configuration (ts-jest transpiling, the setup file), narrowed to the module's tests.
    jest: {
      projectType: 'custom',
      configFile: 'jest.config.js',
      config: { testMatch: module.tests.map((test) => `<rootDir>/${test}`) },
      enableFindRelatedTests: false,
    },
    // Type errors are `tsc --noEmit`'s job; ts-jest only transpiles (jest.config.js), so a mutant that does not
    // type-check still runs, as Stryker's TypeScript checker would otherwise reject it for a full program build.
    incremental: true,
    incrementalFile: path.relative(ROOT, incrementalFile(module.name)),
    force: options.force,
    reporters: ['clear-text', 'progress', 'html'],
    clearTextReporter: { reportTests: false, reportScoreTable: true, allowEmojis: false },
    htmlReporter: { fileName: `reports/mutation/${module.name}.html` },
    // The sandbox is a copy of the project; these folders are build output or hold no test input.
    ignorePatterns: ['dist', 'cdktf.out', 'reports', 'mutation', 'bench/cdk/node_modules', 'bench/cdk/cdk.out'],
    tempDirName: '.stryker-tmp',
    cleanTempDir: true,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  };
}

async function run(): Promise<void> {
  const { modules, force, concurrency } = parseArguments(process.argv.slice(2));
  // @stryker-mutator/core is an ES module; tsx loads it through import().
  const { Stryker } = (await import('@stryker-mutator/core' as string)) as StrykerModule;
  const durations: string[] = [];
  for (const module of modules) {
    console.log(`\n== ${module.name}: mutating ${module.mutate.join(', ')} against ${module.tests.join(', ')}\n`);
    const file = incrementalFile(module.name);
    if (fs.existsSync(file)) {
      const last = JSON.parse(fs.readFileSync(file, 'utf8')) as StrykerReport;
      fs.writeFileSync(file, resultsText(withoutUndetectedStatic(last)));
    }
    const started = process.hrtime.bigint();
    await new Stryker(strykerOptions(module, { force, concurrency })).runMutationTest();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    durations.push(`${module.name}: ${seconds.toFixed(0)} s`);
    const report = JSON.parse(fs.readFileSync(file, 'utf8')) as StrykerReport;
    fs.writeFileSync(file, resultsText(sanitizeReport(report, [ROOT, fs.realpathSync(os.tmpdir())])));
  }
  // The regions `npm run docs` writes from the same files, without synthesizing the example for the others.
  const regions: Record<string, string> = mutationRegions();
  const written: string[] = [];
  for (const [relative, names] of Object.entries(GENERATED_FILES)) {
    const wanted = Object.fromEntries(names.filter((name) => name in regions).map((name) => [name, regions[name]]));
    if (Object.keys(wanted).length === 0) continue;
    const file = path.join(ROOT, relative);
    fs.writeFileSync(file, renderRegions(fs.readFileSync(file, 'utf8'), wanted, relative));
    written.push(relative);
  }
  console.log(`\n${regions['mutation-scores']}`);
  console.log(`Run times on ${os.availableParallelism()} cores (load average ${os.loadavg()[0].toFixed(2)}): ${durations.join(', ')}`);
  console.log(`Wrote the scores into ${written.join(' and ')}; the HTML reports are in reports/mutation/.`);
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
