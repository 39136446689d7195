// Reads the committed results of `npm run test:mutation` (mutation/<module>.incremental.json, Stryker's
// incremental report in the mutation-testing-report-schema format) into the scores table. No Stryker import: the
// table is rebuilt from these files by `npm run docs` and checked by `__tests__/docs.test.ts`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MUTATION_MODULES, MutationModule } from '../mutation/modules';

const ROOT = path.resolve(__dirname, '..');

/** The results of one module's last run. */
export function incrementalFile(moduleName: string, root = ROOT): string {
  return path.join(root, 'mutation', `${moduleName}.incremental.json`);
}

/** How a results file is written: one form for every writer, so a rewrite with the same results gives the same bytes. */
export function resultsText(report: unknown): string {
  return `${JSON.stringify(report, null, 1)}\n`;
}

/** A mutant's outcome, as the report schema names it. */
export type MutantStatus = 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'RuntimeError' | 'CompileError' | 'Ignored' | 'Pending';

/** A place in a source file, as the report schema gives it (lines and columns from 1). */
interface ReportLocation {
  readonly start: { readonly line: number; readonly column: number };
  readonly end: { readonly line: number; readonly column: number };
}

export interface ReportMutant {
  readonly status: MutantStatus;
  readonly statusReason?: string;
  readonly location?: ReportLocation;
  readonly [key: string]: unknown;
}

