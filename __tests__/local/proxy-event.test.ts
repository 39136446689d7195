import type { RouteModel } from '../../src/model/stack-model';
import type { RouteMatch } from '../../src/local/router';
import { buildProxyEvent, DROPPED_REQUEST_HEADERS, headerValue, isBinary, LocalRequest, readProxyResult, requestParts } from '../../src/local/proxy-event';
import { requestContext } from '../../src/local/request-context';
import { identity, match, request } from './proxy-request-fixtures';

// What every proxy handler receives, and how its answer is read: payload format 1.0 of the Lambda proxy integration
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html, "Input format
// of a Lambda function for proxy integration" and "Output format of a Lambda function for proxy integration"). The
// served tests (server-proxy, server-failures and server-aws-parity.test.ts) cover what fixture functions send; these the
// shapes a function or a client can send that no fixture does.

/** The headers API Gateway adds to every request it forwards. */
const ADDED = {
  'X-Forwarded-For': '203.0.113.9',
  'X-Forwarded-Port': '443',
  'X-Forwarded-Proto': 'http',
  'X-Amzn-Trace-Id': 'Root=1-5e272390-8c398be037738dc042009320',
};
const ADDED_MULTI = Object.fromEntries(Object.entries(ADDED).map(([name, value]) => [name, [value]]));

/** The proxy answer of a result object, or undefined for API Gateway's 502 "Malformed Lambda proxy response". */
function answer(result: unknown, request: { accept?: string; binaryMediaTypes?: string[] } = {}) {
  const read = readProxyResult(JSON.stringify(result), { accept: request.accept, binaryMediaTypes: request.binaryMediaTypes ?? [] });
  return read && { statusCode: read.statusCode, headers: read.headers, body: read.body.toString('utf8') };
}

// Recorded against AWS: localstack/localstack tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
// test_aws_proxy_response_payload_format_validation (its cases named in quotes below).
describe('readProxyResult: the status code', () => {
  test.each([100, 200, 404, 599])('%i is an HTTP status and is answered', (statusCode) => {
    expect(answer({ statusCode })?.statusCode).toBe(statusCode);
  });

  test.each([42, 99, 600, 700])('fails when the status is %i, outside 100 to 599: 502', (statusCode) => {
    expect(answer({ statusCode })).toBeUndefined();
  });

  test('a status given as a string of digits is read as its number: "201" is 201', () => {
    expect(answer({ statusCode: '201' })?.statusCode).toBe(201);
  });

  test.each(['20x', ' 200', '200 ', '', '2.5e2'])('fails when the status is the string "%s", which is not digits: 502', (statusCode) => {
    expect(answer({ statusCode })).toBeUndefined();
  });

  test('fails when the status string is digits outside 100 to 599: "700" is 502', () => {
    expect(answer({ statusCode: '700' })).toBeUndefined();
  });

  test('fails when the status is not a whole number: 200.5 is 502', () => {
    expect(answer({ statusCode: 200.5 })).toBeUndefined();
  });

  test.each([[true], [null], [[200]], [{ code: 200 }]])('fails when the status is %j: 502', (statusCode) => {
    expect(answer({ statusCode })).toBeUndefined();
  });

  test('a result without a status is 200 ("invoke-api-only-headers")', () => {
    expect(answer({ headers: { 'X-A': '1' } })?.statusCode).toBe(200);
  });
});

describe('readProxyResult: the shape of the result', () => {
  test.each([['a string', 'ok'], ['a number', 200], ['a boolean', true], ['null', null], ['an array', [{ statusCode: 200 }]], ['an empty array', []]])(
    'fails when the result is %s: 502',
    (_what, result) => {
      expect(answer(result)).toBeUndefined();
    },
  );

  test('fails when the result has a key API Gateway does not know: 502', () => {
    expect(answer({ statusCode: 200, cookies: ['a=1'] })).toBeUndefined();
  });

  test('every key API Gateway knows may be given at once', () => {
    expect(answer({ statusCode: 200, headers: {}, multiValueHeaders: {}, body: 'hi', isBase64Encoded: false })).toEqual({
      statusCode: 200,
      headers: { 'Content-Type': 'application/json' },
      body: 'hi',
    });
  });

  test('fails when the body is not a string: 502', () => {
    expect(answer({ statusCode: 200, body: { a: 1 } })).toBeUndefined();
  });

  test('a null or missing body is an empty one', () => {
    expect(answer({ statusCode: 204, body: null })?.body).toBe('');
    expect(answer({ statusCode: 204 })?.body).toBe('');
  });

  test('fails when isBase64Encoded is not a boolean: 502', () => {
    expect(answer({ statusCode: 200, body: 'aGk=', isBase64Encoded: 'true' })).toBeUndefined();
  });
});

