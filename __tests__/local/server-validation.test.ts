import { ApiGatewayGatewayResponse } from '@cdktf/provider-aws/lib/api-gateway-gateway-response';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { RequestModel } from '../../src/constructs/request-model';
import { RestApi } from '../../src/constructs/rest-api/rest-api';
import { call, FixtureStack, fixtureHandler, serve, Served, synthFixture } from './server-helpers';

// Request validation and the API reference: `/items` validates its body, `/search` its query string and a header,
// and the stack customizes BAD_REQUEST_BODY (CORS shapes the other 4XX answers). The same answers from an API
// defined by an OpenAPI body: __tests__/example/definition-modes.test.ts.
let fixture: FixtureStack;
let served: Served;

beforeAll(async () => {
  fixture = synthFixture((stack) => {
    const echo = new LambdaIntegration(fixtureHandler(stack, 'echo', { source: 'echo' }));
    const api = new RestApi(stack, 'Api', { stageName: 'v1', cors: { allowOrigins: ['*'] } });
    const item = new RequestModel(stack, 'Item', { api, schema: { type: 'object', properties: { price: { type: 'number', minimum: 0 } }, required: ['price'] } });
    api.root.addResource('items').addMethod('POST', echo, { requestModels: { 'application/json': item } });
    api.root.addResource('search').addMethod('GET', echo, { requiredQueryStrings: ['q'], requiredHeaders: ['X-Client'] });
    // A gateway response the constructs do not write: how a stack shapes a validation answer of its own.
    new ApiGatewayGatewayResponse(stack, 'BadBody', {
      restApiId: api.restApiId,
      responseType: 'BAD_REQUEST_BODY',
      statusCode: '422',
      responseTemplates: { 'application/json': '{"error": "$context.error.message", "details": "$context.error.validationErrorString"}' },
    });
  });
  served = await serve(fixture.stackDir);
});

afterAll(async () => {
  await served?.api.stop();
  fixture?.remove();
});

const post = (body: string) => call(`${served.base}/v1/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('LocalApi request validation', () => {
  test('a body that matches its model reaches the function', async () => {
    const { status, json } = await post('{"price": 2}');

    expect([status, json.event.body]).toEqual([200, '{"price": 2}']);
  });

  test("fails when the body does not match: the stack's BAD_REQUEST_BODY response, with the validation errors", async () => {
    const { status, json } = await post('{"price": -2}');

    expect([status, json]).toEqual([422, { error: 'Invalid request body', details: '[/price must be >= 0]' }]);
  });

  test('fails when required parameters are missing: 400 with AWS\'s message, through DEFAULT_4XX (the CORS headers)', async () => {
    const { status, text, headers } = await call(`${served.base}/v1/search`);

    expect([status, text]).toEqual([400, '{"message":"Missing required request parameters: [X-Client, q]"}']);
    expect([headers.get('x-amzn-errortype'), headers.get('access-control-allow-origin')]).toEqual(['BadRequestException', '*']);
  });

  test('a request with its required parameters passes', async () => {
    const { status } = await call(`${served.base}/v1/search?q=pen`, { headers: { 'X-Client': 'test' } });

    expect(status).toBe(200);
  });
});

describe('LocalApi API reference', () => {
  test('/.openapi redirects to /.openapi/', async () => {
    const response = await fetch(`${served.base}/.openapi`, { redirect: 'manual' });

    expect([response.status, response.headers.get('location')]).toEqual([301, '/.openapi/']);
  });

  test('/.openapi/ is a Swagger UI page over each stage\'s document', async () => {
    const { status, text, headers } = await call(`${served.base}/.openapi/`);

    expect([status, headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(text).toContain('<script src="swagger-ui-bundle.js"></script>');
    expect(text).toContain('"urls":[{"url":"v1.json","name":"local-Api (stage v1)"}]');
  });

  test("serves swagger-ui-dist's files the page loads", async () => {
    const [bundle, css] = await Promise.all([call(`${served.base}/.openapi/swagger-ui-bundle.js`), call(`${served.base}/.openapi/swagger-ui.css`)]);

    expect([bundle.status, bundle.headers.get('content-type'), css.status, css.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8', 200, 'text/css; charset=utf-8']);
    expect(bundle.text.length).toBeGreaterThan(100_000);
  });

  test("the stage's document: a client's OpenAPI 3 document whose server is the local stage", async () => {
    const { status, json } = await call(`${served.base}/.openapi/v1.json`);

    expect(status).toBe(200);
    expect(json.servers).toEqual([{ url: '/v1', description: 'Stage v1 on this local API' }]);
    expect(Object.keys(json.paths)).toEqual(['/', '/items', '/search']);
    expect(json.paths['/search'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['X-Client', 'q']);
    expect(JSON.stringify(json)).not.toContain('x-amazon-apigateway');
  });

  test('fails when the file is not one of the reference: 404', async () => {
    const { status, json } = await call(`${served.base}/.openapi/package.json`);

    expect([status, json]).toEqual([404, { message: 'no /.openapi/package.json; the API reference is /.openapi/' }]);
  });
});
