import type { RouteModel } from '../../src/model/stack-model';
import { requestParts } from '../../src/local/proxy-event';
import { validateRequest } from '../../src/local/request-validation';

const ITEM = { name: 'Item', schema: { type: 'object' as const, properties: { price: { type: 'number' as const, minimum: 0 } }, required: ['name', 'price'] } };

function route(overrides: Partial<RouteModel> = {}): RouteModel {
  return {
    httpMethod: 'PUT',
    resourcePath: '/items/{id}',
    authorization: 'NONE',
    authorizationScopes: [],
    apiKeyRequired: false,
    requestParameters: { 'method.request.path.id': true, 'method.request.querystring.version': true, 'method.request.header.X-Request-Id': true, 'method.request.querystring.limit': false },
    requestModels: { 'application/json': ITEM },
    requestValidator: { name: 'body-and-parameters', validateRequestBody: true, validateRequestParameters: true },
    integration: { type: 'AWS_PROXY', invocationType: 'RequestResponse', timeoutMs: 29000, cacheKeyParameters: [], requestParameters: {}, requestTemplates: {}, passthroughBehavior: 'WHEN_NO_MATCH', responses: [] },
    settings: {},
    ...overrides,
  };
}

function request(options: { query?: string; headers?: Record<string, string>; body?: string } = {}) {
  const rawHeaders = Object.entries(options.headers ?? { 'X-Request-Id': 'r1', 'Content-Type': 'application/json' }).flat();
  const parts = requestParts({
    httpMethod: 'PUT',
    path: '/items/1',
    rawPath: '/items/1',
    query: options.query ?? 'version=2',
    rawHeaders,
    body: Buffer.from(options.body ?? ''),
    sourceIp: '127.0.0.1',
    port: 3000,
    traceId: 'Root=1-00000000-000000000000000000000000',
  });
  return { parts, body: Buffer.from(options.body ?? '') };
}

const check = (r: RouteModel, options: Parameters<typeof request>[0] = {}) => {
  const { parts, body } = request(options);
  return validateRequest(r, parts, { id: '1' }, body);
};

describe('validateRequest', () => {
  test('a request with every required parameter and a body that matches passes', () => {
    expect(check(route(), { body: '{"name":"pen","price":1}' })).toBeUndefined();
  });

  test('fails when required parameters are missing: BAD_REQUEST_PARAMETERS, names in the order AWS lists them', () => {
    expect(check(route(), { query: '', headers: {}, body: '{"name":"pen","price":1}' })).toEqual({
      type: 'BAD_REQUEST_PARAMETERS',
      message: 'Missing required request parameters: [X-Request-Id, version]',
      validationErrorString: 'Missing required request parameters: [X-Request-Id, version]',
    });
  });

  test('fails when a required query string is blank, as when it is missing ("?version=")', () => {
    expect(check(route(), { query: 'version=', body: '{"name":"pen","price":1}' })?.message).toBe('Missing required request parameters: [version]');
  });

  test('finds a required header whatever its casing', () => {
    expect(check(route(), { headers: { 'x-request-id': 'r1' }, body: '{"name":"pen","price":1}' })).toBeUndefined();
  });

  test('checks parameters before the body, as AWS does', () => {
    expect(check(route(), { query: '', body: '{"bad": true}' })?.type).toBe('BAD_REQUEST_PARAMETERS');
  });

  test('fails when the body does not match its model: BAD_REQUEST_BODY, with what is wrong', () => {
    expect(check(route(), { body: '{"name":"pen","price":-1}' })).toEqual({
      type: 'BAD_REQUEST_BODY',
      message: 'Invalid request body',
      validationErrorString: '[/price must be >= 0]',
    });
  });

  test('fails when the body is not JSON', () => {
    expect(check(route(), { body: 'name=pen' })?.message).toBe('Invalid request body');
  });

  test('reads an empty body as {}: it fails a model with required properties, as AWS answers', () => {
    expect(check(route(), { body: '' })?.validationErrorString).toBe("[(root) must have required property 'name', (root) must have required property 'price']");
  });

  test('reads a request without a Content-Type as JSON', () => {
    expect(check(route(), { headers: { 'X-Request-Id': 'r1' }, body: '{}' })?.type).toBe('BAD_REQUEST_BODY');
  });

  test('validates nothing of a body whose content type has no model', () => {
    expect(check(route(), { headers: { 'X-Request-Id': 'r1', 'Content-Type': 'text/plain; charset=utf-8' }, body: 'anything' })).toBeUndefined();
  });

  test('matches the content type without its parameters and whatever its casing', () => {
    expect(check(route(), { headers: { 'X-Request-Id': 'r1', 'Content-Type': 'Application/JSON; charset=utf-8' }, body: '{}' })?.type).toBe('BAD_REQUEST_BODY');
  });

  test('a validator of parameters only lets any body through', () => {
    const parametersOnly = route({ requestValidator: { name: 'parameters', validateRequestBody: false, validateRequestParameters: true } });

    expect(check(parametersOnly, { body: 'not json' })).toBeUndefined();
  });

  test('a validator of the body only lets missing parameters through', () => {
    const bodyOnly = route({ requestValidator: { name: 'body', validateRequestBody: true, validateRequestParameters: false } });

    expect(check(bodyOnly, { query: '', headers: {}, body: '{"name":"pen","price":1}' })).toBeUndefined();
  });

  test('a method without a validator is not validated', () => {
    expect(check(route({ requestValidator: undefined }), { query: '', body: 'x' })).toBeUndefined();
  });
});
