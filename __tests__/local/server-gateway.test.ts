import { TerraformVariable } from 'cdktf';
import { ApiKey } from '../../src/constructs/api-key';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { RestApi } from '../../src/constructs/rest-api/rest-api';
import { UsagePlan } from '../../src/constructs/usage-plan';
import { call, FixtureStack, fixtureHandler, serve, Served, synthFixture } from './server-helpers';

// One stack for the file: throttling, caching, API keys and usage plans, custom and MOCK integrations, CORS.
let fixture: FixtureStack;
let served: Served;
const KEY_VALUE = 'localTestKey0123456789';
let generatedKey: string;

beforeAll(async () => {
  fixture = synthFixture((stack) => {
    const echo = fixtureHandler(stack, 'echo', { source: 'echo' });
    const record = fixtureHandler(stack, 'record', { source: 'record', timeoutSeconds: 1 });
    const api = new RestApi(stack, 'Api', {
      stageName: 'test',
      cors: { allowOrigins: ['https://app.example.com', 'https://admin.example.com'] },
      cacheCluster: { sizeGb: 0.5 },
      methodOverrides: {
        'GET /limited': { throttling: { rateLimit: 0.1, burstLimit: 2 } },
        'GET /cached': { caching: { ttlSeconds: 60 } },
        'POST /cached': { caching: { ttlSeconds: 60 } },
      },
    });
    api.root.addResource('limited').addMethod('GET', new LambdaIntegration(echo));
    const cached = api.root.addResource('cached');
    cached.addMethod('GET', new LambdaIntegration(echo), { cacheKeyParameters: ['method.request.querystring.q'] });
    cached.addMethod('POST', new LambdaIntegration(echo));
    api.root.addResource('keyed').addMethod('GET', new LambdaIntegration(echo), { apiKeyRequired: true });
    api.root.addResource('events').addMethod('POST', new LambdaIntegration(record, { proxy: false }));
    api.root.addResource('async').addMethod('POST', new LambdaIntegration(record, { proxy: false, invocationType: 'Event' }));
    const plan = new UsagePlan(stack, 'Plan', { api, quota: { limit: 3, period: 'DAY' } });
    const keyValue = new TerraformVariable(stack, 'key_value', { type: 'string', sensitive: true });
    plan.addApiKey(new ApiKey(stack, 'Known', { value: keyValue.stringValue }));
    plan.addApiKey(new ApiKey(stack, 'Generated'));
  });
  served = await serve(fixture.stackDir, { variables: { key_value: KEY_VALUE } });
  generatedKey = served.api.apiKeys().find((key) => key.generated)!.value;
});

afterAll(async () => {
  await served?.api.stop();
  fixture?.remove();
});

