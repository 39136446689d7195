import { LocalRequest, requestParts } from '../../src/local/proxy-event';
import { formatRequestTime, randomHex, requestContext, RequestIdentity, resourceId, stableId, withApiKey } from '../../src/local/request-context';
import { identity, match, request } from './proxy-request-fixtures';

// `requestContext` of the proxy event, which mapping templates also see as `$context`, with the keys a REST API sends
// (recorded against AWS: localstack/localstack tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
// test_lambda_aws_proxy_integration), and the ids and times it holds.

function context(overrides: { request?: Partial<LocalRequest>; identity?: Partial<RequestIdentity> } = {}) {
  const req = request(overrides.request);
  return requestContext(req, requestParts(req), match, { ...identity, ...overrides.identity });
}

describe('requestContext', () => {
  test("holds the request's identity, its stage-prefixed path and its resource, with the keys AWS sends", () => {
    expect(context({ request: { rawHeaders: ['User-Agent', 'curl/8.5.0'] } })).toEqual({
      accountId: '123456789012',
      apiId: '1234567890',
      deploymentId: 'abc123',
      domainName: '1234567890.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: '1234567890',
      extendedRequestId: 'c6af9ac67b6111e6',
      httpMethod: 'GET',
      identity: {
        accessKey: null,
        accountId: null,
        caller: null,
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

  test('path is the stage and the path exactly as sent, double slashes included', () => {
    expect(context({ request: { path: '/items/7', rawPath: '//items/7' } }).path).toBe('/v1//items/7');
  });

  test('identity.userAgent is null when the client sends none', () => {
    expect(context().identity.userAgent).toBeNull();
  });

  test('domainPrefix is the first label of the domain name, or all of it when it has no dot', () => {
    expect(context({ identity: { domainName: 'api.example.com' } }).domainPrefix).toBe('api');
    expect(context({ identity: { domainName: 'localhost' } })).toMatchObject({ domainName: 'localhost', domainPrefix: 'localhost' });
  });

  test('domainPrefix is empty when the Host the client sent starts with a dot', () => {
    expect(context({ identity: { domainName: '.example.com' } }).domainPrefix).toBe('');
  });
});

describe('withApiKey', () => {
  test('adds apiKey and apiKeyId in their alphabetical place, after accessKey and accountId', () => {
    const withKey = withApiKey(context().identity, 'partner-key', 'a1b2c3d4e5');
    expect(withKey).toMatchObject({ apiKey: 'partner-key', apiKeyId: 'a1b2c3d4e5', sourceIp: '203.0.113.9' });
    expect(Object.keys(withKey).slice(0, 5)).toEqual(['accessKey', 'accountId', 'apiKey', 'apiKeyId', 'caller']);
  });

  test('a key that was not sent, or has no id, is null', () => {
    expect(withApiKey(context().identity, undefined, undefined)).toMatchObject({ apiKey: null, apiKeyId: null });
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

  test('is the last six digits of a longer hash', () => {
    expect([resourceId('/things'), resourceId('/users/{user}')]).toEqual(['03uxx0', 'm3kqh9']);
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

  test('each second has its own text, and the milliseconds within one do not change it', () => {
    const second = Date.UTC(2026, 4, 6, 7, 8, 9);
    expect([formatRequestTime(second + 10), formatRequestTime(second + 990), formatRequestTime(second + 1000)]).toEqual([
      '06/May/2026:07:08:09 +0000',
      '06/May/2026:07:08:09 +0000',
      '06/May/2026:07:08:10 +0000',
    ]);
  });
});

describe('stableId', () => {
  test('is ten lowercase hex digits by default, the same for the same seed and different for another', () => {
    expect(stableId('aws_api_gateway_rest_api.api')).toMatch(/^[0-9a-f]{10}$/);
    expect(stableId('aws_api_gateway_rest_api.api')).toBe(stableId('aws_api_gateway_rest_api.api'));
    expect(stableId('aws_api_gateway_rest_api.other')).not.toBe(stableId('aws_api_gateway_rest_api.api'));
  });

  test('has the length asked for, and keeps its value from release to release', () => {
    expect(stableId('seed', 6)).toMatch(/^[0-9a-f]{6}$/);
    expect(stableId('seed')).toBe('92713d4709'); // the first digits of the SHA-1 of "seed"
  });
});

describe('randomHex', () => {
  test.each([1, 16, 24, 30])('gives %i hex digits', (length) => {
    expect(randomHex(length)).toMatch(new RegExp(`^[0-9a-f]{${length}}$`));
  });

  test("past randomUUID's 30 random digits, it pads with 0", () => {
    expect(randomHex(32)).toMatch(/^[0-9a-f]{30}00$/);
  });

  test("leaves out the UUID's fixed version and variant digits, so every digit varies", () => {
    const samples = Array.from({ length: 200 }, () => randomHex(30));
    const fixed = Array.from({ length: 30 }, (_, index) => index).filter((index) => new Set(samples.map((sample) => sample[index])).size === 1);
    expect(fixed).toEqual([]);
  });
});
