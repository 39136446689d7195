import {
  COMPONENT_NAME,
  escapeTemplateSequences,
  OpenApiDefinition,
  OpenApiIntegrationResponse,
  OpenApiRoute,
  readOpenApi,
  renderOpenApi,
  unescapeTemplateSequences,
} from '../../src/apigw/openapi';
import { lambdaProxyIntegration, openApiRoute } from '../support/openapi-routes';

const INTEGRATION = lambdaProxyIntegration('f');
const route = (overrides: Partial<OpenApiRoute>): OpenApiRoute => openApiRoute(INTEGRATION, overrides);

function definition(overrides: Partial<OpenApiDefinition> = {}): OpenApiDefinition {
  return { title: 'items', apiKeySource: 'HEADER', binaryMediaTypes: [], routes: [], authorizers: [], models: [], validators: [], gatewayResponses: [], ...overrides };
}

type Json = Record<string, any>;

describe('renderOpenApi', () => {
  test('an OpenAPI 3.0 document titled after the API, with its API key source', () => {
    const document = renderOpenApi(definition({ description: 'Items' }));

    expect(document).toEqual({ openapi: '3.0.1', info: { title: 'items', description: 'Items', version: '1.0' }, paths: {}, 'x-amazon-apigateway-api-key-source': 'HEADER' });
  });

  test('ANY is x-amazon-apigateway-any-method; a greedy variable is the parameter proxy, as AWS names it', () => {
    const document = renderOpenApi(definition({ routes: [route({ httpMethod: 'ANY', resourcePath: '/{proxy+}', requestParameters: { 'method.request.path.proxy': true } })] })) as Json;

    expect(Object.keys(document.paths['/{proxy+}'])).toEqual(['x-amazon-apigateway-any-method']);
    expect(document.paths['/{proxy+}']['x-amazon-apigateway-any-method'].parameters).toEqual([{ name: 'proxy', in: 'path', required: true, schema: { type: 'string' } }]);
  });

  test('paths in code-point order, verbs in HTTP_METHODS order, whatever the order of the routes', () => {
    const document = renderOpenApi(
      definition({ routes: [route({ httpMethod: 'PUT', resourcePath: '/items/{id}' }), route({ httpMethod: 'POST' }), route({ httpMethod: 'GET' })] }),
    ) as Json;

    expect(Object.keys(document.paths)).toEqual(['/items', '/items/{id}']);
    expect(Object.keys(document.paths['/items'])).toEqual(['get', 'post']);
  });

  test('query strings and headers are parameters, required or not; request models are $refs into components.schemas', () => {
    const document = renderOpenApi(
      definition({
        routes: [route({ requestParameters: { 'method.request.querystring.limit': false, 'method.request.header.X-Trace': true }, requestModels: { 'application/json': 'Item' }, requestValidator: 'body' })],
        models: [{ name: 'Item', schema: { type: 'object' } }],
        validators: [{ name: 'body', validateRequestBody: true, validateRequestParameters: false }],
      }),
    ) as Json;
    const operation = document.paths['/items'].get;

    // In key order: headers, path, query strings.
    expect(operation.parameters).toEqual([
      { name: 'X-Trace', in: 'header', required: true, schema: { type: 'string' } },
      { name: 'limit', in: 'query', required: false, schema: { type: 'string' } },
    ]);
    expect(operation.requestBody).toEqual({ content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } });
    expect(operation['x-amazon-apigateway-request-validator']).toBe('body');
    expect(document.components.schemas).toEqual({ Item: { type: 'object' } });
    expect(document['x-amazon-apigateway-request-validators']).toEqual({ body: { validateRequestBody: true, validateRequestParameters: false } });
  });

  test('integration responses are keyed by selection pattern (default without one); method responses declare their headers', () => {
    const responses: OpenApiIntegrationResponse[] = [
      { statusCode: '204', responseTemplates: {}, responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'*'" } },
      { statusCode: '400', selectionPattern: '^\\[400\\].*', responseTemplates: { 'application/json': '{}' }, responseParameters: {} },
    ];
    const document = renderOpenApi(definition({ routes: [route({ integration: { ...INTEGRATION, type: 'AWS', passthroughBehavior: 'WHEN_NO_TEMPLATES', timeoutMs: 1000, responses } })] })) as Json;
    const operation = document.paths['/items'].get;

    expect(operation.responses).toEqual({
      '204': { description: '204 response', headers: { 'Access-Control-Allow-Origin': { schema: { type: 'string' } } } },
      '400': { description: '400 response' },
    });
    expect(operation['x-amazon-apigateway-integration']).toEqual({
      type: 'aws',
      httpMethod: 'POST',
      uri: '${aws_lambda_function.f.invoke_arn}',
      passthroughBehavior: 'when_no_templates',
      timeoutInMillis: 1000,
      responses: {
        default: { statusCode: '204', responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'*'" } },
        '^\\[400\\].*': { statusCode: '400', responseTemplates: { 'application/json': '{}' } },
      },
    });
  });

  test('a method without method responses (a proxy integration) has an empty responses map, as AWS writes it', () => {
    expect((renderOpenApi(definition({ routes: [route({})] })) as Json).paths['/items'].get.responses).toEqual({});
  });

  test('API keys, SigV4 and authorizers are security schemes each method lists, with its scopes', () => {
    const document = renderOpenApi(
      definition({
        routes: [
          route({ authorization: 'COGNITO_USER_POOLS', authorizer: 'users', authorizationScopes: ['items/read'], apiKeyRequired: true }),
          route({ httpMethod: 'POST', authorization: 'AWS_IAM' }),
        ],
        authorizers: [
          { name: 'users', type: 'COGNITO_USER_POOLS', identitySource: 'method.request.header.Authorization', resultTtlSeconds: 300, providerArns: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc'] },
          { name: 'tokens', type: 'TOKEN', uri: '${a.b.invoke_arn}', identitySource: 'method.request.header.X-Token', identityValidationExpression: '^Bearer .+$', resultTtlSeconds: 0, providerArns: [] },
          { name: 'requests', type: 'REQUEST', uri: '${a.c.invoke_arn}', identitySource: 'method.request.header.A,method.request.querystring.b', resultTtlSeconds: 60, providerArns: [] },
        ],
      }),
    ) as Json;

    expect(document.paths['/items'].get.security).toEqual([{ users: ['items/read'], api_key: [] }]);
    expect(document.paths['/items'].post.security).toEqual([{ sigv4: [] }]);
    expect(document.components.securitySchemes).toEqual({
      api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' },
      sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' },
      users: {
        type: 'apiKey',
        name: 'Authorization',
        in: 'header',
        'x-amazon-apigateway-authtype': 'cognito_user_pools',
        'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc'], authorizerResultTtlInSeconds: 300 },
      },
      tokens: {
        type: 'apiKey',
        name: 'X-Token',
        in: 'header',
        'x-amazon-apigateway-authtype': 'custom',
        'x-amazon-apigateway-authorizer': { type: 'token', authorizerUri: '${a.b.invoke_arn}', identityValidationExpression: '^Bearer .+$', authorizerResultTtlInSeconds: 0 },
      },
      // "Unused" in a header for several identity sources (x-amazon-apigateway-authorizer, request type).
      requests: {
        type: 'apiKey',
        name: 'Unused',
        in: 'header',
        'x-amazon-apigateway-authtype': 'custom',
        'x-amazon-apigateway-authorizer': { type: 'request', authorizerUri: '${a.c.invoke_arn}', identitySource: 'method.request.header.A,method.request.querystring.b', authorizerResultTtlInSeconds: 60 },
      },
    });
  });

  test('binary media types, VPC endpoints and gateway responses are API-level extensions', () => {
    const document = renderOpenApi(
      definition({
        binaryMediaTypes: ['image/png'],
        vpcEndpointIds: ['vpce-1'],
        gatewayResponses: [{ responseType: 'DEFAULT_4XX', responseTemplates: {}, responseParameters: { 'gatewayresponse.header.Vary': "'Origin'" } }],
      }),
    ) as Json;

    expect(document['x-amazon-apigateway-binary-media-types']).toEqual(['image/png']);
    expect(document['x-amazon-apigateway-endpoint-configuration']).toEqual({ vpcEndpointIds: ['vpce-1'] });
    expect(document['x-amazon-apigateway-gateway-responses']).toEqual({ DEFAULT_4XX: { responseParameters: { 'gatewayresponse.header.Vary': "'Origin'" } } });
  });
});