const url = (path: string) => `${served.base}/test${path}`;
const postJson = (path: string, body: string, headers: Record<string, string> = {}) =>
  call(url(path), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('LocalApi throttling', () => {
  test("fails when a method's burst is used up: 429 Too Many Requests", async () => {
    const answers = [];
    for (let request = 0; request < 3; request++) answers.push(await call(url('/limited')));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
    expect(answers[2].text).toBe('{"message":"Too Many Requests"}');
    expect(answers[2].headers.get('x-amzn-errortype')).toBe('TooManyRequestsException');
  });
});

describe('LocalApi caching', () => {
  test('a cached answer is served without invoking the function again', async () => {
    const first = await call(url('/cached?q=1'));
    const second = await call(url('/cached?q=1'));
    // The function puts its request id in the body: the same body means one invocation.
    expect(second.json.context.awsRequestId).toBe(first.json.context.awsRequestId);
    expect(second.headers.get('x-amzn-requestid')).not.toBe(first.headers.get('x-amzn-requestid'));
  });

  test('a different cache key parameter value is another cache entry', async () => {
    const first = await call(url('/cached?q=a'));
    const second = await call(url('/cached?q=b'));
    expect(second.json.context.awsRequestId).not.toBe(first.json.context.awsRequestId);
  });

  test('a query string that is not a cache key parameter shares the entry', async () => {
    const first = await call(url('/cached?q=c&other=1'));
    const second = await call(url('/cached?q=c&other=2'));
    expect(second.json.context.awsRequestId).toBe(first.json.context.awsRequestId);
  });

  test("a POST is cached when its own method setting turns caching on (the stage's setting caches GET only)", async () => {
    const first = await call(url('/cached'), { method: 'POST', body: '{}' });
    const second = await call(url('/cached'), { method: 'POST', body: '{}' });
    expect(second.json.context.awsRequestId).toBe(first.json.context.awsRequestId);
  });

  test('methods without caching invoke the function every time', async () => {
    const first = await call(url('/keyed'), { headers: { 'x-api-key': KEY_VALUE } });
    const second = await call(url('/keyed'), { headers: { 'x-api-key': KEY_VALUE } });
    expect(second.json.context.awsRequestId).not.toBe(first.json.context.awsRequestId);
  });
});

describe('LocalApi API keys and usage plans', () => {
  test('fails when the API key is missing: 403 Forbidden', async () => {
    const { status, text, headers } = await call(url('/keyed'));
    expect([status, text, headers.get('x-amzn-errortype')]).toEqual([403, '{"message":"Forbidden"}', 'ForbiddenException']);
  });

  test('fails when the API key is unknown: 403 Forbidden', async () => {
    const { status, text } = await call(url('/keyed'), { headers: { 'x-api-key': 'not-a-key-of-this-stage' } });
    expect([status, text]).toEqual([403, '{"message":"Forbidden"}']);
  });

  test("a key whose value comes from a variable is accepted with the variable's value, and the event names it", async () => {
    const { status, json } = await call(url('/keyed'), { headers: { 'x-api-key': KEY_VALUE } });
    expect(status).toBe(200);
    expect(json.event.requestContext.identity.apiKey).toBe(KEY_VALUE);
  });

  test('fails when the usage plan quota is used up: 429 Limit Exceeded', async () => {
    const statuses = [];
    for (let request = 0; request < 3; request++) statuses.push((await call(url('/keyed'), { headers: { 'x-api-key': generatedKey } })).status);
    const refused = await call(url('/keyed'), { headers: { 'x-api-key': generatedKey } });
    expect(statuses).toEqual([200, 200, 200]);
    expect([refused.status, refused.text, refused.headers.get('x-amzn-errortype')]).toEqual([429, '{"message":"Limit Exceeded"}', 'LimitExceededException']);
  });

  test('a key Terraform leaves to AWS gets a generated value of 40 letters and digits', () => {
    expect(generatedKey).toMatch(/^[A-Za-z0-9]{40}$/);
  });
});

describe('LocalApi custom (AWS) integration', () => {
  test('the request body is the event and the return value the 200 body', async () => {
    const { status, json } = await postJson('/events', '{"type":"item.viewed"}');
    expect(status).toBe(200);
    expect(json).toEqual({ received: { type: 'item.viewed' }, requestId: expect.any(String) });
  });

  test('an error whose message matches a selection pattern gets its status and template: 400', async () => {
    const { status, text } = await postJson('/events', '{"fail":"name is required"}');
    expect(status).toBe(400);
    expect(JSON.parse(text)).toEqual({ message: '[400] name is required' });
  });

  test('any other error gets the 500 response, without the message', async () => {
    const { status, json } = await postJson('/events', '{"crash":true}');
    expect([status, json]).toEqual([500, { message: 'Internal server error' }]);
  });

  test('fails when the content type has no template: 415 Unsupported Media Type', async () => {
    const { status, text } = await call(url('/events'), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect([status, text]).toEqual([415, '{"message": "Unsupported Media Type"}']);
  });

  test('an Event invocation is answered 202 at once, while the function still runs', async () => {
    // The function hangs until its 1 s timeout: waiting for it would end in an error, not 202.
    const { status, text } = await postJson('/async', '{"hang":true}');
    expect([status, text]).toEqual([202, '']);
  });
});

describe('LocalApi CORS and gateway responses', () => {
  test("a preflight is answered by the MOCK integration with the caller's allowed origin", async () => {
    const { status, headers } = await call(url('/limited'), {
      method: 'OPTIONS',
      headers: { origin: 'https://admin.example.com', 'access-control-request-method': 'GET' },
    });
    expect(status).toBe(204);
    expect(headers.get('access-control-allow-origin')).toBe('https://admin.example.com');
    expect(headers.get('access-control-allow-methods')).toBe('GET,POST,PUT,DELETE,PATCH,HEAD,OPTIONS');
  });

  test("the gateway's own errors carry the stack's DEFAULT_4XX headers", async () => {
    const { status, headers, text } = await call(url('/nowhere'));
    expect([status, text]).toEqual([403, '{"message":"Missing Authentication Token"}']);
    expect(headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(headers.get('vary')).toBe('Origin');
  });
});
