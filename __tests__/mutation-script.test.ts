import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MUTATION_MODULES, MutationModule } from '../mutation/modules';
import { parseArguments, strykerOptions } from '../scripts/mutation';
import { changedSince, incrementalFile, mutatedFiles, mutationRegions, ReportMutant, sanitizeReport, scoreOf, StrykerReport, withoutUndetectedStatic } from '../scripts/mutation-report';

// `npm run test:mutation` (scripts/mutation.ts) runs StrykerJS per module of mutation/modules.ts; these tests cover
// what it is given and what it keeps, without running Stryker, which takes minutes.

const ROOT = path.resolve(__dirname, '..');

const mutant = (status: ReportMutant['status'], statusReason?: string): ReportMutant => ({ id: '1', mutatorName: 'ConditionalExpression', status, statusReason });

describe('parseArguments', () => {
  test('no module names every module, in the order of mutation/modules.ts', () => {
    expect(parseArguments([]).modules.map((module) => module.name)).toEqual(MUTATION_MODULES.map((module) => module.name));
  });

  test('names pick their modules; --force and --concurrency are read', () => {
    expect(parseArguments(['usage-plans', '--force', 'router', '--concurrency', '1'])).toEqual({
      modules: MUTATION_MODULES.filter((module) => module.name === 'router' || module.name === 'usage-plans'),
      force: true,
      concurrency: 1,
    });
  });

  test('fails when a module is unknown, listing the modules', () => {
    expect(() => parseArguments(['routr'])).toThrow(`unknown module routr; the modules are ${MUTATION_MODULES.map((module) => module.name).join(', ')}`);
  });

  test('fails when an option is unknown, naming it', () => {
    expect(() => parseArguments(['--forse', 'router'])).toThrow("Unknown option '--forse'");
  });

  test.each([['0', ['0']], ['two', ['two']], ['nothing', []]])('fails when --concurrency is followed by %s', (_what, value) => {
    expect(() => parseArguments(['--concurrency', ...value])).toThrow(/^--concurrency .*: give a whole number of processes, 1 or more$/);
  });
});

describe('strykerOptions', () => {
  const router = MUTATION_MODULES.find((module) => module.name === 'router')!;

  test("runs jest with the project's configuration on the module's tests only, coverage per test", () => {
    expect(strykerOptions(router, { force: false })).toMatchObject({
      testRunner: 'jest',
      coverageAnalysis: 'perTest',
      mutate: ['src/local/router.ts'],
      jest: { projectType: 'custom', configFile: 'jest.config.js', config: { testMatch: router.tests.map((test) => `<rootDir>/${test}`) } },
    });
  });

  test("is incremental, with the module's committed results file, relative to the project", () => {
    expect(strykerOptions(router, { force: false })).toMatchObject({ incremental: true, incrementalFile: 'mutation/router.incremental.json', force: false });
  });

  test('--force and --concurrency are passed on; without --concurrency Stryker picks it', () => {
    expect(strykerOptions(router, { force: true, concurrency: 1 })).toMatchObject({ force: true, concurrency: 1 });
    expect(strykerOptions(router, { force: false })).not.toHaveProperty('concurrency');
  });
});

describe('scoreOf', () => {
  test("is Stryker's mutation score: killed and timed out over those, survived and not covered", () => {
    const mutants = [mutant('Killed'), mutant('Killed'), mutant('Timeout'), mutant('Survived'), mutant('NoCoverage'), mutant('RuntimeError'), mutant('CompileError'), mutant('Ignored')];
    expect(scoreOf(mutants)).toEqual({ mutants: 8, detected: 3, survived: 1, noCoverage: 1, errors: 2, equivalent: 1, score: 60 });
  });

  test('is 100 when every mutant is equivalent or does not run', () => {
    expect(scoreOf([mutant('Ignored'), mutant('RuntimeError')]).score).toBe(100);
  });
});

