import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { RequestContext } from './request-context';
import type { RouteMatch } from './router';

/** A request as the local API received it, below the stage. */
export interface LocalRequest {
  readonly httpMethod: string;
  /** The path below the stage (`/items/7`), still percent-encoded, its leading slashes made one: the event's `path`. */
  readonly path: string;
  /** The path below the stage exactly as sent (`//items/7`): `requestContext.path` is the stage and this. */
  readonly rawPath: string;
  /** The raw query string, without `?`. */
  readonly query: string;
  /** Node's `rawHeaders`: name, value, name, value... in the client's order and casing. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
  /** The port the client connected to: `X-Forwarded-Port`. */
  readonly port: number;
  /** The `X-Amzn-Trace-Id` the integration gets: the client's, or one made for the request. */
  readonly traceId: string;
}

/** Everything about the request that is the same for the proxy event, mapping templates and gateway responses. */
export interface RequestParts {
  /** The headers as API Gateway forwards them (see forwardedHeaders). */
  readonly headers: Record<string, string>;
  readonly multiValueHeaders: Record<string, string[]>;
  readonly query: Record<string, string>;
  readonly multiValueQuery: Record<string, string[]>;
  readonly contentType?: string;
}

/**
 * Headers API Gateway drops before the integration: the request's own framing and hop-by-hop headers. Recorded
 * against a REST API with AWS_PROXY and AWS integrations (localstack/localstack, tests/aws/services/apigateway/
 * test_apigateway_integrations.snapshot.json, TestApiGatewayHeaderRemapping, "no-param-integration": a request
 * with all of them reached the function without these), and Content-Length in every recorded proxy event
 * (test_apigateway_lambda.snapshot.json, test_lambda_aws_proxy_integration, a POST with a body).
 */
export const DROPPED_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'content-length',
  'content-md5',
  'expect',
  'max-forwards',
  'proxy-authenticate',
  'server',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'www-authenticate',
]);

/**
 * Headers whose name API Gateway forwards in its own casing, whatever the client's: `authorization` and
 * `aUThorization` both arrive as `Authorization` (localstack/localstack test_apigateway_lambda.snapshot.json,
 * test_lambda_aws_proxy_integration; aws/aws-sam-cli#3083), and so do `User-Agent` and `Host`, which the API's
 * front end sets. Other names keep the client's casing (`tEsT-HEADeR` in the same recording).
 */
const CANONICAL_NAMES = new Map([
  ['authorization', 'Authorization'],
  ['user-agent', 'User-Agent'],
  ['host', 'Host'],
]);

/** The headers API Gateway adds for the integration, in its casing; a client's value of them is replaced or extended. */
const FORWARDED_FOR = 'X-Forwarded-For';
const FORWARDED_PORT = 'X-Forwarded-Port';
const FORWARDED_PROTO = 'X-Forwarded-Proto';
export const TRACE_ID = 'X-Amzn-Trace-Id';
const ADDED = new Set(['x-forwarded-for', 'x-forwarded-port', 'x-forwarded-proto', 'x-amzn-trace-id']);

/**
 * The request's headers and query string as the integration gets them: headers as API Gateway forwards them
 * (dropped, renamed, and with `X-Forwarded-For`, `X-Forwarded-Port`, `X-Forwarded-Proto` and `X-Amzn-Trace-Id`
 * added, as in every recorded proxy event), in `headers` (the last value of a repeated one) and
 * `multiValueHeaders` (every value) alike.
 */