describe('readOpenApi', () => {
  test('reads back every part of what renderOpenApi writes', () => {
    const original = definition({
      description: 'Items',
      binaryMediaTypes: ['image/png'],
      vpcEndpointIds: ['vpce-1'],
      routes: [
        route({
          httpMethod: 'ANY',
          resourcePath: '/{proxy+}',
          requestParameters: { 'method.request.path.proxy': true, 'method.request.querystring.q': false },
          authorization: 'CUSTOM',
          authorizer: 'tokens',
          apiKeyRequired: true,
          requestModels: { 'application/json': 'Item' },
          requestValidator: 'body',
          integration: { ...INTEGRATION, type: 'AWS', passthroughBehavior: 'NEVER', timeoutMs: 50, requestTemplates: { 'application/json': '{}' }, requestParameters: { a: "'b'" }, cacheKeyParameters: ['method.request.path.proxy'], responses: [{ statusCode: '200', responseTemplates: {}, responseParameters: {} }] },
        }),
        route({ httpMethod: 'DELETE', authorization: 'AWS_IAM' }),
      ],
      authorizers: [{ name: 'tokens', type: 'TOKEN', uri: '${a.b.invoke_arn}', identitySource: 'method.request.header.Authorization', resultTtlSeconds: 300, providerArns: [] }],
      models: [{ name: 'Item', schema: { type: 'object' } }],
      validators: [{ name: 'body', validateRequestBody: true, validateRequestParameters: false }],
      gatewayResponses: [{ responseType: 'DEFAULT_5XX', statusCode: '500', responseTemplates: { 'application/json': '{}' }, responseParameters: {} }],
    });

    const read = readOpenApi(renderOpenApi(original));

    expect(read).toEqual({ ...original, routes: [original.routes[1], original.routes[0]] });
  });

  test('reads the API-level default validator and parameters of the path item, as AWS allows', () => {
    const read = readOpenApi({
      'x-amazon-apigateway-request-validator': 'all',
      paths: { '/a/{id}': { parameters: [{ name: 'id', in: 'path' }], get: { 'x-amazon-apigateway-integration': { type: 'mock' } } } },
    });

    expect(read.routes[0]).toMatchObject({ requestParameters: { 'method.request.path.id': true }, requestValidator: 'all', integration: { type: 'MOCK' } });
  });
});

