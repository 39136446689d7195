// cdktf-internal: the matcher types of Testing.setupJest() (toHaveResourceWithProperties, ...) come from this deep
// import, as cdktf's testing docs say; cdktn 0.24.0 has it at the same path.
import 'cdktf/lib/testing/adapters/jest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ArchiveProvider } from '@cdktf/provider-archive/lib/provider';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LambdaHandler, LambdaHandlerProps } from '../../src/constructs/lambda-handler/lambda-handler';
import { RestApi, RestApiProps } from '../../src/constructs/rest-api/rest-api';

/** A parsed `cdk.tf.json`, loosely typed for assertions. */
export type Synthesized = {
  resource: Record<string, Record<string, Record<string, any>>>;
  data: Record<string, Record<string, Record<string, any>>>;
  output?: Record<string, { value: unknown; description?: string }>;
  [key: string]: any;
};

/** A handler built from the real `functions/fallback` folder, named `name`. */
export function handler(scope: Construct, name: string, props: Partial<LambdaHandlerProps> = {}): LambdaHandler {
  return new LambdaHandler(scope, name, { source: 'fallback', ...props });
}

// Testing.app() makes a new temporary folder per app and never removes it; the tests of one file share one.
let outdir: string | undefined;
// Project folders and full-synth outputs the tests of one file make, removed when the file is done.
const temporaryFolders: string[] = [];
afterAll(() => {
  if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
  outdir = undefined;
  for (const folder of temporaryFolders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

/** Removes `folder` when the test file is done. */
export function removeAfterAll(folder: string): string {
  temporaryFolders.push(folder);
  return folder;
}

/** A stack whose project root (the folder of its `cdktf.json`) is a temporary folder holding `files`, by path from the root. */
export function stackInProject(files: Record<string, string>): TerraformStack {
  const root = removeAfterAll(fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-rest-api-project-')));
  fs.writeFileSync(path.join(root, 'cdktf.json'), '{}');
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  const stack = newStack();
  stack.node.setContext('cdktfJsonPath', path.join(root, 'cdktf.json'));
  return stack;
}

/** A test app whose output folder is removed when the test file is done. */
export function testApp(): App {
  outdir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-rest-api-test-'));
  return Testing.app({ outdir });
}

/** Synthesizes what `build` adds to a fresh stack, without running validations. */
export function synth(build: (stack: TerraformStack) => void): Synthesized {
  const stack = newStack();
  build(stack);
  return JSON.parse(Testing.synth(stack)) as Synthesized;
}

/** Synthesizes with validations on, as `cdktf synth` does, in a stack that owns its providers. */
export function synthValidated(build: (stack: TerraformStack) => void): Synthesized {
  const stack = newStack();
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new ArchiveProvider(stack, 'archive');
  build(stack);
  return JSON.parse(Testing.synth(stack, true)) as Synthesized;
}

/** A new stack in a test app, for tests that build and then inspect constructs. */
export function newStack(): TerraformStack {
  return new TerraformStack(testApp(), 'stack');
}

/** An API with stage `v1` unless `props` says otherwise. */
export function api(scope: Construct, props: RestApiProps = {}): RestApi {
  return new RestApi(scope, 'Api', { stageName: 'v1', ...props });
}

/** The resources of one type, as an array of their synthesized bodies. */
export function resources(tf: Synthesized, type: string): Record<string, any>[] {
  return Object.values(tf.resource?.[type] ?? {});
}

/** The only resource of `type`; fails when there are none or several. */
export function only(tf: Synthesized, type: string): Record<string, any> {
  const all = resources(tf, type);
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}