export function requestParts(request: LocalRequest): RequestParts {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  const rawHeaders = request.rawHeaders;
  let forwardedFor: string | undefined;
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const lower = rawHeaders[index].toLowerCase();
    const value = rawHeaders[index + 1];
    if (DROPPED_REQUEST_HEADERS.has(lower)) continue;
    if (ADDED.has(lower)) {
      // A client's X-Forwarded-For is kept, with the address it came from appended, as a proxy does.
      if (lower === 'x-forwarded-for') forwardedFor = value;
      continue;
    }
    const name = CANONICAL_NAMES.get(lower) ?? rawHeaders[index];
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const added: [string, string][] = [
    [FORWARDED_FOR, forwardedFor ? `${forwardedFor}, ${request.sourceIp}` : request.sourceIp],
    [FORWARDED_PORT, String(request.port)],
    [FORWARDED_PROTO, 'http'],
    [TRACE_ID, request.traceId],
  ];
  for (const [name, value] of added) {
    headers[name] = value;
    multiValueHeaders[name] = [value];
  }
  const query: Record<string, string> = {};
  const multiValueQuery: Record<string, string[]> = {};
  // Most requests have no query string: skip the parser on the hot path.
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent as true, URLSearchParams('') has no entries (as false it drops every query string, which the query tests catch)
  if (request.query !== '') {
    for (const [name, value] of new URLSearchParams(request.query)) {
      query[name] = value;
      (multiValueQuery[name] ??= []).push(value);
    }
  }
  return { headers, multiValueHeaders, query, multiValueQuery, contentType: headerValue(headers, 'content-type') };
}

/**
 * The value of a header (or a header mapping) whatever its casing, the first casing the client sent winning,
 * as header names are case-insensitive; no allocation on the hot path, where `name` is already lower case.
 */
export function headerValue<Value>(headers: Readonly<Record<string, Value>>, name: string): Value | undefined {
  const lowerCaseName = name.toLowerCase();
  for (const key in headers) {
    // Stryker disable next-line ConditionalExpression: equivalent as false, comparing lengths first only skips lower-casing names that cannot match
    if (key.length !== lowerCaseName.length) continue;
    if (key.toLowerCase() === lowerCaseName) return headers[key];
  }
  return undefined;
}

/** The Lambda proxy integration's event, payload format 1.0. */
export function buildProxyEvent(
  request: LocalRequest,
  parts: RequestParts,
  match: RouteMatch,
  context: RequestContext,
  options: { stageVariables: Record<string, string>; binaryMediaTypes: readonly string[] },
): APIGatewayProxyEvent {
  const binary = isBinary(parts.contentType, options.binaryMediaTypes);
  const hasBody = request.body.length > 0;
  return {
    resource: match.route.resourcePath,
    path: request.path,
    httpMethod: request.httpMethod,
    headers: nullWhenEmpty(parts.headers),
    multiValueHeaders: nullWhenEmpty(parts.multiValueHeaders),
    queryStringParameters: nullWhenEmpty(parts.query),
    multiValueQueryStringParameters: nullWhenEmpty(parts.multiValueQuery),
    pathParameters: nullWhenEmpty(match.pathParameters),
    stageVariables: nullWhenEmpty(options.stageVariables),
    requestContext: context as unknown as APIGatewayProxyEvent['requestContext'],
    body: hasBody ? request.body.toString(binary ? 'base64' : 'utf8') : null,
    isBase64Encoded: hasBody && binary,
  } as APIGatewayProxyEvent;
}

/** Whether API Gateway treats `contentType` as binary for an API with these `binaryMediaTypes` (`*` wildcards allowed). */
export function isBinary(contentType: string | undefined, binaryMediaTypes: readonly string[]): boolean {
  if (!contentType) return false;
  const [type, subtype] = contentType.split(';')[0].trim().toLowerCase().split('/');
  return binaryMediaTypes.some((media) => {
    const [wantedType, wantedSubtype] = media.toLowerCase().split('/');
    return (wantedType === '*' || wantedType === type) && (wantedSubtype === '*' || wantedSubtype === subtype);
  });
}

