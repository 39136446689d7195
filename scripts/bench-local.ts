// `npm run bench:local`: requests/s and latency of the local API against a bare node:http server that calls the
// same trivial handler in-process, on loopback, 50 connections each, measured by autocannon.
//
// Each of the three runs in a process of its own, so neither server pays for the other's or the load generator's
// CPU: this script synthesizes the stack and forks a bare server and the local API, then loads them in turns
// with autocannon's CLI in a third process. The rounds alternate which server goes first, and the summary is the
// median of the rounds, because the machines this runs on are often shared and their load drifts.
//
//   BENCH_SECONDS=5    length of each measurement
//   BENCH_ROUNDS=5     rounds (each measures both servers)
//   BENCH_WORKERS=n    workers of the local API's function (default: the machine's parallelism, 2 to 4)
//   BENCH_PROFILE=dir  writes a V8 CPU profile of the local API's process to dir (`node --cpu-prof`)
//   BENCH_SERVERLESS_OFFLINE=dir  also loads serverless-offline serving the same handler, in the same rounds: dir
//                      is a folder outside the project where `serverless@3` and `serverless-offline@13` are
//                      installed (npm install --ignore-scripts serverless@3.39.0 serverless-offline@13.9.0)
import { ChildProcess, execFile, fork, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const CONNECTIONS = 50;
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FIXTURE_PROJECT = join(__dirname, '..', '__tests__', 'fixtures', 'local-api');
const SERVERLESS_OFFLINE_DIR = process.env.BENCH_SERVERLESS_OFFLINE;
const SERVERS = ['bare node:http', 'local API', ...(SERVERLESS_OFFLINE_DIR ? (['serverless-offline'] as const) : [])] as const;
type ServerName = 'bare node:http' | 'local API' | 'serverless-offline';

interface Result {
  readonly requestsPerSecond: number;
  /** CPU time of the server's process (every thread, user and system) per request answered. */
  readonly cpuMicrosPerRequest: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
  /** CPU time of the server's process so far, every thread, user and system, in µs. */
  readonly cpuMicros: () => Promise<number>;
}

/** autocannon's CLI in its own process, so the load generator shares neither server's event loop. */
async function load(server: Server, seconds: number): Promise<Result> {
  const cli = require.resolve('autocannon/autocannon.js');
  const cpuBefore = await server.cpuMicros();
  const { stdout } = await promisify(execFile)(process.execPath, [cli, '-c', String(CONNECTIONS), '-d', String(seconds), '-j', server.url], { maxBuffer: 16 * 1024 * 1024 });
  const cpuMicros = (await server.cpuMicros()) - cpuBefore;
  const report = JSON.parse(stdout);
  return {
    requestsPerSecond: report.requests.average,
    cpuMicrosPerRequest: cpuMicros / report.requests.total,
    p50Ms: report.latency.p50,
    p99Ms: report.latency.p99,
    errors: report.errors + report.non2xx,
  };
}

function cpuMicrosOf(child: ChildProcess): Promise<number> {
  return new Promise((done) => {
    child.once('message', (message: { cpuMicros: number }) => done(message.cpuMicros));
    child.send('cpu');
  });
}

/** CPU time of a process that is not ours to ask (Linux): utime and stime of /proc/<pid>/stat, in clock ticks of 10 ms. */
async function procCpuMicros(pid: number): Promise<number> {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/**
 * serverless-offline, as its users run it (`serverless offline start`, default options), serving the same handler
 * at the same path; its own per-request log goes nowhere, as the local API's does here.
 */
async function startServerlessOffline(stackDir: string): Promise<Server> {
  const installDir = resolve(SERVERLESS_OFFLINE_DIR!);
  const service = mkdtempSync(join(installDir, 'bench-service-'));
  copyFileSync(join(stackDir, 'assets', 'bench-hello', 'index.js'), join(service, 'handler.js'));
  writeFileSync(
    join(service, 'serverless.yml'),
    ['service: bench', "frameworkVersion: '3'", 'provider:', '  name: aws', '  runtime: nodejs20.x', '  stage: bench', 'plugins:', '  - serverless-offline', 'functions:', '  hello:', '    handler: handler.handler', '    events:', '      - http:', '          path: hello', '          method: get', ''].join('\n'),
  );
  const [httpPort, lambdaPort] = [await freePort(), await freePort()];
  // serverless 3 loads its plugins with require(); Node 20.19 would hand it serverless-offline's ESM namespace.
  const child = spawn(
    process.execPath,
    ['--no-experimental-require-module', join(installDir, 'node_modules', 'serverless', 'bin', 'serverless.js'), 'offline', 'start', '--httpPort', String(httpPort), '--lambdaPort', String(lambdaPort)],
    { cwd: service, env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' }, stdio: 'ignore' },
  );
  child.once('exit', () => rmSync(service, { recursive: true, force: true }));
  const url = `http://127.0.0.1:${httpPort}/bench/hello`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`serverless-offline exited with ${child.exitCode} before listening`);
    if ((await fetch(url).then((response) => response.status, () => 0)) === 200) break;
    if (attempt > 600) throw new Error('serverless-offline did not answer in 60 s');
    await new Promise((done) => setTimeout(done, 100));
  }
  return { child, url, cpuMicros: () => procCpuMicros(child.pid!) };
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => done(port));
    });
  });
}

