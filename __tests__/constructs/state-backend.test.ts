import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { REQUIRED_TERRAFORM_VERSION, StateBackend, StateBackendSettings, stateKey } from '../../src/constructs/state-backend';
import { ValidationError } from '../../src/apigw/errors';
import { newStack, synth, testApp } from '../support/helpers';

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

  test('fails when an s3 backend has a misspelt setting, naming the one meant', () => {
    expect(fails({ ...s3, kmsKeyID: 'alias/state' })).toThrow(
      new ValidationError('stack/Backend: backend type "s3" takes no "kmsKeyID" (received "alias/state"); did you mean "kmsKeyId"?'),
    );
  });

  test('fails when an s3 backend has a setting it does not take, listing those it does', () => {
    expect(fails({ ...s3, profile: 'default' })).toThrow(
      new ValidationError('stack/Backend: backend type "s3" takes no "profile" (received "default"); the "s3" backend takes only bucket, region, kmsKeyId'),
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
