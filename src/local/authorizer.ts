import { wildcardMatch } from '../apigw/arns';
import type { AuthorizerModel } from '../model/stack-model';
import type { Invocation } from './function-pool';
import { matchesWholly } from './integration-response';
import { headerValue } from './proxy-event';

/**
 * Lambda (TOKEN and REQUEST) authorizers as API Gateway runs them for a REST API
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html):
 * the identity sources must all be present, a TOKEN must match the validation expression, then the function
 * returns a principal and an IAM policy that must allow `execute-api:Invoke` on the request's method ARN.
 */

/** What a refused request is answered with: the gateway error and, for the log, why. */
export interface AuthorizerRefusal {
  readonly ok: false;
  readonly error: 'UNAUTHORIZED' | 'ACCESS_DENIED' | 'ACCESS_DENIED_EXPLICITLY' | 'AUTHORIZER_CONFIGURATION_ERROR';
  readonly reason: string;
}

/** An authorized request: what `requestContext.authorizer` and `$context.authorizer` hold, and the usage plan key. */
export interface AuthorizerGrant {
  readonly ok: true;
  /** `principalId`, the context's values (stringified) and `integrationLatency`, in the proxy event's shape. */
  readonly authorizer: Record<string, string | number | null>;
  readonly usageIdentifierKey?: string;
}

export type Authorization = AuthorizerGrant | AuthorizerRefusal;

/** The valid output of an authorizer function ("Output from an API Gateway Lambda authorizer"). */
export interface AuthorizerOutput {
  readonly principalId: string;
  readonly statements: PolicyStatement[];
  /** Values stringified, as API Gateway passes them on; null stays null. */
  readonly context: Record<string, string | null>;
  readonly usageIdentifierKey?: string;
}

export interface PolicyStatement {
  readonly effect: 'Allow' | 'Deny';
  /** `Action`, or `NotAction` when `not` is set on actions. */
  readonly actions: string[];
  readonly notActions: boolean;
  readonly resources: string[];
  readonly notResources: boolean;
}

/** Where an authorizer reads identity sources from: the request, the stage and `$context`. */
export interface IdentityRequest {
  readonly headers: Record<string, string>;
  readonly query: Record<string, string>;
  readonly stageVariables: Record<string, string>;
  readonly context: Record<string, unknown>;
}

/** Authorizer types the local API runs; Cognito user pools need AWS's keys and are not checked. */
export const LOCAL_AUTHORIZER_TYPES: ReadonlySet<string> = new Set(['TOKEN', 'REQUEST']);


/**
 * The values of the authorizer's identity sources (`method.request.header.X`, `method.request.querystring.X`,
 * `stageVariables.X`, `context.X`), or the first one that is missing or empty: API Gateway then answers 401
 * without calling the function.
 */
export function identityValues(authorizer: Pick<AuthorizerModel, 'identitySource'>, request: IdentityRequest): { values: string[] } | { missing: string } {
  const values: string[] = [];
  for (const source of authorizer.identitySource.split(',').map((part) => part.trim()).filter(Boolean)) {
    const value = identityValue(source, request);
    if (value === undefined || value === '') return { missing: source };
    values.push(value);
  }
  return { values };
}

function identityValue(source: string, request: IdentityRequest): string | undefined {
  const [, where, name] = /^method\.request\.(header|querystring)\.(.+)$/.exec(source) ?? /^(stageVariables|context)\.(.+)$/.exec(source) ?? [];
  if (where === 'header') return headerValue(request.headers, name);
  if (where === 'querystring') return request.query[name];
  if (where === 'stageVariables') return request.stageVariables[name];
  if (where === 'context') {
    const value = name.split('.').reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), request.context);
    return value === undefined || value === null ? undefined : String(value);
  }
  return undefined;
}

/**
 * The function's answer (Lambda's JSON payload) as API Gateway accepts it, or why it does not: a `principalId`
 * string and a `policyDocument` whose statements have an `Effect` of Allow or Deny, actions and resources; an
 * optional `context` whose values are strings, numbers, booleans or null (an object or array is refused), and an
 * optional `usageIdentifierKey` string.
 */
export function readAuthorizerOutput(payload: string): AuthorizerOutput | string {
  let output: unknown;
  try {
    output = JSON.parse(payload);
  } catch {
    return 'the answer is not JSON';
  }
  if (!isRecord(output)) return `the answer is ${JSON.stringify(output)}, not an object with principalId and policyDocument`;
  const { principalId, policyDocument, context = {}, usageIdentifierKey } = output;
  if (typeof principalId !== 'string') return 'principalId is missing or not a string';
  if (!isRecord(policyDocument)) return 'policyDocument is missing or not an object';
  const rawStatements = Array.isArray(policyDocument.Statement) ? policyDocument.Statement : [policyDocument.Statement];
  const statements: PolicyStatement[] = [];
  for (const raw of rawStatements) {
    const statement = readStatement(raw);
    if (typeof statement === 'string') return `policyDocument: ${statement}`;
    statements.push(statement);
  }
  if (context !== null && !isRecord(context)) return 'context is not an object';
  const values: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(context ?? {})) {
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) return `context.${key} is ${Array.isArray(value) ? 'an array' : 'an object'}; only strings, numbers and booleans may be context values`;
    values[key] = value === null ? null : String(value);
  }
  if (usageIdentifierKey !== undefined && typeof usageIdentifierKey !== 'string') return 'usageIdentifierKey is not a string';
  return { principalId, statements, context: values, usageIdentifierKey };
}

