import { ApiMethod, MethodOptions } from '../../src/constructs/api-method';
import { CognitoAuthorizer } from '../../src/constructs/authorizers/cognito-authorizer';
import { IIntegration, IntegrationConfig } from '../../src/constructs/integrations/integration';
import {
  CLIENT_ERROR_TEMPLATE,
  LambdaIntegration,
  LambdaIntegrationOptions,
  PASSTHROUGH_JSON_TEMPLATE,
  SERVER_ERROR_TEMPLATE,
} from '../../src/constructs/integrations/lambda-integration';
import { LambdaAuthorizer } from '../../src/constructs/authorizers/lambda-authorizer';
import { RestApi } from '../../src/constructs/rest-api/rest-api';
import { api, handler, newStack, only, resources, synth, Synthesized } from '../support/helpers';

const API_ID = /^\$\{aws_api_gateway_rest_api\.[^.]+\.id\}$/;
const ROOT_ID = /^\$\{aws_api_gateway_rest_api\.[^.]+\.root_resource_id\}$/;

/** The exact `${type.name.attr}` reference to the only resource of `type` in `tf`. */
function refTo(tf: Synthesized, type: string, attr: string): string {
  const names = Object.keys(tf.resource[type] ?? {});
  if (names.length !== 1) throw new Error(`expected one ${type}, found ${names.length}`);
  return `\${${type}.${names[0]}.${attr}}`;
}

/** The exact `${aws_api_gateway_resource.<name>.id}` reference to the resource with `path_part`. */
function resourceRef(tf: Synthesized, pathPart: string): string {
  const [name] = Object.entries(tf.resource.aws_api_gateway_resource).find(([, r]) => r.path_part === pathPart)!;
  return `\${aws_api_gateway_resource.${name}.id}`;
}

/** Synthesizes `GET /items/{id}` with a Lambda integration built from `integration` and `options`. */
function getItem(integration: LambdaIntegrationOptions = {}, options: MethodOptions = {}): Synthesized {
  return synth((stack) => {
    api(stack).root.resourceForPath('/items/{id}').addMethod('GET', new LambdaIntegration(handler(stack, 'fn'), integration), options);
  });
}

/** Synthesizes `GET /` with a Lambda proxy integration and the method `options`. */
function getRoot(options: MethodOptions = {}): Synthesized {
  return synth((stack) => {
    api(stack).root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')), options);
  });
}

/** The integration responses, keyed by the status code of the method response each one references. */
function integrationResponsesByStatus(tf: Synthesized): Record<string, Record<string, any>> {
  const byStatus: Record<string, Record<string, any>> = {};
  for (const response of resources(tf, 'aws_api_gateway_integration_response')) {
    const name = /^\$\{aws_api_gateway_method_response\.([^.]+)\.status_code\}$/.exec(response.status_code)![1];
    byStatus[tf.resource.aws_api_gateway_method_response[name].status_code] = response;
  }
  return byStatus;
}

/** A backend that answers from API Gateway itself: proves a new integration needs no edit to `ApiMethod`. */
class MockIntegration implements IIntegration {
  public readonly boundTo: ApiMethod[] = [];

  public bind(method: ApiMethod): IntegrationConfig {
    this.boundTo.push(method);
    return {
      type: 'MOCK',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      responses: [{ statusCode: '200', responseTemplates: { 'application/json': '{"ok": true}' } }],
    };
  }
}

