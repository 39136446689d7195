import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleHandler } from '../src/constructs/lambda-handler/bundle';
import { controlPlaneCalls, ControlPlaneCalls } from './control-plane';
import { cloudFormationPolicies, largestPolicy, terraformPolicies } from './policy';

// `npm run bench`: synthesizes the same API (bench/bench-stack.ts with ours, its definition as resources and as an
// OpenAPI body, and bench/cdk/app.ts with AWS CDK's aws-apigateway) at several sizes, each run its own process
// measured from outside, the three taking turns; then prints the tables and writes them into BENCHMARKS.md. BENCH_RUNS sets the runs per tool and size (5);
// BENCH_SIZES a comma-separated list of sizes; BENCH_SKIP_TESTS=1 skips timing `npm test`.

const ROOT = path.resolve(__dirname, '..');
const SIZES = (process.env.BENCH_SIZES ?? '10,100,300,1000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CDK_DIR = path.join(ROOT, 'bench/cdk');
const SYNTH = path.join(ROOT, 'scripts/synth.js');
const TIME = '/usr/bin/time';

/** A whole-process measurement: wall-clock seconds and peak resident set size in MB. */
interface Sample {
  readonly seconds: number;
  readonly peakRssMb: number;
}

interface ToolResult {
  readonly samples: Sample[];
  /** Resources by type in the last run's output. */
  readonly resources: Record<string, number>;
  readonly largestPolicyBytes: number;
  readonly largestPolicyStatements: number;
  /** Bytes of the synthesized configuration (cdk.tf.json, or the CloudFormation template). */
  readonly outputBytes: number;
  /** The API Gateway calls of a first apply (ours only). */
  readonly calls?: ControlPlaneCalls;
}

interface SizeResult {
  readonly routes: number;
  /** Ours, the API defined by resources. */
  readonly ours: ToolResult;
  /** Ours, the API defined by an OpenAPI body. */
  readonly openapi: ToolResult;
  readonly cdk: ToolResult;
}

function main(): void {
  installCdk();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-rest-api-bench-'));
  try {
    const asset = path.join(work, 'asset');
    // CDK's functions share one asset, the same handler ours bundles; CDK stages it, it does not build it.
    bundleHandler({ where: 'bench', root: ROOT, entry: path.join(ROOT, 'functions/fallback/index.ts'), outdir: asset, handler: 'index.handler', runtime: 'nodejs24.x' });
    const loadBefore = os.loadavg()[0];
    const sizes = SIZES.map((routes) => measureSize(routes, work, asset));
    const synth = measureRuns(RUNS, () => run(['npm', 'run', '-s', 'synth'], { CDKTF_OUTDIR: path.join(work, 'example') }));
    const tests = process.env.BENCH_SKIP_TESTS === '1' ? undefined : run(['npm', 'test', '--silent'], {});
    const report = render(sizes, synth, tests, loadBefore);
    console.log(report);
    writeIntoBenchmarks(report);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Installs bench/cdk's pinned dependencies when they are missing (a fresh clone needs only the root `npm ci`). */
function installCdk(): void {
  const wanted = JSON.parse(fs.readFileSync(path.join(CDK_DIR, 'package.json'), 'utf8')).dependencies['aws-cdk-lib'];
  const installed = path.join(CDK_DIR, 'node_modules/aws-cdk-lib/package.json');
  if (fs.existsSync(installed) && JSON.parse(fs.readFileSync(installed, 'utf8')).version === wanted) return;
  console.error(`installing bench/cdk (aws-cdk-lib ${wanted}) with npm ci`);
  const result = spawnSync('npm', ['ci', '--prefix', CDK_DIR, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm ci --prefix bench/cdk failed');
}

function measureSize(routes: number, work: string, asset: string): SizeResult {
  const oursOut = path.join(work, `ours-${routes}`);
  const openapiOut = path.join(work, `openapi-${routes}`);
  const cdkOut = path.join(work, `cdk-${routes}`);
  const ours: Sample[] = [];
  const openapi: Sample[] = [];
  const cdk: Sample[] = [];
  const steps = [
    () => ours.push(run(['node', SYNTH, 'bench/ours-app.ts', String(routes), 'resources'], { CDKTF_OUTDIR: fresh(oursOut) })),
    () => openapi.push(run(['node', SYNTH, 'bench/ours-app.ts', String(routes), 'openapi'], { CDKTF_OUTDIR: fresh(openapiOut) })),
    () => cdk.push(run(['node', SYNTH, 'bench/cdk/app.ts', String(routes), fresh(cdkOut), asset], {})),
  ];
  for (let i = 0; i < RUNS; i++) {
    // Rotate which tool goes first, so none always meets a warmer or busier machine.
    for (let j = 0; j < steps.length; j++) steps[(i + j) % steps.length]();
  }
  const templateFile = path.join(cdkOut, 'bench.template.json');
  const template = JSON.parse(fs.readFileSync(templateFile, 'utf8'));
  const cdkPolicy = largestPolicy(cloudFormationPolicies(template));
  const result = {
    routes,
    ours: terraformResult(ours, path.join(oursOut, 'stacks/bench/cdk.tf.json')),
    openapi: terraformResult(openapi, path.join(openapiOut, 'stacks/bench/cdk.tf.json')),
    cdk: {
      samples: cdk,
      resources: countBy(Object.values(template.Resources as Record<string, { Type: string }>).map((resource) => resource.Type)),
      largestPolicyBytes: cdkPolicy.bytes,
      largestPolicyStatements: cdkPolicy.statements,
      outputBytes: fs.statSync(templateFile).size,
    },
  };
  const [o, a, c] = [median(ours), median(openapi), median(cdk)];
  console.error(`N=${routes}: resources ${o.seconds.toFixed(2)} s ${o.peakRssMb} MB, openapi ${a.seconds.toFixed(2)} s ${a.peakRssMb} MB, CDK ${c.seconds.toFixed(2)} s ${c.peakRssMb} MB`);
  return result;
}

/** What one of our runs wrote: its resources, largest policy, size and the API Gateway calls of applying it. */
function terraformResult(samples: Sample[], tfFile: string): ToolResult {
  const tf = JSON.parse(fs.readFileSync(tfFile, 'utf8'));
  const policy = largestPolicy(terraformPolicies(tf));
  return {
    samples,
    resources: countBy(Object.entries(tf.resource as Record<string, object>).flatMap(([type, blocks]) => Object.keys(blocks).map(() => type))),
    largestPolicyBytes: policy.bytes,
    largestPolicyStatements: policy.statements,
    outputBytes: fs.statSync(tfFile).size,
    calls: controlPlaneCalls(tf),
  };
}

/** `dir`, emptied: every run starts from nothing, as a fresh synth does. */
function fresh(dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  return dir;
}

/**
 * Runs `command` in the project root and measures it from outside: wall time around the whole process, and its
 * peak RSS as GNU time reports it (the kernel's high-water mark, VmHWM, of the process). Fails on a non-zero exit.
 */
function run(command: string[], env: Record<string, string>): Sample {
  const report = path.join(os.tmpdir(), `lambda-rest-api-bench-time-${process.pid}`);
  const started = process.hrtime.bigint();
  const result = spawnSync(TIME, ['-f', '%M', '-o', report, ...command], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${command.join(' ')} failed (${result.status}):\n${result.stderr}`);
  const peakKb = Number(fs.readFileSync(report, 'utf8').trim().split('\n').pop());
  fs.rmSync(report, { force: true });
  return { seconds, peakRssMb: Math.round(peakKb / 1024) };
}

function measureRuns(count: number, once: () => Sample): Sample[] {
  return Array.from({ length: count }, once);
}

/** The median of each measure, taken separately. */
function median(samples: readonly Sample[]): Sample {
  const middle = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const half = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
  };
  return { seconds: middle(samples.map((s) => s.seconds)), peakRssMb: middle(samples.map((s) => s.peakRssMb)) };
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of [...values].sort()) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

// The targets of issue 6, checked against the medians; then those of the OpenAPI definition (issue 13).
const TIME_RATIO_TARGET = 0.6;
const OPENAPI_TIME_RATIO_TARGET = 0.4;
const OPENAPI_RESOURCES_TARGET = 600;
const OPENAPI_DEFINITION_CALLS_TARGET = 10;
const RSS_TARGET_MB: Record<number, number> = { 300: 150, 1000: 300 };
const RESOURCES_PER_ROUTE_TARGET = 5;
const POLICY_LIMIT_BYTES = 20 * 1024;
const TEST_SECONDS_TARGET = 60;
const ROUTE_TYPES = ['aws_api_gateway_resource', 'aws_api_gateway_method', 'aws_api_gateway_integration'];

function render(sizes: SizeResult[], synth: Sample[], tests: Sample | undefined, loadBefore: number): string {
  const lines: string[] = [];
  const cpu = os.cpus();
  lines.push(
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GB memory, Node.js ${process.version}, ${os.platform()} ${os.release()}; ` +
      `${CDK} ${version(CDK)}, @${CDK}/provider-aws ${version(`@${CDK}/provider-aws`)}, aws-cdk-lib ${version('aws-cdk-lib', CDK_DIR)}. ` +
      `Median of ${RUNS} runs per tool and size, the three taking turns; load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after.`,
    '',
    '**Synth**: ours with the API defined by resources and by an OpenAPI body (`definition`), and AWS CDK',
    '',
    '| Routes (GET+POST each) | Functions | Resources | OpenAPI | AWS CDK | Resources / CDK | OpenAPI / CDK | Peak RSS resources | Peak RSS OpenAPI | Peak RSS CDK | Largest policy ours | Largest policy CDK | cdk.tf.json resources | cdk.tf.json OpenAPI | CDK template |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const { routes, ours, openapi, cdk } of sizes) {
    const [o, a, c] = [median(ours.samples), median(openapi.samples), median(cdk.samples)];
    lines.push(
      `| ${routes} | ${ours.resources.aws_lambda_function} | ${o.seconds.toFixed(2)} s | ${a.seconds.toFixed(2)} s | ${c.seconds.toFixed(2)} s | ` +
        `${(o.seconds / c.seconds).toFixed(2)} | ${(a.seconds / c.seconds).toFixed(2)} | ${o.peakRssMb} MB | ${a.peakRssMb} MB | ${c.peakRssMb} MB | ` +
        `${kb(ours.largestPolicyBytes)} (${ours.largestPolicyStatements} st.) | ${kb(cdk.largestPolicyBytes)} (${cdk.largestPolicyStatements} st.) | ` +
        `${kb(ours.outputBytes)} | ${kb(openapi.outputBytes)} | ${kb(cdk.outputBytes)} |`,
    );
  }
  lines.push(
    '',
    '**Apply**: resources, and the API Gateway calls of a first `terraform apply` (bench/control-plane.ts), with the least time the fixed quotas allow them',
    '',
    '| Routes | Resources: resources / OpenAPI / CDK | API Gateway calls, resources | of which the API definition | Quota-bound minimum, resources | API Gateway calls, OpenAPI | of which the API definition | Quota-bound minimum, OpenAPI |',
    '| ---: | ---: | --- | ---: | ---: | --- | ---: | ---: |',
  );
  for (const { routes, ours, openapi, cdk } of sizes) {
    const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    const calls = (result: ToolResult) => `${result.calls!.total}: ${Object.entries(result.calls!.byOperation).map(([op, n]) => `${n} ${op}`).join(', ')}`;
    lines.push(
      `| ${routes} | ${total(ours.resources)} / ${total(openapi.resources)} / ${total(cdk.resources)} | ${calls(ours)} | ${ours.calls!.definition} | ${ours.calls!.minimumSeconds.toFixed(1)} s | ` +
        `${calls(openapi)} | ${openapi.calls!.definition} | ${openapi.calls!.minimumSeconds.toFixed(1)} s |`,
    );
  }
  lines.push('', '**Resources emitted, by type**', '');
  for (const { routes, ours, openapi, cdk } of sizes) {
    const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    lines.push(
      `- ${routes} routes: resources ${total(ours.resources)} (${describeCounts(ours.resources)}); OpenAPI ${total(openapi.resources)} (${describeCounts(openapi.resources)}); ` +
        `CDK ${total(cdk.resources)} (${describeCounts(cdk.resources)})`,
    );
  }
  lines.push('', '**Growth per added route** (between two sizes, from the medians)', '');
  for (let i = 1; i < sizes.length; i++) {
    const [a, b] = [sizes[i - 1], sizes[i]];
    const step = b.routes - a.routes;
    const slope = (tool: 'ours' | 'openapi' | 'cdk', measure: keyof Sample, unit: number) =>
      ((median(b[tool].samples)[measure] - median(a[tool].samples)[measure]) / step) * unit;
    const growth = (tool: 'ours' | 'openapi' | 'cdk') => `${slope(tool, 'seconds', 1000).toFixed(2)} ms and ${slope(tool, 'peakRssMb', 1024).toFixed(0)} KB per route`;
    lines.push(`- ${a.routes} → ${b.routes}: resources ${growth('ours')}; OpenAPI ${growth('openapi')}; CDK ${growth('cdk')}`);
  }
  const s = median(synth);
  lines.push(
    '',
    `\`npm run synth\` of the example app (dev and prod, 10 handlers bundled): ${s.seconds.toFixed(2)} s, ${s.peakRssMb} MB peak RSS (median of ${RUNS}, npm included).`,
    tests ? `\`npm test\` (tsc --noEmit and the whole jest suite): ${tests.seconds.toFixed(1)} s.` : '`npm test`: not measured in this run (BENCH_SKIP_TESTS=1).',
    '',
    '**Targets**',
    '',
    ...targets(sizes, tests),
  );
  return lines.join('\n');
}

function targets(sizes: SizeResult[], tests: Sample | undefined): string[] {
  const lines: string[] = [];
  const check = (met: boolean, text: string) => lines.push(`- ${met ? 'met' : '**not met**'}: ${text}`);
  for (const { routes, ours, openapi, cdk } of sizes) {
    const [o, a, c] = [median(ours.samples), median(openapi.samples), median(cdk.samples)];
    if (routes === 300 || routes === 1000) {
      const ratio = o.seconds / c.seconds;
      check(ratio <= TIME_RATIO_TARGET, `time at ${routes} routes, ${ratio.toFixed(2)} × CDK's (target ≤ ${TIME_RATIO_TARGET})`);
      const openApiRatio = a.seconds / c.seconds;
      check(openApiRatio <= OPENAPI_TIME_RATIO_TARGET, `OpenAPI definition: time at ${routes} routes, ${openApiRatio.toFixed(2)} × CDK's (target ≤ ${OPENAPI_TIME_RATIO_TARGET})`);
    }
    if (RSS_TARGET_MB[routes]) check(o.peakRssMb <= RSS_TARGET_MB[routes], `peak RSS at ${routes} routes, ${o.peakRssMb} MB (target ≤ ${RSS_TARGET_MB[routes]} MB)`);
    if (routes === 1000) {
      const resources = Object.values(openapi.resources).reduce((x, y) => x + y, 0);
      check(resources <= OPENAPI_RESOURCES_TARGET, `OpenAPI definition: ${resources} Terraform resources at 1000 routes (target ≤ ${OPENAPI_RESOURCES_TARGET})`);
      check(
        openapi.calls!.definition <= OPENAPI_DEFINITION_CALLS_TARGET,
        `OpenAPI definition: ${openapi.calls!.definition} API Gateway calls for the whole API definition at 1000 routes (target ≤ ${OPENAPI_DEFINITION_CALLS_TARGET}), ${openapi.calls!.total} with the deployment and stage`,
      );
    }
  }
  const largest = sizes[sizes.length - 1];
  const perRoute = ROUTE_TYPES.reduce((sum, type) => sum + (largest.ours.resources[type] ?? 0), 0) / largest.routes;
  check(perRoute <= RESOURCES_PER_ROUTE_TARGET, `${perRoute} Terraform resources per route with two methods at ${largest.routes} routes (target ≤ ${RESOURCES_PER_ROUTE_TARGET}); permissions: ${largest.ours.resources.aws_lambda_permission ?? 0}, one per function`);
  check(
    largest.ours.largestPolicyBytes < POLICY_LIMIT_BYTES,
    `largest function policy at ${largest.routes} routes, ${kb(largest.ours.largestPolicyBytes)} (limit 20 KB), scoped to the API's execution ARN`,
  );
  if (tests) check(tests.seconds < TEST_SECONDS_TARGET, `npm test in ${tests.seconds.toFixed(1)} s (target < ${TEST_SECONDS_TARGET} s)`);
  return lines;
}

function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([type, count]) => `${count} ${type.replace(/^aws_|^AWS::/, '')}`)
    .join(', ');
}

function kb(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** cdktf, or its fork cdktn once the project has switched to CDK Terrain (docs/cdk-terrain.md). */
const CDK = fs.existsSync(path.join(ROOT, 'node_modules', 'cdktn')) ? 'cdktn' : 'cdktf';

function version(name: string, from = ROOT): string {
  return JSON.parse(fs.readFileSync(path.join(from, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/** Replaces what lies between the bench markers of BENCHMARKS.md with `report`. */
function writeIntoBenchmarks(report: string): void {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const [begin, end] = ['<!-- bench:begin -->', '<!-- bench:end -->'];
  const text = fs.readFileSync(file, 'utf8');
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`BENCHMARKS.md has no ${begin} ... ${end} section to fill`);
  fs.writeFileSync(file, `${text.slice(0, from + begin.length)}\n${report}\n${text.slice(to)}`);
  console.error('BENCHMARKS.md updated');
}

main();
