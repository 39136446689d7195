import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { HotReload } from '../../src/local/hot-reload';
import { RestApi } from '../../src/constructs/rest-api/rest-api';
import { call, FixtureStack, fixtureHandler, serve, Served, synthFixture } from './server-helpers';

let fixture: FixtureStack;

beforeAll(() => {
  fixture = synthFixture((stack) => {
    const misbehave = fixtureHandler(stack, 'misbehave', { source: 'misbehave' });
    new RestApi(stack, 'Api', { stageName: 'test' }).root.addResource('misbehave').addMethod('GET', new LambdaIntegration(misbehave));
  });
});

afterAll(() => fixture?.remove());

/** Polls until `check` holds; hot reload acts after a quiet time, not at a known moment. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const value = await read();
    if (check(value) || attempt >= 100) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('LocalApi hot reload', () => {
  let served: Served;
  let hotReload: HotReload;
  const bundle = () => path.join(fixture.stackDir, 'assets', 'local-misbehave', 'index.js');
  let original: string;

  beforeAll(async () => {
    original = fs.readFileSync(bundle(), 'utf8');
    served = await serve(fixture.stackDir);
    hotReload = new HotReload(served.api, { stackDir: fixture.stackDir, debounceMs: 50, log: (line) => served.logs.push(line) });
    await hotReload.start();
  });

  afterAll(async () => {
    hotReload?.close();
    await served?.api.stop();
    fs.writeFileSync(bundle(), original);
  });

  test('a rewritten bundled handler answers the next requests, without a restart', async () => {
    expect((await call(`${served.base}/test/misbehave`)).json).toEqual({ mode: 'ok' });
    fs.writeFileSync(bundle(), "exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ mode: 'reloaded' }) });\n");
    const answer = await eventually(() => call(`${served.base}/test/misbehave`), (value) => value.json?.mode === 'reloaded');
    expect(answer.json).toEqual({ mode: 'reloaded' });
    expect(served.logs).toContainEqual(expect.stringMatching(/^reloaded .*: 1 routes; new code or settings: local-misbehave$/));
  });

  test('a reload keeps one pool of long-lived workers per function', async () => {
    await Promise.all(Array.from({ length: 10 }, () => call(`${served.base}/test/misbehave`)));
    expect(served.api.workers()['local-misbehave']).toBeLessThanOrEqual(4);
  });

  test('fails when the stack folder becomes unreadable: the previous version keeps serving', async () => {
    const file = path.join(fixture.stackDir, 'cdk.tf.json');
    const stack = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, '{ not json');
    try {
      await eventually(async () => served.logs, (logs) => logs.some((line) => line.startsWith('reload failed')));
      expect((await call(`${served.base}/test/misbehave`)).status).toBe(200);
    } finally {
      fs.writeFileSync(file, stack);
    }
  });
});

describe('lambda-rest-api serve', () => {
  let child: ChildProcess;
  let output = '';

  beforeAll(async () => {
    const bin = path.join(__dirname, '..', '..', 'bin', 'lambda-rest-api.js');
    child = spawn(process.execPath, [bin, 'serve', fixture.stackDir, '--port', '0', '--no-watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    await eventually(async () => output, (text) => /local-misbehave/.test(text) || child.exitCode !== null);
  });

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  test('--port 0 picks a free port and prints it with the route table', () => {
    expect(output).toMatch(/^local-Api: http:\/\/127\.0\.0\.1:\d+\/test$/m);
    expect(output).toMatch(/^ {2}GET {2}\/test\/misbehave {2}local-misbehave$/m);
  });

  test('says once which Node.js runs the handlers and which runtime the stack names', () => {
    const lines = output.split('\n').filter((line) => line.startsWith('handlers run on'));
    expect(lines).toEqual([`handlers run on this machine's Node.js ${process.version}; the stack names nodejs24.x`]);
  });

  test('serves the stack at the printed address', async () => {
    const base = /^local-Api: (http:\/\/\S+)$/m.exec(output)![1];
    expect((await call(`${base}/misbehave`)).json).toEqual({ mode: 'ok' });
  });

  test('stops on SIGTERM with exit code 0', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM: stopping');
  });
});