describe('escapeTemplateSequences', () => {
  test('writes a literal ${ and %{ as Terraform reads them', () => {
    expect(escapeTemplateSequences('{"a":"${context.requestId} %{if}"}')).toBe('{"a":"$${context.requestId} %%{if}"}');
  });

  test('unescapeTemplateSequences gives back the literal text, references unchanged', () => {
    expect(unescapeTemplateSequences('$${context.requestId} %%{if} ${aws_x.y.arn}')).toBe('${context.requestId} %{if} ${aws_x.y.arn}');
  });
});

describe('renderOpenApi: what it leaves out, and its order', () => {
  test('an API without keys, IAM, authorizers or models has no components, and no description unless it has one', () => {
    expect(renderOpenApi(definition({ routes: [route({})] }))).not.toHaveProperty('components');
    expect((renderOpenApi(definition()) as Json).info).toEqual({ title: 'items', version: '1.0' });
  });

  test('a SigV4 scheme only when a method uses AWS_IAM', () => {
    const document = renderOpenApi(definition({ routes: [route({ apiKeyRequired: true })] })) as Json;
    expect(Object.keys(document.components.securitySchemes)).toEqual(['api_key']);
  });

  test('an operation without parameters, models, security or validator has none of them', () => {
    expect((renderOpenApi(definition({ routes: [route({})] })) as Json).paths['/items'].get).toEqual({
      responses: {},
      'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: '${aws_lambda_function.f.invoke_arn}' },
    });
  });

  test('authorizers and models in code-point order of their names, whatever the order given', () => {
    const token = (name: string) => ({ name, type: 'TOKEN' as const, uri: 'u', identitySource: 'method.request.header.A', resultTtlSeconds: 0, providerArns: [] });
    const document = renderOpenApi(
      definition({ authorizers: [token('b'), token('a')], models: [{ name: 'Zed', schema: {} }, { name: 'Alpha', schema: {} }] }),
    ) as Json;

    expect([Object.keys(document.components.securitySchemes), Object.keys(document.components.schemas)]).toEqual([
      ['a', 'b'],
      ['Alpha', 'Zed'],
    ]);
  });

  test('a path variable is required whatever the method says', () => {
    const document = renderOpenApi(definition({ routes: [route({ resourcePath: '/items/{id}', requestParameters: { 'method.request.path.id': false } })] })) as Json;
    expect(document.paths['/items/{id}'].get.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
  });

  test.each(['method.request.multivalueheader.X', 'method.request.body.x', 'x.method.request.header.A'])('fails when a request parameter is %s, which has no OpenAPI form', (key) => {
    expect(() => renderOpenApi(definition({ routes: [route({ requestParameters: { [key]: true } })] }))).toThrow(
      `request parameter "${key}" has no OpenAPI form; use method.request.path, querystring or header`,
    );
  });

  test('method responses declare only the headers their integration response maps, spelled out in full', () => {
    const responses: OpenApiIntegrationResponse[] = [
      { statusCode: '200', responseTemplates: {}, responseParameters: { 'method.response.header.X-A': "'a'", 'x.method.response.header.X-B': "'b'", 'method.response.header.X-C.extra': "'c'" } },
    ];
    const document = renderOpenApi(definition({ routes: [route({ integration: { ...INTEGRATION, responses } })] })) as Json;

    expect(Object.keys(document.paths['/items'].get.responses['200'].headers)).toEqual(['X-A', 'X-C.extra']);
  });

  test('a TOKEN authorizer names its header in the security scheme; one that reads no header names none', () => {
    const token = (identitySource: string) => ({ name: 't', type: 'TOKEN' as const, uri: 'u', identitySource, resultTtlSeconds: 0, providerArns: [] });
    const schemeOf = (identitySource: string) => (renderOpenApi(definition({ authorizers: [token(identitySource)] })) as Json).components.securitySchemes.t;

    expect([schemeOf('method.request.header.X-Token').name, schemeOf('context.method.request.header.X').name, schemeOf('method.request.header.X').name]).toEqual([
      'X-Token',
      undefined,
      'X',
    ]);
  });

  test('a REQUEST authorizer without identity sources writes none', () => {
    const document = renderOpenApi(definition({ authorizers: [{ name: 'r', type: 'REQUEST', uri: 'u', identitySource: '', resultTtlSeconds: 0, providerArns: [] }] })) as Json;
    expect(document.components.securitySchemes.r['x-amazon-apigateway-authorizer']).toEqual({ type: 'request', authorizerUri: 'u', authorizerResultTtlInSeconds: 0 });
  });

  test('an integration keeps a timeout of 0 and drops what is unset or empty', () => {
    const integration = { type: 'MOCK', requestTemplates: {}, requestParameters: {}, cacheKeyParameters: [], responses: [], timeoutMs: 0 };
    expect((renderOpenApi(definition({ routes: [route({ integration })] })) as Json).paths['/items'].get['x-amazon-apigateway-integration']).toEqual({ type: 'mock', timeoutInMillis: 0 });
  });
});

// A document written by hand, or exported from API Gateway, may say things the writer never does; the reader takes
// what API Gateway would take from it ("Working with API Gateway extensions to OpenAPI").
describe('readOpenApi: a document written elsewhere', () => {
  const integration = { 'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: 'u' } };
  const read = (document: Json) => readOpenApi(document);
  const only = (document: Json) => read(document).routes[0];

  test('reads each verb and x-amazon-apigateway-any-method, and skips what is not an operation', () => {
    const document = { paths: { '/a': { summary: 's', parameters: [], get: integration, trace: integration, ANY: integration, 'x-amazon-apigateway-any-method': integration, 'x-other': {} } } };
    expect(read(document).routes.map((route) => route.httpMethod)).toEqual(['GET', 'ANY']);
  });

  test('authorization: a Cognito authorizer is COGNITO_USER_POOLS, another authorizer CUSTOM, a SigV4 scheme of any name AWS_IAM, else NONE', () => {
    const document = {
      components: {
        securitySchemes: {
          users: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: ['arn:pool'] } },
          tokens: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authorizer': { type: 'TOKEN', authorizerUri: 'u' } },
          iam: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' },
        },
      },
      paths: {
        '/a': {
          get: { security: [{ users: ['items/read'] }], ...integration },
          put: { security: [{ tokens: [] }], ...integration },
          post: { security: [{ iam: [] }], ...integration },
          delete: { security: [{ unknown: [] }], ...integration },
          patch: { security: [{}, { iam: [] }], ...integration },
        },
      },
    };
    expect(read(document).routes.map((route) => [route.httpMethod, route.authorization, route.authorizer, route.authorizationScopes])).toEqual([
      ['GET', 'COGNITO_USER_POOLS', 'users', ['items/read']],
      ['PUT', 'CUSTOM', 'tokens', []],
      ['POST', 'AWS_IAM', undefined, []],
      ['DELETE', 'NONE', undefined, []],
      ['PATCH', 'NONE', undefined, []],
    ]);
  });

  test('an API key is api_key, or a scheme of the x-api-key header that is no authorizer', () => {
    const document = {
      components: {
        securitySchemes: {
          api_key: { type: 'apiKey', name: 'anything', in: 'header' },
          key: { type: 'apiKey', name: 'x-api-key', in: 'header' },
          keyed: { type: 'apiKey', name: 'x-api-key', in: 'header', 'x-amazon-apigateway-authorizer': { type: 'token', authorizerUri: 'u' } },
          other: { type: 'apiKey', name: 'x-other', in: 'header' },
        },
      },
      paths: { '/a': { get: { security: [{ api_key: [] }], ...integration }, put: { security: [{ key: [] }], ...integration }, post: { security: [{ keyed: [] }], ...integration }, patch: { security: [{ other: [] }], ...integration } } },
    };
    expect(read(document).routes.map((route) => route.apiKeyRequired)).toEqual([true, true, false, false]);
  });

  test('parameters: path ones required and without a greedy +, query strings and headers required only when they say so, others skipped', () => {
    const route = only({
      paths: {
        '/a/{proxy+}': {
          parameters: [{ name: 'proxy+', in: 'path' }],
          get: {
            parameters: [
              { name: 'q', in: 'query', required: true },
              { name: 'r', in: 'query' },
              { name: 'H', in: 'header', required: 'yes' },
              { name: 'c', in: 'cookie', required: true },
              { in: 'query', required: true },
              { name: 'a+b', in: 'header' },
            ],
            ...integration,
          },
        },
      },
    });
    expect(route.requestParameters).toEqual({
      'method.request.path.proxy': true,
      'method.request.querystring.q': true,
      'method.request.querystring.r': false,
      'method.request.header.H': false,
      'method.request.header.a+b': false,
    });
  });

  test('a body model is a $ref into components.schemas; an inline schema or another $ref is none', () => {
    const content = {
      'application/json': { schema: { $ref: '#/components/schemas/Item' } },
      'text/plain': { schema: { type: 'string' } },
      'application/xml': { schema: { $ref: '#/definitions/Item' } },
      'application/x-www-form-urlencoded': { schema: { $ref: 42 } },
    };
    expect(only({ paths: { '/a': { post: { requestBody: { content }, ...integration } } } }).requestModels).toEqual({ 'application/json': 'Item' });
  });

  test("a method's own validator beats the document's default; a default that is not a name is none", () => {
    const document = (defaultValidator: unknown) => ({
      'x-amazon-apigateway-request-validator': defaultValidator,
      paths: { '/a': { get: { 'x-amazon-apigateway-request-validator': 'own', ...integration }, put: integration } },
    });
    expect(read(document('all')).routes.map((route) => route.requestValidator)).toEqual(['own', 'all']);
    expect(read(document(42)).routes.map((route) => route.requestValidator)).toEqual(['own', undefined]);
  });

  test('API-level values: title, description, key source in capitals, binary types, VPC endpoints, validators, gateway responses', () => {
    const definitionRead = read({
      info: { title: 'hand', description: 'written' },
      'x-amazon-apigateway-api-key-source': 'authorizer',
      'x-amazon-apigateway-binary-media-types': ['image/png'],
      'x-amazon-apigateway-endpoint-configuration': { vpcEndpointIds: ['vpce-1'] },
      'x-amazon-apigateway-request-validators': { all: { validateRequestBody: true, validateRequestParameters: true }, loose: { validateRequestBody: 'yes' } },
      'x-amazon-apigateway-gateway-responses': { DEFAULT_4XX: { statusCode: 400, responseTemplates: { 'application/json': '{}' }, responseParameters: { 'gatewayresponse.header.X': "'y'" } }, DEFAULT_5XX: {} },
    });
    expect(definitionRead).toEqual({
      title: 'hand',
      description: 'written',
      apiKeySource: 'AUTHORIZER',
      binaryMediaTypes: ['image/png'],
      vpcEndpointIds: ['vpce-1'],
      routes: [],
      authorizers: [],
      models: [],
      validators: [
        { name: 'all', validateRequestBody: true, validateRequestParameters: true },
        { name: 'loose', validateRequestBody: false, validateRequestParameters: false },
      ],
      gatewayResponses: [
        { responseType: 'DEFAULT_4XX', statusCode: '400', responseTemplates: { 'application/json': '{}' }, responseParameters: { 'gatewayresponse.header.X': "'y'" } },
        { responseType: 'DEFAULT_5XX', statusCode: undefined, responseTemplates: {}, responseParameters: {} },
      ],
    });
  });

  test("what a document leaves out: no title is '', HEADER keys, no VPC endpoints; values of the wrong type are none", () => {
    expect(read({ info: { description: 3 }, 'x-amazon-apigateway-api-key-source': 1 })).toMatchObject({ title: '', description: undefined, apiKeySource: 'HEADER', vpcEndpointIds: undefined });
  });

  test('an integration that says nothing is MOCK; values of the wrong type are none; the default response has no pattern', () => {
    const route = only({
      paths: {
        '/a': {
          get: {
            'x-amazon-apigateway-integration': {
              uri: 7,
              httpMethod: true,
              passthroughBehavior: 'when_no_match',
              timeoutInMillis: '500',
              responses: { default: { statusCode: 200 }, '4\\d{2}': { statusCode: '400', responseTemplates: { 'application/json': 1 } } },
            },
          },
        },
      },
    });
    expect(route.integration).toEqual({
      type: 'MOCK',
      uri: undefined,
      httpMethod: undefined,
      passthroughBehavior: 'WHEN_NO_MATCH',
      timeoutMs: undefined,
      requestTemplates: {},
      requestParameters: {},
      cacheKeyParameters: [],
      responses: [
        { statusCode: '200', selectionPattern: undefined, responseTemplates: {}, responseParameters: {} },
        { statusCode: '400', selectionPattern: '4\\d{2}', responseTemplates: { 'application/json': '1' }, responseParameters: {} },
      ],
    });
  });

  test('authorizers: token, request and Cognito ones, with what each reads and its TTL (300 s unless set); other schemes are none', () => {
    const schemes = {
      token: { type: 'apiKey', name: 'X-Token', in: 'header', 'x-amazon-apigateway-authorizer': { type: 'token', authorizerUri: 'u1', identityValidationExpression: '^x$', authorizerResultTtlInSeconds: '60' } },
      query: { type: 'apiKey', name: 't', in: 'query', 'x-amazon-apigateway-authorizer': { type: 'token', authorizerUri: 7, identityValidationExpression: 5 } },
      request: { type: 'apiKey', name: 'Unused', in: 'header', 'x-amazon-apigateway-authorizer': { type: 'request', authorizerUri: 'u2', identitySource: 'method.request.header.A' } },
      bare: { type: 'apiKey', in: 'header', 'x-amazon-apigateway-authorizer': { type: 'request' } },
      users: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: ['arn:pool'], authorizerResultTtlInSeconds: 0 } },
      jwt: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authorizer': { type: 'jwt' } },
      nameless: { type: 'apiKey', in: 'header', 'x-amazon-apigateway-authorizer': { type: 'token' } },
      plain: { type: 'apiKey', name: 'x-api-key', in: 'header' },
    };
    expect(read({ components: { securitySchemes: schemes } }).authorizers).toEqual([
      { name: 'token', type: 'TOKEN', uri: 'u1', identitySource: 'method.request.header.X-Token', identityValidationExpression: '^x$', resultTtlSeconds: 60, providerArns: [] },
      { name: 'query', type: 'TOKEN', uri: undefined, identitySource: 'method.request.querystring.t', identityValidationExpression: undefined, resultTtlSeconds: 300, providerArns: [] },
      { name: 'request', type: 'REQUEST', uri: 'u2', identitySource: 'method.request.header.A', identityValidationExpression: undefined, resultTtlSeconds: 300, providerArns: [] },
      { name: 'bare', type: 'REQUEST', uri: undefined, identitySource: '', identityValidationExpression: undefined, resultTtlSeconds: 300, providerArns: [] },
      { name: 'users', type: 'COGNITO_USER_POOLS', uri: undefined, identitySource: 'method.request.header.Authorization', identityValidationExpression: undefined, resultTtlSeconds: 0, providerArns: ['arn:pool'] },
      { name: 'nameless', type: 'TOKEN', uri: undefined, identitySource: '', identityValidationExpression: undefined, resultTtlSeconds: 300, providerArns: [] },
    ]);
  });

  test('a document that is not an object anywhere reads as an empty API', () => {
    expect(read({ paths: [], components: 'x', info: null })).toMatchObject({ title: '', routes: [], authorizers: [], models: [] });
  });
});

describe('COMPONENT_NAME', () => {
  test.each(['tokens', 'a.b_c-1'])('accepts %p', (name) => {
    expect(COMPONENT_NAME.test(name)).toBe(true);
  });

  test.each(['', 'my tokens', 'a/b', 'tokens!', '!tokens'])('refuses %p', (name) => {
    expect(COMPONENT_NAME.test(name)).toBe(false);
  });
});
