import * as http from 'node:http';
import { TerraformVariable } from 'cdktf';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { RestApi } from '../../src/constructs/rest-api/rest-api';
import { call, FixtureStack, fixtureHandler, serve, Served, synthFixture } from './server-helpers';

// One stack for the file: proxy routes with literal, variable and greedy paths, ANY next to an explicit verb.
let fixture: FixtureStack;
let served: Served;

beforeAll(async () => {
  fixture = synthFixture((stack) => {
    const greeting = new TerraformVariable(stack, 'greeting', { type: 'string', default: 'hi' });
    const echo = fixtureHandler(stack, 'echo', { source: 'echo', memoryMb: 192, environment: { GREETING: greeting.stringValue } });
    const echoAny = fixtureHandler(stack, 'echo-any', { source: 'echo' });
    const api = new RestApi(stack, 'Api', { stageName: 'test', stageVariables: { color: 'blue' }, binaryMediaTypes: ['image/png'] });
    const items = api.root.addResource('items');
    items.addMethod('GET', new LambdaIntegration(echo));
    items.addResource('{id}').addMethod('GET', new LambdaIntegration(echo));
    items.addResource('special').addMethod('GET', new LambdaIntegration(echoAny));
    const things = api.root.addResource('things');
    things.addMethod('ANY', new LambdaIntegration(echoAny));
    things.addMethod('GET', new LambdaIntegration(echo));
    api.root.addResource('{proxy+}').addMethod('ANY', new LambdaIntegration(echoAny));
  });
  served = await serve(fixture.stackDir, { variables: { greeting: 'hello' }, environment: { FROM_CLI: 'yes' } });
});

afterAll(async () => {
  await served?.api.stop();
  fixture?.remove();
});

const url = (path: string) => `${served.base}${path}`;

/** A request with repeated headers, which fetch would join into one. */
function rawGet(path: string, headers: Record<string, string | string[]>): Promise<any> {
  return new Promise((resolve, reject) => {
    http
      .get(url(path), { headers }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve(JSON.parse(body)));
      })
      .on('error', reject);
  });
}

describe('LocalApi proxy integration', () => {
  test('the event has the resource template, path, verb, path parameters and stage variables', async () => {
    const { json } = await call(url('/test/items/42'));
    expect(json.event).toMatchObject({
      resource: '/items/{id}',
      path: '/items/42',
      httpMethod: 'GET',
      pathParameters: { id: '42' },
      stageVariables: { color: 'blue' },
      body: null,
      isBase64Encoded: false,
    });
  });

  test('query strings arrive as the last value and as every value', async () => {
    const { json } = await call(url('/test/items?a=1&a=2&b=x%20y'));
    expect(json.event.queryStringParameters).toEqual({ a: '2', b: 'x y' });
    expect(json.event.multiValueQueryStringParameters).toEqual({ a: ['1', '2'], b: ['x y'] });
  });

  test('without a query string or path variables, those fields are null', async () => {
    const { json } = await call(url('/test/items'));
    expect(json.event.queryStringParameters).toBeNull();
    expect(json.event.multiValueQueryStringParameters).toBeNull();
    expect(json.event.pathParameters).toBeNull();
  });

  test('a repeated header arrives as the last value and as every value', async () => {
    const body = await rawGet('/test/items', { 'X-Multi': ['1', '2'] });
    expect(body.event.headers['X-Multi']).toBe('2');
    expect(body.event.multiValueHeaders['X-Multi']).toEqual(['1', '2']);
  });

  test('requestContext names the stage, the stage-prefixed path, the resource, the caller and the request', async () => {
    const { json, headers } = await call(url('/test/items/7'));
    const context = json.event.requestContext;
    expect(context).toMatchObject({
      stage: 'test',
      path: '/test/items/7',
      resourcePath: '/items/{id}',
      httpMethod: 'GET',
      accountId: '123456789012',
      protocol: 'HTTP/1.1',
      identity: expect.objectContaining({ sourceIp: '127.0.0.1', userAgent: expect.any(String) }),
    });
    expect(context.apiId).toMatch(/^[0-9a-f]{10}$/);
    expect(context.requestId).toBe(headers.get('x-amzn-requestid'));
    expect(context.requestTimeEpoch).toEqual(expect.any(Number));
    expect(context.requestTime).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
  });

  test('apiId is the same from request to request', async () => {
    const [first, second] = await Promise.all([call(url('/test/items')), call(url('/test/items/1'))]);
    expect(first.json.event.requestContext.apiId).toBe(second.json.event.requestContext.apiId);
  });

  test('a body of a binary media type arrives base64-encoded', async () => {
    const { json } = await call(url('/test/things'), { method: 'POST', headers: { 'content-type': 'image/png' }, body: Buffer.from([1, 2, 3]) });
    expect(json.event).toMatchObject({ body: Buffer.from([1, 2, 3]).toString('base64'), isBase64Encoded: true });
  });

  test('a text body arrives as it was sent', async () => {
    const { json } = await call(url('/test/things'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(json.event).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });
  });

  test('the context has the request id, function name, version, memory, ARN, log group and remaining time', async () => {
    const { json, headers } = await call(url('/test/items'));
    expect(json.context).toEqual({
      awsRequestId: headers.get('x-amzn-requestid'),
      functionName: 'local-echo',
      functionVersion: '$LATEST',
      memoryLimitInMB: '192',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:local-echo',
      logGroupName: '/aws/lambda/local-echo',
      remainingTimeInMillis: expect.any(Number),
    });
    expect(json.context.remainingTimeInMillis).toBeGreaterThan(0);
    expect(json.context.remainingTimeInMillis).toBeLessThanOrEqual(10_000);
  });

  test("the environment has Lambda's variables, --var values in the stack's variables and --env values", async () => {
    const { json } = await call(url('/test/items'));
    expect(json.env).toEqual({ AWS_LAMBDA_FUNCTION_NAME: 'local-echo', AWS_REGION: 'eu-west-1', GREETING: 'hello', FROM_CLI: 'yes' });
  });

  test("the function's headers and multi-value headers reach the client with API Gateway's own", async () => {
    const { headers } = await call(url('/test/items'));
    expect(headers.get('x-echo')).toBe('yes');
    expect(headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers.get('x-amz-apigw-id')).toEqual(expect.any(String));
  });
});

