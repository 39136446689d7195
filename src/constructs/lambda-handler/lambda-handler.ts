import * as path from 'node:path';
import { Aspects, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { DataArchiveFile } from '@cdktf/provider-archive/lib/data-archive-file';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import {
  DataAwsIamPolicyDocument,
  DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { accountIdOf } from '../arn';
import { onSynthesize } from '../cdktf-internals';
import { bundleHandler, DEFAULT_FUNCTIONS_DIR, findEntryFile, projectRoot } from './bundle';
import { DEFAULT_INVOKE_PERMISSIONS, INVOKE_PERMISSIONS, InvokeGrant, InvokePermissions, planInvokeStatements } from './invoke-permissions';
import { AliasSettings, checkAliasSettings, StageAliases, TrafficShift } from './aliases';
import { AsyncFailures, ASYNC_FAILURES, asyncFailureQueue, onFailureDestination } from './async-failures';
import { checkVpc, vpcStatements } from './vpc';
import type { CodeSigningConfig } from '../code-signing-config';
import { DEFAULT_LOG_RETENTION_DAYS } from '../defaults';
import type { EncryptionKey } from '../encryption-key';
import type { ILambdaLayer } from '../lambda-layer';
import { physicalName } from '../naming';
import { checkProps, eachValue, propsShape } from '../props';
import type { RestApi } from '../rest-api/rest-api';
import { LAMBDA_DEFAULT_ARCHITECTURE } from '../../apigw/defaults';
import { normalizeHttpMethod } from '../../apigw/http-methods';
import {
  Architecture,
  ARCHITECTURES,
  LAMBDA_ENVIRONMENT_BYTES,
  LAMBDA_MEMORY_RANGE_MB,
  LAMBDA_TIMEOUT_RANGE_SECONDS,
  MAX_LAMBDA_LAYERS,
} from '../../apigw/limits';
import { checkFunctionName, checkLogRetentionDays, checkWholeNumberInRange } from '../validate';
import { ValidationError } from '../../apigw/errors';

/** Node.js runtimes Lambda supports today (nodejs20.x reached end of support on 2026-04-30). */
export type NodeRuntime = 'nodejs22.x' | 'nodejs24.x';
const NODE_RUNTIMES: readonly NodeRuntime[] = ['nodejs22.x', 'nodejs24.x'];

export interface LambdaHandlerProps {
  /** Folder under `functionsDir` that holds the handler code, such as `list-items`. */
  readonly source: string;
  /**
   * Folder that holds the handler folders: relative to the project root (the folder of `cdktf.json`), or absolute.
   * @default 'functions'
   */
  readonly functionsDir?: string;
  /**
   * The handler as Lambda names it: `<file without extension>.<exported function>`. The file
   * (`.ts`, `.mts`, `.js` or `.mjs`) is bundled with esbuild at synth time.
   * @default 'index.handler'
   */
  readonly handler?: string;
  /**
   * Name of the function, after the stack's name prefix.
   * @default - the construct id
   */
  readonly functionName?: string;
  /**
   * Description of the function.
   * @default - no description
   */
  readonly description?: string;
  /**
   * The Node.js runtime.
   * @default 'nodejs24.x'
   */
  readonly runtime?: NodeRuntime;
  /**
   * Memory in MB, 128 to 10,240; CPU grows with it.
   * @default 256
   */
  readonly memoryMb?: number;
  /**
   * Seconds before the function is stopped, 1 to 900. API Gateway stops waiting after 29.
   * @default 10
   */
  readonly timeoutSeconds?: number;
  /**
   * Environment variables of the function.
   * @default - none
   */
  readonly environment?: Record<string, string>;
  /**
   * Days the function's log group keeps its logs; one of the periods CloudWatch Logs offers.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Extra statements for the function's role, such as `s3:GetObject` on one bucket's objects.
   * @default - the role can only write to its own log group
   */
  readonly policyStatements?: DataAwsIamPolicyDocumentStatement[];
  /**
   * How the `aws_lambda_permission`s that let API Gateway invoke the function are cut. `'per-function'`: one
   * per API stage, whose source ARN covers all of the function's routes there with the narrowest single
   * pattern (its verb or `*`; its path, or the longest common prefix of its paths followed by `*`), so
   * permissions grow with functions, not with methods. `'per-route'`: one per route, widened to one per path,
   * then to one per API stage, when they would not fit in the function's resource policy.
   * @default 'per-function'
   */
  readonly invokePermissions?: InvokePermissions;
  /**
   * Trace every invocation with AWS X-Ray (`Active`), which lets the role send traces.
   * @default true
   */
  readonly tracing?: boolean;
  /**
   * The instruction set the function runs on. `arm64` (AWS Graviton) is billed about 20% less per GB-second; the
   * bundle is plain JavaScript, so it runs on either unless a layer holds native code.
   * @default 'x86_64'
   */
  readonly architecture?: Architecture;
  /**
   * Concurrent executions kept for this function alone, which also caps it (`reserved_concurrent_executions`), 1 or
   * more. The account keeps 100 unreserved, so on an account with the default quota of 1,000, 900 can be reserved.
   * @default - none: the function shares the account's unreserved concurrency
   */
  readonly reservedConcurrency?: number;
  /**
   * Layers the function loads into `/opt`, at most 5: `LambdaLayer`s, or `LambdaLayer.fromLayerVersionArn(...)`. Their
   * Node.js packages are left out of the function's bundle.
   * @default - no layers
   */
  readonly layers?: ILambdaLayer[];
  /**
   * Subnets (`subnet-...`, at most 16) the function's network interfaces are placed in; it then reaches only what
   * those subnets route to (AWS services through VPC endpoints or a NAT gateway). Needs `vpcSecurityGroupIds`; the
   * role gets the EC2 rights Lambda uses to manage the interfaces, scoped to them, these subnets and groups.
   * @default - not in a VPC
   */
  readonly vpcSubnetIds?: string[];
  /**
   * Security groups (`sg-...`, at most 5) of the function's network interfaces; needs `vpcSubnetIds`.
   * @default - none (not in a VPC)
   */
  readonly vpcSecurityGroupIds?: string[];
  /**
   * Where asynchronous (`Event`) invocations go when they still fail after Lambda's two retries: an SQS queue of the
   * function's own (`<function name>-failed`, SQS-managed encryption, kept 14 days), as its dead-letter queue (the
   * event alone) or as its on-failure destination (the event, the error and the invocation's context).
   * @default - none: they are dropped
   */
  readonly asyncFailures?: AsyncFailures;
  /**
   * The KMS key that encrypts the function's log group (`EncryptionKey`, whose policy then lets CloudWatch Logs use it
   * for that group).
   * @default - CloudWatch Logs' own encryption
   */
  readonly logEncryptionKey?: EncryptionKey;
  /**
   * The KMS key that encrypts the function's environment variables at rest; the role may decrypt with it. Ignored when
   * the function has no environment variables.
   * @default - Lambda's AWS managed key
   */
  readonly environmentEncryptionKey?: EncryptionKey;
  /**
   * The code signing configuration Lambda checks the code against. This handler deploys the zip it bundles at synth,
   * unsigned, so the configuration must only warn (`'Warn'`).
   * @default - none: Lambda does not check signatures
   */
  readonly codeSigningConfig?: CodeSigningConfig;
  /**
   * Publish a version at each change of code or configuration, and give each API stage that invokes the function an
   * alias named after the stage, pointing at the latest version. Integrations and authorizers call the alias, and the
   * invoke permissions are the alias's, so a stage can be moved between versions (`trafficShift`) or kept warm
   * (`provisionedConcurrency`). Versions are kept until deleted (75 GB of code per region).
   * @default false
   */
  readonly aliasPerStage?: boolean;
  /**
   * Execution environments each alias keeps initialized (`aws_lambda_provisioned_concurrency_config`), billed while
   * they exist; needs `aliasPerStage`, and fits within `reservedConcurrency` when that is set.
   * @default - none
   */
  readonly provisionedConcurrency?: number;
  /**
   * Shift a stage's traffic gradually: each alias keeps sending `previousVersionWeight` of invocations to
   * `previousVersion` and the rest to the version just published. Needs `aliasPerStage`.
   * @default - every invocation goes to the latest version
   */
  readonly trafficShift?: TrafficShift;
}

// The provider's statement type: its converter drops a key it does not know, so a misspelt `action` would leave a
// statement that grants nothing, found only at plan.
const POLICY_STATEMENT = propsShape<DataAwsIamPolicyDocumentStatement>('DataAwsIamPolicyDocumentStatement', {
  sid: true,
  effect: true,
  actions: true,
  notActions: true,
  resources: true,
  notResources: true,
  principals: true,
  notPrincipals: true,
  condition: true,
});

const LAMBDA_HANDLER_PROPS = propsShape<LambdaHandlerProps>('LambdaHandlerProps', {
  source: true,
  functionsDir: true,
  handler: true,
  functionName: true,
  description: true,
  runtime: true,
  memoryMb: true,
  timeoutSeconds: true,
  environment: true,
  logRetentionDays: true,
  policyStatements: eachValue(POLICY_STATEMENT),
  invokePermissions: true,
  tracing: true,
  architecture: true,
  reservedConcurrency: true,
  layers: true,
  vpcSubnetIds: true,
  vpcSecurityGroupIds: true,
  asyncFailures: true,
  logEncryptionKey: true,
  environmentEncryptionKey: true,
  codeSigningConfig: true,
  aliasPerStage: true,
  provisionedConcurrency: true,
  trafficShift: propsShape<TrafficShift>('trafficShift', { previousVersion: true, previousVersionWeight: true }),
});

/**
 * What an `Active`-traced function's role needs (the AWSXRayDaemonWriteAccess essentials). X-Ray has no
 * resource to scope these to, so the statement names `*` (IAM service authorization reference for X-Ray).
 */
export const XRAY_WRITE_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];

export const DEFAULT_HANDLER = 'index.handler';
export const DEFAULT_RUNTIME: NodeRuntime = 'nodejs24.x';
export const DEFAULT_MEMORY_MB = 256;
export const DEFAULT_TIMEOUT_SECONDS = 10;

// Names Lambda keeps for itself ("Defined runtime environment variables"); setting one fails at deploy.
const RESERVED_ENVIRONMENT = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);