describe('ApiMethod', () => {
  test('needs no authorization and no API key, and declares no request parameters, by default', () => {
    const tf = getRoot();

    expect(only(tf, 'aws_api_gateway_method')).toEqual({
      rest_api_id: expect.stringMatching(API_ID),
      resource_id: expect.stringMatching(ROOT_ID),
      http_method: 'GET',
      authorization: 'NONE',
    });
  });

  test('authorization AWS_IAM makes callers sign their requests', () => {
    const tf = getRoot({ authorization: 'AWS_IAM' });

    expect(only(tf, 'aws_api_gateway_method').authorization).toBe('AWS_IAM');
  });

  test('apiKeyRequired: true requires an API key', () => {
    const tf = getRoot({ apiKeyRequired: true });

    expect(only(tf, 'aws_api_gateway_method').api_key_required).toBe(true);
  });

  test('apiKeyRequired: false leaves api_key_required unset', () => {
    const tf = getRoot({ apiKeyRequired: false });

    expect(only(tf, 'aws_api_gateway_method')).not.toHaveProperty('api_key_required');
  });

  test('exposes its route, authorization and apiKeyRequired', () => {
    const stack = newStack();

    const method = api(stack).root.resourceForPath('/items/{id}').addMethod('GET', new LambdaIntegration(handler(stack, 'fn')));

    expect(method.route).toBe('GET /items/{id}');
    expect(method.authorization).toBe('NONE');
    expect(method.apiKeyRequired).toBe(false);
  });

  test('declares the path variables as required and the cache key parameters as optional request parameters', () => {
    const tf = getItem({}, { cacheKeyParameters: ['method.request.querystring.limit', 'method.request.header.Accept'] });

    expect(only(tf, 'aws_api_gateway_method').request_parameters).toEqual({
      'method.request.path.id': true,
      'method.request.querystring.limit': false,
      'method.request.header.Accept': false,
    });
  });

  test('the integration references the method verb and the resource', () => {
    const tf = getItem();

    expect(only(tf, 'aws_api_gateway_integration')).toMatchObject({
      rest_api_id: expect.stringMatching(API_ID),
      resource_id: resourceRef(tf, '{id}'),
      http_method: refTo(tf, 'aws_api_gateway_method', 'http_method'),
    });
  });

  test('a default LambdaIntegration is an AWS_PROXY POST to the function invoke ARN, with no timeout or cache keys', () => {
    const tf = getRoot();

    expect(only(tf, 'aws_api_gateway_integration')).toEqual({
      rest_api_id: expect.stringMatching(API_ID),
      resource_id: expect.stringMatching(ROOT_ID),
      http_method: refTo(tf, 'aws_api_gateway_method', 'http_method'),
      type: 'AWS_PROXY',
      integration_http_method: 'POST',
      uri: refTo(tf, 'aws_lambda_function', 'invoke_arn'),
    });
  });

  test('the integration caches by the path variables and then the extra cache key parameters', () => {
    const tf = getItem({}, { cacheKeyParameters: ['method.request.querystring.limit'] });

    expect(only(tf, 'aws_api_gateway_integration').cache_key_parameters).toEqual([
      'method.request.path.id',
      'method.request.querystring.limit',
    ]);
  });

  test('the integration has timeout_milliseconds when timeoutMs is given', () => {
    const tf = getItem({ timeoutMs: 20000 });

    expect(only(tf, 'aws_api_gateway_integration').timeout_milliseconds).toBe(20000);
  });

  test('a proxy integration has no method or integration responses', () => {
    const tf = getItem();

    expect(resources(tf, 'aws_api_gateway_method_response')).toEqual([]);
    expect(resources(tf, 'aws_api_gateway_integration_response')).toEqual([]);
  });

  test('a non-proxy LambdaIntegration is an AWS POST that passes the JSON body through as the event', () => {
    const tf = getItem({ proxy: false });

    expect(only(tf, 'aws_api_gateway_integration')).toMatchObject({
      type: 'AWS',
      integration_http_method: 'POST',
      uri: refTo(tf, 'aws_lambda_function', 'invoke_arn'),
      request_templates: { 'application/json': PASSTHROUGH_JSON_TEMPLATE },
      passthrough_behavior: 'WHEN_NO_TEMPLATES',
    });
  });

  test('a non-proxy LambdaIntegration creates method responses 200, 400, 404 and 500 on the method', () => {
    const tf = getItem({ proxy: false });

    expect(resources(tf, 'aws_api_gateway_method_response').map((r) => r.status_code).sort()).toEqual(['200', '400', '404', '500']);
    for (const response of resources(tf, 'aws_api_gateway_method_response')) {
      expect(response).toMatchObject({
        rest_api_id: expect.stringMatching(API_ID),
        resource_id: resourceRef(tf, '{id}'),
        http_method: refTo(tf, 'aws_api_gateway_method', 'http_method'),
      });
    }
  });

  test('a non-proxy LambdaIntegration selects 400 and 404 by the error message prefix, and 500 for every other error', () => {
    const tf = getItem({ proxy: false });
    const byStatus = integrationResponsesByStatus(tf);
    const selection = (status: string) => ({
      selection_pattern: byStatus[status].selection_pattern,
      response_templates: byStatus[status].response_templates,
    });

    expect(Object.keys(byStatus).sort()).toEqual(['200', '400', '404', '500']);
    expect(selection('200')).toEqual({ selection_pattern: undefined, response_templates: undefined });
    expect(selection('400')).toEqual({
      selection_pattern: '^\\[400\\][\\s\\S]*',
      response_templates: { 'application/json': CLIENT_ERROR_TEMPLATE },
    });
    expect(selection('404')).toEqual({
      selection_pattern: '^\\[404\\][\\s\\S]*',
      response_templates: { 'application/json': CLIENT_ERROR_TEMPLATE },
    });
    expect(selection('500')).toEqual({
      selection_pattern: '^(?!\\[(?:400|404)\\])[\\s\\S]+',
      response_templates: { 'application/json': SERVER_ERROR_TEMPLATE },
    });
  });

  test('each integration response depends on the integration and takes its status code from a method response', () => {
    const tf = getItem({ proxy: false });
    const [integrationName] = Object.keys(tf.resource.aws_api_gateway_integration);

    for (const response of resources(tf, 'aws_api_gateway_integration_response')) {
      expect(response).toMatchObject({
        rest_api_id: expect.stringMatching(API_ID),
        resource_id: resourceRef(tf, '{id}'),
        http_method: refTo(tf, 'aws_api_gateway_method', 'http_method'),
        status_code: expect.stringMatching(/^\$\{aws_api_gateway_method_response\.[^.]+\.status_code\}$/),
        depends_on: [`aws_api_gateway_integration.${integrationName}`],
      });
    }
  });

  test('errorStatusCodes [400, 409, 422] give each its own pattern, and 500 excludes exactly those', () => {
    const tf = getItem({ proxy: false, errorStatusCodes: [400, 409, 422] });
    const byStatus = integrationResponsesByStatus(tf);

    expect(Object.keys(byStatus).sort()).toEqual(['200', '400', '409', '422', '500']);
    expect(byStatus['409'].selection_pattern).toBe('^\\[409\\][\\s\\S]*');
    expect(byStatus['422'].selection_pattern).toBe('^\\[422\\][\\s\\S]*');
    expect(byStatus['500'].selection_pattern).toBe('^(?!\\[(?:400|409|422)\\])[\\s\\S]+');
  });

  test("invocationType 'Event' invokes the function asynchronously and answers 202 only", () => {
    const tf = getItem({ proxy: false, invocationType: 'Event' });

    expect(only(tf, 'aws_api_gateway_integration').request_parameters).toEqual({
      'integration.request.header.X-Amz-Invocation-Type': "'Event'",
    });
    expect(only(tf, 'aws_api_gateway_method_response').status_code).toBe('202');
    expect(only(tf, 'aws_api_gateway_integration_response')).not.toHaveProperty('selection_pattern');
  });

  test('a custom IIntegration plugs in without edits to ApiMethod: a MOCK integration with no uri', () => {
    const tf = synth((stack) => {
      api(stack).root.addResource('health').addMethod('GET', new MockIntegration());
    });

    expect(only(tf, 'aws_api_gateway_integration')).toEqual({
      rest_api_id: expect.stringMatching(API_ID),
      resource_id: resourceRef(tf, 'health'),
      http_method: refTo(tf, 'aws_api_gateway_method', 'http_method'),
      type: 'MOCK',
      request_templates: { 'application/json': '{"statusCode": 200}' },
    });
    expect(only(tf, 'aws_api_gateway_method_response').status_code).toBe('200');
    expect(only(tf, 'aws_api_gateway_integration_response').response_templates).toEqual({ 'application/json': '{"ok": true}' });
  });

  test('binds the integration once, to the method, and exposes what it returned', () => {
    const mock = new MockIntegration();

    const method = api(newStack()).root.addMethod('GET', mock);

    expect(mock.boundTo).toEqual([method]);
    expect(method.integrationConfig.type).toBe('MOCK');
  });

  test('fails when a cache key parameter is not a method request parameter', () => {
    const stack = newStack();
    const items = api(stack).root.addResource('items');

    expect(() => items.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')), { cacheKeyParameters: ['querystring.limit'] })).toThrow(
      /^stack\/Api\/Root\/items\/GET: cache key parameter "querystring\.limit" is not valid; use a form such as "method\.request\.querystring\.limit" or "method\.request\.header\.Accept"$/,
    );
  });

  test('fails when authorization is not one API Gateway knows', () => {
    const stack = newStack();
    const authorization = 'JWT' as unknown as MethodOptions['authorization'];

    expect(() => api(stack).root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')), { authorization })).toThrow(
      /^stack\/Api\/Root\/GET: authorization "JWT" is not valid; use one of NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS$/,
    );
  });

  test('fails when authorization is CUSTOM without an authorizer', () => {
    const stack = newStack();

    expect(() => api(stack).root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')), { authorization: 'CUSTOM' })).toThrow(
      /^stack\/Api\/Root\/GET: authorization "CUSTOM" needs an authorizer; pass \{ authorizer \} with a LambdaAuthorizer$/,
    );
  });

  test('fails before the method exists, so the verb can be added again with valid options', () => {
    const stack = newStack();
    const root = api(stack).root;
    const integration = new LambdaIntegration(handler(stack, 'fn'));

    expect(() => root.addMethod('GET', integration, { cacheKeyParameters: ['limit'] })).toThrow(/cache key parameter "limit" is not valid/);
    expect(root.node.tryFindChild('GET')).toBeUndefined();
    expect(root.addMethod('GET', integration).route).toBe('GET /');
  });
});

