import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { ApiStack } from '../src/api-stack';
import { REQUIRED_TERRAFORM_VERSION, StateBackend, StateBackendSettings, stateKey } from '../src/backend';
import { ENVIRONMENTS } from '../src/environments';
import { ValidationError } from '../src/errors';
import { newStack, synth, testApp } from './helpers';

/** Builds a backend from settings as a configuration file might hold them, unchecked by the compiler. */
function backendOf(settings: object): (stack: TerraformStack) => void {
  return (stack) => new StateBackend(stack, 'Backend', settings as StateBackendSettings);
}

const s3 = { type: 's3', bucket: 'acme-terraform-state', region: 'eu-central-1' } as const;

describe('StateBackend', () => {
  test('keeps local state in the project folder, at a path relative to the stack folder', () => {
    expect(synth(backendOf({ type: 'local' })).terraform.backend).toEqual({ local: { path: '../../../terraform.stack.tfstate' } });
  });

  test('keeps s3 state at a key named after the stack, encrypted and locked with a lock file', () => {
    expect(synth(backendOf(s3)).terraform.backend).toEqual({
      s3: { bucket: 'acme-terraform-state', key: 'lambda-rest-api/stack.tfstate', region: 'eu-central-1', encrypt: true, use_lockfile: true },
    });
  });

  test('encrypts s3 state with a KMS key when given one', () => {
    const tf = synth(backendOf({ ...s3, kmsKeyId: 'alias/terraform-state' }));

    expect(tf.terraform.backend.s3).toEqual(expect.objectContaining({ kms_key_id: 'alias/terraform-state', encrypt: true }));
  });

  test('accepts every KMS key form the S3 backend does: key id, multi-Region key id, alias, key ARN, alias ARN', () => {
    const keyId = '1234abcd-12ab-34cd-56ef-1234567890ab';
    for (const kmsKeyId of [
      keyId,
      'mrk-1234abcd12ab34cd56ef1234567890ab',
      'alias/team/state',
      `arn:aws:kms:eu-central-1:111122223333:key/${keyId}`,
      'arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/state',
    ]) {
      expect(synth(backendOf({ ...s3, kmsKeyId })).terraform.backend.s3.kms_key_id).toBe(kmsKeyId);
    }
  });

  test('writes an empty s3 block for a pipeline, which terraform init -backend-config completes', () => {
    const tf = synth(backendOf({ type: 'pipeline' }));

    expect(tf.terraform.backend).toEqual({ s3: {} });
  });

  test(`requires Terraform ${REQUIRED_TERRAFORM_VERSION}, the first with the S3 backend's use_lockfile, in every mode`, () => {
    expect(REQUIRED_TERRAFORM_VERSION).toBe('>= 1.10.0');
    for (const settings of [{ type: 'local' }, s3, { type: 'pipeline' }]) {
      expect(synth(backendOf(settings)).terraform.required_version).toBe('>= 1.10.0');
    }
  });

  test('derives the state key from the stack name', () => {
    expect(stateKey('prod')).toBe('lambda-rest-api/prod.tfstate');
  });

  test('lets another stack read an s3 stack\'s outputs from the same bucket and key', () => {
    const producer = newStack();
    const backend = new StateBackend(producer, 'Backend', s3);
    const consumer = new TerraformStack(testApp(), 'consumer');
    backend.getRemoteStateDataSource(consumer, 'state', 'stack');
    const tf = JSON.parse(Testing.synth(consumer));

    expect(Object.values(tf.data.terraform_remote_state)).toEqual([
      expect.objectContaining({
        backend: 's3',
        config: { bucket: 'acme-terraform-state', key: 'lambda-rest-api/stack.tfstate', region: 'eu-central-1' },
      }),
    ]);
  });

  test('fails when another stack reads the outputs of a pipeline stack, whose backend only the pipeline knows', () => {
    const backend = new StateBackend(newStack(), 'Backend', { type: 'pipeline' });

    expect(() => backend.getRemoteStateDataSource(newStack(), 'state', 'stack')).toThrow(
      new ValidationError(
        'stack/Backend: stack stack has a "pipeline" backend, whose values only the pipeline knows, so another stack cannot read its outputs; use type "s3" for it',
      ),
    );
  });
});