/** What API Gateway calls for one API: the function, or the alias of the API's stage. */
export interface InvokeTarget {
  /** The `uri` of an integration or authorizer: the function's or the alias's invoke ARN. */
  readonly invokeArn: string;
  /** The alias name an invoke permission must be scoped to (`qualifier`); absent for the function itself. */
  readonly qualifier?: string;
}

/**
 * A Lambda function built from a folder under `functions/` (or `functionsDir`), with its own execution role and log group.
 * API integrations ask it for invoke rights with `grantInvoke`; it renders them at synth, as narrow as its
 * resource policy allows.
 */
export class LambdaHandler extends Construct {
  public readonly functionName: string;
  public readonly functionArn: string;
  /** The ARN API Gateway integrations call (`uri`) when the handler has no aliases; see `invokeTargetFor`. */
  public readonly invokeArn: string;
  public readonly roleArn: string;
  public readonly logGroupName: string;
  public readonly timeoutSeconds: number;
  public readonly memoryMb: number;
  public readonly runtime: NodeRuntime;
  public readonly architecture: Architecture;
  /** The queue failed asynchronous invocations go to, when `asyncFailures` is set. */
  public readonly asyncFailureQueueArn?: string;

  private readonly lambda: LambdaFunction;
  private readonly grants: InvokeGrant[] = [];
  private readonly invokePermissions: InvokePermissions;
  private readonly aliases?: StageAliases;
  private permissionsRendered = false;