// "API Gateway uses the first Accept header from clients to determine if a response should return binary media"
// (developer guide, lambda-proxy-binary-media); otherwise the client gets the base64 text ("invoke-api-b64-encoded-true").
describe('readProxyResult: base64 bodies', () => {
  const base64 = { statusCode: 200, body: Buffer.from([0, 255, 1]).toString('base64'), isBase64Encoded: true };
  const bytes = (request: { accept?: string; binaryMediaTypes: string[] }) => readProxyResult(JSON.stringify(base64), request)?.body;

  test("is decoded when the request's first Accept type is one of binaryMediaTypes", () => {
    expect(bytes({ accept: 'image/png, text/html', binaryMediaTypes: ['image/png'] })).toEqual(Buffer.from([0, 255, 1]));
  });

  test('answers the base64 text when the first Accept type is not binary, even if a later one is', () => {
    expect(bytes({ accept: 'text/html, image/png', binaryMediaTypes: ['image/png'] })?.toString('utf8')).toBe('AP8B');
  });

  test('answers the base64 text when the request sends no Accept, or an empty or blank one', () => {
    expect(bytes({ binaryMediaTypes: ['*/*'] })?.toString('utf8')).toBe('AP8B');
    expect(bytes({ accept: '', binaryMediaTypes: ['*/*'] })?.toString('utf8')).toBe('AP8B');
    expect(bytes({ accept: '  ', binaryMediaTypes: ['*/*'] })?.toString('utf8')).toBe('AP8B');
  });

  test('a body without isBase64Encoded is text, even for a binary Accept', () => {
    const read = readProxyResult(JSON.stringify({ statusCode: 200, body: 'AP8B' }), { accept: 'image/png', binaryMediaTypes: ['image/png'] });
    expect(read?.body.toString('utf8')).toBe('AP8B');
  });

  test('a body with isBase64Encoded: false is UTF-8 text, whatever the Accept', () => {
    const read = readProxyResult(JSON.stringify({ statusCode: 200, body: 'héllo', isBase64Encoded: false }), { accept: 'image/png', binaryMediaTypes: ['image/png'] });
    expect(read?.body).toEqual(Buffer.from('héllo', 'utf8'));
  });
});