/** The parts of Stryker's incremental report this project reads or keeps. */
export interface StrykerReport {
  readonly schemaVersion: string;
  readonly thresholds: unknown;
  readonly files: Record<string, { readonly source: string; readonly mutants: readonly ReportMutant[]; readonly [key: string]: unknown }>;
  readonly testFiles?: Record<string, unknown>;
  readonly framework?: { readonly name: string; readonly version: string; readonly dependencies?: Record<string, string>; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** The longest reason a mutant was killed that the committed results keep. */
const MAX_REASON_LENGTH = 200;

/**
 * The report without what belongs to one machine: the project root and the options Stryker ran with (absolute
 * paths), the framework's logo, and the reasons mutants were killed cut to their first line (jest's diffs and stack
 * frames name sandbox and node_modules paths, and would make up half the file). Stryker's incremental mode reads
 * only `files` and `testFiles`, which stay as they were otherwise.
 */
export function sanitizeReport(report: StrykerReport, machinePaths: readonly string[]): StrykerReport {
  const scrub = (text: string): string => {
    // The first line says why (the assertion, the error); the rest is jest's diff and stack frames.
    let clean = text.trim().split('\n')[0];
    for (const machinePath of machinePaths) clean = clean.split(machinePath).join('<dir>');
    // Stryker's sandbox folders (.stryker-tmp/sandbox-AbC123) differ from run to run.
    clean = clean.replace(/\.stryker-tmp\/sandbox-[A-Za-z0-9]+\//g, '');
    return clean.length > MAX_REASON_LENGTH ? `${clean.slice(0, MAX_REASON_LENGTH - 3)}...` : clean;
  };
  const files = Object.fromEntries(
    Object.entries(report.files).map(([name, file]) => [
      name,
      {
        ...file,
        mutants: [...file.mutants]
          .sort(bySourceOrder)
          .map((mutant) => (mutant.statusReason === undefined ? mutant : { ...mutant, statusReason: scrub(mutant.statusReason) })),
      },
    ]),
  );
  const framework = report.framework && { name: report.framework.name, version: report.framework.version, dependencies: report.framework.dependencies };
  return { schemaVersion: report.schemaVersion, thresholds: report.thresholds, files, testFiles: report.testFiles, framework };
}

/**
 * Mutants in the order of the source, whatever order the run tested them in: Stryker appends the mutants it retests
 * after the ones it reuses, so a rerun with nothing changed would otherwise rewrite the committed file.
 */
function bySourceOrder(a: ReportMutant, b: ReportMutant): number {
  const key = (mutant: ReportMutant) => {
    const { start, end } = mutant.location ?? { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } };
    return [start.line, start.column, end.line, end.column];
  };
  const [keyA, keyB] = [key(a), key(b)];
  const byPlace = keyA.map((value, index) => value - keyB[index]).find((difference) => difference !== 0);
  if (byPlace !== undefined) return byPlace;
  const text = (mutant: ReportMutant) => `${String(mutant.mutatorName)}\u0000${String(mutant.replacement)}`;
  return text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0;
}

/**
 * The report without its static mutants (code run when a module loads, or in a test's `beforeAll`) that no test
 * detected. Stryker has no per-test coverage of a static mutant, so its incremental mode would reuse such a result
 * even after tests were added; without it in the report, the run tests the mutant again, against every test.
 */
export function withoutUndetectedStatic(report: StrykerReport): StrykerReport {
  const detected = (mutant: ReportMutant) => mutant.static !== true || ['Killed', 'Timeout', 'Ignored'].includes(mutant.status);
  const files = Object.fromEntries(Object.entries(report.files).map(([name, file]) => [name, { ...file, mutants: file.mutants.filter(detected) }]));
  return { ...report, files };
}

export interface ModuleScore {
  readonly mutants: number;
  /** Killed or timed out: a test noticed. */
  readonly detected: number;
  readonly survived: number;
  readonly noCoverage: number;
  /** Mutants that do not run (a runtime or compile error), left out of the score as Stryker does. */
  readonly errors: number;
  /** Mutants marked equivalent with a `Stryker disable` comment and its reason, left out of the score. */
  readonly equivalent: number;
  /** detected / (detected + survived + noCoverage), in percent: Stryker's mutation score. */
  readonly score: number;
}

export function scoreOf(mutants: readonly ReportMutant[]): ModuleScore {
  const count = (...statuses: MutantStatus[]) => mutants.filter((mutant) => statuses.includes(mutant.status)).length;
  const detected = count('Killed', 'Timeout');
  const survived = count('Survived');
  const noCoverage = count('NoCoverage');
  const valid = detected + survived + noCoverage;
  return {
    mutants: mutants.length,
    detected,
    survived,
    noCoverage,
    errors: count('RuntimeError', 'CompileError'),
    equivalent: count('Ignored'),
    score: valid === 0 ? 100 : (100 * detected) / valid,
  };
}

/** The source files a module mutates now: its `mutate` entries, a `*` standing for any name in one folder. */
export function mutatedFiles(module: MutationModule, root = ROOT): string[] {
  return module.mutate.flatMap((pattern) => {
    if (!pattern.includes('*')) return [pattern];
    const folder = path.posix.dirname(pattern);
    const name = new RegExp(`^${path.posix.basename(pattern).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    return fs
      .readdirSync(path.join(root, folder))
      .filter((entry) => name.test(entry))
      .sort()
      .map((entry) => `${folder}/${entry}`);
  });
}

/** What differs between the sources a report was measured on and the module's sources now. */
export function changedSince(module: MutationModule, report: StrykerReport, root = ROOT): string[] {
  const now = mutatedFiles(module, root);
  const measured = Object.keys(report.files);
  return [...new Set([...now, ...measured])]
    .filter((file) => !measured.includes(file) || !now.includes(file) || fs.readFileSync(path.join(root, file), 'utf8') !== report.files[file].source)
    .sort();
}

const percent = (value: number) => `${value.toFixed(1)}%`;

interface ModuleRow {
  readonly module: MutationModule;
  /** Absent when the module has not been measured yet. */
  readonly score?: ModuleScore;
  /** Mutated files whose source differs from what the last run measured. */
  readonly changed: readonly string[];
}

function rowsOf(modules: readonly MutationModule[], root: string): ModuleRow[] {
  return modules.map((module) => {
    const file = incrementalFile(module.name, root);
    if (!fs.existsSync(file)) return { module, changed: [] };
    const report = JSON.parse(fs.readFileSync(file, 'utf8')) as StrykerReport;
    return { module, score: scoreOf(Object.values(report.files).flatMap((entry) => entry.mutants)), changed: changedSince(module, report, root) };
  });
}

function targetCell({ module, score }: ModuleRow): string {
  return `${module.target}%${score === undefined ? '' : score.score >= module.target ? ' met' : ' **not met**'}`;
}

function currentCell({ module, score, changed }: ModuleRow): string {
  if (score === undefined) return `not measured yet: run \`npm run test:mutation ${module.name}\``;
  return changed.length === 0 ? 'yes' : `no: ${changed.map((name) => `\`${name}\``).join(', ')} changed since`;
}

/**
 * The generated regions of the scores, from the committed reports: `mutation-scores`, the full table of
 * docs/testing.md, and `mutation-summary`, the README's module, score and target.
 */
export function mutationRegions(modules: readonly MutationModule[] = MUTATION_MODULES, root = ROOT): { 'mutation-scores': string; 'mutation-summary': string } {
  const rows = rowsOf(modules, root);
  const dash = (value: (score: ModuleScore) => string | number) => (row: ModuleRow) => (row.score === undefined ? '-' : String(value(row.score)));
  const full = rows.map((row) =>
    [
      row.module.name,
      row.module.mutate.map((pattern) => `\`${pattern}\``).join(', '),
      dash((score) => score.mutants)(row),
      dash((score) => score.detected)(row),
      dash((score) => score.survived)(row),
      dash((score) => score.noCoverage)(row),
      dash((score) => score.errors)(row),
      dash((score) => score.equivalent)(row),
      dash((score) => `**${percent(score.score)}**`)(row),
      targetCell(row),
      currentCell(row),
    ].join(' | '),
  );
  const summary = rows.map((row) => [row.module.name, dash((score) => percent(score.score))(row), targetCell(row)].join(' | '));
  const table = (header: string, align: string, lines: string[]) => [header, align, ...lines.map((line) => `| ${line} |`), ''].join('\n');
  return {
    'mutation-scores': table(
      '| Module | Mutated | Mutants | Killed + timeout | Survived | No coverage | Errors | Equivalent | Score | Target | Measured on the current source |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
      full,
    ),
    'mutation-summary': table('| Module | Mutation score | Target |', '| --- | ---: | --- |', summary),
  };
}
