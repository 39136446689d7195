import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { run } from '../../src/cli/diff';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { capture } from '../support/cli';
import { api, handler, newStack } from '../support/helpers';

/** A stack folder holding the synthesis of an API with GET /items, and GET /health when `health` is set. */
function stackFolder(root: string, name: string, health: boolean): string {
  const stack = newStack();
  const rest = api(stack);
  rest.root.addResource('items').addMethod('GET', new LambdaIntegration(handler(stack, 'list')));
  if (health) rest.root.addResource('health').addMethod('GET', new LambdaIntegration(handler(stack, 'health')));
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), Testing.synth(stack));
  return dir;
}

describe('lambda-rest-api diff', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-diff-'));
  const before = stackFolder(root, 'before', false);
  const after = stackFolder(root, 'after', true);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const diff = (...args: string[]) => capture(() => run(args));

  test('prints what changes from the first stack folder to the second, section by section', async () => {
    const result = await diff(before, after);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^routes\n {2}\+ stack-Api GET \/health: integration AWS_PROXY, function stack-health, authorization -, API key no, throttling -, caching -\n\nfunctions\n {2}\+ stack-health: /);
    expect(result.stdout).toContain('permissions\n  + stack-health: apigateway.amazonaws.com may lambda:InvokeFunction from API stack-Api/v1/GET/health\n');
  });

  test('says so when nothing changes', async () => {
    expect(await diff(before, before)).toEqual({ code: 0, stdout: 'no differences\n', stderr: '' });
  });

  test('exits with 1 when the stacks differ and --exit-code is given, 0 when they do not', async () => {
    expect((await diff(before, after, '--exit-code')).code).toBe(1);
    expect((await diff(before, before, '--exit-code')).code).toBe(0);
  });

  test("notes a function whose bundled code changed, by a digest of its folder in the stack", async () => {
    const [first, second] = ['code-a', 'code-b'].map((name) => stackFolder(root, name, false));
    const codePath = (dir: string) => path.join(dir, 'assets', 'stack-list');
    fs.mkdirSync(codePath(first), { recursive: true });
    fs.mkdirSync(codePath(second), { recursive: true });
    fs.writeFileSync(path.join(codePath(first), 'index.js'), 'exports.handler = () => 1;\n');
    fs.writeFileSync(path.join(codePath(second), 'index.js'), 'exports.handler = () => 2;\n');

    expect((await diff(first, second)).stdout).toMatch(/^functions\n {2}~ stack-list: code sha256 [0-9a-f]{12} → sha256 [0-9a-f]{12}\n$/);
  });

  test('fails with exit code 2 and one line without two stack folders', async () => {
    expect(await diff(before)).toEqual({ code: 2, stdout: '', stderr: `diff: expected two stack folders, the one before and the one after, got 1: ${before}; see lambda-rest-api diff --help\n` });
  });

  test("fails with exit code 2 when a folder is cdktf's output folder rather than a stack's, listing its stacks", async () => {
    const outdir = path.join(root, 'cdktf.out');
    for (const name of ['dev', 'prod']) stackFolder(path.join(outdir, 'stacks'), name, false);

    expect(await diff(before, outdir)).toEqual({
      code: 2,
      stdout: '',
      stderr: `diff: ${outdir} holds no stack of its own but 2 below it; pass one of ${path.join(outdir, 'stacks/dev')}, ${path.join(outdir, 'stacks/prod')}; see lambda-rest-api diff --help\n`,
    });
  });

  test('runs as npx lambda-rest-api diff, through the bin script', () => {
    const bin = path.join(__dirname, '..', '..', 'bin', 'lambda-rest-api.js');

    expect(execFileSync(process.execPath, [bin, 'diff', before, before], { encoding: 'utf8' })).toBe('no differences\n');
  });
});