describe('sanitizeReport', () => {
  const report: StrykerReport = {
    schemaVersion: '2',
    thresholds: { high: 80, low: 60 },
    projectRoot: '/home/someone/project',
    config: { incrementalFile: '/home/someone/project/mutation/x.json' },
    framework: { name: 'StrykerJS', version: '9.6.1', branding: { imageUrl: 'data:...' }, dependencies: { jest: '30.2.0' } },
    files: {
      'src/a.ts': {
        language: 'typescript',
        source: 'const a = 1;',
        mutants: [
          mutant('Killed', 'Error: expected 1 in /tmp/x/.stryker-tmp/sandbox-Ab12Cd/__tests__/a.test.ts\n\n    at Object.<anonymous> (/home/someone/project/src/a.ts:1:1)'),
          mutant('Killed', `expect(received).toBe(expected) ${'x'.repeat(300)}\nExpected: 1`),
          mutant('Survived'),
        ],
      },
    },
    testFiles: { '__tests__/a.test.ts': { tests: [{ id: '0', name: 'a' }], source: 'test' } },
  };

  test('drops the project root, the options and the logo, and keeps what incremental mode reads', () => {
    const clean = sanitizeReport(report, ['/home/someone/project', '/tmp/x']);
    expect(Object.keys(clean).sort()).toEqual(['files', 'framework', 'schemaVersion', 'testFiles', 'thresholds']);
    expect(clean.framework).toEqual({ name: 'StrykerJS', version: '9.6.1', dependencies: { jest: '30.2.0' } });
    expect(clean.testFiles).toEqual(report.testFiles);
    expect(clean.files['src/a.ts'].source).toBe('const a = 1;');
  });

  test("keeps the first line of the reason a mutant was killed, without this machine's paths, at most 200 characters", () => {
    const [killed, long, survived] = sanitizeReport(report, ['/home/someone/project', '/tmp/x']).files['src/a.ts'].mutants;
    expect(killed.statusReason).toBe('Error: expected 1 in <dir>/__tests__/a.test.ts');
    expect(long.statusReason).toBe(`expect(received).toBe(expected) ${'x'.repeat(165)}...`);
    expect(survived).toEqual(mutant('Survived'));
  });

  test('puts the mutants in source order, then by mutator and replacement, whatever order the run tested them in', () => {
    const at = (line: number, column: number, mutatorName: string, replacement: string) => ({
      ...mutant('Killed'),
      mutatorName,
      replacement,
      location: { start: { line, column }, end: { line, column: column + 1 } },
    });
    const retestedLast = { schemaVersion: '2', thresholds: {}, files: { 'src/a.ts': { source: 'x', mutants: [at(2, 1, 'A', 'x'), at(9, 4, 'B', 'y'), at(1, 7, 'C', 'z'), at(2, 1, 'A', 'w'), at(2, 0, 'D', 'v')] } } };

    const mutants = sanitizeReport(retestedLast, []).files['src/a.ts'].mutants;

    expect(mutants.map((m) => `${m.location!.start.line}:${m.location!.start.column} ${m.mutatorName} ${m.replacement}`)).toEqual([
      '1:7 C z',
      '2:0 D v',
      '2:1 A w',
      '2:1 A x',
      '9:4 B y',
    ]);
  });
});

describe('withoutUndetectedStatic', () => {
  test("drops the static mutants no test detected, so Stryker's incremental mode tests them again; keeps the rest", () => {
    const statuses: ReportMutant['status'][] = ['Killed', 'Timeout', 'Ignored', 'Survived', 'NoCoverage', 'RuntimeError'];
    const mutants = statuses.flatMap((status) => [{ ...mutant(status), static: true }, { ...mutant(status), static: false }]);
    const report: StrykerReport = { schemaVersion: '2', thresholds: {}, files: { 'src/a.ts': { source: 'x', mutants } } };

    const kept = withoutUndetectedStatic(report).files['src/a.ts'].mutants;

    expect(kept.map((m) => `${m.status}${m.static ? ' static' : ''}`)).toEqual([
      'Killed static',
      'Killed',
      'Timeout static',
      'Timeout',
      'Ignored static',
      'Ignored',
      'Survived',
      'NoCoverage',
      'RuntimeError',
    ]);
  });
});