function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

function synthesize(outdir: string): string {
  // Loaded here only: the server processes need none of cdktf.
  const { App, TerraformStack } = require('cdktf') as typeof import('cdktf');
  const { ArchiveProvider } = require('@cdktf/provider-archive/lib/provider') as typeof import('@cdktf/provider-archive/lib/provider');
  const { AwsProvider } = require('@cdktf/provider-aws/lib/provider') as typeof import('@cdktf/provider-aws/lib/provider');
  const { LambdaHandler } = require('../src/constructs/lambda-handler/lambda-handler') as typeof import('../src/constructs/lambda-handler/lambda-handler');
  const { LambdaIntegration } = require('../src/constructs/integrations/lambda-integration') as typeof import('../src/constructs/integrations/lambda-integration');
  const { RestApi } = require('../src/constructs/rest-api/rest-api') as typeof import('../src/constructs/rest-api/rest-api');
  const app = new App({ outdir, context: { cdktfJsonPath: join(FIXTURE_PROJECT, 'cdktf.json') } });
  const stack = new TerraformStack(app, 'bench');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new ArchiveProvider(stack, 'archive');
  // No throttling: the stage's limits would measure the token bucket, not the emulator.
  const api = new RestApi(stack, 'Api', { stageName: 'bench' });
  api.root.addResource('hello').addMethod('GET', new LambdaIntegration(new LambdaHandler(stack, 'hello', { source: 'hello' })));
  app.synth();
  return join(outdir, 'stacks', 'bench');
}

/** The child process of one server: listens on a free loopback port, sends it to the parent, and stops on 'stop'. */
async function runServer(name: ServerName, stackDir: string): Promise<void> {
  let stop: () => Promise<void>;
  let port: number;
  if (name === 'bare node:http') {
    const { handler } = require(join(stackDir, 'assets', 'bench-hello', 'index.js'));
    const bare = createServer(async (_request, response) => {
      const result = await handler({}, {});
      response.writeHead(result.statusCode, result.headers).end(result.body);
    });
    await new Promise<void>((done) => bare.listen(0, '127.0.0.1', done));
    port = (bare.address() as AddressInfo).port;
    stop = async () => void bare.close();
  } else {
    const { LocalApi } = require('../src/local/local-api') as typeof import('../src/local/local-api');
    const workers = process.env.BENCH_WORKERS ? Number(process.env.BENCH_WORKERS) : undefined;
    const api = new LocalApi({ stackDir, port: 0, host: '127.0.0.1', log: () => undefined, maxWorkersPerFunction: workers });
    await api.start();
    port = Number(new URL(api.url).port);
    stop = () => api.stop();
  }
  const exit = async () => {
    await stop();
    // A normal exit, so that --cpu-prof writes its profile.
    process.exit(0);
  };
  process.on('message', (message) => {
    if (message === 'cpu') process.send!({ cpuMicros: cpuMicros() });
    else if (message === 'stop') void exit();
  });
  // The benchmark ended without stopping it (it failed or was interrupted): no server outlives it.
  process.on('disconnect', () => void exit());
  process.send!({ port });
}

