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
import { DEFAULT_LOG_RETENTION_DAYS } from '../defaults';
import { physicalName } from '../naming';
import { checkProps, eachValue, propsShape } from '../props';
import type { RestApi } from '../rest-api/rest-api';
import { normalizeHttpMethod } from '../../apigw/http-methods';
import { LAMBDA_ENVIRONMENT_BYTES, LAMBDA_MEMORY_RANGE_MB, LAMBDA_TIMEOUT_RANGE_SECONDS } from '../../apigw/limits';
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

/**
 * A Lambda function built from a folder under `functions/` (or `functionsDir`), with its own execution role and log group.
 * API integrations ask it for invoke rights with `grantInvoke`; it renders them at synth, as narrow as its
 * resource policy allows.
 */
export class LambdaHandler extends Construct {
  public readonly functionName: string;
  public readonly functionArn: string;
  /** The ARN API Gateway integrations call (`uri`). */
  public readonly invokeArn: string;
  public readonly roleArn: string;
  public readonly logGroupName: string;
  public readonly timeoutSeconds: number;
  public readonly memoryMb: number;
  public readonly runtime: NodeRuntime;

  private readonly lambda: LambdaFunction;
  private readonly grants: InvokeGrant[] = [];
  private readonly invokePermissions: InvokePermissions;
  private permissionsRendered = false;

  constructor(scope: Construct, id: string, props: LambdaHandlerProps) {
    super(scope, id);
    const where = this.node.path;
    checkProps(where, props, LAMBDA_HANDLER_PROPS);
    const handler = props.handler ?? DEFAULT_HANDLER;
    this.runtime = props.runtime ?? DEFAULT_RUNTIME;
    this.memoryMb = props.memoryMb ?? DEFAULT_MEMORY_MB;
    this.timeoutSeconds = props.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    const logRetentionDays = props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    this.invokePermissions = props.invokePermissions ?? DEFAULT_INVOKE_PERMISSIONS;
    this.functionName = physicalName(this, props.functionName ?? id);

    checkFunctionName(where, this.functionName);
    checkHandler(where, handler);
    if (!NODE_RUNTIMES.includes(this.runtime)) {
      throw new ValidationError(`${where}: runtime "${this.runtime}" is not a supported Node.js runtime; use one of ${NODE_RUNTIMES.join(', ')}`);
    }
    checkWholeNumberInRange(where, 'memoryMb', this.memoryMb, ...LAMBDA_MEMORY_RANGE_MB, 'Lambda offers 128 MB to 10,240 MB');
    checkWholeNumberInRange(where, 'timeoutSeconds', this.timeoutSeconds, ...LAMBDA_TIMEOUT_RANGE_SECONDS, 'Lambda stops any function after 900 seconds');
    checkLogRetentionDays(where, 'logRetentionDays', logRetentionDays);
    checkEnvironment(where, props.environment ?? {});
    if (!INVOKE_PERMISSIONS.includes(this.invokePermissions)) {
      throw new ValidationError(`${where}: invokePermissions "${this.invokePermissions}" is not valid; use ${INVOKE_PERMISSIONS.map((p) => `'${p}'`).join(' or ')}`);
    }
    claimFunctionName(this, this.functionName);
    const archive = this.bundle(props.functionsDir ?? DEFAULT_FUNCTIONS_DIR, props.source, handler);

    const logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: `/aws/lambda/${this.functionName}`,
      retentionInDays: logRetentionDays,
    });
    this.logGroupName = logGroup.name;
    const tracing = props.tracing ?? true;
    const tracingStatements: DataAwsIamPolicyDocumentStatement[] = tracing
      ? [{ sid: 'SendTraces', effect: 'Allow', actions: XRAY_WRITE_ACTIONS, resources: ['*'] }]
      : [];
    const { role, rolePolicy } = this.executionRole(`${logGroup.arn}:*`, [...tracingStatements, ...(props.policyStatements ?? [])]);
    this.roleArn = role.arn;

    this.lambda = new LambdaFunction(this, 'Function', {
      functionName: this.functionName,
      description: props.description,
      role: this.roleArn,
      runtime: this.runtime,
      handler,
      filename: archive.outputPath,
      sourceCodeHash: archive.outputBase64Sha256,
      memorySize: this.memoryMb,
      timeout: this.timeoutSeconds,
      environment: props.environment && Object.keys(props.environment).length ? { variables: props.environment } : undefined,
      loggingConfig: { logFormat: 'Text', logGroup: logGroup.name },
      tracingConfig: tracing ? { mode: 'Active' } : undefined,
      // The role must be able to write logs before the first invocation, into the group made here.
      dependsOn: [rolePolicy, logGroup],
    });
    this.functionArn = this.lambda.arn;
    this.invokeArn = this.lambda.invokeArn;

    Aspects.of(this).add({ visit: (node: IConstruct) => node === this && this.renderInvokePermissions() });
  }

  /**
   * Bundles the handler's folder into `assets/<function name>` of the stack folder at synth, and zips it
   * from there with `archive_file`, relative to the stack folder so the folder plans on any machine.
   */
  private bundle(functionsDir: string, source: string, handler: string): DataArchiveFile {
    const root = projectRoot(this);
    const entry = findEntryFile(this.node.path, root, functionsDir, source, handler);
    const bundleDir = `assets/${this.functionName}`;
    onSynthesize(this, (session) => {
      const stackFile = session.manifest.forStack(TerraformStack.of(this)).synthesizedStackPath;
      const stackDir = path.dirname(path.join(session.outdir, stackFile));
      bundleHandler({ where: this.node.path, root, entry, outdir: path.join(stackDir, bundleDir), handler, runtime: this.runtime });
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

  /** Lets `api` invoke this function for `httpMethod` on `path` of its stage. */
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

  private renderInvokePermissions(): void {
    if (this.permissionsRendered) return;
    this.permissionsRendered = true;
    if (this.grants.length === 0) return;
    const { statements } = planInvokeStatements(this.node.path, this.functionName, this.grants, this.invokePermissions);
    const sourceAccount = accountIdOf(this);
    for (const statement of statements) {
      new LambdaPermission(this, `Invoke ${statement.statementId}`, {
        statementId: statement.statementId,
        action: 'lambda:InvokeFunction',
        functionName: this.lambda.functionName,
        principal: 'apigateway.amazonaws.com',
        sourceArn: statement.sourceArn,
        sourceAccount,
      });
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