  constructor(scope: Construct, id: string, props: LambdaHandlerProps) {
    super(scope, id);
    const where = this.node.path;
    checkProps(where, props, LAMBDA_HANDLER_PROPS);
    const handler = props.handler ?? DEFAULT_HANDLER;
    this.runtime = props.runtime ?? DEFAULT_RUNTIME;
    this.architecture = props.architecture ?? LAMBDA_DEFAULT_ARCHITECTURE;
    this.memoryMb = props.memoryMb ?? DEFAULT_MEMORY_MB;
    this.timeoutSeconds = props.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    const logRetentionDays = props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    this.invokePermissions = props.invokePermissions ?? DEFAULT_INVOKE_PERMISSIONS;
    this.functionName = physicalName(this, props.functionName ?? id);
    const layers = props.layers ?? [];
    const aliasSettings: AliasSettings = {
      aliasPerStage: props.aliasPerStage ?? false,
      provisionedConcurrency: props.provisionedConcurrency,
      trafficShift: props.trafficShift,
      reservedConcurrency: props.reservedConcurrency,
    };
    const environment = props.environment ?? {};
    const hasEnvironment = Object.keys(environment).length > 0;

    checkFunctionName(where, this.functionName);
    checkHandler(where, handler);
    if (!NODE_RUNTIMES.includes(this.runtime)) {
      throw new ValidationError(`${where}: runtime "${this.runtime}" is not a supported Node.js runtime; use one of ${NODE_RUNTIMES.join(', ')}`);
    }
    if (!ARCHITECTURES.includes(this.architecture)) {
      throw new ValidationError(`${where}: architecture "${this.architecture}" is not valid; use ${ARCHITECTURES.map((a) => `'${a}'`).join(' or ')}`);
    }
    checkWholeNumberInRange(where, 'memoryMb', this.memoryMb, ...LAMBDA_MEMORY_RANGE_MB, 'Lambda offers 128 MB to 10,240 MB');
    checkWholeNumberInRange(where, 'timeoutSeconds', this.timeoutSeconds, ...LAMBDA_TIMEOUT_RANGE_SECONDS, 'Lambda stops any function after 900 seconds');
    checkLogRetentionDays(where, 'logRetentionDays', logRetentionDays);
    checkEnvironment(where, environment);
    if (!INVOKE_PERMISSIONS.includes(this.invokePermissions)) {
      throw new ValidationError(`${where}: invokePermissions "${this.invokePermissions}" is not valid; use ${INVOKE_PERMISSIONS.map((p) => `'${p}'`).join(' or ')}`);
    }
    if (props.reservedConcurrency !== undefined) {
      checkWholeNumberInRange(where, 'reservedConcurrency', props.reservedConcurrency, 1, Number.MAX_SAFE_INTEGER, '0 would stop every invocation; leave it out to share the account\'s concurrency');
    }
    checkAliasSettings(where, aliasSettings);
    checkLayers(where, this.architecture, layers);
    checkVpc(where, props.vpcSubnetIds, props.vpcSecurityGroupIds);
    if (props.asyncFailures !== undefined && !ASYNC_FAILURES.includes(props.asyncFailures)) {
      throw new ValidationError(`${where}: asyncFailures "${props.asyncFailures}" is not valid; use ${ASYNC_FAILURES.map((a) => `'${a}'`).join(' or ')}`);
    }
    if (props.codeSigningConfig?.untrustedArtifactOnDeployment === 'Enforce') {
      throw new ValidationError(
        `${where}: codeSigningConfig ${props.codeSigningConfig.node.path} is 'Enforce', but this handler deploys the zip it bundles at synth, unsigned, and Lambda would refuse it; use a configuration with untrustedArtifactOnDeployment 'Warn'`,
      );
    }
    claimFunctionName(this, this.functionName);
    const archive = this.bundle(props.functionsDir ?? DEFAULT_FUNCTIONS_DIR, props.source, handler, layers.flatMap((layer) => layer.packages));

    const logGroupName = `/aws/lambda/${this.functionName}`;
    props.logEncryptionKey?.encryptLogGroup(logGroupName);
    const logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: logGroupName,
      retentionInDays: logRetentionDays,
      kmsKeyId: props.logEncryptionKey?.keyArn,
    });
    this.logGroupName = logGroup.name;
    const queue = props.asyncFailures ? asyncFailureQueue(this, this.functionName) : undefined;
    this.asyncFailureQueueArn = queue?.arn;
    const environmentKey = hasEnvironment ? props.environmentEncryptionKey : undefined;
    const tracing = props.tracing ?? true;
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      ...(tracing ? [{ sid: 'SendTraces', effect: 'Allow', actions: XRAY_WRITE_ACTIONS, resources: ['*'] }] : []),
      ...(props.vpcSubnetIds && props.vpcSecurityGroupIds ? vpcStatements(this, props.vpcSubnetIds, props.vpcSecurityGroupIds) : []),
      ...(queue ? [{ sid: 'SendFailedEvents', effect: 'Allow', actions: ['sqs:SendMessage'], resources: [queue.arn] }] : []),
      // Lambda decrypts the environment at start through a grant it makes on the key; this right is for the function's
      // own code, should it decrypt values encrypted with the same key.
      ...(environmentKey ? [{ sid: 'DecryptEnvironment', effect: 'Allow', actions: ['kms:Decrypt'], resources: [environmentKey.keyArn] }] : []),
      ...(props.policyStatements ?? []),
    ];
    const { role, rolePolicy } = this.executionRole(`${logGroup.arn}:*`, statements);
    this.roleArn = role.arn;

    this.lambda = new LambdaFunction(this, 'Function', {
      functionName: this.functionName,
      description: props.description,
      role: this.roleArn,
      runtime: this.runtime,
      architectures: [this.architecture],
      handler,
      filename: archive.outputPath,
      sourceCodeHash: archive.outputBase64Sha256,
      memorySize: this.memoryMb,
      timeout: this.timeoutSeconds,
      environment: hasEnvironment ? { variables: environment } : undefined,
      kmsKeyArn: environmentKey?.keyArn,
      loggingConfig: { logFormat: 'Text', logGroup: logGroup.name },
      tracingConfig: tracing ? { mode: 'Active' } : undefined,
      reservedConcurrentExecutions: props.reservedConcurrency,
      layers: layers.length ? layers.map((layer) => layer.layerVersionArn) : undefined,
      vpcConfig: props.vpcSubnetIds && props.vpcSecurityGroupIds ? { subnetIds: props.vpcSubnetIds, securityGroupIds: props.vpcSecurityGroupIds } : undefined,
      deadLetterConfig: queue && props.asyncFailures === 'dead-letter-queue' ? { targetArn: queue.arn } : undefined,
      codeSigningConfigArn: props.codeSigningConfig?.codeSigningConfigArn,
      publish: aliasSettings.aliasPerStage || undefined,
      // The role must be able to write logs before the first invocation, into the group made here, and Lambda checks
      // its network-interface and queue rights when the function is created.
      dependsOn: [rolePolicy, logGroup],
    });
    this.functionArn = this.lambda.arn;
    this.invokeArn = this.lambda.invokeArn;
    const onFailure = queue && props.asyncFailures === 'on-failure-destination' ? queue.arn : undefined;
    if (aliasSettings.aliasPerStage) {
      this.aliases = new StageAliases(this, this.lambda, aliasSettings, onFailure);
    } else if (onFailure) {
      onFailureDestination(this, 'EventInvokeConfig', this.lambda, undefined, onFailure);
    }

    Aspects.of(this).add({ visit: (node: IConstruct) => node === this && this.renderInvokePermissions() });
  }

  /**
   * What API Gateway calls for `api`: the alias of its stage (created on first use) when the handler has an alias per
   * stage, else the function itself.
   */
  public invokeTargetFor(api: RestApi): InvokeTarget {
    if (!this.aliases) return { invokeArn: this.invokeArn };
    const alias = this.aliases.aliasFor(api.stageName);
    return { invokeArn: alias.invokeArn, qualifier: alias.name };
  }

  /**
   * Bundles the handler's folder into `assets/<function name>` of the stack folder at synth, and zips it
   * from there with `archive_file`, relative to the stack folder so the folder plans on any machine.
   */
  private bundle(functionsDir: string, source: string, handler: string, external: string[]): DataArchiveFile {
    const root = projectRoot(this);
    const entry = findEntryFile(this.node.path, root, functionsDir, source, handler);
    const bundleDir = `assets/${this.functionName}`;
    onSynthesize(this, (session) => {
      const stackFile = session.manifest.forStack(TerraformStack.of(this)).synthesizedStackPath;
      const stackDir = path.dirname(path.join(session.outdir, stackFile));
      bundleHandler({ where: this.node.path, root, entry, outdir: path.join(stackDir, bundleDir), handler, runtime: this.runtime, external });
    });
    return new DataArchiveFile(this, 'Bundle', {
      type: 'zip',
      sourceDir: `\${path.module}/${bundleDir}`,
      outputPath: `\${path.module}/dist/${this.functionName}.zip`,
      outputFileMode: '0644',
    });
  }

  /** The function's own role: it may write to `logStreamsArn` and do what `statements` allow, nothing else. */
  private executionRole(logStreamsArn: string, statements: DataAwsIamPolicyDocumentStatement[]) {
    const role = new IamRole(this, 'Role', {
      name: this.functionName,
      description: `Execution role of the Lambda function ${this.functionName}`,
      assumeRolePolicy: lambdaTrustPolicy(this),
    });
    const document = new DataAwsIamPolicyDocument(this, 'RolePolicyDocument', {
      statement: [
        { sid: 'WriteOwnLogs', effect: 'Allow', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logStreamsArn] },
        ...statements,
      ],
    });
    const rolePolicy = new IamRolePolicy(this, 'RolePolicy', { role: role.id, name: 'execution', policy: document.json });
    return { role, rolePolicy };
  }

  /** Lets `api` invoke this function (or its stage's alias) for `httpMethod` on `path` of its stage. */
  public grantInvoke(api: RestApi, httpMethod: string, path: string): void {
    if (this.permissionsRendered) {
      throw new ValidationError(`${this.node.path}: grantInvoke() was called after synthesis began; add every method before synth`);
    }
    if (!path.startsWith('/')) {
      throw new ValidationError(`${this.node.path}: grantInvoke() path "${path}" must start with "/", such as "/${path}"`);
    }
    // Source ARNs match case-sensitively, and API Gateway signs with the upper-case verb.
    const verb = normalizeHttpMethod(this.node.path, httpMethod);
    this.grants.push({ apiKey: api.node.path, executionArn: api.executionArn, stage: api.stageName, httpMethod: verb, path });
  }

  /** One resource policy per alias (each alias has its own), or the function's; each planned within Lambda's 20 KB. */
  private renderInvokePermissions(): void {
    if (this.permissionsRendered) return;
    this.permissionsRendered = true;
    const policies = new Map<string | undefined, InvokeGrant[]>();
    for (const grant of this.grants) {
      const stage = this.aliases ? grant.stage : undefined;
      const grants = policies.get(stage) ?? [];
      grants.push(grant);
      policies.set(stage, grants);
    }
    const sourceAccount = policies.size ? accountIdOf(this) : undefined;
    for (const [stage, grants] of policies) {
      const alias = stage === undefined ? undefined : this.aliases!.aliasFor(stage);
      const { statements } = planInvokeStatements(this.node.path, this.functionName, grants, this.invokePermissions, stage);
      for (const statement of statements) {
        new LambdaPermission(this, `Invoke ${statement.statementId}`, {
          statementId: statement.statementId,
          action: 'lambda:InvokeFunction',
          functionName: this.lambda.functionName,
          qualifier: alias?.name,
          principal: 'apigateway.amazonaws.com',
          sourceArn: statement.sourceArn,
          sourceAccount,
        });
      }
    }
  }
}

