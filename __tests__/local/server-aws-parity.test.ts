import * as http from 'node:http';
import * as net from 'node:net';
import { ApiGatewayGatewayResponse } from '@cdktf/provider-aws/lib/api-gateway-gateway-response';
import { ApiGatewayIntegration } from '@cdktf/provider-aws/lib/api-gateway-integration';
import { ApiGatewayIntegrationResponse } from '@cdktf/provider-aws/lib/api-gateway-integration-response';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method';
import { ApiGatewayMethodResponse } from '@cdktf/provider-aws/lib/api-gateway-method-response';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { ApiKey } from '../../src/constructs/api-key';
import type { ApiResource } from '../../src/constructs/api-resource';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { RestApi } from '../../src/constructs/rest-api/rest-api';
import { UsagePlan } from '../../src/constructs/usage-plan';
import { call, FixtureStack, fixtureHandler, serve, Served, synthFixture } from './server-helpers';

// What real API Gateway answered, replayed against a served fixture stack. Each behaviour cites where it was recorded
// against AWS or documented. "Recorded" below means localstack/localstack tests/aws/services/apigateway/*.snapshot.json,
// snapshot files whose tests are marked `markers.aws.validated` (run against real API Gateway); the file and the
// test's name are given in each test's name or comment.

let fixture: FixtureStack;
let served: Served;
const KEY = 'parityTestKey0123456789';

/** A MOCK method with its templates, written with the provider's classes (the constructs make MOCK only for CORS). */
function mockMethod(stack: TerraformStack, api: RestApi, resource: ApiResource, requestTemplate: string, responseTemplate?: string): void {
  const id = `Mock${resource.pathPart}`;
  // The API is defined by resources, so each of its resources has an id.
  const base = { restApiId: api.restApiId, resourceId: resource.resourceId!, httpMethod: 'GET' };
  const method = new ApiGatewayMethod(stack, `${id}Method`, { ...base, authorization: 'NONE' });
  const integration = new ApiGatewayIntegration(stack, `${id}Integration`, { ...base, type: 'MOCK', requestTemplates: { 'application/json': requestTemplate }, dependsOn: [method] });
  const methodResponse = new ApiGatewayMethodResponse(stack, `${id}MethodResponse`, { ...base, statusCode: '200', dependsOn: [method] });
  new ApiGatewayIntegrationResponse(stack, `${id}IntegrationResponse`, {
    ...base,
    statusCode: '200',
    responseTemplates: responseTemplate === undefined ? undefined : { 'application/json': responseTemplate },
    dependsOn: [integration, methodResponse],
  });
}

beforeAll(async () => {
  fixture = synthFixture((stack) => {
    const echo = fixtureHandler(stack, 'echo', { source: 'echo' });
    const respond = fixtureHandler(stack, 'respond', { source: 'respond' });
    const misbehave = fixtureHandler(stack, 'misbehave', { source: 'misbehave' });
    const record = fixtureHandler(stack, 'record', { source: 'record' });
    const api = new RestApi(stack, 'Api', { stageName: 'test', stageVariables: { color: 'blue' }, binaryMediaTypes: ['image/png'] });
    api.root.addResource('items').addResource('{id}').addMethod('GET', new LambdaIntegration(echo));
    api.root.addResource('respond').addMethod('POST', new LambdaIntegration(respond));
    api.root.addResource('misbehave').addMethod('GET', new LambdaIntegration(misbehave));
    api.root.addResource('keyed').addMethod('GET', new LambdaIntegration(echo), { apiKeyRequired: true });
    api.root.addResource('{proxy+}').addMethod('ANY', new LambdaIntegration(echo));
    const templates = {
      'application/json': '{"body": "$util.escapeJavaScript($input.body)", "encoded": "$util.urlEncode($input.body)", "missing": "$util.urlEncode($input.body.testAccess)"}',
    };
    api.root.addResource('mapped').addMethod('POST', new LambdaIntegration(record, { proxy: false, requestTemplates: templates }));
    mockMethod(stack, api, api.root.addResource('lenient'), '{statusCode: 200}', '{"lenient": true}');
    mockMethod(
      stack,
      api,
      api.root.addResource('override'),
      '#set($context.responseOverride.status = 444)\n#set($context.responseOverride.header.foo = "bar")\n{"statusCode": 200}',
      '{"statusOverride": "$context.responseOverride.status", "fooHeader": "$context.responseOverride.header.foo"}',
    );
    mockMethod(
      stack,
      api,
      api.root.addResource('request-override'),
      '#set($name = "foo")\n#set($context.requestOverride.querystring[$name] = "bar")\n$context.requestOverride.querystring.put("putfoo", "putBar")\n{"statusCode": 200}',
      '{"value": "$context.requestOverride.querystring.foo", "value2": "$context.requestOverride.querystring["putfoo"]"}',
    );
    mockMethod(
      stack,
      api,
      api.root.addResource('nulls'),
      '{"statusCode": 200}',
      '#set($result = $input.path("$.nonExisting")){"body": $result, "nested": $result.nested, "isNull": #if($result == $null)"true"#else"false"#end, "isEmptyString": #if($result == "")"true"#else"false"#end, "map": "$util.parseJson(\'{"a":1,"b":"x"}\')"}',
    );
    new ApiGatewayGatewayResponse(stack, 'IntegrationFailure', {
      restApiId: api.restApiId,
      responseType: 'INTEGRATION_FAILURE',
      responseTemplates: { 'application/json': '{"type":"$context.error.responseType","color":"$stageVariables.color","tenant":"$method.request.header.x-tenant","message":$context.error.messageString}' },
    });
    const keyValue = new TerraformVariable(stack, 'key_value', { type: 'string', sensitive: true });
    new UsagePlan(stack, 'Plan', { api }).addApiKey(new ApiKey(stack, 'Key', { value: keyValue.stringValue }));
  });
  served = await serve(fixture.stackDir, { variables: { key_value: KEY } });
});

