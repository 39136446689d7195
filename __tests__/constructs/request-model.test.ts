import { ValidationError } from '../../src/apigw/errors';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { RequestModel } from '../../src/constructs/request-model';
import { api, handler, newStack, only, resources, synth } from '../support/helpers';

const SCHEMA = { type: 'object' as const, properties: { name: { type: 'string' as const } }, required: ['name'] };

describe('RequestModel', () => {
  test('is an aws_api_gateway_model of the API: JSON, its draft-04 schema, named after the construct id', () => {
    const tf = synth((stack) => {
      const restApi = api(stack);
      new RequestModel(stack, 'Item', { api: restApi, schema: SCHEMA });
      restApi.root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')));
    });

    const model = only(tf, 'aws_api_gateway_model');
    expect(model).toMatchObject({ name: 'Item', content_type: 'application/json', rest_api_id: expect.stringMatching(/^\$\{aws_api_gateway_rest_api\.Api_RestApi_\w+\.id\}$/) });
    expect(JSON.parse(model.schema)).toEqual({ $schema: 'http://json-schema.org/draft-04/schema#', ...SCHEMA });
  });

  test('takes a name', () => {
    const tf = synth((stack) => {
      const restApi = api(stack);
      new RequestModel(stack, 'ItemModel', { api: restApi, schema: SCHEMA, name: 'ItemV2' });
      restApi.root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')));
    });

    expect(only(tf, 'aws_api_gateway_model').name).toBe('ItemV2');
  });

  test('a new model changes the deployment triggers', () => {
    const triggersOf = (withModel: boolean) =>
      only(
        synth((stack) => {
          const restApi = api(stack);
          if (withModel) new RequestModel(stack, 'Item', { api: restApi, schema: SCHEMA });
          restApi.root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')));
        }),
        'aws_api_gateway_deployment',
      ).triggers.redeployment;

    expect(triggersOf(true)).not.toBe(triggersOf(false));
  });

  test("is in the OpenAPI body, not a resource, when the API's definition is openapi", () => {
    const tf = synth((stack) => {
      const restApi = api(stack, { definition: 'openapi' });
      new RequestModel(stack, 'Item', { api: restApi, schema: SCHEMA });
      restApi.root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')));
    });

    expect(resources(tf, 'aws_api_gateway_model')).toEqual([]);
    expect(JSON.parse(only(tf, 'aws_api_gateway_rest_api').body).components.schemas).toEqual({ Item: SCHEMA });
  });

  test('fails when the name is not letters and digits', () => {
    const stack = newStack();
    const restApi = api(stack);

    expect(() => new RequestModel(stack, 'item-model', { api: restApi, schema: SCHEMA })).toThrow(
      new ValidationError('stack/item-model: model name "item-model" is not valid; API Gateway model names are letters and digits only, such as "itemmodel"'),
    );
  });

  test('fails when the schema has a keyword this project does not write, naming where', () => {
    const stack = newStack();
    const restApi = api(stack);
    const schema = { type: 'object', properties: { tags: { $ref: '#/definitions/Tags' } } } as never;

    expect(() => new RequestModel(stack, 'Item', { api: restApi, schema })).toThrow(
      /^stack\/Item: the schema is not one this project can write to API Gateway: \/properties\/tags\/\$ref: "\$ref" is not a keyword .*; fix the schema$/,
    );
  });

  test('fails when the API already has a model of that name', () => {
    const stack = newStack();
    const restApi = api(stack);
    new RequestModel(stack, 'Item', { api: restApi, schema: SCHEMA });

    expect(() => new RequestModel(stack, 'Other', { api: restApi, schema: SCHEMA, name: 'Item' })).toThrow(
      'stack/Other: the API already has a model named "Item" (stack/Item); give this one another name',
    );
  });
});
