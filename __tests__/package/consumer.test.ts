import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// The library as another team would use it: packed with `npm pack` (which runs `prepare`, the build), installed
// from the tarball into a fresh cdktf app written in plain JavaScript, with its own functions/ folder. That app
// synthesizes, runs a jest test with lambda-rest-api/testing and the CLI, all without tsx or ts-jest; a
// TypeScript file of it type-checks against the shipped .d.ts files.

const ROOT = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
/** The CDK the library's peers name: cdktf, or cdktn in the copy `npm run test:terrain` switches (its imports, not these strings). */
const CDK = Object.hasOwn(manifest.peerDependencies, 'cdktn') ? 'cdktn' : 'cdktf';

const APP_FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'greetings-service', private: true, scripts: { synth: 'node main.js', test: 'jest' } }, null, 2),
  'cdktf.json': JSON.stringify({ language: 'javascript', app: 'node main.js' }),
  'functions/hello/index.js': "exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ hello: event.pathParameters?.name ?? 'world' }) });\n",
  'main.js': `const { App, TerraformStack } = require('${CDK}');
const { AwsProvider } = require('@${CDK}/provider-aws/lib/provider');
const { ArchiveProvider } = require('@${CDK}/provider-archive/lib/provider');
const { LambdaHandler, LambdaIntegration, RestApi, reportSynthErrors } = require('lambda-rest-api');

reportSynthErrors(() => {
  const app = new App();
  const stack = new TerraformStack(app, 'greetings');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new ArchiveProvider(stack, 'archive');
  const api = new RestApi(stack, 'Api', { stageName: 'v1', throttling: { rateLimit: 10, burstLimit: 5 } });
  const hello = new LambdaHandler(stack, 'hello', { source: 'hello' });
  api.root.addResource('hello').addResource('{name}').addMethod('GET', new LambdaIntegration(hello));
  app.synth();
  return app;
});
`,
  'greetings.test.js': `require('lambda-rest-api/testing');

const stack = 'cdktf.out/stacks/greetings';

test('GET /hello/{name} reaches the hello function, throttled, which API Gateway may invoke', () => {
  expect(stack).toHaveRoute('GET', '/hello/{name}', { function: 'hello', integration: 'AWS_PROXY', apiKeyRequired: false });
  expect(stack).toThrottle('GET /hello/{name}', { rateLimit: 10, burstLimit: 5 });
  expect(stack).toGrantInvoke('hello', 'GET /hello/{name}');
  expect(stack).not.toHaveRoute('POST', '/hello/{name}');
});
`,
  'check.ts': `import { LambdaHandlerProps, RestApi, RestApiProps } from 'lambda-rest-api';
import { LocalApi, LocalApiOptions } from 'lambda-rest-api/local';
import { routesOf } from 'lambda-rest-api/testing';

const props: RestApiProps = { stageName: 'v1', throttling: { rateLimit: 1, burstLimit: 1 } };
const handler: LambdaHandlerProps = { source: 'hello', memoryMb: 512 };
const options: LocalApiOptions = { stackDir: 'cdktf.out/stacks/greetings', port: 0 };
const routes: string[] = routesOf('cdktf.out/stacks/greetings');
expect('cdktf.out/stacks/greetings').toHaveRoute('GET', '/hello/{name}');
export { LocalApi, RestApi, handler, options, props, routes };
`,
};

/** Versions the app installs beside the tarball: the library's peers and the tools its tests need, as pinned here. */
function versionsOf(names: string[]): string[] {
  return names.map((name) => `${name}@${manifest.peerDependencies[name] ?? manifest.devDependencies[name]}`);
}

function run(command: string, args: string[], cwd: string): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the packed library in a fresh JavaScript cdktf app', () => {
  let work: string;
  let app: string;
  let packedFiles: string[];

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-rest-api-consumer-'));
    app = path.join(work, 'app');
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    packedFiles = packed.files.map((file: { path: string }) => file.path);
    for (const [file, text] of Object.entries(APP_FILES)) {
      fs.mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
      fs.writeFileSync(path.join(app, file), text);
    }
    // The npm cache that `npm ci` filled serves what it can.
    const peers = Object.keys(manifest.peerDependencies);
    execFileSync(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--save-exact', path.join(work, packed.filename), ...versionsOf([...peers, 'jest', '@types/jest', '@types/node'])],
      { cwd: app, stdio: 'ignore' },
    );
  }, 600_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('the tarball holds the compiled library with its types, the CLI and the docs, and no sources or tests', () => {
    expect(packedFiles).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/testing/index.js', 'dist/local/index.js', 'dist/local/function-worker.js', 'bin/lambda-rest-api.js', 'README.md']));
    expect(packedFiles.filter((file) => /^(src|__tests__|example|functions)\//.test(file) || file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
  });

  test('synthesizes the app with plain node: its route, and its handler bundled from its own functions/ folder', () => {
    const synth = run('node', ['main.js'], app);
    const stackDir = path.join(app, 'cdktf.out', 'stacks', 'greetings');

    expect(synth).toEqual({ status: 0, output: 'synthesized greetings into cdktf.out/stacks/<stack>/ (cdk.tf.json, and the bundled handlers in assets/)\n' });
    expect(fs.readFileSync(path.join(stackDir, 'assets', 'greetings-hello', 'index.js'), 'utf8')).toContain('functions/hello/index.js');
    expect(JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')).resource.aws_api_gateway_resource).toBeDefined();
  });

  test("runs the app's jest test with lambda-rest-api/testing, without ts-jest", () => {
    const jest = run(path.join('node_modules', '.bin', 'jest'), ['--ci'], app);

    expect(jest.status).toBe(0);
    expect(jest.output).toMatch(/Tests:\s+1 passed, 1 total/);
  });

  test('runs the CLI from the compiled package, without tsx', () => {
    const routes = run(path.join('node_modules', '.bin', 'lambda-rest-api'), ['routes', 'cdktf.out/stacks/greetings'], app);

    expect(routes.status).toBe(0);
    expect(routes.output).toMatch(/^GET\s+\/hello\/\{name\}\s+AWS_PROXY\s+greetings-hello\s/m);
  });

  test.each(['node10', 'node16'])('type-checks a TypeScript file of the app against the shipped .d.ts files (moduleResolution %s)', (resolution) => {
    const module = resolution === 'node16' ? 'node16' : 'commonjs';
    const tsc = run(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '--noEmit', '--strict', '--skipLibCheck', '--module', module, '--moduleResolution', resolution, '--types', 'node,jest', 'check.ts'],
      app,
    );

    expect(tsc).toEqual({ status: 0, output: '' });
  });
});