afterAll(async () => {
  await served?.api.stop();
  fixture?.remove();
});

const url = (path: string) => `${served.base}${path}`;

/** A raw request, for what fetch hides: header names as sent and received, repeated headers, unusual paths. */
function raw(path: string, options: { method?: string; headers?: Record<string, string | string[]>; body?: string } = {}): Promise<{ status: number; rawHeaders: string[]; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url(path), { method: options.method ?? 'GET', headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, rawHeaders: response.rawHeaders, body: Buffer.concat(chunks) }));
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

/** A request written by hand on a socket, for headers an HTTP client refuses to send (Trailer, TE); its body as JSON. */
function handWritten(path: string, headers: Record<string, string>): Promise<any> {
  const { hostname, port } = new URL(served.base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      const lines = [`GET ${path} HTTP/1.1`, `Host: ${hostname}:${port}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), '', ''];
      socket.write(lines.join('\r\n'));
    });
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('end', () => resolve(JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4))));
    socket.on('error', reject);
  });
}

const names = (rawHeaders: string[]) => rawHeaders.filter((_, index) => index % 2 === 0);
const respond = (result: unknown, headers: Record<string, string> = {}) =>
  raw('/test/respond', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(result) });

describe('proxy event requestContext, as AWS sends it (recorded: test_apigateway_lambda.snapshot.json, test_lambda_aws_proxy_integration)', () => {
  test('requestContext has exactly the keys AWS sends, in its order', async () => {
    const { json } = await call(url('/test/items/7'));
    expect(Object.keys(json.event.requestContext)).toEqual([
      'accountId',
      'apiId',
      'deploymentId',
      'domainName',
      'domainPrefix',
      'extendedRequestId',
      'httpMethod',
      'identity',
      'path',
      'protocol',
      'requestId',
      'requestTime',
      'requestTimeEpoch',
      'resourceId',
      'resourcePath',
      'stage',
    ]);
  });

  test('identity has exactly AWS twelve keys on a method without an API key: no apiKey, apiKeyId or clientCert', async () => {
    const { json } = await call(url('/test/items/7'), { headers: { 'user-agent': 'parity/1.0' } });
    expect(json.event.requestContext.identity).toEqual({
      accessKey: null,
      accountId: null,
      caller: null,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: '127.0.0.1',
      user: null,
      userAgent: 'parity/1.0',
      userArn: null,
    });
  });

  test('a method that requires an API key adds apiKey and apiKeyId ($context.identity.apiKeyId; aws/serverless-java-container#136)', async () => {
    const { json } = await call(url('/test/keyed'), { headers: { 'x-api-key': KEY } });
    const identity = json.event.requestContext.identity;
    expect(Object.keys(identity).slice(0, 4)).toEqual(['accessKey', 'accountId', 'apiKey', 'apiKeyId']);
    expect([identity.apiKey, identity.apiKeyId]).toEqual([KEY, served.api.apiKeys()[0].id]);
  });

  test('deploymentId, an extendedRequestId that is not the requestId (and is the x-amz-apigw-id header), domainName and domainPrefix', async () => {
    const { json, headers } = await call(url('/test/items/7'));
    const context = json.event.requestContext;
    const host = new URL(served.base).host;
    expect(context.deploymentId).toMatch(/^[0-9a-z]{6}$/);
    expect(context.extendedRequestId).not.toBe(context.requestId);
    expect(context.extendedRequestId).toBe(headers.get('x-amz-apigw-id'));
    expect(context.extendedRequestId).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    expect([context.domainName, context.domainPrefix]).toEqual([host, host.split('.')[0]]);
    expect([context.protocol, typeof context.requestTimeEpoch]).toEqual(['HTTP/1.1', 'number']);
  });
});

describe('request headers as AWS forwards them (recorded: test_apigateway_integrations.snapshot.json, TestApiGatewayHeaderRemapping AWS_PROXY)', () => {
  const sent = {
    authorization: 'random-value',
    'user-agent': 'parity/1.0',
    'tEsT-HEADeR': 'aValUE',
    Connection: 'close',
    'Content-MD5': 'request_Content-MD5',
    'Max-Forwards': '2',
    'Proxy-Authenticate': 'Basic',
    Server: 'https://example.com/',
    TE: 'deflate',
    Trailer: 'Expires',
    'WWW-Authenticate': 'Basic YWxhZGRpbjpvcGVuc2VzYW1l',
  };

  test('Authorization and User-Agent arrive in their canonical casing, other names as sent (test_lambda_aws_proxy_integration)', async () => {
    const { headers } = (await handWritten('/test/items/1', sent)).event;
    expect([headers.Authorization, headers['User-Agent'], headers['tEsT-HEADeR']]).toEqual(['random-value', 'parity/1.0', 'aValUE']);
    expect(Object.keys(headers)).not.toContain('authorization');
  });

  test('hop-by-hop and framing headers are dropped, in headers and multiValueHeaders alike', async () => {
    const { headers, multiValueHeaders } = (await handWritten('/test/items/1', sent)).event;
    const dropped = ['connection', 'content-length', 'content-md5', 'max-forwards', 'proxy-authenticate', 'server', 'te', 'trailer', 'www-authenticate'];
    for (const names of [Object.keys(headers), Object.keys(multiValueHeaders)]) {
      expect(names.filter((name) => dropped.includes(name.toLowerCase()))).toEqual([]);
    }
  });

  test('X-Forwarded-For, X-Forwarded-Port, X-Forwarded-Proto and X-Amzn-Trace-Id are added, in both maps', async () => {
    const { body } = await raw('/test/items/1', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    const { headers, multiValueHeaders } = JSON.parse(body.toString()).event;
    const port = new URL(served.base).port;
    expect(headers).toMatchObject({ 'X-Forwarded-For': '203.0.113.9, 127.0.0.1', 'X-Forwarded-Port': port, 'X-Forwarded-Proto': 'http' });
    expect(headers['X-Amzn-Trace-Id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(multiValueHeaders['X-Forwarded-Port']).toEqual([port]);
    expect(Object.keys(headers)).not.toContain('x-forwarded-for');
  });

  test('a POST body reaches the function without a Content-Length header (test_lambda_aws_proxy_integration, "invocation-payload-with-params-encoding-multi")', async () => {
    const { json } = await call(url('/test/anything'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(json.event.body).toBe('{"a":1}');
    expect(Object.keys(json.event.headers).map((name) => name.toLowerCase())).not.toContain('content-length');
  });
});

describe('paths as AWS routes them (recorded: test_apigateway_lambda.snapshot.json, test_lambda_aws_proxy_integration)', () => {
  test('%2B stays encoded in pathParameters and path ("invocation-payload-with-path-encoded-email")', async () => {
    const { json } = await call(url('/test/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com'));
    expect(json.event.pathParameters).toEqual({ proxy: 'proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com' });
    expect(json.event.path).toBe('/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com');
  });

  test('an empty segment inside the path goes to {proxy+}, kept ("invocation-payload-with-double-slash")', async () => {
    const { body } = await raw('/test/proxy-value//double-slash');
    const { event } = JSON.parse(body.toString());
    expect([event.resource, event.path, event.pathParameters, event.requestContext.path]).toEqual([
      '/{proxy+}',
      '/proxy-value//double-slash',
      { proxy: 'proxy-value//double-slash' },
      '/test/proxy-value//double-slash',
    ]);
  });

  test('slashes right after the stage are one in path, as sent in requestContext.path ("invocation-payload-with-prepended-slash")', async () => {
    const { body } = await raw('/test//proxy-value');
    const { event } = JSON.parse(body.toString());
    expect([event.path, event.pathParameters, event.requestContext.path]).toEqual(['/proxy-value', { proxy: 'proxy-value' }, '/test//proxy-value']);
  });

  test('slashes before the stage are one ("invocation-payload-with-prepended-slash-to-stage")', async () => {
    const { body } = await raw('//test/proxy-value');
    const { event } = JSON.parse(body.toString());
    expect([event.path, event.requestContext.path]).toEqual(['/proxy-value', '/test/proxy-value']);
  });

  test('a trailing slash stays in path but not in the parameter ("invocation-payload-with-trailing-slash")', async () => {
    const { json } = await call(url('/test/proxy-value/'));
    expect([json.event.path, json.event.pathParameters, json.event.requestContext.path]).toEqual(['/proxy-value/', { proxy: 'proxy-value' }, '/test/proxy-value/']);
  });

  test('an empty segment where {id} would be goes to {proxy+}, which alone takes empty segments', async () => {
    const { json } = await call(url('/test/items//7'));
    expect(json.event.resource).toBe('/{proxy+}');
  });
});

describe('proxy responses as AWS treats them (recorded: test_apigateway_lambda.snapshot.json, test_aws_proxy_response_payload_format_validation)', () => {
  test('a result without statusCode is 200 ("invoke-api-only-headers")', async () => {
    const { status } = await respond({ headers: { 'test-header': 'value' } });
    expect(status).toBe(200);
  });

  test('multiValueHeaders come first, then headers, under the multiValueHeaders casing ("invoke-api-multi-headers-overwrite-casing")', async () => {
    const { rawHeaders } = await respond({ statusCode: 200, multiValueHeaders: { 'tesT-Multi': ['value-multi'] }, headers: { 'test-multi': 'value-solo' } });
    const values = rawHeaders.flatMap((value, index) => (index % 2 === 1 && rawHeaders[index - 1] === 'tesT-Multi' ? [value] : []));
    expect(values).toEqual(['value-multi', 'value-solo']);
    expect(names(rawHeaders)).not.toContain('test-multi');
  });

  test('header names keep the function casing, and values are strings ("invoke-api-with-headers")', async () => {
    const { rawHeaders } = await respond({ statusCode: 200, headers: { 'test-header': 'value', 'header-bool': true } });
    expect(rawHeaders).toEqual(expect.arrayContaining(['test-header', 'value', 'header-bool', 'true', 'Content-Type', 'application/json']));
  });

  test('isBase64Encoded without a binary Accept answers the base64 text ("invoke-api-b64-encoded-true")', async () => {
    const { body } = await respond({ statusCode: 200, body: Buffer.from('test-data').toString('base64'), isBase64Encoded: true });
    expect(body.toString()).toBe('dGVzdC1kYXRh');
  });

  test("isBase64Encoded is decoded when the request's first Accept type is one of binaryMediaTypes (developer guide, lambda-proxy-binary-media)", async () => {
    const { body } = await respond({ statusCode: 200, body: Buffer.from([137, 80, 78, 71]).toString('base64'), isBase64Encoded: true }, { accept: 'image/png, */*' });
    expect([...body]).toEqual([137, 80, 78, 71]);
  });
});

describe('response header names as AWS writes them (recorded: TestApiGatewayHeaderRemapping "response-headers"; test_apigateway_common.snapshot.json, test_invocation_trace_id)', () => {
  test('x-amzn-RequestId, x-amz-apigw-id and X-Amzn-Trace-Id on a proxy answer', async () => {
    const { rawHeaders } = await raw('/test/items/1');
    expect(names(rawHeaders)).toEqual(expect.arrayContaining(['x-amzn-RequestId', 'x-amz-apigw-id', 'X-Amzn-Trace-Id', 'Content-Length']));
  });

  test("a client's trace id is echoed on a proxy answer, with a parent added when it has none", async () => {
    const full = 'Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1';
    const [withParent, rootOnly] = await Promise.all([
      raw('/test/items/1', { headers: { 'x-amzn-trace-id': full } }),
      raw('/test/items/1', { headers: { 'x-amzn-trace-id': 'Root=1-3152b799-8954dae64eda91bc9a23a7e8' } }),
    ]);
    const trace = (rawHeaders: string[]) => rawHeaders[rawHeaders.indexOf('X-Amzn-Trace-Id') + 1];
    expect(trace(withParent.rawHeaders)).toBe(full);
    expect(trace(rootOnly.rawHeaders)).toMatch(/^Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=[0-9a-f]{16};Sampled=0$/);
  });

  test('a MOCK answer has no X-Amzn-Trace-Id', async () => {
    const { rawHeaders } = await raw('/test/lenient');
    expect(names(rawHeaders)).not.toContain('X-Amzn-Trace-Id');
  });

  test("the gateway's own errors name their type in x-amzn-ErrorType", async () => {
    const { status, rawHeaders } = await raw('/other-stage/x');
    expect(status).toBe(403);
    expect(rawHeaders).toEqual(expect.arrayContaining(['x-amzn-ErrorType', 'MissingAuthenticationTokenException', 'x-amzn-RequestId']));
  });
});

describe('mapping templates as API Gateway evaluates them', () => {
  test('a MOCK request template that is not strict JSON selects its status (test_apigateway_integrations.py, test_integration_mock_with_path_param)', async () => {
    const { status, json } = await call(url('/test/lenient'));
    expect([status, json]).toEqual([200, { lenient: true }]);
  });

  test('$context.responseOverride set in the request template sets status and header, and the response template reads it (test_integration_mock_with_response_override_in_request_template)', async () => {
    const { status, headers, json } = await call(url('/test/override'));
    expect([status, headers.get('foo'), json]).toEqual([444, 'bar', { statusOverride: '444', fooHeader: 'bar' }]);
  });

  test('$context.requestOverride set in the request template, by [] and put, is read by the response template (test_integration_mock_with_vtl_map_assignation)', async () => {
    const { json } = await call(url('/test/request-override'));
    expect(json).toEqual({ value: 'bar', value2: 'putBar' });
  });

  test('undefined and null references render empty, equal $null and "", and a map prints as {key=value} (test_apigateway_common.snapshot.json, test_input_path_template_formatting)', async () => {
    const { text } = await call(url('/test/nulls'));
    expect(text).toBe('{"body": , "nested": , "isNull": "true", "isEmptyString": "true", "map": "{a=1, b=x}"}');
  });

  test('$input.body of an empty body is {}, and $util.urlEncode encodes it (a space as +) and an undefined reference as nothing (test_input_body_formatting)', async () => {
    const empty = await call(url('/test/mapped'), { method: 'POST', headers: { 'content-type': 'application/json' } });
    const json = await call(url('/test/mapped'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"some": "value"}' });
    expect(empty.json.received).toEqual({ body: '{}', encoded: '%7B%7D', missing: '' });
    expect(json.json.received).toEqual({ body: '{"some": "value"}', encoded: '%7B%22some%22%3A+%22value%22%7D', missing: '' });
  });
});

describe('gateway responses keep AWS status rules', () => {
  // A customized INTEGRATION_FAILURE without a status code keeps the failure's own status (recorded:
  // test_apigateway_lambda.py, test_lambda_aws_proxy_integration_non_post_method), and its template may use
  // $context.error.responseType, $stageVariables and method.request parameters (developer guide, "Gateway responses
  // in API Gateway").
  test('a failing function answers through the customized INTEGRATION_FAILURE, with its 502 and the template variables', async () => {
    const { status, json, headers } = await call(url('/test/misbehave?mode=throw'), { headers: { 'X-Tenant': 't-1' } });
    expect([status, headers.get('x-amzn-errortype')]).toEqual([502, 'InternalServerErrorException']);
    expect(json).toEqual({ type: 'INTEGRATION_FAILURE', color: 'blue', tenant: 't-1', message: 'Internal server error' });
  });
});
