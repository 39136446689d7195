import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ValidationError } from '../../../src/apigw/errors';
import { bundleHandler, findEntryFile, projectRoot } from '../../../src/constructs/lambda-handler/bundle';
import { newStack } from '../../support/helpers';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const outdirs: string[] = [];
afterAll(() => outdirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function temporaryFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-test-'));
  outdirs.push(dir);
  return dir;
}

/** A temporary project holding `files` (path from its root → content). */
function project(files: Record<string, string>): string {
  const root = temporaryFolder();
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

describe('projectRoot', () => {
  test('is the folder of the nearest cdktf.json above the working directory', () => {
    expect(projectRoot(newStack())).toBe(ROOT);
  });

  test("follows the app's cdktfJsonPath context", () => {
    const stack = newStack();
    stack.node.setContext('cdktfJsonPath', '/elsewhere/project/cdktf.json');

    expect(projectRoot(stack)).toBe('/elsewhere/project');
  });
});

describe('findEntryFile', () => {
  test('finds the TypeScript file the handler names', () => {
    expect(findEntryFile('stack/fn', ROOT, 'functions', 'get-item', 'index.handler')).toBe(path.join(ROOT, 'functions/get-item/index.ts'));
  });

  test('fails when the folder climbs out of functions/', () => {
    expect(() => findEntryFile('stack/fn', ROOT, 'functions', '../src', 'index.handler')).toThrow(/^stack\/fn: handler folder "functions\/\.\.\/src" does not exist/);
  });
});

describe('bundleHandler', () => {
  test('writes one CommonJS file where the runtime looks for the handler, leaving the AWS SDK to the runtime', () => {
    const outdir = temporaryFolder();

    bundleHandler({ where: 'stack/fn', root: ROOT, entry: path.join(ROOT, 'functions/get-item/index.ts'), outdir, handler: 'index.handler', runtime: 'nodejs24.x' });

    expect(fs.readdirSync(outdir)).toEqual(['index.js']);
    const code = fs.readFileSync(path.join(outdir, 'index.js'), 'utf8');
    expect(code).toMatch(/module\.exports = __toCommonJS/);
    expect(code).toContain('require("@aws-sdk/client-s3")');
    expect(code).toContain('// functions/get-item/index.ts');
    expect(code).not.toContain(ROOT);
  });

  test('empties the folder first, so no stale file is zipped', () => {
    const outdir = temporaryFolder();
    fs.writeFileSync(path.join(outdir, 'stale.js'), '');

    bundleHandler({ where: 'stack/fn', root: ROOT, entry: path.join(ROOT, 'functions/fallback/index.ts'), outdir, handler: 'index.handler', runtime: 'nodejs22.x' });

    expect(fs.readdirSync(outdir)).toEqual(['index.js']);
  });

  test('writes a nested handler file at its path', () => {
    const root = project({ 'functions/fn/lib/app.ts': 'export const main = async () => 1;\n' });
    const outdir = path.join(root, 'out');

    bundleHandler({ where: 'stack/fn', root, entry: path.join(root, 'functions/fn/lib/app.ts'), outdir, handler: 'lib/app.main', runtime: 'nodejs24.x' });

    expect(fs.existsSync(path.join(outdir, 'lib/app.js'))).toBe(true);
  });

  /** Bundles `functions/fn/index.*` of a project made of `files`, with the handler given. */
  function bundleProject(files: Record<string, string>, handler = 'index.handler'): () => void {
    const root = project(files);
    const entry = path.join(root, Object.keys(files)[0]);
    return () => bundleHandler({ where: 'stack/fn', root, entry, outdir: path.join(root, 'out'), handler, runtime: 'nodejs24.x' });
  }

  test('accepts a handler exported through a re-export', () => {
    expect(bundleProject({ 'functions/fn/index.ts': "export * from './impl';\n", 'functions/fn/impl.ts': 'export const handler = async () => 1;\n' })).not.toThrow();
  });

  test('fails when the entry does not export the function the handler names, listing what it exports', () => {
    const build = bundleProject({ 'functions/fn/index.ts': 'export const handler = async () => 1;\nexport const helper = 2;\n' }, 'index.nothere');

    expect(build).toThrow(
      new ValidationError(
        'stack/fn: handler "index.nothere" names the export "nothere", but functions/fn/index.ts exports only handler, helper; export a function named "nothere" there, or change handler',
      ),
    );
  });

  test('fails when the entry exports nothing', () => {
    expect(bundleProject({ 'functions/fn/index.ts': 'async function handler() { return 1; }\nvoid handler;\n' })).toThrow(
      /^stack\/fn: handler "index.handler" names the export "handler", but functions\/fn\/index.ts exports nothing; export a function named "handler" there, or change handler$/,
    );
  });

  test('leaves a CommonJS entry unchecked: its exports are known only when it runs', () => {
    expect(bundleProject({ 'functions/fn/index.js': 'module.exports.handler = async () => 1;\n' })).not.toThrow();
  });

  test('fails with one line naming the file, line, column and message when the handler has a syntax error', () => {
    expect(bundleProject({ 'functions/fn/index.ts': 'export const handler = async () => {\n  return 1 +;\n};\n' })).toThrow(
      new ValidationError('stack/fn: the handler does not bundle: functions/fn/index.ts:2:12: Unexpected ";"; fix the code there'),
    );
  });

  test('fails with one line when the handler imports a file that does not exist, counting the other errors', () => {
    const build = bundleProject({ 'functions/fn/index.ts': "import { a } from './nothere';\nimport { b } from './gone';\nimport { c } from './lost';\nexport const handler = () => [a, b, c];\n" });

    expect(build).toThrow(
      new ValidationError('stack/fn: the handler does not bundle: functions/fn/index.ts:1:18: Could not resolve "./nothere" (and 2 more errors); fix the code there'),
    );
  });

  test('copies the bundle made earlier from the same entry and options instead of running esbuild again', () => {
    const options = { where: 'stack/fn', root: ROOT, entry: path.join(ROOT, 'functions/get-item/index.ts'), handler: 'index.handler', runtime: 'nodejs22.x' };
    const first = temporaryFolder();
    const second = temporaryFolder();
    bundleHandler({ ...options, outdir: first });
    fs.appendFileSync(path.join(first, 'index.js'), '// copied\n');

    bundleHandler({ ...options, outdir: second });

    expect(fs.readFileSync(path.join(second, 'index.js'), 'utf8')).toMatch(/\/\/ copied\n$/);
  });

  test('bundles again when a file the bundle was made from has changed', () => {
    const root = temporaryFolder();
    const shared = path.join(root, 'functions/shared/answer.ts');
    fs.mkdirSync(path.dirname(shared), { recursive: true });
    fs.writeFileSync(shared, "export const answer = 'forty-one';\n");
    fs.mkdirSync(path.join(root, 'functions/fn'));
    fs.writeFileSync(path.join(root, 'functions/fn/index.ts'), "import { answer } from '../shared/answer';\nexport const handler = () => answer;\n");
    const options = { where: 'stack/fn', root, entry: path.join(root, 'functions/fn/index.ts'), handler: 'index.handler', runtime: 'nodejs24.x' };
    bundleHandler({ ...options, outdir: path.join(root, 'first') });
    fs.writeFileSync(shared, "export const answer = 'forty-two, from the changed file';\n");

    bundleHandler({ ...options, outdir: path.join(root, 'second') });

    expect(fs.readFileSync(path.join(root, 'second/index.js'), 'utf8')).toContain('forty-two, from the changed file');
  });
});
