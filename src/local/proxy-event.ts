import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { RequestContext } from './request-context';
import type { RouteMatch } from './router';

/** A request as the local API received it, below the stage. */
export interface LocalRequest {
  readonly httpMethod: string;
  /** The path below the stage, as sent (`/items/7`). */
  readonly path: string;
  /** The raw query string, without `?`. */
  readonly query: string;
  /** Node's `rawHeaders`: name, value, name, value... in the client's order and casing. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
}

/** Everything about the request that is the same for the proxy event, mapping templates and gateway responses. */
export interface RequestParts {
  readonly headers: Record<string, string>;
  readonly multiValueHeaders: Record<string, string[]>;
  readonly query: Record<string, string>;
  readonly multiValueQuery: Record<string, string[]>;
  readonly contentType?: string;
}

export function requestParts(request: LocalRequest): RequestParts {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  const rawHeaders = request.rawHeaders;
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index];
    const value = rawHeaders[index + 1];
    // A repeated header: `headers` keeps the last value, `multiValueHeaders` every one, as API Gateway does.
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const query: Record<string, string> = {};
  const multiValueQuery: Record<string, string[]> = {};
  // Most requests have no query string: skip the parser on the hot path.
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
    if (key.length === lowerCaseName.length && key.toLowerCase() === lowerCaseName) return headers[key];
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
    requestContext: context as APIGatewayProxyEvent['requestContext'],
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
 * is not a string.
 */
export function readProxyResult(payload: string): ProxyAnswer | undefined {
  const result: unknown = JSON.parse(payload);
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return undefined;
  const { statusCode, headers = {}, multiValueHeaders = {}, body, isBase64Encoded = false } = result as Record<string, unknown>;
  for (const key in result) if (!PROXY_RESULT_KEYS.has(key)) return undefined;
  const status = typeof statusCode === 'string' && /^\d+$/.test(statusCode) ? Number(statusCode) : statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return undefined;
  if (body !== undefined && body !== null && typeof body !== 'string') return undefined;
  if (typeof isBase64Encoded !== 'boolean') return undefined;
  if (!isRecordOf(headers ?? {}, isScalar) || !isRecordOf(multiValueHeaders ?? {}, (values) => Array.isArray(values) && values.every(isScalar))) {
    return undefined;
  }

  // API Gateway answers application/json unless the function says otherwise.
  const merged: Record<string, string | string[]> = { 'content-type': 'application/json' };
  const single = (headers ?? {}) as Record<string, unknown>;
  for (const name in single) merged[name.toLowerCase()] = String(single[name]);
  const multiple = (multiValueHeaders ?? {}) as Record<string, unknown[]>;
  for (const name in multiple) {
    const key = name.toLowerCase();
    // A header in both lists gets every value: API Gateway merges them.
    merged[key] = [...(headerValue(single, key) === undefined ? [] : [merged[key] as string]), ...multiple[name].map(String)];
  }
  const text = (body as string | null | undefined) ?? '';
  return { statusCode: status, headers: merged, body: Buffer.from(text, isBase64Encoded ? 'base64' : 'utf8') };
}

function isScalar(value: unknown): boolean {
  return ['string', 'number', 'boolean'].includes(typeof value);
}

function isRecordOf(value: unknown, check: (entry: unknown) => boolean): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(check);
}

function nullWhenEmpty<T extends object>(value: T): T | null {
  for (const _ in value) return value;
  return null;
}
