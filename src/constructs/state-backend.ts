import { DataTerraformRemoteStateLocal, DataTerraformRemoteStateS3, TerraformBackend, TerraformRemoteState, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ValidationError } from '../apigw/errors';
import { closestName } from './props';

/**
 * The Terraform versions that read every stack: the S3 backend's `use_lockfile` (S3 native state locking)
 * came in 1.10 (hashicorp/terraform#35661) and is generally available from 1.11 (#36338). An older Terraform
 * stops at `terraform init` instead of halfway through an apply.
 */
export const REQUIRED_TERRAFORM_VERSION = '>= 1.10.0';

/** Keep the state in the project folder (`terraform.<stack>.tfstate`): the quick start, for one person. */
export interface LocalStateSettings {
  readonly type: 'local';
}

/** Keep the state in S3, locked with a lock file beside it and encrypted, at a key derived from the stack name. */
export interface S3StateSettings {
  readonly type: 's3';
  /** Name of an existing bucket for the state; turn on its versioning so a bad state can be rolled back. */
  readonly bucket: string;
  /** Region of the state bucket, such as `eu-west-1`; it may differ from the stack's region. */
  readonly region: string;
  /**
   * KMS key that encrypts the state: a key id, `alias/<name>`, or the ARN of a key or an alias.
   * @default - the bucket's S3-managed key (SSE-S3)
   */
  readonly kmsKeyId?: string;
}

/**
 * Let the pipeline supply the backend: the stack gets an empty `s3` backend block, a partial configuration that
 * `terraform init -backend-config=...` completes (bucket, key, region, `use_lockfile`, `encrypt`).
 */
export interface PipelineStateSettings {
  readonly type: 'pipeline';
}

/** Where Terraform keeps a stack's state. */
export type StateBackendSettings = LocalStateSettings | S3StateSettings | PipelineStateSettings;

/** The settings each backend type takes, besides `type`; anything else is a mistake worth stopping for. */
const SETTINGS_OF: Record<StateBackendSettings['type'], readonly string[]> = {
  local: [],
  s3: ['bucket', 'region', 'kmsKeyId'],
  pipeline: [],
};

/** The object key of a stack's state in an S3 bucket, for the `s3` backend and for a pipeline's `-backend-config=key=...`. */
export function stateKey(stackName: string): string {
  return `lambda-rest-api/${stackName}.tfstate`;
}

/**
 * The stack's `terraform.backend` block (`local` or `s3`), and `terraform.required_version`, which the S3 backend's
 * locking needs. cdktf 0.21's own `S3Backend` has no `use_lockfile` and cannot write an empty block, and its
 * `LocalBackend` defaults to an absolute path, so this one backend serves all three modes.
 */
// cdktf-internal: TerraformBackend is public, but a subclass relies on how cdktf merges each element's toTerraform()
// fragment into the stack (here, `terraform.required_version` next to the backend) and on its protected
// synthesizeAttributes hooks; cdktn 0.24.0 keeps both (`npm run test:terrain`).
export class StateBackend extends TerraformBackend {
  private readonly attributes: Record<string, string | boolean>;

  constructor(scope: Construct, id: string, props: StateBackendSettings) {
    checkStateBackend(`${scope.node.path}/${id}`, props);
    super(scope, id, props.type === 'local' ? 'local' : 's3');
    this.attributes = backendAttributes(TerraformStack.of(scope).node.id, props);
  }

  protected synthesizeAttributes(): Record<string, string | boolean> {
    return { ...this.attributes };
  }

  protected synthesizeHclAttributes(): Record<string, string | boolean> {
    return { ...this.attributes };
  }

  public toTerraform(): any {
    return withRequiredVersion(super.toTerraform());
  }

  public toHclTerraform(): any {
    return withRequiredVersion(super.toHclTerraform());
  }

  public getRemoteStateDataSource(scope: Construct, name: string, fromStack: string): TerraformRemoteState {
    if (this.name === 'local') return new DataTerraformRemoteStateLocal(scope, name, { path: this.attributes.path as string });
    if (this.attributes.bucket === undefined) {
      throw new ValidationError(
        `${this.node.path}: stack ${fromStack} has a "pipeline" backend, whose values only the pipeline knows, so another stack cannot read its outputs; use type "s3" for it`,
      );
    }
    const { bucket, key, region } = this.attributes as Record<string, string>;
    return new DataTerraformRemoteStateS3(scope, name, { bucket, key, region });
  }
}

function withRequiredVersion(fragment: { terraform: Record<string, unknown> }): { terraform: Record<string, unknown> } {
  return { terraform: { ...fragment.terraform, required_version: REQUIRED_TERRAFORM_VERSION } };
}