/** The trust policy every handler's role shares: only the Lambda service may assume it. */
function lambdaTrustPolicy(scope: Construct): string {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild('LambdaTrustPolicy') as DataAwsIamPolicyDocument | undefined;
  const document =
    existing ??
    new DataAwsIamPolicyDocument(stack, 'LambdaTrustPolicy', {
      statement: [
        {
          sid: 'LambdaAssumesRole',
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }],
        },
      ],
    });
  return document.json;
}

// Function names already taken in each stack: two handlers with one name would share a bundle folder and
// fail at apply.
const functionNamesByStack = new WeakMap<TerraformStack, Map<string, string>>();

function claimFunctionName(handler: LambdaHandler, functionName: string): void {
  const stack = TerraformStack.of(handler);
  const names = functionNamesByStack.get(stack) ?? new Map<string, string>();
  functionNamesByStack.set(stack, names);
  const owner = names.get(functionName);
  if (owner !== undefined) {
    throw new ValidationError(
      `${handler.node.path}: function name "${functionName}" is already used by ${owner}; give one of them another functionName`,
    );
  }
  names.set(functionName, handler.node.path);
}

function checkHandler(where: string, handler: string): void {
  // `<file path without extension>.<exported function>`, as the Node.js runtime resolves it.
  if (!/^[A-Za-z0-9_\-./]+\.[A-Za-z_$][A-Za-z0-9_$]*$/.test(handler) || handler.length > 128) {
    throw new ValidationError(`${where}: handler "${handler}" must look like "index.handler" (file without extension, ".", exported function)`);
  }
}

