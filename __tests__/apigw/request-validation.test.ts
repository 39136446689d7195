import { ValidationError } from '../../src/apigw/errors';
import { checkModelName, jsonSchemaProblems, missingParametersMessage, REQUEST_VALIDATORS } from '../../src/apigw/request-validation';

describe('jsonSchemaProblems', () => {
  test('accepts a draft-04 schema of the keywords draft 4 and OpenAPI 3.0 share', () => {
    const schema = {
      title: 'Item',
      type: 'object',
      properties: { name: { type: 'string', pattern: '\\S', maxLength: 200 }, tags: { type: 'array', items: { enum: ['a', 'b'] }, uniqueItems: true } },
      required: ['name'],
      additionalProperties: false,
      oneOf: [{ required: ['name'] }, { not: { type: 'string' } }],
    };

    expect(jsonSchemaProblems(schema)).toEqual([]);
  });

  test('fails when a keyword is not one both draft 4 and OpenAPI 3.0 have, naming where ($ref, $schema, patternProperties)', () => {
    expect(jsonSchemaProblems({ $schema: 'x', properties: { a: { $ref: '#/x' } }, patternProperties: {} })).toEqual([
      expect.stringMatching(/^\/\$schema: "\$schema" is not a keyword/),
      expect.stringMatching(/^\/properties\/a\/\$ref: "\$ref" is not a keyword/),
      expect.stringMatching(/^\/patternProperties: "patternProperties" is not a keyword/),
    ]);
  });

  test('fails when a type is not a JSON Schema type, or a pattern not a regular expression', () => {
    expect(jsonSchemaProblems({ type: 'null', properties: { a: { type: 'string', pattern: '(' } } })).toEqual([
      '/type: "null" is not one of object, array, string, number, integer, boolean',
      '/properties/a/pattern: "(" is not a regular expression',
    ]);
  });

  test('fails when a schema, or a list of schemas, is not one', () => {
    expect(jsonSchemaProblems({ items: 'x', anyOf: [], allOf: [{ type: 'string' }, 3] })).toEqual([
      '/items is not a schema object',
      '/anyOf must be a non-empty list of schemas',
      '/allOf/1 is not a schema object',
    ]);
  });
});

describe('missingParametersMessage', () => {
  // AWS's answer recorded in LocalStack's AWS-validated snapshot of test_api_gateway_request_validator.
  test('lists the names, without their location, headers then path then query strings', () => {
    expect(missingParametersMessage(['method.request.querystring.qs1', 'method.request.path.issuer', 'method.request.header.x-header-param'])).toBe(
      'Missing required request parameters: [x-header-param, issuer, qs1]',
    );
  });

  test('one parameter', () => {
    expect(missingParametersMessage(['method.request.querystring.q1'])).toBe('Missing required request parameters: [q1]');
  });
});

describe('checkModelName', () => {
  test('accepts letters and digits', () => {
    expect(() => checkModelName('stack/Model', 'Item2')).not.toThrow();
  });

  test('fails when the name has other characters, suggesting one without them', () => {
    expect(() => checkModelName('stack/Model', 'item-event')).toThrow(ValidationError);
    expect(() => checkModelName('stack/Model', 'item-event')).toThrow(
      'stack/Model: model name "item-event" is not valid; API Gateway model names are letters and digits only, such as "itemevent"',
    );
  });
});

describe('REQUEST_VALIDATORS', () => {
  test('one validator per kind, named after what it checks', () => {
    expect(Object.values(REQUEST_VALIDATORS)).toEqual([
      { name: 'body', validateRequestBody: true, validateRequestParameters: false },
      { name: 'parameters', validateRequestBody: false, validateRequestParameters: true },
      { name: 'body-and-parameters', validateRequestBody: true, validateRequestParameters: true },
    ]);
  });
});
