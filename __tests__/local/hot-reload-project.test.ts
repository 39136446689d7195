import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { RestApi } from '../../src/constructs/rest-api/rest-api';
import { HotReload } from '../../src/local/hot-reload';
import { call, FixtureStack, fixtureHandler, serve, Served, synthFixture } from './server-helpers';

// The edit-reload loop on a project of its own, with real file edits: a project whose cdktf.json `app` is a small
// synth script (it copies a synthesized stack and puts functions/hello/index.js in as the function's bundle, in a
// few milliseconds, and fails when the handler says SYNTAX ERROR), served with hot reload watching the project.

let template: FixtureStack;
let project: string;
let served: Served;
let hotReload: HotReload;

const SYNTH = `
const fs = require('node:fs');
const path = require('node:path');
const source = fs.readFileSync(path.join(__dirname, 'functions', 'hello', 'index.js'), 'utf8');
fs.mkdirSync(path.join(__dirname, 'cdktf.out'), { recursive: true });
fs.appendFileSync(path.join(__dirname, 'cdktf.out', 'synths.log'), 'synth\\n');
if (source.includes('SYNTAX ERROR')) {
  console.error('functions/hello/index.js: SYNTAX ERROR');
  process.exit(1);
}
const outdir = process.env.CDKTF_OUTDIR || path.join(__dirname, 'cdktf.out');
const stackDir = path.join(outdir, 'stacks', 'local');
fs.rmSync(stackDir, { recursive: true, force: true });
fs.cpSync(path.join(__dirname, 'template'), stackDir, { recursive: true });
fs.writeFileSync(path.join(stackDir, 'assets', 'local-hello', 'index.js'), source);
`;

/** A handler answering `version`; `?mode=exit` ends its worker, as a crash would. */
const handler = (version: string) =>
  `exports.handler = async (event) => { if ((event.queryStringParameters || {}).mode === 'exit') process.exit(3); return { statusCode: 200, body: JSON.stringify({ version: '${version}' }) }; };\n`;

const handlerFile = () => path.join(project, 'functions', 'hello', 'index.js');
const stackDir = () => path.join(project, 'cdktf.out', 'stacks', 'local');
const synths = () => fs.readFileSync(path.join(project, 'cdktf.out', 'synths.log'), 'utf8').split('\n').filter(Boolean).length;
const version = async () => (await call(`${served.base}/test/hello`)).json?.version;

/** Polls until `check` holds; hot reload acts after a quiet time, not at a known moment. */
async function eventually<T>(read: () => Promise<T> | T, check: (value: T) => boolean, attempts = 150): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const value = await read();
    if (check(value) || attempt >= attempts) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  template = synthFixture((stack) => {
    const hello = fixtureHandler(stack, 'hello', { source: 'hello' });
    new RestApi(stack, 'Api', { stageName: 'test' }).root.addResource('hello').addMethod('GET', new LambdaIntegration(hello));
  });
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-rest-api-project-'));
  fs.writeFileSync(path.join(project, 'cdktf.json'), JSON.stringify({ app: 'node synth.js', output: 'cdktf.out' }));
  fs.writeFileSync(path.join(project, 'synth.js'), SYNTH);
  fs.cpSync(template.stackDir, path.join(project, 'template'), { recursive: true });
  fs.mkdirSync(path.dirname(handlerFile()), { recursive: true });
  fs.writeFileSync(handlerFile(), handler('v1'));
  expect(spawnSync(process.execPath, ['synth.js'], { cwd: project }).status).toBe(0);
  served = await serve(stackDir());
  hotReload = new HotReload(served.api, { stackDir: stackDir(), projectRoot: project, debounceMs: 100, rewatchMs: 100, log: (line) => served.logs.push(line) });
  await hotReload.start();
});

afterAll(async () => {
  hotReload?.close();
  await served?.api.stop();
  if (project) fs.rmSync(project, { recursive: true, force: true });
  template?.remove();
});

