import * as fs from 'node:fs';
import * as path from 'node:path';
import { TerraformVariable } from 'cdktf';
import { ApiKey } from '../../src/constructs/api-key';
import { CognitoAuthorizer } from '../../src/constructs/authorizers/cognito-authorizer';
import { LambdaAuthorizer } from '../../src/constructs/authorizers/lambda-authorizer';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { RestApi } from '../../src/constructs/rest-api/rest-api';
import { UsagePlan } from '../../src/constructs/usage-plan';
import { call, FixtureStack, fixtureHandler, serve, Served, synthFixture } from './server-helpers';

// One stack for the file: a TOKEN authorizer (default 300 s cache, a validation expression) and a REQUEST
// authorizer (two identity sources, no cache) over proxy and custom integrations, one route also keyed.
// The fixture authorizer answers what its token names (__tests__/fixtures/local-api/functions/authorize).
let fixture: FixtureStack;
let served: Served;
const KEY = 'authorizerTestKey0123456789';

beforeAll(async () => {
  fixture = synthFixture((stack) => {
    const echo = fixtureHandler(stack, 'echo', { source: 'echo' });
    const record = fixtureHandler(stack, 'record', { source: 'record' });
    const authorize = fixtureHandler(stack, 'authorize', { source: 'authorize' });
    const api = new RestApi(stack, 'Api', { stageName: 'test', cors: { allowOrigins: ['https://app.example.com'] } });
    const token = new LambdaAuthorizer(stack, 'Token', { api, handler: authorize, tokenValidationRegex: '^Bearer [A-Za-z0-9:-]+$' });
    const byRequest = new LambdaAuthorizer(stack, 'ByRequest', {
      api,
      handler: authorize,
      type: 'REQUEST',
      identitySources: ['method.request.querystring.token', 'method.request.header.X-Tenant'],
      resultsCacheTtlSeconds: 0,
    });
    const tokenRoute = api.root.addResource('token');
    tokenRoute.addMethod('GET', new LambdaIntegration(echo), { authorizer: token });
    tokenRoute.addResource('{id}').addMethod('GET', new LambdaIntegration(echo), { authorizer: token });
    api.root.addResource('request').addResource('{id}').addMethod('GET', new LambdaIntegration(echo), { authorizer: byRequest });
    const template = '{"principal":"$context.authorizer.principalId","count":"$context.authorizer.count"}';
    api.root.addResource('mapped').addMethod('POST', new LambdaIntegration(record, { proxy: false, requestTemplates: { 'application/json': template } }), { authorizer: token });
    api.root.addResource('keyed').addMethod('GET', new LambdaIntegration(echo), { authorizer: token, apiKeyRequired: true });
    const pools = new CognitoAuthorizer(stack, 'Pools', { api, userPoolArns: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_example'] });
    api.root.addResource('cognito').addMethod('GET', new LambdaIntegration(echo), { authorizer: pools });
    api.root.addResource('iam').addMethod('GET', new LambdaIntegration(echo), { authorization: 'AWS_IAM' });
    const keyValue = new TerraformVariable(stack, 'key_value', { type: 'string', sensitive: true });
    new UsagePlan(stack, 'Plan', { api }).addApiKey(new ApiKey(stack, 'Key', { value: keyValue.stringValue }));
  });
  served = await serve(fixture.stackDir, { variables: { key_value: KEY } });
});

afterAll(async () => {
  await served?.api.stop();
  fixture?.remove();
});

const url = (route: string) => `${served.base}/test${route}`;
const bearer = (token: string, headers: Record<string, string> = {}) => ({ headers: { authorization: `Bearer ${token}`, ...headers } });

describe('LocalApi TOKEN authorizer', () => {
  test('fails when the token header is missing: 401 Unauthorized, without calling the function', async () => {
    const { status, text, headers } = await call(url('/token'));
    expect([status, text, headers.get('x-amzn-errortype')]).toEqual([401, '{"message":"Unauthorized"}', 'UnauthorizedException']);
    expect(served.logs).toContain('GET /token: authorizer "Token" answered 401: identity source method.request.header.Authorization is missing or empty');
  });

  test('fails when the token does not match the validation expression: 401, without calling the function', async () => {
    const { status } = await call(url('/token'), { headers: { authorization: 'Basic abc' } });
    expect(status).toBe(401);
    expect(served.logs).toContain('GET /token: authorizer "Token" answered 401: the token does not match identityValidationExpression ^Bearer [A-Za-z0-9:-]+$');
  });

  test('an allowed request reaches the function with requestContext.authorizer: principalId, context as strings, integrationLatency', async () => {
    const { status, json } = await call(url('/token'), bearer('allow-1'));
    expect(status).toBe(200);
    expect(json.event.requestContext.authorizer).toEqual({
      principalId: 'user-allow',
      count: '2',
      admin: 'true',
      eventType: 'TOKEN',
      nonce: expect.any(String),
      methodArn: expect.stringMatching(/^arn:aws:execute-api:eu-west-1:123456789012:[a-z0-9]{10}\/test\/GET\/token$/),
      integrationLatency: expect.any(Number),
    });
  });

  // dherault/serverless-offline#412, reported against AWS: "IAM statement effect is actually case-insensitive".
  test('a policy whose Effect is "allow" in lower case allows the method, as on AWS', async () => {
    const { status } = await call(url('/token'), bearer('lower-case'));
    expect(status).toBe(200);
  });

  test('fails when the function throws "Unauthorized": 401', async () => {
    const { status, text } = await call(url('/token'), bearer('unauthorized'));
    expect([status, text]).toEqual([401, '{"message":"Unauthorized"}']);
  });

  test('fails when the function throws another error: 500 AuthorizerConfigurationException', async () => {
    const { status, text, headers } = await call(url('/token'), bearer('crash'));
    expect([status, text, headers.get('x-amzn-errortype')]).toEqual([500, '{"message":null}', 'AuthorizerConfigurationException']);
  });

  test('fails when the answer has an object as a context value: 500', async () => {
    const { status, text } = await call(url('/token'), bearer('malformed'));
    expect([status, text]).toEqual([500, '{"message":null}']);
  });

  test('fails when the policy denies the method: 403 with an explicit deny', async () => {
    const { status, text, headers } = await call(url('/token'), bearer('deny'));
    expect([status, text, headers.get('x-amzn-errortype')]).toEqual([403, '{"Message":"User is not authorized to access this resource with an explicit deny"}', 'AccessDeniedException']);
  });

  test('fails when the policy allows another method only: 403', async () => {
    const { status, text } = await call(url('/token'), bearer('other'));
    expect([status, text]).toEqual([403, '{"Message":"User is not authorized to access this resource"}']);
  });

  test('the answer is cached per token: a stage-wide policy serves the next route without a new call', async () => {
    const first = await call(url('/token'), bearer('stage-cached'));
    const second = await call(url('/token/5'), bearer('stage-cached'));
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.json.event.requestContext.authorizer.nonce).toBe(first.json.event.requestContext.authorizer.nonce);
  });

  test('fails when a cached policy names another method: 403 on the next route', async () => {
    const first = await call(url('/token'), bearer('allow-cached'));
    const second = await call(url('/token/5'), bearer('allow-cached'));
    expect([first.status, second.status, second.text]).toEqual([200, 403, '{"Message":"User is not authorized to access this resource"}']);
  });

  test("the stack's DEFAULT_4XX gateway response applies to the authorizer's 401", async () => {
    const { headers } = await call(url('/token'));
    expect(headers.get('access-control-allow-origin')).toBe('https://app.example.com');
  });

  test('a custom integration sees the answer as $context.authorizer in its mapping template', async () => {
    const { status, json } = await call(url('/mapped'), { method: 'POST', ...bearer('allow-mapped', { 'content-type': 'application/json' }), body: '{}' });
    expect([status, json.received]).toEqual([200, { principal: 'user-allow', count: '2' }]);
  });
});

describe('LocalApi REQUEST authorizer', () => {
  test('gets the request: headers, resource, path parameters and requestContext', async () => {
    const { status, json } = await call(url('/request/7?token=allow'), { headers: { 'x-tenant': 't1' } });
    expect(status).toBe(200);
    expect(json.event.requestContext.authorizer).toMatchObject({ eventType: 'REQUEST', tenant: 't1', resource: '/request/{id}', id: '7', stage: 'test', principalId: 'user-allow' });
  });

  test('fails when one of its identity sources is missing: 401', async () => {
    const { status, text } = await call(url('/request/7?token=allow'));
    expect([status, text]).toEqual([401, '{"message":"Unauthorized"}']);
  });

  test('a TTL of 0 calls the function for every request', async () => {
    const first = await call(url('/request/7?token=allow'), { headers: { 'x-tenant': 't1' } });
    const second = await call(url('/request/7?token=allow'), { headers: { 'x-tenant': 't1' } });
    expect(second.json.event.requestContext.authorizer.nonce).not.toBe(first.json.event.requestContext.authorizer.nonce);
  });
});

describe('LocalApi authorization it cannot check', () => {
  test('Cognito user pool and AWS_IAM routes are warned about, saying that every request gets through', () => {
    expect(served.api.reload().warnings).toEqual([
      'GET /cognito: its COGNITO_USER_POOLS authorizer "Pools" needs the user pool\'s keys from AWS, so it is not checked locally: every request reaches the integration, with or without a token, and has no requestContext.authorizer',
      'GET /iam: AWS_IAM authorization needs AWS to verify SigV4 signatures, so they are not checked locally: an unsigned request gets 403 Missing Authentication Token, a signed one reaches the integration unverified, and requestContext.identity has no caller',
    ]);
  });

  // An unsigned request to an AWS_IAM method: repost.aws knowledge center "api-gateway-authentication-token-errors".
  test('fails when an AWS_IAM route gets a request without a SigV4 signature: 403 Missing Authentication Token', async () => {
    const { status, text, headers } = await call(url('/iam'));
    expect([status, text, headers.get('x-amzn-errortype')]).toEqual([403, '{"message":"Missing Authentication Token"}', 'MissingAuthenticationTokenException']);
  });

  test('a signed request reaches an AWS_IAM route, its signature unverified', async () => {
    const signature = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123';
    const { status } = await call(url('/iam'), { headers: { authorization: signature, 'x-amz-date': '20250101T000000Z' } });
    expect(status).toBe(200);
  });

  test('a Cognito route answers without a token', async () => {
    const { status, json } = await call(url('/cognito'));
    expect([status, json.event.requestContext.authorizer]).toEqual([200, undefined]);
  });
});

describe('LocalApi authorizer and API key', () => {
  test('the authorizer runs first: no token and no key is 401', async () => {
    const { status } = await call(url('/keyed'));
    expect(status).toBe(401);
  });

  test('fails when the token is allowed but the API key is missing: 403 Forbidden', async () => {
    const { status, text } = await call(url('/keyed'), bearer('allow-keyed'));
    expect([status, text]).toEqual([403, '{"message":"Forbidden"}']);
  });

  test('a token and a key reach the function', async () => {
    const { status, json } = await call(url('/keyed'), bearer('allow-keyed', { 'x-api-key': KEY }));
    expect([status, json.event.requestContext.identity.apiKey]).toEqual([200, KEY]);
  });

  describe('with apiKeySource AUTHORIZER', () => {
    let authorizerSourced: Served;
    let copy: string;

    beforeAll(async () => {
      // RestApi always writes HEADER; the local API serves whatever the stack says, so the copy says AUTHORIZER.
      copy = `${fixture.stackDir}-authorizer-key`;
      fs.cpSync(fixture.stackDir, copy, { recursive: true });
      const file = path.join(copy, 'cdk.tf.json');
      const tf = JSON.parse(fs.readFileSync(file, 'utf8'));
      for (const api of Object.values<Record<string, unknown>>(tf.resource.aws_api_gateway_rest_api)) api.api_key_source = 'AUTHORIZER';
      fs.writeFileSync(file, JSON.stringify(tf));
      authorizerSourced = await serve(copy, { variables: { key_value: KEY } });
    });

    afterAll(async () => {
      await authorizerSourced?.api.stop();
    });

    test("the key is the authorizer's usageIdentifierKey, not the x-api-key header", async () => {
      const { status, json } = await call(`${authorizerSourced.base}/test/keyed`, bearer(`allow-source:${KEY}`));
      expect([status, json.event.requestContext.identity.apiKey]).toEqual([200, KEY]);
    });

    // "Choose an API key source" (developer guide, api-gateway-api-key-source): with AUTHORIZER the key is the
    // authorizer's usageIdentifierKey; an x-api-key header is ignored.
    test('fails when the authorizer returns no usageIdentifierKey, whatever the x-api-key header: 403 Forbidden', async () => {
      const { status, text } = await call(`${authorizerSourced.base}/test/keyed`, bearer('allow-nokey', { 'x-api-key': KEY }));
      expect([status, text]).toEqual([403, '{"message":"Forbidden"}']);
    });
  });
});