function readStatement(raw: unknown): PolicyStatement | string {
  if (!isRecord(raw)) return 'a Statement is not an object';
  const { Effect, Action, NotAction, Resource, NotResource } = raw;
  // API Gateway takes the Effect in any case (`allow` works as `Allow`: reported against AWS in
  // dherault/serverless-offline#412, "IAM statement effect is actually case-insensitive").
  const effect = typeof Effect === 'string' ? ({ allow: 'Allow', deny: 'Deny' } as const)[Effect.toLowerCase()] : undefined;
  if (effect === undefined) return `Effect ${JSON.stringify(Effect)} is neither "Allow" nor "Deny"`;
  const actions = stringList(Action ?? NotAction);
  const resources = stringList(Resource ?? NotResource);
  if (!actions) return 'a Statement has no Action (a string or a list of strings)';
  if (!resources) return 'a Statement has no Resource (a string or a list of strings)';
  return { effect, actions, notActions: Action === undefined, resources, notResources: Resource === undefined };
}

function stringList(value: unknown): string[] | undefined {
  const list = typeof value === 'string' ? [value] : value;
  return Array.isArray(list) && list.length > 0 && list.every((item) => typeof item === 'string') ? list : undefined;
}

/**
 * IAM's verdict on `execute-api:Invoke` of `arn`: a matching Deny wins, then a matching Allow; with neither, the
 * request is denied implicitly. Actions match without regard to case, resources with it; `*` and `?` are wildcards.
 */
export function evaluatePolicy(statements: readonly PolicyStatement[], arn: string): 'ALLOW' | 'EXPLICIT_DENY' | 'IMPLICIT_DENY' {
  const applies = (statement: PolicyStatement) =>
    statement.actions.some((action) => wildcardMatch(action, 'execute-api:Invoke', true)) !== statement.notActions &&
    statement.resources.some((resource) => wildcardMatch(resource, arn, false)) !== statement.notResources;
  const matching = statements.filter(applies);
  if (matching.some((statement) => statement.effect === 'Deny')) return 'EXPLICIT_DENY';
  return matching.length > 0 ? 'ALLOW' : 'IMPLICIT_DENY';
}


/** The message a Lambda authorizer throws to get 401 rather than 500. */
const UNAUTHORIZED_MESSAGE = 'Unauthorized';

/**
 * The authorizers of one stage and their answers, cached per authorizer and identity source values for the
 * authorizer's TTL (0 caches nothing). A cached policy is evaluated against each request's own method ARN, so a
 * policy naming one method refuses the caller's other methods until the entry expires, as on AWS.
 */
export class LocalAuthorizers {
  private readonly cache = new Map<string, { readonly output: AuthorizerOutput; readonly expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Authorizes one request: `invoke` runs the authorizer's function with its event (`request` builds the REQUEST
   * event's request fields, `type` and `methodArn` aside).
   */
  public async authorize(
    authorizer: AuthorizerModel,
    request: IdentityRequest & { readonly methodArn: string; readonly event: () => Record<string, unknown> },
    invoke: (event: Record<string, unknown>) => Promise<Invocation>,
  ): Promise<Authorization> {
    const identity = identityValues(authorizer, request);
    if ('missing' in identity) return refuse('UNAUTHORIZED', `identity source ${identity.missing} is missing or empty`);
    const [token] = identity.values;
    if (authorizer.type === 'TOKEN' && authorizer.identityValidationExpression && !matchesWholly(authorizer.identityValidationExpression, token)) {
      return refuse('UNAUTHORIZED', `the token does not match identityValidationExpression ${authorizer.identityValidationExpression}`);
    }

    const key = `${authorizer.address}\n${identity.values.join('\n')}`;
    const cached = this.cache.get(key);
    let output: AuthorizerOutput;
    let integrationLatency = 0;
    if (cached && cached.expiresAt > this.now()) {
      output = cached.output;
    } else {
      const event =
        authorizer.type === 'TOKEN'
          ? { type: 'TOKEN', authorizationToken: token, methodArn: request.methodArn }
          : { type: 'REQUEST', methodArn: request.methodArn, ...request.event() };
      const started = Date.now();
      const invocation = await invoke(event);
      integrationLatency = Date.now() - started;
      if (!invocation.ok) {
        return invocation.error.errorMessage === UNAUTHORIZED_MESSAGE
          ? refuse('UNAUTHORIZED', 'the function threw "Unauthorized"')
          : refuse('AUTHORIZER_CONFIGURATION_ERROR', `the function failed: ${invocation.error.errorType}: ${invocation.error.errorMessage}`);
      }
      const read = readAuthorizerOutput(invocation.payload);
      if (typeof read === 'string') return refuse('AUTHORIZER_CONFIGURATION_ERROR', `malformed answer: ${read}`);
      output = read;
      if (authorizer.resultTtlSeconds > 0) this.cache.set(key, { output, expiresAt: this.now() + authorizer.resultTtlSeconds * 1000 });
    }

    const verdict = evaluatePolicy(output.statements, request.methodArn);
    if (verdict === 'EXPLICIT_DENY') return refuse('ACCESS_DENIED_EXPLICITLY', `the policy denies ${request.methodArn}`);
    if (verdict === 'IMPLICIT_DENY') return refuse('ACCESS_DENIED', `the policy does not allow ${request.methodArn}`);
    return {
      ok: true,
      authorizer: { ...output.context, principalId: output.principalId, integrationLatency },
      usageIdentifierKey: output.usageIdentifierKey,
    };
  }
}

function refuse(error: AuthorizerRefusal['error'], reason: string): AuthorizerRefusal {
  return { ok: false, error, reason };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
