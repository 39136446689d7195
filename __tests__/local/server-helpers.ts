import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { ArchiveProvider } from '@cdktf/provider-archive/lib/provider';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LambdaHandler, LambdaHandlerProps } from '../../src/constructs/lambda-handler/lambda-handler';
import { LocalApi, LocalApiOptions } from '../../src/local/local-api';

/** A project whose `functions/` holds the fixture handlers of the local API tests. */
export const FIXTURE_PROJECT = path.join(__dirname, '..', 'fixtures', 'local-api');

/** A fixture handler from `__tests__/fixtures/local-api/functions/<source>`. */
export function fixtureHandler(scope: TerraformStack, id: string, props: Partial<LambdaHandlerProps> & { source: string }): LambdaHandler {
  return new LambdaHandler(scope, id, props);
}

/** A synthesized stack folder (cdk.tf.json and bundled assets) in a temporary folder, and its removal. */
export interface FixtureStack {
  readonly stackDir: string;
  readonly remove: () => void;
}

/** Synthesizes `build` as the app `cdktf synth` would, validations on, into a temporary folder. */
export function synthFixture(build: (stack: TerraformStack) => void): FixtureStack {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-rest-api-local-'));
  const app = new App({ outdir, context: { cdktfJsonPath: path.join(FIXTURE_PROJECT, 'cdktf.json') } });
  const stack = new TerraformStack(app, 'local');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new ArchiveProvider(stack, 'archive');
  build(stack);
  app.synth();
  return { stackDir: path.join(outdir, 'stacks', 'local'), remove: () => fs.rmSync(outdir, { recursive: true, force: true }) };
}

/** A started local API on a free loopback port, with what it logged. */
export interface Served {
  readonly api: LocalApi;
  readonly base: string;
  readonly logs: string[];
}

export async function serve(stackDir: string, options: Partial<LocalApiOptions> = {}): Promise<Served> {
  const logs: string[] = [];
  const api = new LocalApi({
    stackDir,
    port: 0,
    log: (line) => logs.push(line),
    functionLog: (name, line) => logs.push(`[${name}] ${line}`),
    ...options,
  });
  await api.start();
  return { api, base: api.url, logs };
}

/** The answer of one request: status, headers and the body as text. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: any;
}

export async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
