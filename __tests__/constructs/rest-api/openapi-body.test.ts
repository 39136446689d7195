import { createHash } from 'node:crypto';
import { TerraformStack } from 'cdktf';
import { ValidationError } from '../../../src/apigw/errors';
import { LambdaAuthorizer } from '../../../src/constructs/authorizers/lambda-authorizer';
import { CognitoAuthorizer } from '../../../src/constructs/authorizers/cognito-authorizer';
import { LambdaIntegration } from '../../../src/constructs/integrations/lambda-integration';
import { RequestModel } from '../../../src/constructs/request-model';
import { RestApi, RestApiProps } from '../../../src/constructs/rest-api/rest-api';
import { bodyProblems, worstCaseBodyBytes } from '../../../src/constructs/rest-api/openapi-body';
import { api, handler, newStack, only, resources, synth, synthValidated, Synthesized } from '../../support/helpers';
import { checkConformance } from '../../support/schema-conformance';

type Json = Record<string, any>;

/** `GET /items` and `PUT /items/{id}` (validated against a model) in an API defined by an OpenAPI body. */
function itemsApi(stack: TerraformStack, props: RestApiProps = {}): RestApi {
  const restApi = api(stack, { definition: 'openapi', ...props });
  const fn = new LambdaIntegration(handler(stack, 'fn'));
  const model = new RequestModel(stack, 'Item', { api: restApi, schema: { type: 'object', required: ['name'] } });
  const items = restApi.root.addResource('items');
  items.addMethod('GET', fn, { cacheKeyParameters: ['method.request.querystring.limit'] });
  items.addResource('{id}').addMethod('PUT', fn, { requestModels: { 'application/json': model } });
  return restApi;
}

const bodyOf = (tf: Synthesized): Json => JSON.parse(only(tf, 'aws_api_gateway_rest_api').body);

