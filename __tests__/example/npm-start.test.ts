import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { ApiStack } from '../../example/api-stack';
import { ENVIRONMENTS } from '../../example/environments';
import { call } from '../local/server-helpers';

// `npm start` and `lambda-rest-api serve` as a user runs them, with real signals: Ctrl-C in a terminal sends SIGINT
// to the whole foreground process group (npm, its shell and the server), `kill <pid>` sends SIGTERM to npm alone.
// The synth writes into a temporary folder (cdktf's CDKTF_OUTDIR), not the project's cdktf.out.

const ROOT = path.join(__dirname, '..', '..');
// Each test starts a real npm, a synth and a server.
jest.setTimeout(60_000);

interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly base: string;
  readonly exited: Promise<number | null>;
}

/** Starts `command` in a process group of its own, as a terminal does, and waits for the banner's address. */
async function start(command: string, args: string[], env: Record<string, string>, banner: RegExp): Promise<Started> {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  for (let attempt = 0; attempt < 600 && !banner.test(output) && child.exitCode === null; attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
  const match = banner.exec(output);
  if (!match) throw new Error(`no banner from ${command} ${args.join(' ')}:\n${output}`);
  return { child, output: () => output, base: match[1], exited };
}

/** Ends a group that a test left running, so no server outlives the suite. */
function killGroup(started: Started | undefined): void {
  if (started?.child.pid !== undefined && started.child.exitCode === null) {
    try {
      process.kill(-started.child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return false;
  } catch {
    return true;
  }
}

describe('npm start', () => {
  let outdir: string;
  let started: Started | undefined;

  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-rest-api-start-'));
  });

  afterEach(() => {
    killGroup(started);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('serves the dev stack with its S3 stand-in, then stops on Ctrl-C from a terminal (SIGINT to the process group)', async () => {
    // The stand-in's line comes last of the banner's writes.
    started = await start('npm', ['start'], { PORT: '0', CDKTF_OUTDIR: outdir }, /^items-dev-api: (http:\/\/\S+)\/dev$[\s\S]*^S3 stand-in for bucket /m);
    const items = await call(`${started.base}/dev/items`);
    expect([items.status, items.json]).toEqual([200, { items: [], nextCursor: null }]);
    expect(started.output()).toMatch(/^handlers run on this machine's Node\.js v\d+\.\d+\.\d+; the stack names nodejs\d+\.x$/m);
    expect(started.output()).toMatch(/^S3 stand-in for bucket "items-local" at http:\/\/127\.0\.0\.1:\d+ /m);

    process.kill(-started.child.pid!, 'SIGINT');
    await started.exited;
    expect(started.output()).toContain('SIGINT: stopping');
    expect(await refused(`${started.base}/dev/items`)).toBe(true);
  });

  test('stops when SIGTERM is sent to npm alone, its shell ending without passing it on', async () => {
    started = await start('npm', ['start'], { PORT: '0', CDKTF_OUTDIR: outdir }, /^items-dev-api: (http:\/\/\S+)\/dev$/m);
    process.kill(started.child.pid!, 'SIGTERM');
    await started.exited;
    const stoppedBy = /^(SIGTERM|the process that started this one ended): stopping$/m;
    // npm has exited; the server notices within half a second and stops on its own, and its port closes.
    for (let attempt = 0; attempt < 100 && !(await refused(`${started.base}/dev/items`)); attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await refused(`${started.base}/dev/items`)).toBe(true);
    expect(started.output()).toMatch(stoppedBy);
  });
});

describe('lambda-rest-api serve on the prod example', () => {
  const TOKEN = 'local-writer-token-0123456789';
  let outdir: string;
  let started: Started | undefined;

  beforeAll(async () => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-rest-api-serve-prod-'));
    const app = new App({ outdir });
    new ApiStack(app, 'prod', ENVIRONMENTS.prod);
    app.synth();
    const sha = createHash('sha256').update(TOKEN).digest('hex');
    const bin = path.join(ROOT, 'bin', 'lambda-rest-api.js');
    // The banner comes in several writes, the stand-in's line last: wait for it, or a busy machine gives the test
    // the first chunk alone.
    const banner = /^items-prod-api: (http:\/\/\S+)\/prod$[\s\S]*^S3 stand-in for bucket /m;
    started = await start(process.execPath, [bin, 'serve', path.join(outdir, 'stacks', 'prod'), '--port', '0', '--no-watch', '--var', `writer_token_sha256=${sha}`], {}, banner);
  });

  afterAll(async () => {
    if (started) {
      process.kill(started.child.pid!, 'SIGTERM');
      await started.exited;
    }
    killGroup(started);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test("starts the project's local config (local-api.config.ts): the S3 stand-in, as npm start does", () => {
    expect(started!.output()).toContain(`local config: ${path.join(ROOT, 'local-api.config.ts')}`);
    expect(started!.output()).toMatch(/^S3 stand-in for bucket "items-local" at http:\/\/127\.0\.0\.1:\d+ /m);
  });

  test('a write with the bearer token and the printed API key is stored, and read back', async () => {
    const key = /^API key "[^"]+" \(usage plan "[^"]+"\): (\S+)/m.exec(started!.output())![1];
    const headers = { 'x-api-key': key, authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const written = await call(`${started!.base}/prod/items/p1`, { method: 'PUT', headers, body: '{"name":"pen","price":1.5}' });
    const read = await call(`${started!.base}/prod/items/p1`, { headers: { 'x-api-key': key } });
    expect([written.status, read.status, read.json.name]).toEqual([200, 200, 'pen']);
  });
});
