import type { RouteModel } from '../../src/model/stack-model';
import type { RouteMatch } from '../../src/local/router';
import {
  buildProxyEvent,
  formatRequestTime,
  headerValue,
  isBinary,
  LocalRequest,
  readProxyResult,
  requestContext,
  requestParts,
  RequestIdentity,
  resourceId,
} from '../../src/local/proxy-event';

// What every proxy handler receives, and how its answer is read: payload format 1.0 of the Lambda proxy integration
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html, "Input format
// of a Lambda function for proxy integration" and "Output format of a Lambda function for proxy integration"). The
// served tests (server-proxy.test.ts, server-failures.test.ts) cover what one fixture function sends; these cover the
// shapes a function or a client can send that no fixture does.

function request(overrides: Partial<LocalRequest> = {}): LocalRequest {
  return { httpMethod: 'GET', path: '/items/7', query: '', rawHeaders: [], body: Buffer.alloc(0), sourceIp: '203.0.113.9', ...overrides };
}

const match: RouteMatch = { route: { httpMethod: 'GET', resourcePath: '/items/{id}' } as RouteModel, pathParameters: { id: '7' } };

const identity: RequestIdentity = {
  requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  apiId: '1234567890',
  stage: 'v1',
  accountId: '123456789012',
  requestTimeEpoch: Date.UTC(2015, 3, 9, 12, 34, 56),
  domainName: '1234567890.execute-api.eu-west-1.amazonaws.com',
};

/** The proxy answer of a result object, or undefined for API Gateway's 502 "Malformed Lambda proxy response". */
function answer(result: unknown) {
  const read = readProxyResult(JSON.stringify(result));
  return read && { statusCode: read.statusCode, headers: read.headers, body: read.body.toString('utf8') };
}

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

  test('fails when there is no status: 502', () => {
    expect(answer({ body: 'hi' })).toBeUndefined();
  });
});