describe('StateBackend settings', () => {
  const fails = (settings: object) => () => synth(backendOf(settings));

  test('fails when the type is not local, s3 or pipeline', () => {
    expect(fails({ type: 'S3' })).toThrow(new ValidationError('stack/Backend: backend type "S3" is not supported; use "local", "s3" or "pipeline"'));
    expect(fails({})).toThrow(/backend type undefined is not supported/);
    expect(fails({ type: 'constructor' })).toThrow(/backend type "constructor" is not supported/);
  });

  test('fails when a local backend names a bucket', () => {
    expect(fails({ type: 'local', bucket: 'acme-terraform-state' })).toThrow(
      new ValidationError('stack/Backend: backend type "local" takes no "bucket" (received "acme-terraform-state"); use type "s3" to keep the state in S3'),
    );
  });

  test('fails when a pipeline backend names a bucket, which the pipeline supplies', () => {
    expect(fails({ type: 'pipeline', bucket: 'acme-terraform-state' })).toThrow(
      new ValidationError(
        'stack/Backend: backend type "pipeline" takes no "bucket" (received "acme-terraform-state"); the pipeline supplies every backend value at terraform init -backend-config; remove it, or use type "s3" to write the values into the stack',
      ),
    );
  });

  test('fails when kmsKeyId is given without type s3', () => {
    expect(fails({ type: 'local', kmsKeyId: 'alias/state' })).toThrow(/backend type "local" takes no "kmsKeyId" \(received "alias\/state"\); use type "s3"/);
    expect(fails({ type: 'pipeline', kmsKeyId: 'alias/state' })).toThrow(/backend type "pipeline" takes no "kmsKeyId"/);
  });

  test('fails when an s3 backend has a setting it does not take, such as a misspelt one', () => {
    expect(fails({ ...s3, kmsKeyID: 'alias/state' })).toThrow(
      new ValidationError('stack/Backend: backend type "s3" takes no "kmsKeyID" (received "alias/state"); the "s3" backend takes only bucket, region, kmsKeyId'),
    );
  });

  test('fails when an s3 backend has no bucket', () => {
    const message = 'stack/Backend: backend type "s3" needs "bucket", the name of an existing S3 bucket for the state';
    expect(fails({ type: 's3', region: 'eu-west-1' })).toThrow(new ValidationError(message));
    expect(fails({ ...s3, bucket: '' })).toThrow(new ValidationError(message));
  });

  test('fails when the bucket is not an S3 bucket name', () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
    for (const bucket of ['Acme-State', 'acme_state', 'ab', 'a'.repeat(64), '-acme', 'acme.', 'acme..state', '192.168.5.4', 'xn--acme', 'sthree-acme', 'amzn-s3-demo-acme', 'acme-s3alias', 'acme--ol-s3', 'acme.mrap', 'acme--x-s3']) {
      expect(fails({ ...s3, bucket })).toThrow(
        new ValidationError(
          `stack/Backend: backend bucket "${bucket}" is not an S3 bucket name; use 3 to 63 lower-case letters, digits, "." and "-", starting and ending with a letter or digit, without "..", an IP address form, or a prefix or suffix S3 reserves`,
        ),
      );
    }
  });

  test('fails when an s3 backend has no region', () => {
    expect(fails({ type: 's3', bucket: 'acme-terraform-state' })).toThrow(
      new ValidationError('stack/Backend: backend region (of the state bucket) is missing; name an AWS region such as "eu-west-1"'),
    );
  });

  test('fails when the region is not an AWS region name', () => {
    expect(fails({ ...s3, region: 'Frankfurt' })).toThrow(
      new ValidationError('stack/Backend: backend region (of the state bucket) "Frankfurt" is not an AWS region name; use one such as "eu-west-1"'),
    );
  });

  test('fails when kmsKeyId is not a KMS key id, alias or ARN', () => {
    for (const kmsKeyId of ['my-key', 'arn:aws:s3:::acme-terraform-state', 'arn:aws:kms:eu-central-1:111122223333:key/my-key']) {
      expect(fails({ ...s3, kmsKeyId })).toThrow(
        new ValidationError(`stack/Backend: backend kmsKeyId "${kmsKeyId}" is not a KMS key; use a key id, "alias/<name>", or the ARN of a key or an alias`),
      );
    }
  });

  test('fails when a setting is a token, since Terraform reads the backend before any variable', () => {
    const stack = newStack();
    const bucket = new TerraformVariable(stack, 'bucket', { type: 'string' }).stringValue;

    expect(() => new StateBackend(stack, 'Backend', { ...s3, bucket })).toThrow(
      new ValidationError(
        'stack/Backend: backend setting "bucket" is a token; Terraform reads the backend before any variable or resource, so pass a plain string',
      ),
    );
  });
});

describe('a pipeline stack folder', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-stack-'));
  const app = new App({ outdir });
  new ApiStack(app, 'prod', { ...ENVIRONMENTS.prod, backend: { type: 'pipeline' } });
  app.synth();
  const stackDir = path.join(outdir, 'stacks', 'prod');
  const tf = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('holds an empty s3 backend block and no backend value in any file', () => {
    const files = fs.readdirSync(stackDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    const texts = files.map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'));

    expect(tf.terraform.backend).toEqual({ s3: {} });
    expect(tf['//'].metadata.backend).toBe('s3');
    for (const text of texts) expect(text).not.toMatch(/tfstate|use_lockfile|"bucket"|"key"\s*:/);
  });

  test('pins Terraform and the exact provider versions, so a pipeline with others fails at init', () => {
    expect(tf.terraform.required_version).toBe('>= 1.10.0');
    // "aws" is Terraform's short form of hashicorp/aws (terraform internal/addrs ParseProviderSourceString).
    expect(tf.terraform.required_providers).toEqual({
      aws: { source: 'aws', version: '6.25.0' },
      archive: { source: 'hashicorp/archive', version: '2.7.1' },
    });
  });
});

