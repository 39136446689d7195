import { createHash, randomUUID } from 'node:crypto';
import type { LocalRequest, RequestParts } from './proxy-event';
import { headerValue } from './proxy-event';
import type { RouteMatch } from './router';

/** What identifies one request and its API, for its `requestContext`. */
export interface RequestIdentity {
  readonly requestId: string;
  /** API Gateway's other request id, which it also answers in `x-amz-apigw-id`. */
  readonly extendedRequestId: string;
  readonly apiId: string;
  readonly deploymentId: string;
  readonly stage: string;
  readonly accountId: string;
  readonly requestTimeEpoch: number;
  readonly domainName: string;
}

/**
 * `requestContext` of the proxy event, which mapping templates also see as `$context`, with the keys a REST API
 * sends, in its order (localstack/localstack tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
 * test_lambda_aws_proxy_integration, recorded against AWS): `identity` has exactly these twelve keys; `apiKey`
 * and `apiKeyId` join them only on a method that requires an API key (see withApiKey).
 */
export function requestContext(request: LocalRequest, parts: RequestParts, match: RouteMatch, identity: RequestIdentity) {
  const userAgent = headerValue(parts.headers, 'user-agent') ?? null;
  const firstDot = identity.domainName.indexOf('.');
  return {
    accountId: identity.accountId,
    apiId: identity.apiId,
    deploymentId: identity.deploymentId,
    domainName: identity.domainName,
    domainPrefix: firstDot < 0 ? identity.domainName : identity.domainName.slice(0, firstDot),
    extendedRequestId: identity.extendedRequestId,
    httpMethod: request.httpMethod,
    identity: {
      accessKey: null,
      accountId: null,
      caller: null,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: request.sourceIp,
      user: null,
      userAgent,
      userArn: null,
    } as CallerIdentity,
    // The path as the client sent it below the stage, double slashes included ("/stage//proxy-value" in the
    // recording above), after the stage.
    path: `/${identity.stage}${request.rawPath}`,
    protocol: 'HTTP/1.1',
    requestId: identity.requestId,
    requestTime: formatRequestTime(identity.requestTimeEpoch),
    requestTimeEpoch: identity.requestTimeEpoch,
    resourceId: resourceId(match.route.resourcePath),
    resourcePath: match.route.resourcePath,
    stage: identity.stage,
  };
}

/** `requestContext.identity`: the caller, and the API key on methods that require one. */
export interface CallerIdentity {
  readonly accessKey: null;
  readonly accountId: null;
  readonly apiKey?: string | null;
  readonly apiKeyId?: string | null;
  readonly caller: null;
  readonly cognitoAuthenticationProvider: null;
  readonly cognitoAuthenticationType: null;
  readonly cognitoIdentityId: null;
  readonly cognitoIdentityPoolId: null;
  readonly principalOrgId: null;
  readonly sourceIp: string;
  readonly user: null;
  readonly userAgent: string | null;
  readonly userArn: null;
}

/**
 * The identity of a request to a method that requires an API key: `apiKey` (the value) and `apiKeyId` (the key's
 * id) in their alphabetical place, as API Gateway adds them ($context.identity.apiKey and .apiKeyId in the mapping
 * template reference; the proxy event has them too, aws/serverless-java-container#136).
 */
export function withApiKey(identity: CallerIdentity, apiKey: string | undefined, apiKeyId: string | undefined): CallerIdentity {
  const { accessKey, accountId, apiKey: _apiKey, apiKeyId: _apiKeyId, ...rest } = identity;
  return { accessKey, accountId, apiKey: apiKey ?? null, apiKeyId: apiKeyId ?? null, ...rest };
}

/** A stable id for a resource path, as API Gateway gives each resource a short id. */
export function resourceId(resourcePath: string): string {
  let hash = 0;
  for (const char of resourcePath) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  return hash.toString(36).padStart(6, '0').slice(-6);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// The text of the last second formatted: a cache, whose mutants that only make it miss more often are equivalent.
// Stryker disable next-line UnaryOperator: equivalent, no request is made in the first second of 1970
let lastSecond = -1;
// Stryker disable next-line StringLiteral: equivalent, never returned: no second is -1 after 1970
let lastText = '';

/** `09/Apr/2015:12:34:56 +0000`, API Gateway's `requestTime`; the text of the current second is made once. */
export function formatRequestTime(epochMs: number): string {
  // Stryker disable next-line ArithmeticOperator: equivalent, a finer key only makes the cache miss more often
  const second = Math.floor(epochMs / 1000);
  // Stryker disable next-line ConditionalExpression: equivalent as true (formatting every second anew gives the same text); its false twin, a stale text, fails request-context.test.ts's "each second has its own text"
  if (second !== lastSecond) {
    lastText = formatSecond(epochMs);
    lastSecond = second;
  }
  return lastText;
}

function formatSecond(epochMs: number): string {
  const date = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

/** `$context` of a request: the proxy event's requestContext, with the authorizer's answer once there is one. */
export type RequestContext = ReturnType<typeof requestContext> & { readonly authorizer?: Record<string, unknown> };

/** A stable id of `length` lower-case letters and digits for `seed`, as API Gateway gives ids to its resources. */
export function stableId(seed: string, length = 10): string {
  return createHash('sha1').update(seed).digest('hex').slice(0, length);
}

/** `length` random hex digits (at most 32), from randomUUID's cached entropy. */
export function randomHex(length: number): string {
  const uuid = randomUUID();
  // The version and variant digits (14th and 19th) are not random: skip them.
  return (uuid.slice(0, 8) + uuid.slice(9, 13) + uuid.slice(15, 18) + uuid.slice(20, 23) + uuid.slice(24)).slice(0, length).padEnd(length, '0');
}