describe('LocalApi logs', () => {
  const eventually = async (check: () => boolean) => {
    for (let attempt = 0; attempt < 100 && !check(); attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
  };

  test("one access log line per request: time, method, path, status, latency, function, cache and request id", async () => {
    const { headers } = await call(url('/test/items/42'));
    const requestId = headers.get('x-amzn-requestid')!;
    const line = served.logs.find((entry) => entry.endsWith(requestId));
    expect(line).toMatch(new RegExp(`^\\[\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000\\] "GET /test/items/42" 200 \\d+ ms local-echo no-cache ${requestId}$`));
  });

  test("the function's console output is tagged with its name and the request id, in Lambda's form", async () => {
    const { headers } = await call(url('/test/items/43'));
    const requestId = headers.get('x-amzn-requestid')!;
    const tagged = (entry: string) => entry.startsWith('[local-echo] ') && entry.includes(`\t${requestId}\tINFO\thandled /items/43`);
    await eventually(() => served.logs.some(tagged));
    expect(served.logs.find(tagged)).toMatch(/^\[local-echo\] \d{4}-\d{2}-\d{2}T[\d:.]+Z\t[0-9a-f-]{36}\tINFO\thandled \/items\/43$/);
  });
});

describe('LocalApi routing', () => {
  test('a literal segment beats {param}', async () => {
    const { json } = await call(url('/test/items/special'));
    expect(json.event.resource).toBe('/items/special');
  });

  test('{param} beats {proxy+}', async () => {
    const { json } = await call(url('/test/items/special-not'));
    expect(json.event.resource).toBe('/items/{id}');
  });

  test('{proxy+} takes a path no other resource matches, every segment of it', async () => {
    const { json } = await call(url('/test/items/1/reviews/2'));
    expect(json.event).toMatchObject({ resource: '/{proxy+}', pathParameters: { proxy: 'items/1/reviews/2' } });
  });

  test('an explicit verb beats ANY on the same resource', async () => {
    const { json } = await call(url('/test/things'));
    expect(json.context.functionName).toBe('local-echo');
  });

  test('ANY takes the verbs the resource does not name', async () => {
    const { json } = await call(url('/test/things'), { method: 'DELETE' });
    expect(json.context.functionName).toBe('local-echo-any');
  });

  // Recorded against AWS: localstack/localstack test_apigateway_lambda.snapshot.json, "invocation-payload-with-path-encoded-email"
  // (`test%2Balias@gmail.com` stays encoded in path and pathParameters); serverless/serverless#5037 (`%40` stays `%40`).
  test('path parameters and the path stay percent-encoded, as API Gateway passes them', async () => {
    const { json } = await call(url('/test/items/test%2Balias@example.com%20x'));
    expect(json.event.pathParameters).toEqual({ id: 'test%2Balias@example.com%20x' });
    expect(json.event.path).toBe('/items/test%2Balias@example.com%20x');
  });

  test('fails when the path is the root, which {proxy+} does not cover: 403 Missing Authentication Token', async () => {
    const { status, text, headers } = await call(url('/test/'));
    expect(status).toBe(403);
    expect(text).toBe('{"message":"Missing Authentication Token"}');
    expect(headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(headers.get('content-type')).toBe('application/json');
  });

  test('fails when the resource exists without the verb, even with a {proxy+} at the root: 403', async () => {
    const { status, text } = await call(url('/test/items'), { method: 'POST', body: '{}' });
    expect(status).toBe(403);
    expect(text).toBe('{"message":"Missing Authentication Token"}');
  });

  test('fails when HEAD is sent to a GET-only resource: 403, as HEAD is a verb of its own', async () => {
    const { status } = await call(url('/test/items'), { method: 'HEAD' });
    expect(status).toBe(403);
  });

  test('fails when the stage is not the API\'s: 403 Missing Authentication Token', async () => {
    const { status, text } = await call(url('/prod/items'));
    expect(status).toBe(403);
    expect(text).toBe('{"message":"Missing Authentication Token"}');
  });

  test('fails when the body is over 10 MB: 413 Request Too Long', async () => {
    const { status, text } = await call(url('/test/things'), { method: 'POST', body: Buffer.alloc(10 * 1024 * 1024 + 1, 97) });
    expect(status).toBe(413);
    expect(text).toBe('{"message":"Request Too Long"}');
  });

  test('a body of exactly 10 MB reaches the function', async () => {
    const { status } = await call(url('/test/things'), { method: 'POST', body: Buffer.alloc(10 * 1024 * 1024, 97) });
    expect(status).toBe(200);
  });
});
