import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { run } from '../../src/cli/routes';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { formatRoutes } from '../../src/model/route-table';
import { parseStack } from '../../src/model/stack-model';
import { api, handler, newStack } from '../support/helpers';
import { capture, CommandResult } from '../support/cli';

/** Runs `routes` with `args`, capturing what it writes. */
const routes = (...args: string[]): Promise<CommandResult> => capture(() => run(args));

describe('lambda-rest-api routes', () => {
  const stack = newStack();
  const rest = api(stack, { throttling: { rateLimit: 10, burstLimit: 5 } });
  rest.root.addResource('items').addMethod('GET', new LambdaIntegration(handler(stack, 'list-items')));
  const synthesized = Testing.synth(stack);
  const model = parseStack(synthesized);
  const stackDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-routes-'));
  fs.writeFileSync(path.join(stackDir, 'cdk.tf.json'), synthesized);
  afterAll(() => fs.rmSync(stackDir, { recursive: true, force: true }));

  test('prints the aligned table by default', async () => {
    expect(await routes(stackDir)).toEqual({ code: 0, stdout: formatRoutes(model, 'table'), stderr: '' });
  });

  test.each(['table', 'markdown', 'mermaid'] as const)('prints --format %s', async (format) => {
    expect(await routes(stackDir, '--format', format)).toEqual({ code: 0, stdout: formatRoutes(model, format), stderr: '' });
  });

  test('takes -f for --format', async () => {
    expect((await routes('-f', 'markdown', stackDir)).stdout).toBe(formatRoutes(model, 'markdown'));
  });

  test('prints its usage with --help', async () => {
    const result = await routes('--help');

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^usage: lambda-rest-api routes <stackDir> \[--format table\|markdown\|mermaid\]/);
  });

  test('fails with exit code 2 when the format is unknown', async () => {
    const result = await routes(stackDir, '--format', 'html');

    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe('routes: --format "html" is not one of table, markdown, mermaid; see lambda-rest-api routes --help\n');
  });

  test('fails with exit code 2 without a stack folder, or with two', async () => {
    expect(await routes()).toMatchObject({ code: 2, stderr: 'routes: expected one stack folder, got 0; see lambda-rest-api routes --help\n' });
    expect(await routes('a', 'b')).toMatchObject({ code: 2, stderr: 'routes: expected one stack folder, got 2: a b; see lambda-rest-api routes --help\n' });
  });

  test('fails with exit code 2 for an unknown option', async () => {
    expect(await routes(stackDir, '--colour')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^routes: Unknown option '--colour'.*; see lambda-rest-api routes --help\n$/) });
  });

  test('fails with exit code 2 when the folder holds no synthesized stack, saying how to make one', async () => {
    const empty = path.join(stackDir, 'empty');
    fs.mkdirSync(empty, { recursive: true });

    expect(await routes(empty)).toEqual({
      code: 2,
      stdout: '',
      stderr: `routes: ${empty}: no cdk.tf.json here; synthesize first (npm run synth) and pass cdktf.out/stacks/<stack>; see lambda-rest-api routes --help\n`,
    });
  });

  test("fails with exit code 2 when given cdktf's output folder, listing the stacks it could show", async () => {
    const outdir = path.join(stackDir, 'cdktf.out');
    for (const name of ['prod', 'dev']) {
      fs.mkdirSync(path.join(outdir, 'stacks', name), { recursive: true });
      fs.writeFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), synthesized);
    }

    expect(await routes(outdir)).toEqual({
      code: 2,
      stdout: '',
      stderr: `routes: ${outdir} holds no stack of its own but 2 below it; pass one of ${path.join(outdir, 'stacks/dev')}, ${path.join(outdir, 'stacks/prod')}; see lambda-rest-api routes --help\n`,
    });
    expect((await routes(path.join(outdir, 'stacks'))).stderr).toMatch(/holds no stack of its own but 2 below it; pass one of .*stacks\/dev, .*stacks\/prod;/);
  });

  test('fails with exit code 1 when the stack cannot be read', async () => {
    const broken = path.join(stackDir, 'broken');
    fs.mkdirSync(broken, { recursive: true });
    fs.writeFileSync(path.join(broken, 'cdk.tf.json'), '{ not json');

    expect(await routes(broken)).toMatchObject({ code: 1, stderr: expect.stringMatching(/^routes: /) });
  });

  test('runs as npx lambda-rest-api routes, through the bin script', () => {
    const bin = path.join(__dirname, '..', '..', 'bin', 'lambda-rest-api.js');

    expect(execFileSync(process.execPath, [bin, 'routes', stackDir, '--format', 'markdown'], { encoding: 'utf8' })).toBe(formatRoutes(model, 'markdown'));
  });
});
