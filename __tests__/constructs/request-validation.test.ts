import { TerraformStack } from 'cdktf';
import { ValidationError } from '../../src/apigw/errors';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { RequestModel } from '../../src/constructs/request-model';
import { RestApi } from '../../src/constructs/rest-api/rest-api';
import type { MethodOptions } from '../../src/constructs/api-method';
import { api, handler, newStack, only, resources, synth } from '../support/helpers';

const SCHEMA = { type: 'object' as const, required: ['name'] };

/** `PUT /items` with `options`, and a model `Item` of the API as `model` gives it. */
function putItems(options: (model: RequestModel) => MethodOptions) {
  return (stack: TerraformStack) => {
    const restApi = api(stack);
    const model = new RequestModel(stack, 'Item', { api: restApi, schema: SCHEMA });
    restApi.root.addResource('items').addMethod('PUT', new LambdaIntegration(handler(stack, 'fn')), options(model));
  };
}

describe('method request validation', () => {
  test("requestModels name each content type's model, and the method validates the body by default", () => {
    const tf = synth(putItems((model) => ({ requestModels: { 'application/json': model } })));

    const method = only(tf, 'aws_api_gateway_method');
    expect(method.request_models).toEqual({ 'application/json': expect.stringMatching(/^\$\{aws_api_gateway_model\.Item_Model_\w+\.name\}$/) });
    expect(method.request_validator_id).toMatch(/^\$\{aws_api_gateway_request_validator\.Api_RequestValidator-body_\w+\.id\}$/);
    expect(only(tf, 'aws_api_gateway_request_validator')).toMatchObject({ name: 'body', validate_request_body: true, validate_request_parameters: false });
  });

  test('required query strings and headers are required request parameters, validated by default', () => {
    const tf = synth(putItems(() => ({ requiredQueryStrings: ['version'], requiredHeaders: ['X-Request-Id'] })));

    expect(only(tf, 'aws_api_gateway_method').request_parameters).toEqual({ 'method.request.querystring.version': true, 'method.request.header.X-Request-Id': true });
    expect(only(tf, 'aws_api_gateway_request_validator')).toMatchObject({ name: 'parameters', validate_request_body: false, validate_request_parameters: true });
  });

  test('a model and required parameters: both are validated', () => {
    const tf = synth(putItems((model) => ({ requestModels: { 'application/json': model }, requiredHeaders: ['X-Request-Id'] })));

    expect(only(tf, 'aws_api_gateway_request_validator')).toMatchObject({ name: 'body-and-parameters', validate_request_body: true, validate_request_parameters: true });
  });

  test('a required query string that is also a cache key stays required', () => {
    const tf = synth(putItems(() => ({ requiredQueryStrings: ['limit'], cacheKeyParameters: ['method.request.querystring.limit'] })));

    expect(only(tf, 'aws_api_gateway_method').request_parameters).toEqual({ 'method.request.querystring.limit': true });
  });

  test('requestValidator chooses what is validated', () => {
    const tf = synth(putItems((model) => ({ requestModels: { 'application/json': model }, requiredHeaders: ['X-Id'], requestValidator: 'PARAMETERS' })));

    expect(only(tf, 'aws_api_gateway_request_validator').name).toBe('parameters');
  });

  test('methods share one validator of each kind', () => {
    const tf = synth((stack) => {
      const restApi = api(stack);
      const model = new RequestModel(stack, 'Item', { api: restApi, schema: SCHEMA });
      const fn = new LambdaIntegration(handler(stack, 'fn'));
      const items = restApi.root.addResource('items');
      items.addMethod('PUT', fn, { requestModels: { 'application/json': model } });
      items.addMethod('POST', fn, { requestModels: { 'application/json': model } });
      items.addMethod('GET', fn, { requiredQueryStrings: ['q'] });
    });

    expect(resources(tf, 'aws_api_gateway_request_validator').map((validator) => validator.name).sort()).toEqual(['body', 'parameters']);
  });

  test('a method that declares nothing to validate has no validator and no models', () => {
    const tf = synth((stack) => api(stack).root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn'))));

    expect([only(tf, 'aws_api_gateway_method').request_validator_id, only(tf, 'aws_api_gateway_method').request_models]).toEqual([undefined, undefined]);
    expect(resources(tf, 'aws_api_gateway_request_validator')).toEqual([]);
  });

  test('fails when requestValidator validates the body of a method without requestModels', () => {
    expect(() => synth(putItems(() => ({ requestValidator: 'BODY' })))).toThrow(
      new ValidationError("stack/Api/Root/items/PUT: requestValidator \"BODY\" validates the body, but the method has no requestModels; add requestModels or use 'PARAMETERS'"),
    );
  });

  test('fails when requestValidator validates parameters of a method that requires none', () => {
    expect(() => synth(putItems((model) => ({ requestModels: { 'application/json': model }, requestValidator: 'BODY_AND_PARAMETERS' })))).toThrow(
      "stack/Api/Root/items/PUT: requestValidator \"BODY_AND_PARAMETERS\" validates parameters, but the method requires none; add requiredQueryStrings or requiredHeaders, or use 'BODY'",
    );
  });

  test('fails when requestValidator is not a kind', () => {
    expect(() => synth(putItems(() => ({ requiredHeaders: ['X-Id'], requestValidator: 'ALL' as never })))).toThrow(
      'stack/Api/Root/items/PUT: requestValidator "ALL" is not valid; use one of BODY, PARAMETERS, BODY_AND_PARAMETERS',
    );
  });

  test('fails when a requestModels key is not a content type', () => {
    expect(() => synth(putItems((model) => ({ requestModels: { json: model } })))).toThrow(
      'stack/Api/Root/items/PUT: requestModels key "json" is not a content type; use a form such as "application/json"',
    );
  });

  test('fails when a required query string or header name is not valid', () => {
    expect(() => synth(putItems(() => ({ requiredQueryStrings: ['a b'] })))).toThrow(
      'stack/Api/Root/items/PUT: required query string "a b" is not valid; use letters, digits, ".", "_" and "-", such as "limit"',
    );
    expect(() => synth(putItems(() => ({ requiredHeaders: ['X Id'] })))).toThrow('stack/Api/Root/items/PUT: required header "X Id" is not a header name');
  });

  test("fails when a model is another API's", () => {
    const stack = newStack();
    const first = api(stack);
    const model = new RequestModel(stack, 'Item', { api: first, schema: SCHEMA });
    const second = new RestApi(stack, 'Other');

    expect(() => second.root.addMethod('PUT', new LambdaIntegration(handler(stack, 'fn')), { requestModels: { 'application/json': model } })).toThrow(
      'stack/Other/Root/PUT: requestModels["application/json"] is the model stack/Item of stack/Api, not of stack/Other; create one for this API',
    );
  });
});
