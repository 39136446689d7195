import { ValidationError } from './errors';

// Request validation: the JSON Schema of request models, the validators a method can use, and API Gateway's answers
// when a request fails them ("Use request validation in API Gateway"; "Data models for REST APIs"). The constructs
// write models and validators, the stack model reads them, and the local API enforces them, all from here.

/**
 * The JSON Schema of a request model: the part of draft 4, which API Gateway validates bodies with ("Data models
 * for REST APIs": "API Gateway uses JSON schema draft 4"), that is also an OpenAPI 3.0 Schema Object, so one
 * schema serves an `aws_api_gateway_model`, an OpenAPI body and the exported document alike. `$ref` is left
 * out: each model stands alone. `format` is left out too: API Gateway's validator and a local one disagree on it.
 */
export interface JsonSchema {
  /**
   * The JSON type of the value.
   * @default - any type
   */
  readonly type?: JsonSchemaType;
  /**
   * A title for readers of the schema.
   * @default - none
   */
  readonly title?: string;
  /**
   * What the value means, for readers of the schema.
   * @default - none
   */
  readonly description?: string;
  /**
   * The only values allowed.
   * @default - any value
   */
  readonly enum?: (string | number | boolean)[];
  /**
   * Schemas of an object's properties.
   * @default - none
   */
  readonly properties?: Record<string, JsonSchema>;
  /**
   * Properties an object must have.
   * @default - none
   */
  readonly required?: string[];
  /**
   * Whether an object may have properties not in `properties`, or the schema they must match.
   * @default true
   */
  readonly additionalProperties?: boolean | JsonSchema;
  /**
   * Fewest properties of an object.
   * @default - no minimum
   */
  readonly minProperties?: number;
  /**
   * Most properties of an object.
   * @default - no maximum
   */
  readonly maxProperties?: number;
  /**
   * The schema of every item of an array.
   * @default - any items
   */
  readonly items?: JsonSchema;
  /**
   * Fewest items of an array.
   * @default - no minimum
   */
  readonly minItems?: number;
  /**
   * Most items of an array.
   * @default - no maximum
   */
  readonly maxItems?: number;
  /**
   * Whether an array's items must differ from each other.
   * @default false
   */
  readonly uniqueItems?: boolean;
  /**
   * Shortest length of a string.
   * @default - no minimum
   */
  readonly minLength?: number;
  /**
   * Longest length of a string.
   * @default - no maximum
   */
  readonly maxLength?: number;
  /**
   * A regular expression a string must contain a match of (anchor it with `^...$` to match the whole string).
   * @default - any string
   */
  readonly pattern?: string;
  /**
   * Smallest number allowed.
   * @default - no minimum
   */
  readonly minimum?: number;
  /**
   * Largest number allowed.
   * @default - no maximum
   */
  readonly maximum?: number;
  /**
   * Whether `minimum` itself is excluded (draft 4's boolean form).
   * @default false
   */
  readonly exclusiveMinimum?: boolean;
  /**
   * Whether `maximum` itself is excluded (draft 4's boolean form).
   * @default false
   */
  readonly exclusiveMaximum?: boolean;
  /**
   * Schemas the value must match every one of.
   * @default - none
   */
  readonly allOf?: JsonSchema[];
  /**
   * Schemas the value must match at least one of.
   * @default - none
   */
  readonly anyOf?: JsonSchema[];
  /**
   * Schemas the value must match exactly one of.
   * @default - none
   */
  readonly oneOf?: JsonSchema[];
  /**
   * A schema the value must not match.
   * @default - none
   */
  readonly not?: JsonSchema;
}

export type JsonSchemaType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
const JSON_SCHEMA_TYPES: readonly string[] = ['object', 'array', 'string', 'number', 'integer', 'boolean'];

/** The keywords of `JsonSchema` that hold plain values (a type, numbers, names, a pattern). */
const VALUE_KEYWORDS: readonly string[] = [
  'type',
  'title',
  'description',
  'enum',
  'required',
  'minProperties',
  'maxProperties',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
];

/** The keywords of `JsonSchema` that hold schemas, and how: each is checked in turn. */
const SCHEMA_KEYWORDS: Record<string, 'schema' | 'schemas' | 'properties' | 'schemaOrBoolean'> = {
  properties: 'properties',
  additionalProperties: 'schemaOrBoolean',
  items: 'schema',
  allOf: 'schemas',
  anyOf: 'schemas',
  oneOf: 'schemas',
  not: 'schema',
};

const KEYWORDS: readonly string[] = [...VALUE_KEYWORDS, ...Object.keys(SCHEMA_KEYWORDS)];

