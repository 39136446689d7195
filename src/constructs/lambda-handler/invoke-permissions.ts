import { createHash } from 'node:crypto';
import { executeApiArn, executionArn } from '../../apigw/arns';
import { LAMBDA_RESOURCE_POLICY_BYTES } from '../../apigw/limits';
import { pathPattern } from '../../apigw/paths';
import { ValidationError } from '../../apigw/errors';

// Plans the `aws_lambda_permission` statements that let API Gateway invoke one function: by default one per
// API stage, covering all of the function's routes there; or, per route, as narrow as the function's resource
// policy allows.

/**
 * How a function's invoke permissions are cut.
 * - `per-function`: one per API stage that invokes the function, whose source ARN is the narrowest single
 *   execute-api ARN that covers all of its routes there. Permissions grow with functions, not with methods.
 * - `per-route`: one per route (verb and path), widened when they would not fit in the resource policy.
 */
export type InvokePermissions = 'per-function' | 'per-route';
export const INVOKE_PERMISSIONS: readonly InvokePermissions[] = ['per-function', 'per-route'];
export const DEFAULT_INVOKE_PERMISSIONS: InvokePermissions = 'per-function';

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

/**
 * How far each statement reaches: one route, one path with every verb, or every route of the function on one
 * API stage (its one verb or `*`, and its one path or the longest common prefix of its paths followed by `*`).
 */
export type InvokeScope = 'method' | 'path' | 'function';
/** The scopes `per-route` tries, narrowest first; `function` has one statement per API stage, the fewest possible. */
export const INVOKE_SCOPES: readonly InvokeScope[] = ['method', 'path', 'function'];

/**
 * Lambda's resource policy limit is 20 KB (Lambda quotas: "Function resource-based policy: 20 KB").
 * 2 KB stay free for permissions added outside this project, such as an S3 or EventBridge trigger.
 */
export const POLICY_BUDGET_BYTES = LAMBDA_RESOURCE_POLICY_BYTES - 2 * 1024;

/** The longest values each ARN part can take, so a policy estimated with them is an upper bound in every partition and region. */
export const WORST_CASE_ARN_PARTS = {
  partition: 'aws-iso-b',
  region: 'xx-xxxxxxxxxxxxx-1', // 18 characters, above every region name so far (14)
  account: '123456789012',
  apiId: 'abcdefghij',
} as const;

/**
 * The statements of one resource policy: the function's, or, with `qualifier`, an alias's, which has a policy of its own
 * (Lambda: "Using Lambda aliases in event sources and permissions policies"), so each alias has the whole budget.
 */
export function planInvokeStatements(
  where: string,
  functionName: string,
  grants: readonly InvokeGrant[],
  permissions: InvokePermissions = DEFAULT_INVOKE_PERMISSIONS,
  qualifier?: string,
): {
  scope: InvokeScope;
  statements: InvokeStatement[];
  estimatedBytes: number;
} {
  const scopes: readonly InvokeScope[] = permissions === 'per-route' ? INVOKE_SCOPES : ['function'];
  for (const scope of scopes) {
    const statements = statementsAt(scope, grants);
    const estimatedBytes = estimatePolicyBytes(functionName, statements, grants, qualifier);
    if (estimatedBytes <= POLICY_BUDGET_BYTES) return { scope, statements, estimatedBytes };
  }
  const statements = statementsAt('function', grants);
  const policyOf = qualifier === undefined ? 'resource policy' : `resource policy of the alias ${qualifier}`;
  throw new ValidationError(
    `${where}: even one invoke permission per API stage (${statements.length}) needs about ` +
      `${estimatePolicyBytes(functionName, statements, grants, qualifier)} bytes of ${policyOf}, over the ${POLICY_BUDGET_BYTES}-byte budget ` +
      `(Lambda allows 20 KB); split the routes over more functions`,
  );
}

export function statementsAt(scope: InvokeScope, grants: readonly InvokeGrant[]): InvokeStatement[] {
  const byKey = new Map<string, InvokeStatement>();
  for (const { grant, verb, path } of scope === 'function' ? functionWideGrants(grants) : routeGrants(scope, grants)) {
    const key = `${grant.apiKey}|${grant.stage}|${verb}|${path}`;
    // Grants of one key give one statement: the same one each time.
    byKey.set(key, { statementId: statementId(key, grant.stage, verb, path), sourceArn: executeApiArn(grant.executionArn, grant.stage, verb, path) });
  }
  // Code-point order, not localeCompare: the output must not depend on the machine's locale. No two ids are equal:
  // each ends with the hash of its key.
  // Stryker disable next-line EqualityOperator,ConditionalExpression,UnaryOperator,NumericLiteral: equivalent, these differ only for equal ids
  return [...byKey.values()].sort((a, b) => (a.statementId < b.statementId ? -1 : a.statementId > b.statementId ? 1 : 0));
}

interface ScopedGrant {
  /** A grant of the API stage the statement is for. */
  readonly grant: InvokeGrant;
  /** `GET`, ... or `*`. */
  readonly verb: string;
  /** The path pattern the statement allows, with `*` for path variables. */
  readonly path: string;
}

