import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalApi } from '../../src/local/local-api';
import { formatRoutes } from '../../src/model/route-table';
import { readStack } from '../../src/model/stack-model';

// The README's "Your first route, end to end", followed as a newcomer would on a fresh clone: the project's files
// are copied to a scratch folder (node_modules linked), the code blocks of the section are applied to the files
// their first line names, and then its commands run there. `npm test` there would run this suite again, and the
// whole suite twice; so its two parts run instead: tsc, and every suite a route touches.

const ROOT = path.resolve(__dirname, '..', '..');
const SECTION = '## Your first route, end to end';
/** The suites a new route touches: the new test, those that read the example's routes, the docs and the layout. */
const AFFECTED_SUITES = [
  '__tests__/example/health.test.ts',
  '__tests__/example/api-stack.test.ts',
  '__tests__/example/functions.test.ts',
  '__tests__/example/security-policy.test.ts',
  '__tests__/example/server-prod-example.test.ts',
  '__tests__/docs.test.ts',
  '__tests__/layout.test.ts',
];
// tsc, a synth and seven suites on a machine shared with the rest of the suite.
const SLOW = 600_000;

/** A code block of the section: the file its first line names (`// functions/health/index.ts`), where in it, and the code. */
export interface Step {
  readonly file: string;
  /** What the first line says after the file, such as `at the end of ROUTES`. */
  readonly where: string;
  readonly code: string;
}

/** The TypeScript code blocks of the README's first-route section, without the list's indentation. */
export function firstRouteSteps(readme: string): Step[] {
  const start = readme.indexOf(SECTION);
  if (start < 0) throw new Error(`README.md has no section "${SECTION}"`);
  const end = readme.indexOf('\n## ', start + SECTION.length);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^( *)```ts\n([\s\S]*?)^\1```$/gm)].map(([, indent, body]) => {
    const lines = body.split('\n').map((line) => line.slice(indent.length));
    const heading = /^\/\/ ([\w./-]+)(?:, (.*))?$/.exec(lines[0]);
    if (!heading) throw new Error(`a code block of "${SECTION}" does not start with the file it goes in: ${lines[0]}`);
    return { file: heading[1], where: heading[2] ?? '', code: lines.slice(1).join('\n') };
  });
}

/** `step` applied to the project at `root`: a new file, or lines added at the end of `ROUTES`. */
function apply(root: string, step: Step): void {
  const file = path.join(root, step.file);
  if (step.where === '') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, step.code);
    return;
  }
  if (step.where !== 'at the end of ROUTES') throw new Error(`the README says to put code "${step.where}" in ${step.file}; teach this test where that is`);
  const text = fs.readFileSync(file, 'utf8');
  const list = text.indexOf('export const ROUTES');
  const close = text.indexOf('\n];', list);
  if (list < 0 || close < 0) throw new Error(`${step.file} has no "export const ROUTES = [ ... ];" to add to`);
  fs.writeFileSync(file, `${text.slice(0, close + 1)}${step.code}${text.slice(close + 1)}`);
}

/** The project's files as a clone has them: tracked, or new and not ignored. */
function projectFiles(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file !== '' && fs.existsSync(path.join(ROOT, file)));
}

function run(root: string, command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true', FORCE_COLOR: '0' } });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.slice(-6000) };
}

describe("the README's first route, in a copy of the project", () => {
  let root: string;
  const steps = firstRouteSteps(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'first-route-'));
    for (const file of projectFiles()) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, file), path.join(root, file));
    }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    for (const step of steps) apply(root, step);
  }, SLOW);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('is three code blocks: the handler, the line in ROUTES, the test', () => {
    expect(steps.map((step) => [step.file, step.where])).toEqual([
      ['functions/health/index.ts', ''],
      ['example/api-stack.ts', 'at the end of ROUTES'],
      ['__tests__/example/health.test.ts', ''],
    ]);
  });

  test('npm run docs, then the type check and every suite the route touches pass', () => {
    const docs = run(root, 'npm', ['run', 'docs']);
    expect({ docs: docs.status, output: docs.output }).toEqual({ docs: 0, output: expect.stringContaining('docs/example-app.md: generated regions rewritten') });

    const tsc = run(root, process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', '.']);
    expect({ tsc: tsc.status, output: tsc.output }).toEqual({ tsc: 0, output: '' });

    const jest = run(root, process.execPath, [path.join(root, 'node_modules/jest/bin/jest.js'), '--ci', '--runInBand', ...AFFECTED_SUITES]);
    expect({ jest: jest.status, output: jest.output }).toEqual({ jest: 0, output: expect.stringMatching(new RegExp(`Test Suites: ${AFFECTED_SUITES.length} passed`)) });
  }, SLOW);

  test('npm run synth, then the route table has the route and the served dev stack answers it', async () => {
    const synth = run(root, 'npm', ['run', 'synth']);
    expect({ synth: synth.status, output: synth.output }).toEqual({ synth: 0, output: expect.stringContaining('synthesized dev, prod into cdktf.out/stacks/<stack>/') });

    expect(formatRoutes(readStack(path.join(root, 'cdktf.out/stacks/prod')), 'table')).toMatch(/^GET +\/health +AWS_PROXY +items-prod-health:prod /m);

    const api = new LocalApi({ stackDir: path.join(root, 'cdktf.out/stacks/dev'), port: 0, variables: { items_bucket_name: 'items-local' }, log: () => undefined, functionLog: () => undefined });
    try {
      await api.start();
      const response = await fetch(`${api.url}/dev/health`);
      expect([response.status, await response.json()]).toEqual([200, { status: 'ok' }]);
    } finally {
      await api.stop();
    }
  }, SLOW);
});