/** The `$schema` of an `aws_api_gateway_model`: API Gateway validates with JSON Schema draft 4. */
export const DRAFT_04_SCHEMA_URI = 'http://json-schema.org/draft-04/schema#';

/** Every problem of a schema, each with the JSON pointer of its place (`/properties/price`), or none. */
export function jsonSchemaProblems(schema: unknown, pointer = ''): string[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return [`${pointer || '/'} is not a schema object`];
  const problems: string[] = [];
  for (const [keyword, value] of Object.entries(schema)) {
    const at = `${pointer}/${keyword}`;
    const kind = SCHEMA_KEYWORDS[keyword];
    if (!KEYWORDS.includes(keyword)) {
      problems.push(`${at}: "${keyword}" is not a keyword this project writes (draft 4 and OpenAPI 3.0 share ${KEYWORDS.join(', ')})`);
    } else if (kind === 'schema') {
      problems.push(...jsonSchemaProblems(value, at));
    } else if (kind === 'schemas') {
      if (!Array.isArray(value) || value.length === 0) problems.push(`${at} must be a non-empty list of schemas`);
      else value.forEach((item, i) => problems.push(...jsonSchemaProblems(item, `${at}/${i}`)));
    } else if (kind === 'properties') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) problems.push(`${at} must map property names to schemas`);
      else for (const [name, item] of Object.entries(value)) problems.push(...jsonSchemaProblems(item, `${at}/${name}`));
    } else if (kind === 'schemaOrBoolean') {
      if (typeof value !== 'boolean') problems.push(...jsonSchemaProblems(value, at));
    } else if (keyword === 'type' && !JSON_SCHEMA_TYPES.includes(value as string)) {
      problems.push(`${at}: "${String(value)}" is not one of ${JSON_SCHEMA_TYPES.join(', ')}`);
    } else if (keyword === 'pattern') {
      try {
        new RegExp(value as string, 'u');
      } catch {
        problems.push(`${at}: "${String(value)}" is not a regular expression`);
      }
    }
  }
  return problems;
}

/** Model names: "Must be alphanumeric" (CreateModel `name`). */
export const MODEL_NAME = /^[A-Za-z0-9]+$/;

export function checkModelName(where: string, name: string): void {
  if (!MODEL_NAME.test(name)) {
    throw new ValidationError(`${where}: model name "${name}" is not valid; API Gateway model names are letters and digits only, such as "${name.replace(/[^A-Za-z0-9]/g, '') || 'Item'}"`);
  }
}

/** What a method's request validator checks: the body against its model, the required parameters, or both. */
export type RequestValidatorKind = 'BODY' | 'PARAMETERS' | 'BODY_AND_PARAMETERS';
export const REQUEST_VALIDATOR_KINDS: readonly RequestValidatorKind[] = ['BODY', 'PARAMETERS', 'BODY_AND_PARAMETERS'];

/** A request validator of an API, as CreateRequestValidator and `x-amazon-apigateway-request-validators` hold it. */
export interface RequestValidatorSettings {
  readonly name: string;
  readonly validateRequestBody: boolean;
  readonly validateRequestParameters: boolean;
}

/** The one validator of each kind an API gets, named after what it checks. */
export const REQUEST_VALIDATORS: Record<RequestValidatorKind, RequestValidatorSettings> = {
  BODY: { name: 'body', validateRequestBody: true, validateRequestParameters: false },
  PARAMETERS: { name: 'parameters', validateRequestBody: false, validateRequestParameters: true },
  BODY_AND_PARAMETERS: { name: 'body-and-parameters', validateRequestBody: true, validateRequestParameters: true },
};

/** The message of a body that fails its model (the BAD_REQUEST_BODY gateway response; "Test basic request validation"). */
export const INVALID_REQUEST_BODY_MESSAGE = 'Invalid request body';

/**
 * The message of a request that lacks required parameters (BAD_REQUEST_PARAMETERS): the names, without their
 * location, in the order of their `method.request.<location>.<name>` keys, so headers, then path, then query
 * strings: `Missing required request parameters: [x-header-param, issuer, qs1]`, as AWS answered in LocalStack's
 * AWS-validated snapshot of test_api_gateway_request_validator (tests/aws/services/apigateway).
 */
export function missingParametersMessage(missingKeys: readonly string[]): string {
  const names = [...missingKeys].sort().map((key) => key.split('.').slice(3).join('.'));
  return `Missing required request parameters: [${names.join(', ')}]`;
}

/** The request parameter keys a method may require or cache on: `method.request.<location>.<name>`. */
export const REQUEST_PARAMETER = /^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.([A-Za-z0-9._-]+)$/;