function backendAttributes(stackName: string, settings: StateBackendSettings): Record<string, string | boolean> {
  switch (settings.type) {
    case 'local':
      // Relative to the stack folder (`cdktf.out/stacks/<stack>`): the project root, as cdktf's default, without its absolute path.
      return { path: `../../../terraform.${stackName}.tfstate` };
    case 's3':
      return {
        bucket: settings.bucket,
        key: stateKey(stackName),
        region: settings.region,
        encrypt: true,
        use_lockfile: true,
        ...(settings.kmsKeyId === undefined ? {} : { kms_key_id: settings.kmsKeyId }),
      };
    case 'pipeline':
      return {};
  }
}

// Backend settings often come from configuration files, so every rule the types state is checked again here.
function checkStateBackend(where: string, settings: StateBackendSettings): void {
  const type = (settings as { type?: unknown } | undefined)?.type;
  if (typeof type !== 'string' || !Object.hasOwn(SETTINGS_OF, type)) {
    throw new ValidationError(`${where}: backend type ${JSON.stringify(type)} is not supported; use "local", "s3" or "pipeline"`);
  }
  for (const [name, value] of Object.entries(settings)) {
    if (name !== 'type' && !SETTINGS_OF[settings.type].includes(name)) {
      throw new ValidationError(`${where}: backend type "${type}" takes no "${name}" (received ${JSON.stringify(value)}); ${fixForExtraSetting(settings.type, name)}`);
    }
    if (Token.isUnresolved(value)) {
      throw new ValidationError(
        `${where}: backend setting "${name}" is a token; Terraform reads the backend before any variable or resource, so pass a plain string`,
      );
    }
  }
  if (settings.type === 's3') {
    checkBucketName(where, settings.bucket);
    checkRegion(where, 'backend region (of the state bucket)', settings.region);
    if (settings.kmsKeyId !== undefined) checkKmsKeyId(where, settings.kmsKeyId);
  }
}

function fixForExtraSetting(type: StateBackendSettings['type'], name: string): string {
  const closest = closestName(name, SETTINGS_OF[type]);
  if (closest !== undefined) return `did you mean "${closest}"?`;
  if (type === 's3') return `the "s3" backend takes only ${SETTINGS_OF.s3.join(', ')}`;
  if (type === 'pipeline') return `the pipeline supplies every backend value at terraform init -backend-config; remove it, or use type "s3" to write the values into the stack`;
  return SETTINGS_OF.s3.includes(name) ? `use type "s3" to keep the state in S3` : 'remove it';
}

// General purpose bucket naming rules: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const RESERVED_BUCKET_NAME = /\.\.|^\d+\.\d+\.\d+\.\d+$|^(xn--|sthree-|amzn-s3-demo-)|(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/;

function checkBucketName(where: string, bucket: string | undefined): void {
  if (bucket === undefined || bucket === '') {
    throw new ValidationError(`${where}: backend type "s3" needs "bucket", the name of an existing S3 bucket for the state`);
  }
  if (!BUCKET_NAME.test(bucket) || RESERVED_BUCKET_NAME.test(bucket)) {
    throw new ValidationError(
      `${where}: backend bucket "${bucket}" is not an S3 bucket name; use 3 to 63 lower-case letters, digits, "." and "-", starting and ending with a letter or digit, without "..", an IP address form, or a prefix or suffix S3 reserves`,
    );
  }
}

/** Checks an AWS region name such as `eu-west-1` or `us-gov-west-1`; `what` says which region it is. */
export function checkRegion(where: string, what: string, region: string | undefined): void {
  if (region === undefined || region === '') {
    throw new ValidationError(`${where}: ${what} is missing; name an AWS region such as "eu-west-1"`);
  }
  if (!Token.isUnresolved(region) && !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region)) {
    throw new ValidationError(`${where}: ${what} "${region}" is not an AWS region name; use one such as "eu-west-1"`);
  }
}

// The forms the S3 backend accepts (hashicorp/terraform internal/backend/remote-state/s3/validate.go): a key id, a
// multi-Region key id, `alias/<name>`, or the ARN of a key or an alias.
const KEY_ID = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})';
const ALIAS = 'alias/[A-Za-z0-9/_-]+';
const KMS_KEY = new RegExp(`^(${KEY_ID}|${ALIAS}|arn:[a-z-]+:kms:[a-z0-9-]+:\\d{12}:(key/${KEY_ID}|${ALIAS}))$`);

function checkKmsKeyId(where: string, kmsKeyId: string): void {
  if (!KMS_KEY.test(kmsKeyId)) {
    throw new ValidationError(
      `${where}: backend kmsKeyId "${kmsKeyId}" is not a KMS key; use a key id, "alias/<name>", or the ARN of a key or an alias`,
    );
  }
}
