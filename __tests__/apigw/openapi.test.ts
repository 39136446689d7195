import {
  escapeTemplateSequences,
  OpenApiDefinition,
  OpenApiIntegrationResponse,
  OpenApiRoute,
  readOpenApi,
  renderOpenApi,
  unescapeTemplateSequences,
} from '../../src/apigw/openapi';

const INTEGRATION = { type: 'AWS_PROXY', uri: '${aws_lambda_function.f.invoke_arn}', httpMethod: 'POST', requestTemplates: {}, requestParameters: {}, cacheKeyParameters: [], responses: [] };

function route(overrides: Partial<OpenApiRoute>): OpenApiRoute {
  return {
    httpMethod: 'GET',
    resourcePath: '/items',
    authorization: 'NONE',
    authorizationScopes: [],
    apiKeyRequired: false,
    requestParameters: {},
    requestModels: {},
    integration: INTEGRATION,
    ...overrides,
  };
}

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