/** A proxy integration's answer, checked as API Gateway checks it. */
export interface ProxyAnswer {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

const PROXY_RESULT_KEYS = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']);

/**
 * The HTTP answer of a Lambda proxy result (JSON), or undefined when API Gateway would call it a "Malformed
 * Lambda proxy response" and answer 502: not an object, a key other than statusCode, headers, multiValueHeaders,
 * body and isBase64Encoded, a status that is not an HTTP status, headers that are not strings, or a body that
 * is not a string. As recorded against AWS (localstack/localstack test_apigateway_lambda.snapshot.json,
 * test_aws_proxy_response_payload_format_validation):
 * - no `statusCode` is 200 ("invoke-api-only-headers"), and `"201"` is 201;
 * - a header in both lists gets the `multiValueHeaders` values first, then the `headers` one, under the
 *   `multiValueHeaders` casing ("invoke-api-multi-headers-overwrite-casing"); names keep the function's casing;
 * - `isBase64Encoded: true` is decoded only when the API's binaryMediaTypes match the request's first Accept
 *   media type ("API Gateway uses the first Accept header from clients to determine if a response should return
 *   binary media", developer guide, lambda-proxy-binary-media); otherwise the client gets the base64 text
 *   ("invoke-api-b64-encoded-true" answers "dGVzdC1kYXRh").
 */
export function readProxyResult(payload: string, request: { readonly accept?: string; readonly binaryMediaTypes: readonly string[] }): ProxyAnswer | undefined {
  const result: unknown = JSON.parse(payload);
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return undefined;
  const { statusCode = 200, headers = {}, multiValueHeaders = {}, body, isBase64Encoded = false } = result as Record<string, unknown>;
  for (const key in result) if (!PROXY_RESULT_KEYS.has(key)) return undefined;
  const status = typeof statusCode === 'string' && /^\d+$/.test(statusCode) ? Number(statusCode) : statusCode;
  // Stryker disable next-line ConditionalExpression: equivalent as false, Number.isInteger below is false for anything but a number; typeof is for the type
  if (typeof status !== 'number') return undefined;
  if (!Number.isInteger(status) || status < 100 || status > 599) return undefined;
  if (body !== undefined && body !== null && typeof body !== 'string') return undefined;
  if (typeof isBase64Encoded !== 'boolean') return undefined;
  if (!isRecordOf(headers ?? {}, isScalar) || !isRecordOf(multiValueHeaders ?? {}, (values) => Array.isArray(values) && values.every(isScalar))) {
    return undefined;
  }

  const merged: Record<string, string | string[]> = {};
  const multiple = (multiValueHeaders ?? {}) as Record<string, unknown[]>;
  for (const name in multiple) merged[name] = multiple[name].map(String);
  const single = (headers ?? {}) as Record<string, unknown>;
  for (const name in single) {
    const existing = nameIn(merged, name);
    if (existing === undefined) merged[name] = String(single[name]);
    else merged[existing] = [...(merged[existing] as string[]), String(single[name])];
  }
  // API Gateway answers application/json unless the function says otherwise.
  if (nameIn(merged, 'content-type') === undefined) merged['Content-Type'] = 'application/json';
  const text = (body as string | null | undefined) ?? '';
  const decode = isBase64Encoded && isBinary(firstMediaType(request.accept), request.binaryMediaTypes);
  // Stryker disable next-line StringLiteral: equivalent, Buffer.from reads text as UTF-8 when the encoding is empty
  return { statusCode: status, headers: merged, body: Buffer.from(text, decode ? 'base64' : 'utf8') };
}

/** The first media type of an Accept header. */
function firstMediaType(accept: string | undefined): string | undefined {
  return accept?.split(',')[0].trim() || undefined;
}

/** The key of `record` that is `name` in any casing. */
function nameIn(record: Record<string, unknown>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const key in record) if (key.toLowerCase() === lower) return key;
  return undefined;
}

function isScalar(value: unknown): boolean {
  return ['string', 'number', 'boolean'].includes(typeof value);
}

function isRecordOf(value: unknown, check: (entry: unknown) => boolean): boolean {
  // Stryker disable next-line ConditionalExpression: equivalent as false, callers pass `?? {}`, never null; the check is for the type
  if (value === null) return false;
  return typeof value === 'object' && !Array.isArray(value) && Object.values(value).every(check);
}

function nullWhenEmpty<T extends object>(value: T): T | null {
  for (const _ in value) return value;
  return null;
}
