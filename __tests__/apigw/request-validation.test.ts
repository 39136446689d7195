import { ValidationError } from '../../src/apigw/errors';
import {
  checkModelName,
  DRAFT_04_SCHEMA_URI,
  INVALID_REQUEST_BODY_MESSAGE,
  jsonSchemaProblems,
  missingParametersMessage,
  REQUEST_PARAMETER,
  REQUEST_VALIDATOR_KINDS,
  REQUEST_VALIDATORS,
} from '../../src/apigw/request-validation';

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

describe('jsonSchemaProblems: every keyword', () => {
  test('accepts each keyword draft 4 and OpenAPI 3.0 share, with plain values where they hold values', () => {
    const schema = {
      type: 'object',
      title: 'All (of them)',
      description: 'Every keyword [once]',
      enum: [{ a: 1 }],
      required: ['a'],
      minProperties: 1,
      maxProperties: 2,
      properties: { a: { type: 'array', minItems: 1, maxItems: 3, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 9, pattern: '^[a-z]+$' } } },
      additionalProperties: { type: 'number', minimum: 0, maximum: 10, exclusiveMinimum: true, exclusiveMaximum: false },
      allOf: [{ type: 'object' }],
      anyOf: [{ required: ['a'] }],
      oneOf: [{ required: ['a'] }],
      not: { required: ['b'] },
    };

    expect(jsonSchemaProblems(schema)).toEqual([]);
  });

  test('an unknown keyword is named with every keyword the project writes', () => {
    expect(jsonSchemaProblems({ format: 'email' })).toEqual([
      '/format: "format" is not a keyword this project writes (draft 4 and OpenAPI 3.0 share type, title, description, enum, required, minProperties, maxProperties, minItems, maxItems, uniqueItems, minLength, maxLength, pattern, minimum, maximum, exclusiveMinimum, exclusiveMaximum, properties, additionalProperties, items, allOf, anyOf, oneOf, not)',
    ]);
  });

  test("a name of Object's prototype is no keyword", () => {
    expect(jsonSchemaProblems({ constructor: {} })).toEqual([expect.stringMatching(/^\/constructor: "constructor" is not a keyword/)]);
  });

  test.each([[null], ['x'], [[{ type: 'string' }]]])('fails when the schema itself is %j', (schema) => {
    expect(jsonSchemaProblems(schema)).toEqual(['/ is not a schema object']);
  });

  test.each([[[]], [null], ['a']])('fails when properties is %j', (properties) => {
    expect(jsonSchemaProblems({ properties })).toEqual(['/properties must map property names to schemas']);
  });

  test('additionalProperties is a boolean or a schema, checked as one', () => {
    expect(jsonSchemaProblems({ additionalProperties: true })).toEqual([]);
    expect(jsonSchemaProblems({ additionalProperties: { type: 'nothing' } })).toEqual(['/additionalProperties/type: "nothing" is not one of object, array, string, number, integer, boolean']);
  });

  test("a pattern is a Unicode regular expression, as Java's, which API Gateway runs, refuses a lone {", () => {
    expect(jsonSchemaProblems({ pattern: 'a{' })).toEqual(['/pattern: "a{" is not a regular expression']);
  });

  test('only pattern is read as a regular expression', () => {
    expect(jsonSchemaProblems({ title: 'a(', description: '[' })).toEqual([]);
  });
});

describe('request validation facts', () => {
  test("a model's $schema is draft 4's", () => {
    expect(DRAFT_04_SCHEMA_URI).toBe('http://json-schema.org/draft-04/schema#');
  });

  test('a validator checks the body, the parameters, or both', () => {
    expect(REQUEST_VALIDATOR_KINDS).toEqual(['BODY', 'PARAMETERS', 'BODY_AND_PARAMETERS']);
  });

  test("a body that fails its model is answered 'Invalid request body'", () => {
    expect(INVALID_REQUEST_BODY_MESSAGE).toBe('Invalid request body');
  });

  test('a missing parameter keeps the dots of its name', () => {
    expect(missingParametersMessage(['method.request.header.x.trace.id'])).toBe('Missing required request parameters: [x.trace.id]');
  });

  test('a model name with no letter or digit gets Item as the suggestion', () => {
    expect(() => checkModelName('stack/Model', '---')).toThrow('such as "Item"');
  });
});

describe('REQUEST_PARAMETER', () => {
  test.each(['method.request.path.id', 'method.request.querystring.limit', 'method.request.header.X-Trace', 'method.request.multivalueheader.A', 'method.request.multivaluequerystring.b'])(
    'is %s, with its location and name',
    (key) => {
      expect(REQUEST_PARAMETER.exec(key)?.slice(1)).toEqual(key.split('.').slice(2));
    },
  );

  test.each(['method.request.body.x', 'xmethod.request.path.id', 'method.request.path.id extra', 'method.request.path.'])('is not %p', (key) => {
    expect(REQUEST_PARAMETER.test(key)).toBe(false);
  });
});
