import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// scripts/synth.js is what `npm run synth` and `cdktf synth` (cdktf.json `app`) run.
const ROOT = path.resolve(__dirname, '..');
const SCRIPT = path.join(ROOT, 'scripts/synth.js');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-script-test-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes `source` to `<dir>/<name>` and runs it through the script with `args` (and `nodeOptions` before the script), from `cwd`. */
function run(name: string, source: string, args: string[] = [], nodeOptions: string[] = [], cwd = ROOT) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, source);
  return spawnSync(process.execPath, [...nodeOptions, SCRIPT, file, ...args], { cwd, encoding: 'utf8' });
}

const THROWS = [
  'const where: string = "the app";',
  'function fail(): never {',
  '  throw new Error(`boom in ${where}`);',
  '}',
  'fail();',
].join('\n');

describe('scripts/synth.js', () => {
  test('runs a TypeScript app with the arguments after its file, as under tsx', () => {
    const result = run('args.ts', 'const args: string[] = process.argv.slice(1);\nconsole.log(JSON.stringify(args));\n', ['a', 'b']);

    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([path.join(dir, 'args.ts'), 'a', 'b']);
  });

  test("bundles the app's own files, and loads packages from the node_modules next to the app", () => {
    fs.writeFileSync(path.join(dir, 'greeting.ts'), 'export const greeting = (name: string): string => `hello ${name}`;\n');
    fs.mkdirSync(path.join(dir, 'node_modules/some-package'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules/some-package/index.js'), 'exports.where = __filename;\n');
    const source = "import { greeting } from './greeting';\nimport { where } from 'some-package';\nconsole.log(greeting(where));\n";

    const result = run('imports.ts', source);

    expect(result.stdout).toBe(`hello ${path.join(dir, 'node_modules/some-package/index.js')}\n`);
  });

  test("fails with exit code 1 and one line naming the file, line, column and esbuild's message when the app does not compile", () => {
    const result = run('broken.ts', 'const x: number = ;\n');

    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`synth failed: the app does not compile: ${path.relative(ROOT, path.join(dir, 'broken.ts'))}:1:18: Unexpected ";"; fix the code there\n`);
  });

  test('counts the errors after the first', () => {
    const result = run('imports-missing.ts', "import { a } from './nothere';\nimport { b } from './gone';\nconsole.log(a, b);\n");

    expect(result.stderr).toMatch(/^synth failed: the app does not compile: .*imports-missing\.ts:1:18: Could not resolve "\.\/nothere" \(and 1 more error\); fix the code there\n$/);
  });

  test('maps stack traces to the TypeScript lines with node --enable-source-maps', () => {
    const result = run('throws.ts', THROWS, [], ['--enable-source-maps']);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`at fail (${path.join(dir, 'throws.ts')}:3:9)`);
  });

  test('maps stack traces to the TypeScript lines from any working directory, however deep', () => {
    const deep = path.join(dir, 'a/b/c/d');
    fs.mkdirSync(deep, { recursive: true });

    const result = run('throws.ts', THROWS, [], ['--enable-source-maps'], deep);

    expect(result.stderr).toContain(`at fail (${path.join(dir, 'throws.ts')}:3:9)`);
  });
});