function checkEnvironment(where: string, environment: Record<string, string>): void {
  let bytes = 0;
  for (const [name, value] of Object.entries(environment)) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
      throw new ValidationError(`${where}: environment variable name "${name}" is not valid; start with a letter, then letters, digits or "_"`);
    }
    if (RESERVED_ENVIRONMENT.has(name)) {
      throw new ValidationError(`${where}: environment variable "${name}" is reserved by Lambda and cannot be set; choose another name`);
    }
    if (!Token.isUnresolved(value)) bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
  }
  if (bytes > LAMBDA_ENVIRONMENT_BYTES) {
    throw new ValidationError(`${where}: environment variables take ${bytes} bytes, over Lambda's 4 KB limit; move large values to SSM or S3`);
  }
}

function checkLayers(where: string, architecture: Architecture, layers: readonly ILambdaLayer[]): void {
  if (layers.length > MAX_LAMBDA_LAYERS) {
    throw new ValidationError(`${where}: ${layers.length} layers are given, but a function can use at most ${MAX_LAMBDA_LAYERS}; merge some of them`);
  }
  for (const layer of layers) {
    const architectures = layer.compatibleArchitectures;
    if (architectures && !architectures.includes(architecture)) {
      const name = layer instanceof Construct ? layer.node.path : layer.layerVersionArn;
      throw new ValidationError(
        `${where}: layer ${name} runs on ${architectures.join(', ')}, not on the function's ${architecture}; use architecture '${architectures[0]}' or a layer built for ${architecture}`,
      );
    }
  }
}
