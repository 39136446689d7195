import { createHash } from 'node:crypto';
import { executeApiArn, pathPattern } from './arn';
import { ValidationError } from './errors';

// Plans the `aws_lambda_permission` statements that let API Gateway invoke one function: one per route
// while they fit in the function's resource policy, wider ones when they would not.

/** One route that may invoke the function. */
export interface InvokeGrant {
  /** Identifies the API (its construct path); grants of different APIs never merge. */
  readonly apiKey: string;
  /** The API's `execution_arn` (a token at synth). */
  readonly executionArn: string;
  readonly stage: string;
  /** `GET`, `POST`, ... or `ANY`. */
  readonly httpMethod: string;
  /** The resource path, such as `/items/{id}`. */
  readonly path: string;
}

export interface InvokeStatement {
  /** `statement_id`: 1 to 100 of `[A-Za-z0-9_-]`, unique in the function's policy. */
  readonly statementId: string;
  /** `source_arn`: `<executionArn>/<stage>/<verb>/<path>` with `*` for ANY and for path variables. */
  readonly sourceArn: string;
}

/** How far each statement reaches: one route, one path with every verb, or the whole stage. */
export type InvokeScope = 'method' | 'path' | 'stage';
export const INVOKE_SCOPES: readonly InvokeScope[] = ['method', 'path', 'stage'];

/**
 * Lambda's resource policy limit is 20 KB (Lambda quotas: "Function resource-based policy: 20 KB").
 * 2 KB stay free for permissions added outside this project, such as an S3 or EventBridge trigger.
 */
export const POLICY_BUDGET_BYTES = 18 * 1024;

// The longest values an ARN part can take, so the estimate is an upper bound in every partition and region.
const WORST_PARTITION = 'aws-iso-b';
const WORST_REGION = 'xx-xxxxxxxxxxxxx-1'; // 18 characters, above every region name so far (14)
const WORST_ACCOUNT = '123456789012';
const WORST_API_ID = 'abcdefghij';

export function planInvokeStatements(where: string, functionName: string, grants: readonly InvokeGrant[]): {
  scope: InvokeScope;
  statements: InvokeStatement[];
  estimatedBytes: number;
} {
  for (const scope of INVOKE_SCOPES) {
    const statements = statementsAt(scope, grants);
    const estimatedBytes = estimatePolicyBytes(functionName, statements, grants);
    if (estimatedBytes <= POLICY_BUDGET_BYTES) return { scope, statements, estimatedBytes };
  }
  const statements = statementsAt('stage', grants);
  throw new ValidationError(
    `${where}: even one invoke permission per API stage (${statements.length}) needs about ` +
      `${estimatePolicyBytes(functionName, statements, grants)} bytes of resource policy, over the ${POLICY_BUDGET_BYTES}-byte budget ` +
      `(Lambda allows 20 KB); split the routes over more functions`,
  );
}

export function statementsAt(scope: InvokeScope, grants: readonly InvokeGrant[]): InvokeStatement[] {
  const bySourceArn = new Map<string, InvokeStatement>();
  for (const grant of grants) {
    const verb = scope === 'method' && grant.httpMethod !== 'ANY' ? grant.httpMethod : '*';
    const path = scope === 'stage' ? '/*' : pathPattern(grant.path);
    const sourceArn = executeApiArn(grant.executionArn, grant.stage, verb, path);
    const key = `${grant.apiKey}|${grant.stage}|${verb}|${path}`;
    if (!bySourceArn.has(key)) bySourceArn.set(key, { statementId: statementId(key, grant.stage, verb, path), sourceArn });
  }
  // Code-point order, not localeCompare: the output must not depend on the machine's locale.
  return [...bySourceArn.values()].sort((a, b) => (a.statementId < b.statementId ? -1 : a.statementId > b.statementId ? 1 : 0));
}

function statementId(key: string, stage: string, verb: string, path: string): string {
  const pathSlug = path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const readable = [`apigw-${stage}`, verb === '*' ? 'ANY' : verb, pathSlug].filter(Boolean).join('-').slice(0, 90);
  const hash = createHash('sha1').update(key).digest('hex').slice(0, 8);
  return `${readable}-${hash}`;
}

/** An upper bound on the policy's size as Lambda stores it (GetPolicy), with every token at its longest. */
export function estimatePolicyBytes(
  functionName: string,
  statements: readonly InvokeStatement[],
  grants: readonly InvokeGrant[],
): number {
  const worstExecutionArn = `arn:${WORST_PARTITION}:execute-api:${WORST_REGION}:${WORST_ACCOUNT}:${WORST_API_ID}`;
  const executionArns = new Set(grants.map((grant) => grant.executionArn));
  const rendered = statements.map((statement) => {
    let sourceArn = statement.sourceArn;
    for (const arn of executionArns) sourceArn = sourceArn.split(arn).join(worstExecutionArn);
    return {
      Sid: statement.statementId,
      Effect: 'Allow',
      Principal: { Service: 'apigateway.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: `arn:${WORST_PARTITION}:lambda:${WORST_REGION}:${WORST_ACCOUNT}:function:${functionName}`,
      Condition: { StringEquals: { 'AWS:SourceAccount': WORST_ACCOUNT }, ArnLike: { 'AWS:SourceArn': sourceArn } },
    };
  });
  return Buffer.byteLength(JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: rendered }));
}