async function startServer(name: ServerName, stackDir: string): Promise<Server> {
  if (name === 'serverless-offline') return startServerlessOffline(stackDir);
  const profileDir = process.env.BENCH_PROFILE;
  const execArgv = name === 'local API' && profileDir ? [...process.execArgv, '--cpu-prof', '--cpu-prof-dir', resolve(profileDir)] : process.execArgv;
  const child = fork(__filename, ['serve', name, stackDir], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((done, fail) => {
    child.once('message', (message: { port: number }) => done(message.port));
    child.once('exit', (code) => fail(new Error(`the ${name} server exited with ${code} before listening`)));
  });
  return { child, url: `http://127.0.0.1:${port}/bench/hello`, cpuMicros: () => cpuMicrosOf(child) };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  if (child.connected) child.send('stop');
  else child.kill('SIGTERM');
  await exited;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function line(name: string, result: Result): string {
  const cpu = `${Math.round(result.cpuMicrosPerRequest)} µs CPU/request`;
  return `${name.padEnd(18)} ${Math.round(result.requestsPerSecond).toString().padStart(7)} requests/s   p50 ${result.p50Ms} ms   p99 ${result.p99Ms} ms   ${cpu.padStart(20)}   errors ${result.errors}`;
}

async function main(): Promise<void> {
  const outdir = mkdtempSync(join(tmpdir(), 'lambda-rest-api-bench-'));
  const servers = new Map<ServerName, Server>();
  try {
    const stackDir = synthesize(outdir);
    for (const name of SERVERS) servers.set(name, await startServer(name, stackDir));
    console.log(`Node.js ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION_SECONDS} s per server`);
    // Warm both up (JIT, the emulator's workers) before measuring.
    for (const name of SERVERS) await load(servers.get(name)!, 1);
    const results = new Map<ServerName, Result[]>(SERVERS.map((name) => [name, []]));
    const ratios: number[] = [];
    const offlineRatios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? SERVERS : [...SERVERS].reverse();
      const measured = new Map<ServerName, Result>();
      for (const name of order) measured.set(name, await load(servers.get(name)!, DURATION_SECONDS));
      for (const [name, result] of measured) results.get(name)!.push(result);
      const ratio = measured.get('local API')!.requestsPerSecond / measured.get('bare node:http')!.requestsPerSecond;
      ratios.push(ratio);
      const offline = measured.get('serverless-offline');
      if (offline) offlineRatios.push(measured.get('local API')!.requestsPerSecond / offline.requestsPerSecond);
      const vsOffline = offline ? `; local API / serverless-offline: ${offlineRatios[offlineRatios.length - 1].toFixed(2)}x` : '';
      console.log(`round ${round + 1}: ${SERVERS.map((name) => line(name, measured.get(name)!)).join('\n         ')}\n         local API / bare: ${(ratio * 100).toFixed(1)}%${vsOffline}`);
    }
    const summary = new Map(
      [...results].map(([name, rounds]) => [
        name,
        {
          requestsPerSecond: median(rounds.map((result) => result.requestsPerSecond)),
          cpuMicrosPerRequest: median(rounds.map((result) => result.cpuMicrosPerRequest)),
          p50Ms: median(rounds.map((result) => result.p50Ms)),
          p99Ms: median(rounds.map((result) => result.p99Ms)),
          errors: rounds.reduce((sum, result) => sum + result.errors, 0),
        },
      ]),
    );
    console.log(`\nmedians of ${ROUNDS} rounds:`);
    for (const [name, result] of summary) console.log(line(name, result));
    const local = summary.get('local API')!;
    const spread = `rounds ${(Math.min(...ratios) * 100).toFixed(1)}% to ${(Math.max(...ratios) * 100).toFixed(1)}%`;
    console.log(`local API / bare: ${(median(ratios) * 100).toFixed(1)}% of the requests/s, median of the rounds' ratios (${spread}; target: at least 30%), p99 ${local.p99Ms} ms (target: under 10 ms)`);
    if (offlineRatios.length > 0) {
      console.log(`local API / serverless-offline: ${median(offlineRatios).toFixed(2)}x the requests/s, median of the rounds' ratios (rounds ${Math.min(...offlineRatios).toFixed(2)}x to ${Math.max(...offlineRatios).toFixed(2)}x)`);
    }
  } finally {
    await Promise.all([...servers.values()].map(({ child }) => stopServer(child)));
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'serve') {
  runServer(process.argv[3] as ServerName, process.argv[4]).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
