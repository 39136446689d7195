// `npm run bench:local`: requests/s and latency of the local API against a bare node:http server that calls the
// same trivial handler in-process, on loopback, 50 connections each, measured by autocannon in a child process.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { ArchiveProvider } from '@cdktf/provider-archive/lib/provider';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LambdaHandler } from '../src/lambda-handler';
import { LambdaIntegration } from '../src/lambda-integration';
import { LocalApi } from '../src/local/local-api';
import { RestApi } from '../src/rest-api';

const CONNECTIONS = 50;
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const FIXTURE_PROJECT = join(__dirname, '..', '__tests__', 'fixtures', 'local-api');

interface Result {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

/** autocannon's CLI in its own process, so the load generator does not share the servers' event loop. */
async function load(url: string, seconds: number): Promise<Result> {
  const cli = require.resolve('autocannon/autocannon.js');
  const { stdout } = await promisify(execFile)(process.execPath, [cli, '-c', String(CONNECTIONS), '-d', String(seconds), '-j', url], { maxBuffer: 16 * 1024 * 1024 });
  const report = JSON.parse(stdout);
  return { requestsPerSecond: report.requests.average, p50Ms: report.latency.p50, p99Ms: report.latency.p99, errors: report.errors + report.non2xx };
}

function synthesize(outdir: string): string {
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

async function main(): Promise<void> {
  const outdir = mkdtempSync(join(tmpdir(), 'lambda-rest-api-bench-'));
  const stackDir = synthesize(outdir);
  const { handler } = require(join(stackDir, 'assets', 'bench-hello', 'index.js'));
  const bare = createServer(async (_request, response) => {
    const result = await handler({}, {});
    response.writeHead(result.statusCode, result.headers).end(result.body);
  });
  await new Promise<void>((done) => bare.listen(0, '127.0.0.1', done));
  const api = new LocalApi({ stackDir, port: 0, log: () => undefined, maxWorkersPerFunction: process.env.BENCH_WORKERS ? Number(process.env.BENCH_WORKERS) : undefined });
  await api.start();
  try {
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/bench/hello`;
    const localUrl = `${api.url}/bench/hello`;
    // Warm both up (JIT, the emulator's workers) before measuring.
    await load(bareUrl, 1);
    await load(localUrl, 1);
    const results = { 'bare node:http': await load(bareUrl, DURATION_SECONDS), 'local API': await load(localUrl, DURATION_SECONDS) };
    for (const [name, result] of Object.entries(results)) {
      console.log(`${name.padEnd(15)} ${Math.round(result.requestsPerSecond).toString().padStart(7)} requests/s   p50 ${result.p50Ms} ms   p99 ${result.p99Ms} ms   errors ${result.errors}`);
    }
    const ratio = results['local API'].requestsPerSecond / results['bare node:http'].requestsPerSecond;
    console.log(`local API / bare: ${(ratio * 100).toFixed(1)}% of the requests/s (target: at least 30%), p99 ${results['local API'].p99Ms} ms (target: under 10 ms)`);
  } finally {
    await api.stop();
    bare.close();
    rmSync(outdir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