function routeGrants(scope: 'method' | 'path', grants: readonly InvokeGrant[]): ScopedGrant[] {
  return grants.map((grant) => ({
    grant,
    verb: scope === 'method' && grant.httpMethod !== 'ANY' ? grant.httpMethod : '*',
    path: pathPattern(grant.path),
  }));
}

/** One grant per API stage, with the narrowest single verb and path pattern that cover all of its routes. */
function functionWideGrants(grants: readonly InvokeGrant[]): ScopedGrant[] {
  const byStage = new Map<string, InvokeGrant[]>();
  for (const grant of grants) {
    const key = `${grant.apiKey}|${grant.stage}`;
    const stageGrants = byStage.get(key) ?? [];
    stageGrants.push(grant);
    byStage.set(key, stageGrants);
  }
  return [...byStage.values()].map((stageGrants) => {
    const verbs = new Set(stageGrants.map((grant) => grant.httpMethod));
    const paths = [...new Set(stageGrants.map((grant) => pathPattern(grant.path)))];
    const [verb] = verbs;
    return { grant: stageGrants[0], verb: verbs.size === 1 && verb !== 'ANY' ? verb : '*', path: coveringPattern(paths) };
  });
}

/**
 * One execute-api path pattern that matches every one of `paths`: the path itself when there is one, else their
 * longest common prefix followed by `*` (`/items` and `/items/*` give `/items*`). ARN conditions match `*`
 * against any run of characters, `/` included (IAM `ArnLike`).
 */
export function coveringPattern(paths: readonly string[]): string {
  if (paths.length === 1) return paths[0];
  let prefix = paths[0];
  for (const path of paths) {
    let i = 0;
    // Past the end of `path`, path[i] is undefined and differs from prefix[i].
    // Stryker disable next-line EqualityOperator: equivalent, at i = prefix.length both are past the end of the prefix, and slice(0, i) is all of it
    while (i < prefix.length && prefix[i] === path[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix.endsWith('*') ? prefix : `${prefix}*`;
}

function statementId(key: string, stage: string, verb: string, path: string): string {
  // Runs of other characters become one dash, and a dash at either end goes.
  const pathSlug = path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const readable = [`apigw-${stage}`, verb === '*' ? 'ANY' : verb, pathSlug].filter(Boolean).join('-').slice(0, 90);
  const hash = createHash('sha1').update(key).digest('hex').slice(0, 8);
  return `${readable}-${hash}`;
}

/** One statement of a Lambda resource policy, as Lambda stores it and GetPolicy returns it. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal: { readonly Service: string };
  readonly Action: string;
  readonly Resource: string;
  readonly Condition: { readonly StringEquals?: { 'AWS:SourceAccount': string }; readonly ArnLike?: { 'AWS:SourceArn': string } };
}

/** The statement an `aws_lambda_permission` (or AddPermission call) with these values adds to the function's policy. */
export function policyStatement(permission: {
  statementId: string;
  principal: string;
  action: string;
  functionArn: string;
  sourceAccount?: string;
  sourceArn?: string;
}): PolicyStatement {
  const { sourceAccount, sourceArn } = permission;
  return {
    Sid: permission.statementId,
    Effect: 'Allow',
    Principal: { Service: permission.principal },
    Action: permission.action,
    Resource: permission.functionArn,
    Condition: {
      ...(sourceAccount === undefined ? {} : { StringEquals: { 'AWS:SourceAccount': sourceAccount } }),
      ...(sourceArn === undefined ? {} : { ArnLike: { 'AWS:SourceArn': sourceArn } }),
    },
  };
}

/** The bytes of a function's resource policy holding `statements`. */
export function policyBytes(statements: readonly PolicyStatement[]): number {
  return Buffer.byteLength(JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements }));
}

/**
 * An upper bound on the policy's size as Lambda stores it (GetPolicy), with every token at its longest; with
 * `qualifier`, the policy of that alias, whose statements name the alias's ARN.
 */
export function estimatePolicyBytes(
  functionName: string,
  statements: readonly InvokeStatement[],
  grants: readonly InvokeGrant[],
  qualifier?: string,
): number {
  const { partition, region, account, apiId } = WORST_CASE_ARN_PARTS;
  const worstExecutionArn = executionArn({ partition, region, accountId: account, apiId });
  const executionArns = new Set(grants.map((grant) => grant.executionArn));
  return policyBytes(
    statements.map((statement) => {
      let sourceArn = statement.sourceArn;
      for (const arn of executionArns) sourceArn = sourceArn.split(arn).join(worstExecutionArn);
      return policyStatement({
        statementId: statement.statementId,
        principal: 'apigateway.amazonaws.com',
        action: 'lambda:InvokeFunction',
        functionArn: `arn:${partition}:lambda:${region}:${account}:function:${functionName}${qualifier === undefined ? '' : `:${qualifier}`}`,
        sourceAccount: account,
        sourceArn,
      });
    }),
  );
}