describe("RestApi with definition 'openapi'", () => {
  test('the REST API holds the paths, methods and integrations as an OpenAPI 3.0 body, imported in overwrite mode', () => {
    const tf = synth((stack) => itemsApi(stack));

    const restApi = only(tf, 'aws_api_gateway_rest_api');
    expect(restApi.put_rest_api_mode).toBe('overwrite');
    const body = bodyOf(tf);
    expect(body.openapi).toBe('3.0.1');
    expect(Object.keys(body.paths)).toEqual(['/items', '/items/{id}']);
    expect(body.paths['/items'].get['x-amazon-apigateway-integration']).toEqual({
      type: 'aws_proxy',
      httpMethod: 'POST',
      uri: expect.stringMatching(/^\$\{aws_lambda_function\.fn_Function_\w+\.invoke_arn\}$/),
      cacheKeyParameters: ['method.request.querystring.limit'],
    });
    expect(body.paths['/items/{id}'].put['x-amazon-apigateway-request-validator']).toBe('body');
    expect(body['x-amazon-apigateway-request-validators']).toEqual({ body: { validateRequestBody: true, validateRequestParameters: false } });
  });

  test('writes no resource, method, integration, model or validator resources: the stage and its settings stay', () => {
    const tf = synth((stack) => itemsApi(stack, { throttling: { rateLimit: 10, burstLimit: 5 } }));

    expect(Object.keys(tf.resource).filter((type) => type.startsWith('aws_api_gateway_')).sort()).toEqual([
      'aws_api_gateway_deployment',
      'aws_api_gateway_method_settings',
      'aws_api_gateway_rest_api',
      'aws_api_gateway_stage',
    ]);
  });

  test('the body names the API, its description, API key source and binary media types, as the REST API does', () => {
    const tf = synth((stack) => itemsApi(stack, { description: 'Items', binaryMediaTypes: ['image/png'] }));

    const body = bodyOf(tf);
    const restApi = only(tf, 'aws_api_gateway_rest_api');
    expect([body.info.title, body.info.description]).toEqual([restApi.name, 'Items']);
    expect(body['x-amazon-apigateway-api-key-source']).toBe(restApi.api_key_source);
    expect(body['x-amazon-apigateway-binary-media-types']).toEqual(['image/png']);
  });

  test("the deployment's trigger is the hash of the body: a new method redeploys", () => {
    const triggerOf = (extra: boolean) =>
      only(
        synth((stack) => {
          const restApi = itemsApi(stack);
          if (extra) restApi.root.addResource('health').addMethod('GET', new LambdaIntegration(handler(stack, 'health')));
        }),
        'aws_api_gateway_deployment',
      ).triggers.redeployment;

    expect(triggerOf(true)).not.toBe(triggerOf(false));
    expect(triggerOf(false)).toMatch(/^[0-9a-f]{40}$/);
  });

  test('the trigger changes with the body alone, such as a model', () => {
    const triggerOf = (required: string) =>
      only(
        synth((stack) => {
          const restApi = api(stack, { definition: 'openapi' });
          const model = new RequestModel(stack, 'Item', { api: restApi, schema: { type: 'object', required: [required] } });
          restApi.root.addMethod('POST', new LambdaIntegration(handler(stack, 'fn')), { requestModels: { 'application/json': model } });
        }),
        'aws_api_gateway_deployment',
      ).triggers.redeployment;

    expect(triggerOf('name')).not.toBe(triggerOf('price'));
  });

  test('the deployment waits for nothing but the REST API it references', () => {
    const deployment = only(
      synth((stack) => itemsApi(stack)),
      'aws_api_gateway_deployment',
    );

    expect([deployment.depends_on, deployment.rest_api_id]).toEqual([[], expect.stringMatching(/^\$\{aws_api_gateway_rest_api\.Api_RestApi_\w+\.id\}$/)]);
  });

  test("Lambda permissions are the same as with resources: scoped to the function's routes", () => {
    const permissionsOf = (definition: 'resources' | 'openapi') =>
      resources(
        synth((stack) => itemsApi(stack, { definition })),
        'aws_lambda_permission',
      ).map((permission) => permission.source_arn);

    expect(permissionsOf('openapi')).toEqual(permissionsOf('resources'));
    expect(permissionsOf('openapi')).toEqual([expect.stringMatching(/execution_arn\}\/v1\/\*\/items\*$/)]);
  });

  test('a Lambda authorizer is a security scheme, and may be invoked by any authorizer of this API: its id is unknown at synth', () => {
    const tf = synth((stack) => {
      const restApi = api(stack, { definition: 'openapi' });
      const authorizer = new LambdaAuthorizer(stack, 'Tokens', { api: restApi, handler: handler(stack, 'auth'), resultsCacheTtlSeconds: 0 });
      restApi.root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')), { authorizer });
    });

    expect(resources(tf, 'aws_api_gateway_authorizer')).toEqual([]);
    expect(bodyOf(tf).components.securitySchemes.Tokens['x-amazon-apigateway-authorizer']).toEqual({
      type: 'token',
      authorizerUri: expect.stringMatching(/^\$\{aws_lambda_function\.auth_Function_\w+\.invoke_arn\}$/),
      authorizerResultTtlInSeconds: 0,
    });
    expect(bodyOf(tf).paths['/'].get.security).toEqual([{ Tokens: [] }]);
    const permission = resources(tf, 'aws_lambda_permission').find((p) => p.statement_id.startsWith('apigw-authorizer-'))!;
    expect(permission.source_arn).toMatch(/^\$\{aws_api_gateway_rest_api\.Api_RestApi_\w+\.execution_arn\}\/authorizers\/\*$/);
  });

  test('a Cognito authorizer is a security scheme with its user pools and scopes', () => {
    const pool = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC';
    const tf = synth((stack) => {
      const restApi = api(stack, { definition: 'openapi' });
      const authorizer = new CognitoAuthorizer(stack, 'Users', { api: restApi, userPoolArns: [pool] });
      restApi.root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')), { authorizer, authorizationScopes: ['items/read'] });
    });

    expect(bodyOf(tf).components.securitySchemes.Users['x-amazon-apigateway-authorizer']).toEqual({ type: 'cognito_user_pools', providerARNs: [pool], authorizerResultTtlInSeconds: 300 });
    expect(bodyOf(tf).paths['/'].get.security).toEqual([{ Users: ['items/read'] }]);
  });

  test("CORS: the preflights are MOCK methods of the body, and the gateway responses are the body's", () => {
    const tf = synth((stack) => itemsApi(stack, { cors: { allowOrigins: ['https://app.example.com'] } }));

    const body = bodyOf(tf);
    expect(resources(tf, 'aws_api_gateway_gateway_response')).toEqual([]);
    expect(Object.keys(body['x-amazon-apigateway-gateway-responses'])).toEqual(['DEFAULT_4XX', 'DEFAULT_5XX']);
    expect(body.paths['/items'].options['x-amazon-apigateway-integration']).toMatchObject({ type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' } });
  });

  test('a PRIVATE API keeps its resource policy on the REST API, naming itself as execute-api:/*, since an import drops any other', () => {
    const tf = synth((stack) => itemsApi(stack, { endpointType: 'PRIVATE', vpcEndpointIds: ['vpce-0123456789abcdef0'] }));

    expect(resources(tf, 'aws_api_gateway_rest_api_policy')).toEqual([]);
    expect(only(tf, 'aws_api_gateway_rest_api').policy).toMatch(/^\$\{data\.aws_iam_policy_document\.Api_PolicyDocument_\w+\.json\}$/);
    expect(Object.values(tf.data.aws_iam_policy_document as Json).find((document: Json) => document.statement[0].sid === 'InvokeFromVpcEndpointsOnly').statement[0].resources).toEqual(['execute-api:/*']);
    expect(bodyOf(tf)['x-amazon-apigateway-endpoint-configuration']).toEqual({ vpcEndpointIds: ['vpce-0123456789abcdef0'] });
  });

  test('a literal ${ in a template is escaped for Terraform, references are not', () => {
    const tf = synth((stack) => {
      const restApi = api(stack, { definition: 'openapi' });
      restApi.root.addMethod('POST', new LambdaIntegration(handler(stack, 'fn'), { proxy: false, requestTemplates: { 'application/json': '{"id": "${context.requestId}"}' } }));
    });

    const body: string = only(tf, 'aws_api_gateway_rest_api').body;
    expect(body).toContain('$${context.requestId}');
    expect(body).toMatch(/"uri":"\$\{aws_lambda_function\.fn_Function_\w+\.invoke_arn\}"/);
  });

  test('conforms to the pinned provider schema, validations on', () => {
    const tf = synthValidated((stack) => itemsApi(stack));

    expect(checkConformance(tf)).toEqual([]);
  });

  test('fails when a cache key is multi-value, which OpenAPI cannot declare', () => {
    const stack = newStack();
    const restApi = api(stack, { definition: 'openapi' });

    expect(() => restApi.root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')), { cacheKeyParameters: ['method.request.multivaluequerystring.tag'] })).toThrow(
      new ValidationError(
        "stack/Api/Root/GET: cache key parameter \"method.request.multivaluequerystring.tag\" has no OpenAPI form, and this API's definition is 'openapi'; use \"method.request.querystring.tag\" or definition: 'resources'",
      ),
    );
  });

  test('fails when an authorizer name cannot be a security scheme', () => {
    const stack = newStack();
    const restApi = api(stack, { definition: 'openapi' });

    expect(() => new LambdaAuthorizer(stack, 'Tokens', { api: restApi, handler: handler(stack, 'auth'), name: 'api_key' })).toThrow(
      'stack/Tokens: authorizer name "api_key" cannot name a security scheme of the OpenAPI body; use letters, digits, ".", "_" and "-", other than "api_key" and "sigv4"',
    );
  });

  test('fails when two authorizers of an API share a name, in either definition', () => {
    const stack = newStack();
    const restApi = api(stack);
    new LambdaAuthorizer(stack, 'Tokens', { api: restApi, handler: handler(stack, 'auth') });

    expect(() => new LambdaAuthorizer(stack, 'Other', { api: restApi, handler: handler(stack, 'auth2'), name: 'Tokens' })).toThrow(
      'stack/Other: the API already has an authorizer named "Tokens"; give this one another name',
    );
  });

  test('fails when the definition is not one of the two', () => {
    expect(() => api(newStack(), { definition: 'swagger' as never })).toThrow("stack/Api: definition \"swagger\" is not valid; use 'resources' or 'openapi'");
  });
});

describe('RestApi resourcesPerApiQuota', () => {
  const withPaths = (count: number, props: RestApiProps) => (stack: TerraformStack) => {
    const restApi = api(stack, props);
    const fn = new LambdaIntegration(handler(stack, 'fn'));
    for (let i = 0; i < count; i++) restApi.root.addResource(`r${i}`).addMethod('GET', fn);
  };

  test.each(['resources', 'openapi'] as const)('fails at synth when the API has more resources than its quota (%s)', (definition) => {
    expect(() => synthValidated(withPaths(3, { definition, resourcesPerApiQuota: 3 }))).toThrow(
      'the API has 4 resources (paths, the root included), over its "Resources per API" quota of 3; raise the quota for this API through Service Quotas and set resourcesPerApiQuota, or split the routes over several APIs',
    );
  });

  test('accepts an API at its quota', () => {
    expect(() => synthValidated(withPaths(2, { resourcesPerApiQuota: 3 }))).not.toThrow();
  });

  test('fails when the quota is not a whole number above 0', () => {
    expect(() => api(newStack(), { resourcesPerApiQuota: 0 })).toThrow('stack/Api: resourcesPerApiQuota 0 must be a whole number from 1 to');
  });
});

describe('the OpenAPI body size', () => {
  test('counts each invoke ARN at its longest, and any other reference at 2,048 characters', () => {
    const reference = '${aws_lambda_function.f.invoke_arn}';
    const invokeArn = worstCaseBodyBytes(reference);

    expect(invokeArn).toBe('arn:aws-iso-b:apigateway:xx-xxxxxxxxxxxxx-1:lambda:path/2015-03-31/functions/arn:aws-iso-b:lambda:xx-xxxxxxxxxxxxx-1:123456789012:function:'.length + 64 + '/invocations'.length);
    expect(worstCaseBodyBytes('a${var.x}b')).toBe(2050);
  });

  test('passes a body under 6 MB, and fails one that can pass it once Terraform fills in its references', () => {
    const invokeArn = worstCaseBodyBytes('${aws_lambda_function.f.invoke_arn}');
    const references = Math.ceil((6 * 1024 * 1024) / invokeArn);

    expect(bodyProblems('x'.repeat(1000))).toEqual([]);
    expect(bodyProblems('${aws_lambda_function.f.invoke_arn}'.repeat(references))).toEqual([
      `the OpenAPI body can reach ${invokeArn * references} bytes once Terraform fills in its references, over the 6291456 bytes (6 MB) API Gateway imports in one PutRestApi call; split the routes over several APIs, or use definition: 'resources'`,
    ]);
  });

  test('the check runs at synth, with validations, on the whole body', () => {
    expect(() =>
      synthValidated((stack) => {
        const restApi = api(stack, { definition: 'openapi' });
        const model = new RequestModel(stack, 'Item', { api: restApi, schema: { description: 'x'.repeat(6 * 1024 * 1024) } });
        restApi.root.addMethod('POST', new LambdaIntegration(handler(stack, 'fn')), { requestModels: { 'application/json': model } });
      }),
    ).toThrow(/stack\/Api\] the OpenAPI body can reach \d+ bytes once Terraform fills in its references, over the 6291456 bytes/);
  });
});

test('sha1 of nothing differs from a trigger: the trigger hashes the definition, not an empty string', () => {
  expect(createHash('sha1').update('').digest('hex')).not.toBe(
    only(
      synth((stack) => itemsApi(stack)),
      'aws_api_gateway_deployment',
    ).triggers.redeployment,
  );
});