describe('readProxyResult: the shape of the result', () => {
  test.each([['a string', 'ok'], ['a number', 200], ['null', null], ['an array', [{ statusCode: 200 }]]])('fails when the result is %s: 502', (_what, result) => {
    expect(answer(result)).toBeUndefined();
  });

  test('fails when the result has a key API Gateway does not know: 502', () => {
    expect(answer({ statusCode: 200, cookies: ['a=1'] })).toBeUndefined();
  });

  test('every key API Gateway knows may be given at once', () => {
    expect(answer({ statusCode: 200, headers: {}, multiValueHeaders: {}, body: 'hi', isBase64Encoded: false })).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
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

  test('a base64 body with isBase64Encoded: true reaches the client as its bytes', () => {
    const read = readProxyResult(JSON.stringify({ statusCode: 200, body: Buffer.from([0, 255, 1]).toString('base64'), isBase64Encoded: true }));
    expect(read?.body).toEqual(Buffer.from([0, 255, 1]));
  });

  test('a body with isBase64Encoded: false reaches the client as its UTF-8 text', () => {
    expect(readProxyResult(JSON.stringify({ statusCode: 200, body: 'aGk=', isBase64Encoded: false }))?.body.toString('utf8')).toBe('aGk=');
  });
});

describe('readProxyResult: headers', () => {
  test('the answer is application/json unless the function names a content type', () => {
    expect(answer({ statusCode: 200 })?.headers).toEqual({ 'content-type': 'application/json' });
  });

  test("the function's Content-Type, in any casing, replaces the default", () => {
    expect(answer({ statusCode: 200, headers: { 'Content-Type': 'text/html' } })?.headers).toEqual({ 'content-type': 'text/html' });
  });

  test('numbers and booleans are header values, sent as text', () => {
    expect(answer({ statusCode: 200, headers: { 'X-Count': 3, 'X-Ok': true } })?.headers).toMatchObject({ 'x-count': '3', 'x-ok': 'true' });
  });

  test.each([[{ 'X-A': { b: 1 } }], [{ 'X-A': null }], [{ 'X-A': ['1'] }], [['X-A']], ['X-A: 1']])('fails when headers is %j: 502', (headers) => {
    expect(answer({ statusCode: 200, headers })).toBeUndefined();
  });

  test('headers: null is no headers', () => {
    expect(answer({ statusCode: 200, headers: null })?.headers).toEqual({ 'content-type': 'application/json' });
  });

  test('multiValueHeaders give a header every value, numbers as text', () => {
    expect(answer({ statusCode: 200, multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'], 'X-N': [1, 2] } })?.headers).toEqual({
      'content-type': 'application/json',
      'set-cookie': ['a=1', 'b=2'],
      'x-n': ['1', '2'],
    });
  });

  test.each([[{ 'X-A': '1' }], [{ 'X-A': [{ b: 1 }] }], [{ 'X-A': [null] }], [['X-A']]])('fails when multiValueHeaders is %j: 502', (multiValueHeaders) => {
    expect(answer({ statusCode: 200, multiValueHeaders })).toBeUndefined();
  });

  test('multiValueHeaders: null is no headers', () => {
    expect(answer({ statusCode: 200, multiValueHeaders: null })?.headers).toEqual({ 'content-type': 'application/json' });
  });

  test('a header in both lists gets every value: headers first, then multiValueHeaders', () => {
    expect(answer({ statusCode: 200, headers: { 'X-A': '1' }, multiValueHeaders: { 'x-a': ['2', '3'] } })?.headers['x-a']).toEqual(['1', '2', '3']);
  });

  test('a header only in multiValueHeaders does not take a value of another header', () => {
    expect(answer({ statusCode: 200, headers: { 'X-B': 'b' }, multiValueHeaders: { 'X-A': ['a'] } })?.headers).toEqual({
      'content-type': 'application/json',
      'x-a': ['a'],
      'x-b': 'b',
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

  test('media types compare without case and without parameters', () => {
    expect(isBinary('Image/PNG; charset=binary', ['image/png'])).toBe(true);
    expect(isBinary('image/png', ['IMAGE/Png'])).toBe(true);
  });

  test('no content type, or no binary media types, is text', () => {
    expect(isBinary(undefined, ['*/*'])).toBe(false);
    expect(isBinary('', ['*/*'])).toBe(false);
    expect(isBinary('image/png', [])).toBe(false);
  });
});

describe('requestParts', () => {
  test('a repeated header: headers has the last value, multiValueHeaders every one, in the casing sent', () => {
    const parts = requestParts(request({ rawHeaders: ['X-Multi', '1', 'Accept', '*/*', 'X-Multi', '2'] }));
    expect(parts.headers).toEqual({ 'X-Multi': '2', Accept: '*/*' });
    expect(parts.multiValueHeaders).toEqual({ 'X-Multi': ['1', '2'], Accept: ['*/*'] });
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

  test('a header whose name only starts or ends like the one asked for is another header', () => {
    expect(headerValue({ 'x-api-key-id': 'k', 'my-x-api-key': 'j' }, 'x-api-key')).toBeUndefined();
  });
});

describe('requestContext', () => {
  const context = (overrides: { request?: Partial<LocalRequest>; identity?: Partial<RequestIdentity>; apiKey?: string } = {}) => {
    const req = request(overrides.request);
    return requestContext(req, requestParts(req), match, { ...identity, ...overrides.identity }, overrides.apiKey);
  };

  test("holds the request's identity, its stage-prefixed path and its resource, as in AWS's example event", () => {
    expect(context({ request: { rawHeaders: ['User-Agent', 'curl/8.5.0'] } })).toEqual({
      accountId: '123456789012',
      apiId: '1234567890',
      domainName: '1234567890.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: '1234567890',
      extendedRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      httpMethod: 'GET',
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '203.0.113.9',
        user: null,
        userAgent: 'curl/8.5.0',
        userArn: null,
      },
      path: '/v1/items/7',
      protocol: 'HTTP/1.1',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTime: '09/Apr/2015:12:34:56 +0000',
      requestTimeEpoch: Date.UTC(2015, 3, 9, 12, 34, 56),
      resourceId: resourceId('/items/{id}'),
      resourcePath: '/items/{id}',
      stage: 'v1',
    });
  });

  test('identity.apiKey is the key the request was admitted with', () => {
    expect(context({ apiKey: 'partner-key' }).identity.apiKey).toBe('partner-key');
  });

  test('identity.userAgent is null when the client sends none', () => {
    expect(context().identity.userAgent).toBeNull();
  });

  test('domainPrefix is the whole domain name when it has no dot', () => {
    expect(context({ identity: { domainName: 'localhost' } })).toMatchObject({ domainName: 'localhost', domainPrefix: 'localhost' });
  });
});

describe('resourceId', () => {
  // Each resource has an id of its own, as API Gateway's 6-character resource ids; the same from run to run and
  // from release to release, so an event recorded once still matches.
  test('is six lowercase letters and digits, the same for the same path', () => {
    expect(resourceId('/items/{id}')).toMatch(/^[0-9a-z]{6}$/);
    expect(resourceId('/items/{id}')).toBe(resourceId('/items/{id}'));
  });

  test('differs from resource to resource', () => {
    const ids = new Set(['/', '/items', '/items/{id}', '/items/{id}/reviews', '/{proxy+}', '/things'].map(resourceId));
    expect(ids.size).toBe(6);
  });

  test('keeps its value from release to release', () => {
    expect([resourceId('/'), resourceId('/items'), resourceId('/items/{id}')]).toEqual(['00001b', 'nwyuwh', '00dg3p']);
  });
});

describe('formatRequestTime', () => {
  test("is API Gateway's requestTime: day/month/year:hour:minute:second +0000, in UTC", () => {
    expect(formatRequestTime(Date.UTC(2015, 3, 9, 12, 34, 56))).toBe('09/Apr/2015:12:34:56 +0000');
  });

  test('pads one-digit fields and names every month', () => {
    expect(formatRequestTime(Date.UTC(2026, 0, 1, 1, 2, 3))).toBe('01/Jan/2026:01:02:03 +0000');
    const months = Array.from({ length: 12 }, (_, month) => formatRequestTime(Date.UTC(2026, month, 15)).slice(3, 6));
    expect(months).toEqual(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
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

  test('a request without headers, query, body or stage variables has null for each', () => {
    expect(build()).toMatchObject({
      resource: '/items/{id}',
      path: '/items/7',
      httpMethod: 'GET',
      headers: null,
      multiValueHeaders: null,
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: { id: '7' },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
    });
  });

  test('a route without path variables has null pathParameters', () => {
    const req = request({ path: '/items' });
    const parts = requestParts(req);
    const root: RouteMatch = { route: { httpMethod: 'GET', resourcePath: '/items' } as RouteModel, pathParameters: {} };
    expect(buildProxyEvent(req, parts, root, requestContext(req, parts, root, identity), { stageVariables: {}, binaryMediaTypes: [] }).pathParameters).toBeNull();
  });

  test('headers, query string and stage variables arrive when there are some', () => {
    expect(build({ rawHeaders: ['Accept', 'text/plain'], query: 'q=1' }, { stageVariables: { color: 'blue' } })).toMatchObject({
      headers: { Accept: 'text/plain' },
      multiValueHeaders: { Accept: ['text/plain'] },
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