describe('hot reload of a project', () => {
  test('an edit in place is served after the synth, without a restart', async () => {
    fs.writeFileSync(handlerFile(), handler('in-place'));
    expect(await eventually(version, (value) => value === 'in-place')).toBe('in-place');
  });

  test("an editor's atomic save (a temporary file renamed over the handler) is picked up", async () => {
    const temporary = path.join(project, 'functions', 'hello', '.index.js.swp');
    fs.writeFileSync(temporary, handler('atomic-save'));
    fs.renameSync(temporary, handlerFile());
    expect(await eventually(version, (value) => value === 'atomic-save')).toBe('atomic-save');
  });

  test('a file copied over the handler with cp is picked up', async () => {
    const outside = path.join(os.tmpdir(), `lambda-rest-api-cp-${process.pid}.js`);
    fs.writeFileSync(outside, handler('copied'));
    expect(spawnSync('cp', [outside, handlerFile()]).status).toBe(0);
    fs.rmSync(outside);
    expect(await eventually(version, (value) => value === 'copied')).toBe('copied');
  });

  test('a file moved over the handler with mv is picked up', async () => {
    const outside = path.join(project, `moved-${process.pid}.tmp`);
    fs.writeFileSync(outside, handler('moved'));
    expect(spawnSync('mv', [outside, handlerFile()]).status).toBe(0);
    expect(await eventually(version, (value) => value === 'moved')).toBe('moved');
  });

  test('a burst of edits gives one synth, and the last edit is served', async () => {
    await eventually(() => served.logs.filter((line) => line.startsWith('reloaded')).length, () => false, 6);
    const before = synths();
    for (let edit = 1; edit <= 10; edit++) fs.writeFileSync(handlerFile(), handler(`burst-${edit}`));
    expect(await eventually(version, (value) => value === 'burst-10')).toBe('burst-10');
    // Quiet for a while: no second synth follows.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(synths() - before).toBe(1);
  });

  test('fails when the synth fails: the previous version keeps serving, even from a new worker once its bundle is deleted', async () => {
    fs.writeFileSync(handlerFile(), `${handler('broken')}// SYNTAX ERROR\n`);
    await eventually(() => served.logs, (logs) => logs.some((line) => line.startsWith('synth failed (exit 1), still serving the previous version')));
    fs.rmSync(path.join(stackDir(), 'assets'), { recursive: true, force: true });
    const crashed = await call(`${served.base}/test/hello?mode=exit`);
    expect(crashed.status).toBe(502);
    expect(await version()).toBe('burst-10');
  });

  test('a folder deleted while it is watched does not stop the server, and the next edit is picked up', async () => {
    const nested = path.join(project, 'functions', 'scratch', 'a', 'b');
    fs.mkdirSync(nested, { recursive: true });
    fs.writeFileSync(path.join(nested, 'file.js'), '// scratch\n');
    fs.rmSync(path.join(project, 'functions', 'scratch'), { recursive: true, force: true });
    fs.writeFileSync(handlerFile(), handler('after-delete'));
    expect(await eventually(version, (value) => value === 'after-delete')).toBe('after-delete');
  });

  test('a watcher that fails is made again, and an edit after it is picked up', async () => {
    const failed = hotReload.watcher('project')!;
    failed.emit('error', new Error('ENOENT: no such file or directory, scandir (simulated)'));
    await eventually(() => hotReload.watcher('project'), (watcher) => watcher !== undefined && watcher !== failed);
    expect(served.logs).toContainEqual(expect.stringMatching(/^watcher of .* failed \(ENOENT: no such file or directory, scandir \(simulated\)\); watching it again$/));
    // The new watcher is ready once it is listed; give it its first scan.
    await new Promise((resolve) => setTimeout(resolve, 200));
    fs.writeFileSync(handlerFile(), handler('rewatched'));
    expect(await eventually(version, (value) => value === 'rewatched')).toBe('rewatched');
  });

  test('files of the output folder, node_modules and hidden folders are not sources: writing them runs no synth', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = synths();
    for (const folder of ['node_modules/pkg', '.git', 'dist']) {
      fs.mkdirSync(path.join(project, folder), { recursive: true });
      fs.writeFileSync(path.join(project, folder, 'file.js'), '// not a source\n');
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(synths()).toBe(before);
  });
});