describe('mutationRegions', () => {
  let root: string;
  const module: MutationModule = { name: 'demo', mutate: ['src/demo.ts'], tests: ['__tests__/demo.test.ts'], target: 90 };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mutation-report-'));
    fs.mkdirSync(path.join(root, 'src'));
    fs.mkdirSync(path.join(root, 'mutation'));
    fs.writeFileSync(path.join(root, 'src', 'demo.ts'), 'export const a = 1;\n');
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const measure = (source: string, statuses: ReportMutant['status'][]) =>
    fs.writeFileSync(
      incrementalFile('demo', root),
      JSON.stringify({ schemaVersion: '2', thresholds: {}, files: { 'src/demo.ts': { source, mutants: statuses.map((status) => mutant(status)) } } }),
    );

  test('a module never measured says how to measure it', () => {
    expect(mutationRegions([module], root)['mutation-scores']).toContain(
      '| demo | `src/demo.ts` | - | - | - | - | - | - | - | 90% | not measured yet: run `npm run test:mutation demo` |',
    );
  });

  test('a measured module: its counts, its score against its target, measured on the current source', () => {
    measure('export const a = 1;\n', ['Killed', 'Killed', 'Timeout', 'Survived', 'Ignored']);
    const regions = mutationRegions([module], root);
    expect(regions['mutation-scores']).toContain('| demo | `src/demo.ts` | 5 | 3 | 1 | 0 | 0 | 1 | **75.0%** | 90% **not met** | yes |');
    expect(regions['mutation-summary']).toContain('| demo | 75.0% | 90% **not met** |');
  });

  test('a module at its target is met', () => {
    measure('export const a = 1;\n', ['Killed', 'Killed', 'Killed', 'Killed', 'Killed', 'Killed', 'Killed', 'Killed', 'Killed', 'Survived']);
    expect(mutationRegions([module], root)['mutation-summary']).toContain('| demo | 90.0% | 90% met |');
  });

  test('a module whose source changed since its run names the file', () => {
    measure('export const a = 0;\n', ['Killed']);
    expect(mutationRegions([module], root)['mutation-scores']).toContain('| no: `src/demo.ts` changed since |');
  });
});

describe('mutatedFiles and changedSince', () => {
  test('a * in a mutate pattern stands for every file of its folder that matches', () => {
    const apigw = MUTATION_MODULES.find((module) => module.name === 'apigw')!;
    expect(mutatedFiles(apigw)).toEqual(
      fs.readdirSync(path.join(ROOT, 'src', 'apigw')).filter((name) => name.endsWith('.ts')).sort().map((name) => `src/apigw/${name}`),
    );
  });

  test('a file added to a module since its run, or gone from it, is a change', () => {
    const module: MutationModule = { name: 'x', mutate: ['src/local/router.ts'], tests: [], target: 90 };
    const report = { schemaVersion: '2', thresholds: {}, files: { 'src/local/gone.ts': { source: '', mutants: [] } } };
    expect(changedSince(module, report)).toEqual(['src/local/gone.ts', 'src/local/router.ts']);
  });
});

describe('the committed results (mutation/*.incremental.json)', () => {
  const reports = MUTATION_MODULES.map((module) => ({ module, file: incrementalFile(module.name) }));

  test.each(reports.map(({ module, file }) => [module.name, module, file] as const))('%s: holds the results of its mutated files, without paths of a machine', (_name, module, file) => {
    const text = fs.readFileSync(file, 'utf8');
    const report = JSON.parse(text) as StrykerReport;
    expect(Object.keys(report.files).sort()).toEqual(mutatedFiles(module).sort());
    expect(Object.keys(report).sort()).toEqual(['files', 'framework', 'schemaVersion', 'testFiles', 'thresholds']);
    for (const machinePath of [ROOT, `${fs.realpathSync(os.tmpdir())}/`, '.stryker-tmp']) expect({ file, holds: text.includes(machinePath) ? machinePath : undefined }).toEqual({ file, holds: undefined });
  });

  test('every test file a module names exists', () => {
    const missing = MUTATION_MODULES.flatMap((module) => module.tests.filter((test) => !test.includes('*') && !fs.existsSync(path.join(ROOT, test))));
    expect(missing).toEqual([]);
  });
});