describe('ApiMethod authorizers', () => {
  const POOL = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123';

  test('exposes its authorization and authorizer', () => {
    const stack = newStack();
    const restApi = api(stack);
    const authorizer = new LambdaAuthorizer(stack, 'Auth', { api: restApi, handler: handler(stack, 'auth') });
    const method = restApi.root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')), { authorizer });

    expect([method.authorization, method.authorizer]).toEqual(['CUSTOM', authorizer]);
  });

  test('fails when authorization does not match the authorizer', () => {
    const stack = newStack();
    const restApi = api(stack);
    const authorizer = new CognitoAuthorizer(stack, 'Users', { api: restApi, userPoolArns: [POOL] });

    expect(() => restApi.root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')), { authorizer, authorization: 'AWS_IAM' })).toThrow(
      /^stack\/Api\/Root\/GET: authorization "AWS_IAM" does not match the authorizer stack\/Users, which is COGNITO_USER_POOLS; leave authorization out$/,
    );
  });

  test('fails when the authorizer belongs to another API', () => {
    const stack = newStack();
    const other = new RestApi(stack, 'Other');
    const authorizer = new CognitoAuthorizer(stack, 'Users', { api: other, userPoolArns: [POOL] });

    expect(() => api(stack).root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')), { authorizer })).toThrow(
      /^stack\/Api\/Root\/GET: the authorizer stack\/Users belongs to stack\/Other, not to stack\/Api; create one for this API$/,
    );
  });

  test('fails when authorizationScopes come without a Cognito authorizer', () => {
    const stack = newStack();

    expect(() => api(stack).root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')), { authorizationScopes: ['items/read'] })).toThrow(
      /^stack\/Api\/Root\/GET: authorizationScopes apply only to a CognitoAuthorizer, and this method's authorization is NONE; remove them$/,
    );
  });

  test('fails when an authorization scope has a space', () => {
    const stack = newStack();
    const restApi = api(stack);
    const authorizer = new CognitoAuthorizer(stack, 'Users', { api: restApi, userPoolArns: [POOL] });

    expect(() => restApi.root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')), { authorizer, authorizationScopes: ['items read'] })).toThrow(
      /^stack\/Api\/Root\/GET: authorization scope "items read" is not valid/,
    );
  });
});
