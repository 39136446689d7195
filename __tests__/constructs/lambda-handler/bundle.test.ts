import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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

    bundleHandler({ root: ROOT, entry: path.join(ROOT, 'functions/get-item/index.ts'), outdir, handler: 'index.handler', runtime: 'nodejs24.x' });

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

    bundleHandler({ root: ROOT, entry: path.join(ROOT, 'functions/fallback/index.ts'), outdir, handler: 'index.handler', runtime: 'nodejs22.x' });

    expect(fs.readdirSync(outdir)).toEqual(['index.js']);
  });

  test('writes a nested handler file at its path', () => {
    const outdir = temporaryFolder();

    bundleHandler({ root: ROOT, entry: path.join(ROOT, 'functions/fallback/index.ts'), outdir, handler: 'lib/app.main', runtime: 'nodejs24.x' });

    expect(fs.existsSync(path.join(outdir, 'lib/app.js'))).toBe(true);
  });

  test('copies the bundle made earlier from the same entry and options instead of running esbuild again', () => {
    const options = { root: ROOT, entry: path.join(ROOT, 'functions/get-item/index.ts'), handler: 'index.handler', runtime: 'nodejs22.x' };
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
    const options = { root, entry: path.join(root, 'functions/fn/index.ts'), handler: 'index.handler', runtime: 'nodejs24.x' };
    bundleHandler({ ...options, outdir: path.join(root, 'first') });
    fs.writeFileSync(shared, "export const answer = 'forty-two, from the changed file';\n");

    bundleHandler({ ...options, outdir: path.join(root, 'second') });

    expect(fs.readFileSync(path.join(root, 'second/index.js'), 'utf8')).toContain('forty-two, from the changed file');
  });
});
