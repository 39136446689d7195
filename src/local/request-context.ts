import type { LocalRequest, RequestParts } from './proxy-event';
import { headerValue } from './proxy-event';
import type { RouteMatch } from './router';

/** The `$context` / `requestContext` of one request. */
export interface RequestIdentity {
  readonly requestId: string;
  readonly apiId: string;
  readonly stage: string;
  readonly accountId: string;
  readonly requestTimeEpoch: number;
  readonly domainName: string;
}

/** `requestContext` of the proxy event, which mapping templates also see as `$context`. */
export function requestContext(request: LocalRequest, parts: RequestParts, match: RouteMatch, identity: RequestIdentity, apiKey?: string) {
  const userAgent = headerValue(parts.headers, 'user-agent') ?? null;
  const firstDot = identity.domainName.indexOf('.');
  return {
    accountId: identity.accountId,
    apiId: identity.apiId,
    domainName: identity.domainName,
    domainPrefix: firstDot < 0 ? identity.domainName : identity.domainName.slice(0, firstDot),
    extendedRequestId: identity.requestId,
    httpMethod: request.httpMethod,
    identity: {
      accessKey: null,
      accountId: null,
      apiKey: apiKey ?? null,
      apiKeyId: null,
      caller: null,
      clientCert: null,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: request.sourceIp,
      user: null,
      userAgent,
      userArn: null,
    },
    // The path as the client sent it, stage included.
    path: `/${identity.stage}${request.path}`,
    protocol: 'HTTP/1.1',
    requestId: identity.requestId,
    requestTime: formatRequestTime(identity.requestTimeEpoch),
    requestTimeEpoch: identity.requestTimeEpoch,
    resourceId: resourceId(match.route.resourcePath),
    resourcePath: match.route.resourcePath,
    stage: identity.stage,
  };
}

/** `$context` of a request: the proxy event's requestContext, with the authorizer's answer once there is one. */
export type RequestContext = ReturnType<typeof requestContext> & { readonly authorizer?: Record<string, unknown> };

/** A stable id for a resource path, as API Gateway gives each resource a short id. */
export function resourceId(resourcePath: string): string {
  let hash = 0;
  for (const char of resourcePath) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  return hash.toString(36).padStart(6, '0').slice(-6);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `09/Apr/2015:12:34:56 +0000`, API Gateway's `requestTime`. */
export function formatRequestTime(epochMs: number): string {
  const date = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}