// No YAML parser is a dependency of the project (js-yaml is only in jest's own tree), so the workflows are read as text.
describe('the CI recipe in examples/ci', () => {
  const deploy = fs.readFileSync(path.join(__dirname, '..', 'examples', 'ci', 'deploy.yml'), 'utf8');
  const deployStack = fs.readFileSync(path.join(__dirname, '..', 'examples', 'ci', 'deploy-stack.yml'), 'utf8');
  /** The offsets of `texts` in `text`, failing when one is missing, so the test can check their order. */
  const offsets = (text: string, texts: string[]) =>
    texts.map((wanted) => {
      expect({ wanted, found: text.includes(wanted) }).toEqual({ wanted, found: true });
      return text.indexOf(wanted);
    });
  const ascending = (numbers: number[]) => [...numbers].sort((a, b) => a - b);

  test('tests and synthesizes once: npm ci, npm test, npm run synth, then hands on the stack folders', () => {
    const steps = offsets(deploy, ['- run: npm ci', '- run: npm test', '- run: npm run synth', 'path: cdktf.out/stacks/']);

    expect(steps).toEqual(ascending(steps));
  });

  test('deploys every environment in its own job, dev before prod', () => {
    for (const environment of Object.keys(ENVIRONMENTS)) {
      expect(deploy).toContain(`  ${environment}:\n    needs: `);
      expect(deploy).toMatch(new RegExp(`uses: ./.github/workflows/deploy-stack.yml\\n    with:\\n      environment: ${environment}\\n`));
    }
    expect(deploy).toContain('  prod:\n    needs: dev\n');
  });

  test('inits with the state key the s3 backend would use, then plans to a file and applies that plan, in the stack folder', () => {
    const steps = offsets(deployStack, [
      'terraform init',
      '-backend-config="bucket=$TF_STATE_BUCKET"',
      `-backend-config="key=${stateKey('$STACK')}"`,
      '-backend-config="region=$TF_STATE_REGION"',
      '-backend-config="use_lockfile=true"',
      '-backend-config="encrypt=true"',
      'run: terraform plan -out=tfplan',
      'run: terraform apply tfplan',
    ]);

    expect(steps).toEqual(ascending(steps));
    expect(deployStack).toContain('working-directory: cdktf.out/stacks/${{ inputs.environment }}');
    expect(deployStack).toContain('STACK: ${{ inputs.environment }}');
  });

  test('stops before init when the stack does not take an s3 backend from the pipeline', () => {
    expect(deployStack).toContain(`if ! jq -e '.terraform.backend.s3' cdk.tf.json > /dev/null; then`);
  });

  test('runs one deployment per environment at a time, never cancelling one', () => {
    expect(deployStack).toContain('concurrency:\n      group: terraform-state-${{ inputs.environment }}\n      cancel-in-progress: false\n');
    expect(deployStack).toContain('environment: ${{ inputs.environment }}');
  });

  test('assumes an AWS role through OIDC and holds no AWS keys', () => {
    expect(deployStack).toContain('id-token: write');
    expect(deploy.match(/id-token: write/g)).toHaveLength(Object.keys(ENVIRONMENTS).length);
    expect(deployStack).toContain('role-to-assume: ${{ vars.AWS_ROLE_ARN }}');
    expect(`${deploy}${deployStack}`).not.toMatch(/aws-access-key-id|aws-secret-access-key|secrets\./);
  });

  test('pins a Terraform version the stacks accept', () => {
    const pinned = /terraform_version: (\d+)\.(\d+)\.(\d+)\n/.exec(deployStack)!.slice(1).map(Number);
    const [, major, minor] = /^>= (\d+)\.(\d+)\.0$/.exec(REQUIRED_TERRAFORM_VERSION)!.map(Number);

    expect(pinned[0] > major || (pinned[0] === major && pinned[1] >= minor)).toBe(true);
  });

  test('caches npm downloads and the Terraform plugin cache, keyed on the exact provider versions', () => {
    expect(deploy).toContain('cache: npm');
    expect(deployStack).toContain(`jq -cS '.terraform.required_providers' cdk.tf.json | sha256sum`);
    expect(deployStack).toContain('key: terraform-plugins-${{ runner.os }}-${{ steps.providers.outputs.hash }}');
    expect(deployStack).toContain("TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: 'true'");
  });
});