describe('readProxyResult: headers', () => {
  test('the answer is application/json unless the function names a content type', () => {
    expect(answer({ statusCode: 200 })?.headers).toEqual({ 'Content-Type': 'application/json' });
  });

  test("the function's content type, in any casing, replaces the default", () => {
    expect(answer({ statusCode: 200, headers: { 'content-type': 'text/html' } })?.headers).toEqual({ 'content-type': 'text/html' });
    expect(answer({ statusCode: 200, multiValueHeaders: { 'CONTENT-TYPE': ['text/csv'] } })?.headers).toEqual({ 'CONTENT-TYPE': ['text/csv'] });
  });

  test('header names keep the casing the function gave them ("invoke-api-with-headers")', () => {
    expect(answer({ statusCode: 200, headers: { 'X-Custom-Header': 'a' } })?.headers).toMatchObject({ 'X-Custom-Header': 'a' });
  });

  test('numbers and booleans are header values, sent as text', () => {
    expect(answer({ statusCode: 200, headers: { 'X-Count': 3, 'X-Ok': true } })?.headers).toMatchObject({ 'X-Count': '3', 'X-Ok': 'true' });
  });

  test.each([[{ 'X-A': { b: 1 } }], [{ 'X-A': null }], [{ 'X-A': ['1'] }], [['X-A']], ['X-A: 1']])('fails when headers is %j: 502', (headers) => {
    expect(answer({ statusCode: 200, headers })).toBeUndefined();
  });

  test('headers: null is no headers', () => {
    expect(answer({ statusCode: 200, headers: null })?.headers).toEqual({ 'Content-Type': 'application/json' });
  });

  test('multiValueHeaders give a header every value, numbers as text', () => {
    expect(answer({ statusCode: 200, multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'], 'X-N': [1, 2] } })?.headers).toEqual({
      'Set-Cookie': ['a=1', 'b=2'],
      'X-N': ['1', '2'],
      'Content-Type': 'application/json',
    });
  });

  test.each([[{ 'X-A': '1' }], [{ 'X-A': [{ b: 1 }] }], [{ 'X-A': ['1', { b: 1 }] }], [{ 'X-A': [null] }], [['X-A']], ['X-A: 1']])('fails when multiValueHeaders is %j: 502', (multiValueHeaders) => {
    expect(answer({ statusCode: 200, multiValueHeaders })).toBeUndefined();
  });

  test('multiValueHeaders: null is no headers', () => {
    expect(answer({ statusCode: 200, multiValueHeaders: null })?.headers).toEqual({ 'Content-Type': 'application/json' });
  });

  test('a header in both lists gets the multiValueHeaders values first, then the headers one, under the multiValueHeaders casing ("invoke-api-multi-headers-overwrite-casing")', () => {
    expect(answer({ statusCode: 200, headers: { 'x-a': '3' }, multiValueHeaders: { 'X-A': ['1', '2'] } })?.headers).toEqual({
      'X-A': ['1', '2', '3'],
      'Content-Type': 'application/json',
    });
  });

  test('a header in one list only is not merged with another', () => {
    expect(answer({ statusCode: 200, headers: { 'X-B': 'b' }, multiValueHeaders: { 'X-A': ['a'] } })?.headers).toEqual({
      'X-A': ['a'],
      'X-B': 'b',
      'Content-Type': 'application/json',
    });
  });
});

// "Content type conversions in API Gateway" and binaryMediaTypes ("image/png", "*/*", "image/*"): a request body of
// a binary media type reaches the function base64-encoded, with isBase64Encoded true.
describe('isBinary', () => {
  test('a content type in the list is binary, another is not', () => {
    expect(isBinary('image/png', ['application/pdf', 'image/png'])).toBe(true);
    expect(isBinary('image/gif', ['application/pdf', 'image/png'])).toBe(false);
  });

  test('*/* makes every content type binary', () => {
    expect(isBinary('application/json', ['*/*'])).toBe(true);
  });

  test('image/* makes every image type binary, and nothing else', () => {
    expect(isBinary('image/jpeg', ['image/*'])).toBe(true);
    expect(isBinary('text/jpeg', ['image/*'])).toBe(false);
  });

  test('*/png matches a png of any type, and no other subtype', () => {
    expect(isBinary('image/png', ['*/png'])).toBe(true);
    expect(isBinary('image/gif', ['*/png'])).toBe(false);
  });

  test('the subtype must match too: image/png is not application/png', () => {
    expect(isBinary('application/png', ['image/png'])).toBe(false);
  });

  test('media types compare without case, parameters or the spaces around them', () => {
    expect(isBinary('Image/PNG; charset=binary', ['image/png'])).toBe(true);
    expect(isBinary(' image/png ; q=1', ['image/png'])).toBe(true);
    expect(isBinary('image/png', ['IMAGE/Png'])).toBe(true);
  });

  test('no content type, or no binary media types, is text', () => {
    expect(isBinary(undefined, ['*/*'])).toBe(false);
    expect(isBinary('', ['*/*'])).toBe(false);
    expect(isBinary('image/png', [])).toBe(false);
  });
});

// Recorded against AWS: localstack/localstack test_apigateway_integrations.snapshot.json, TestApiGatewayHeaderRemapping
// "no-param-integration", and test_apigateway_lambda.snapshot.json, test_lambda_aws_proxy_integration.
describe('requestParts', () => {
  test("a repeated header: headers has the last value, multiValueHeaders every one, in the client's casing", () => {
    const parts = requestParts(request({ rawHeaders: ['X-Multi', '1', 'Accept', '*/*', 'X-Multi', '2'] }));
    expect(parts.headers).toEqual({ 'X-Multi': '2', Accept: '*/*', ...ADDED });
    expect(parts.multiValueHeaders).toEqual({ 'X-Multi': ['1', '2'], Accept: ['*/*'], ...ADDED_MULTI });
  });

  test('X-Forwarded-For, X-Forwarded-Port, X-Forwarded-Proto and X-Amzn-Trace-Id are added to every request', () => {
    expect(requestParts(request()).headers).toEqual(ADDED);
    expect(requestParts(request()).multiValueHeaders).toEqual(ADDED_MULTI);
  });

  test("a client's X-Forwarded-For is kept, with the address it came from appended; its other added headers are replaced", () => {
    const parts = requestParts(
      request({ rawHeaders: ['x-forwarded-for', '198.51.100.1', 'x-forwarded-port', '1', 'x-forwarded-proto', 'gopher', 'x-amzn-trace-id', 'Root=forged'] }),
    );
    expect(parts.headers).toEqual({ ...ADDED, 'X-Forwarded-For': '198.51.100.1, 203.0.113.9' });
    expect(parts.multiValueHeaders['X-Forwarded-For']).toEqual(['198.51.100.1, 203.0.113.9']);
  });

  test('Authorization, User-Agent and Host arrive in their canonical casing, other names as sent', () => {
    const parts = requestParts(request({ rawHeaders: ['aUThorization', 'Bearer x', 'user-agent', 'curl', 'HOST', 'api.example.com', 'tEsT-HEADeR', 'v'] }));
    expect(parts.headers).toEqual({ Authorization: 'Bearer x', 'User-Agent': 'curl', Host: 'api.example.com', 'tEsT-HEADeR': 'v', ...ADDED });
  });

  test.each([...DROPPED_REQUEST_HEADERS])('%s is dropped, in any casing, from both maps', (name) => {
    const parts = requestParts(request({ rawHeaders: [name.toUpperCase(), 'x', 'X-Kept', 'y'] }));
    expect([parts.headers, parts.multiValueHeaders]).toEqual([
      { 'X-Kept': 'y', ...ADDED },
      { 'X-Kept': ['y'], ...ADDED_MULTI },
    ]);
  });

  test('the hop-by-hop and framing headers API Gateway drops are the twelve AWS recorded', () => {
    expect([...DROPPED_REQUEST_HEADERS]).toEqual([
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
  });

  test('the query string: the last value and every value of each name, URL-decoded', () => {
    const parts = requestParts(request({ query: 'a=1&a=2&b=x%20y&c' }));
    expect(parts.query).toEqual({ a: '2', b: 'x y', c: '' });
    expect(parts.multiValueQuery).toEqual({ a: ['1', '2'], b: ['x y'], c: [''] });
  });

  test('no query string: no parameters', () => {
    expect(requestParts(request()).query).toEqual({});
    expect(requestParts(request()).multiValueQuery).toEqual({});
  });

  test('the content type is read whatever the casing of its header', () => {
    expect(requestParts(request({ rawHeaders: ['CONTENT-TYPE', 'image/png'] })).contentType).toBe('image/png');
    expect(requestParts(request()).contentType).toBeUndefined();
  });
});

describe('headerValue', () => {
  test('finds a header in any casing', () => {
    expect(headerValue({ 'X-Api-Key': 'k' }, 'x-api-key')).toBe('k');
    expect(headerValue({ 'x-api-key': 'k' }, 'X-API-KEY')).toBe('k');
  });

  test('the first casing the client sent wins', () => {
    expect(headerValue({ 'X-A': 'first', 'x-a': 'second' }, 'x-a')).toBe('first');
  });

  test('another header is not it, whether its name is as long or starts and ends alike', () => {
    expect(headerValue({ 'x-api-kex': 'k', 'x-api-key-id': 'k', 'my-x-api-key': 'j' }, 'x-api-key')).toBeUndefined();
  });
});

describe('buildProxyEvent', () => {
  const build = (overrides: Partial<LocalRequest> = {}, options: { stageVariables?: Record<string, string>; binaryMediaTypes?: string[] } = {}) => {
    const req = request(overrides);
    const parts = requestParts(req);
    return buildProxyEvent(req, parts, match, requestContext(req, parts, match, identity), {
      stageVariables: options.stageVariables ?? {},
      binaryMediaTypes: options.binaryMediaTypes ?? [],
    });
  };

  test('a request without query, body or stage variables has null for each, and the headers API Gateway adds', () => {
    expect(build()).toMatchObject({
      resource: '/items/{id}',
      path: '/items/7',
      httpMethod: 'GET',
      headers: ADDED,
      multiValueHeaders: ADDED_MULTI,
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: { id: '7' },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
    });
  });

  test('a route without path variables has null pathParameters', () => {
    const req = request({ path: '/items', rawPath: '/items' });
    const parts = requestParts(req);
    const root: RouteMatch = { route: { httpMethod: 'GET', resourcePath: '/items' } as RouteModel, pathParameters: {} };
    expect(buildProxyEvent(req, parts, root, requestContext(req, parts, root, identity), { stageVariables: {}, binaryMediaTypes: [] }).pathParameters).toBeNull();
  });

  test('the query string and stage variables arrive when there are some', () => {
    expect(build({ query: 'q=1' }, { stageVariables: { color: 'blue' } })).toMatchObject({
      queryStringParameters: { q: '1' },
      multiValueQueryStringParameters: { q: ['1'] },
      stageVariables: { color: 'blue' },
    });
  });

  test('a text body arrives as UTF-8 text, not base64', () => {
    expect(build({ body: Buffer.from('héllo'), rawHeaders: ['Content-Type', 'text/plain'] }, { binaryMediaTypes: ['image/*'] })).toMatchObject({
      body: 'héllo',
      isBase64Encoded: false,
    });
  });

  test('a body of a binary media type arrives base64-encoded', () => {
    expect(build({ body: Buffer.from([0, 255]), rawHeaders: ['Content-Type', 'image/png'] }, { binaryMediaTypes: ['*/*'] })).toMatchObject({
      body: 'AP8=',
      isBase64Encoded: true,
    });
  });

  test('a request of a binary media type without a body has a null body, not base64-encoded', () => {
    expect(build({ rawHeaders: ['Content-Type', 'image/png'] }, { binaryMediaTypes: ['image/png'] })).toMatchObject({ body: null, isBase64Encoded: false });
  });

  test('requestContext is the context given', () => {
    expect(build().requestContext).toMatchObject({ resourcePath: '/items/{id}', stage: 'v1', path: '/v1/items/7' });
  });
});
