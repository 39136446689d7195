import { DEFAULT_AUTHORIZER_TTL_SECONDS } from './defaults';
import { HTTP_METHODS, isHttpMethod } from './http-methods';
import { REQUEST_PARAMETER, RequestValidatorSettings } from './request-validation';
import type { JsonSchema } from './request-validation';

// A REST API as an OpenAPI 3.0 document with API Gateway's extensions ("Working with API Gateway extensions to
// OpenAPI"): what `RestApi` writes on `aws_api_gateway_rest_api.body` with `definition: 'openapi'`, what the stack
// model reads back from it, and what `lambda-rest-api openapi` exports. Both directions go through the plain
// `OpenApiDefinition` below, so the writer and the readers agree on every name and mapping.

export const OPENAPI_VERSION = '3.0.1';

/** The `x-amazon-apigateway-*` extensions this project writes and reads. */
export const X = {
  integration: 'x-amazon-apigateway-integration',
  anyMethod: 'x-amazon-apigateway-any-method',
  authorizer: 'x-amazon-apigateway-authorizer',
  authType: 'x-amazon-apigateway-authtype',
  apiKeySource: 'x-amazon-apigateway-api-key-source',
  binaryMediaTypes: 'x-amazon-apigateway-binary-media-types',
  endpointConfiguration: 'x-amazon-apigateway-endpoint-configuration',
  gatewayResponses: 'x-amazon-apigateway-gateway-responses',
  requestValidators: 'x-amazon-apigateway-request-validators',
  requestValidator: 'x-amazon-apigateway-request-validator',
} as const;

/** The security scheme of API keys (`x-api-key`), as API Gateway's own export names it. */
export const API_KEY_SCHEME = 'api_key';
/** The security scheme of `AWS_IAM` methods (`x-amazon-apigateway-authtype: awsSigv4`). */
export const SIGV4_SCHEME = 'sigv4';
/** Where a model is referenced from a request body. */
export const SCHEMA_REF_PREFIX = '#/components/schemas/';
/** OpenAPI component names (OpenAPI 3.0.1 "Components Object"), which authorizer names must be in a body. */
export const COMPONENT_NAME = /^[a-zA-Z0-9._-]+$/;

/** One API as an OpenAPI document holds it, in plain values. */
export interface OpenApiDefinition {
  readonly title: string;
  readonly description?: string;
  readonly apiKeySource: string;
  readonly binaryMediaTypes: readonly string[];
  readonly vpcEndpointIds?: readonly string[];
  readonly routes: readonly OpenApiRoute[];
  readonly authorizers: readonly OpenApiAuthorizer[];
  readonly models: readonly OpenApiModel[];
  readonly validators: readonly RequestValidatorSettings[];
  readonly gatewayResponses: readonly OpenApiGatewayResponse[];
}

export interface OpenApiRoute {
  readonly httpMethod: string;
  readonly resourcePath: string;
  readonly authorization: string;
  /** The authorizer's name, for `CUSTOM` and `COGNITO_USER_POOLS`. */
  readonly authorizer?: string;
  readonly authorizationScopes: readonly string[];
  readonly apiKeyRequired: boolean;
  /** `method.request.<location>.<name>` and whether it is required. */
  readonly requestParameters: Readonly<Record<string, boolean>>;
  /** Content type to model name. */
  readonly requestModels: Readonly<Record<string, string>>;
  /** The request validator's name. */
  readonly requestValidator?: string;
  readonly integration: OpenApiIntegration;
}

export interface OpenApiIntegration {
  readonly type: string;
  readonly uri?: string;
  readonly httpMethod?: string;
  readonly passthroughBehavior?: string;
  readonly timeoutMs?: number;
  readonly requestTemplates: Readonly<Record<string, string>>;
  readonly requestParameters: Readonly<Record<string, string>>;
  readonly cacheKeyParameters: readonly string[];
  readonly responses: readonly OpenApiIntegrationResponse[];
}

export interface OpenApiIntegrationResponse {
  readonly statusCode: string;
  /** Absent on the default response. */
  readonly selectionPattern?: string;
  readonly responseTemplates: Readonly<Record<string, string>>;
  readonly responseParameters: Readonly<Record<string, string>>;
}

export interface OpenApiAuthorizer {
  readonly name: string;
  readonly type: 'TOKEN' | 'REQUEST' | 'COGNITO_USER_POOLS';
  /** The Lambda function's invoke ARN, for TOKEN and REQUEST. */
  readonly uri?: string;
  /** Comma-separated mapping expressions; for TOKEN and COGNITO_USER_POOLS one header. */
  readonly identitySource: string;
  readonly identityValidationExpression?: string;
  readonly resultTtlSeconds: number;
  readonly providerArns: readonly string[];
}

export interface OpenApiModel {
  readonly name: string;
  readonly schema: JsonSchema;
}

export interface OpenApiGatewayResponse {
  readonly responseType: string;
  readonly statusCode?: string;
  readonly responseTemplates: Readonly<Record<string, string>>;
  readonly responseParameters: Readonly<Record<string, string>>;
}

type Json = Record<string, unknown>;

/** The OpenAPI document of `api`, paths in code-point order and verbs in `HTTP_METHODS` order, so it is stable. */
export function renderOpenApi(api: OpenApiDefinition): Json {
  const paths: Json = {};
  const routes = [...api.routes].sort((a, b) => compare(a.resourcePath, b.resourcePath) || HTTP_METHODS.indexOf(a.httpMethod as never) - HTTP_METHODS.indexOf(b.httpMethod as never));
  for (const route of routes) {
    const item = (paths[route.resourcePath] ??= {}) as Json;
    item[operationKey(route.httpMethod)] = operation(route);
  }
  const securitySchemes: Json = {};
  if (api.routes.some((route) => route.apiKeyRequired)) securitySchemes[API_KEY_SCHEME] = { type: 'apiKey', name: 'x-api-key', in: 'header' };
  if (api.routes.some((route) => route.authorization === 'AWS_IAM')) {
    securitySchemes[SIGV4_SCHEME] = { type: 'apiKey', name: 'Authorization', in: 'header', [X.authType]: 'awsSigv4' };
  }
  for (const authorizer of [...api.authorizers].sort((a, b) => compare(a.name, b.name))) securitySchemes[authorizer.name] = securityScheme(authorizer);
  const schemas = Object.fromEntries([...api.models].sort((a, b) => compare(a.name, b.name)).map((model) => [model.name, model.schema]));
  const components: Json = {};
  if (api.models.length) components.schemas = schemas;
  if (Object.keys(securitySchemes).length) components.securitySchemes = securitySchemes;

  const document: Json = {
    openapi: OPENAPI_VERSION,
    info: { title: api.title, ...(api.description === undefined ? {} : { description: api.description }), version: '1.0' },
    paths,
  };
  if (Object.keys(components).length) document.components = components;
  document[X.apiKeySource] = api.apiKeySource;
  if (api.binaryMediaTypes.length) document[X.binaryMediaTypes] = [...api.binaryMediaTypes];
  if (api.vpcEndpointIds?.length) document[X.endpointConfiguration] = { vpcEndpointIds: [...api.vpcEndpointIds] };
  if (api.validators.length) {
    document[X.requestValidators] = Object.fromEntries(
      api.validators.map((v) => [v.name, { validateRequestBody: v.validateRequestBody, validateRequestParameters: v.validateRequestParameters }]),
    );
  }
  if (api.gatewayResponses.length) {
    document[X.gatewayResponses] = Object.fromEntries(
      api.gatewayResponses.map((response) => [
        response.responseType,
        withoutEmpty({ statusCode: response.statusCode, responseParameters: response.responseParameters, responseTemplates: response.responseTemplates }),
      ]),
    );
  }
  return document;
}

/** `get`, `post`, ... or the extension API Gateway reads as `ANY`. */
export function operationKey(httpMethod: string): string {
  return httpMethod === 'ANY' ? X.anyMethod : httpMethod.toLowerCase();
}

function operation(route: OpenApiRoute): Json {
  const result: Json = {};
  // In key order (headers, path, query strings), as Terraform JSON keeps the map, so both definitions list them alike.
  const parameters = Object.entries(route.requestParameters)
    .sort(([a], [b]) => compare(a, b))
    .map(([key, required]) => parameter(key, required));
  if (parameters.length) result.parameters = parameters;
  const models = Object.entries(route.requestModels);
  if (models.length) {
    result.requestBody = { content: Object.fromEntries(models.map(([contentType, name]) => [contentType, { schema: { $ref: `${SCHEMA_REF_PREFIX}${name}` } }])) };
  }
  result.responses = methodResponses(route.integration.responses);
  const security: Record<string, string[]> = {};
  if (route.authorizer !== undefined) security[route.authorizer] = [...route.authorizationScopes];
  if (route.authorization === 'AWS_IAM') security[SIGV4_SCHEME] = [];
  if (route.apiKeyRequired) security[API_KEY_SCHEME] = [];
  if (Object.keys(security).length) result.security = [security];
  if (route.requestValidator !== undefined) result[X.requestValidator] = route.requestValidator;
  result[X.integration] = integration(route.integration);
  return result;
}

const LOCATIONS: Record<string, string> = { path: 'path', querystring: 'query', header: 'header' };

/** A method request parameter as an OpenAPI parameter; a greedy path variable (`{proxy+}`) is named without `+`. */
function parameter(key: string, required: boolean): Json {
  const [, location, name] = REQUEST_PARAMETER.exec(key) ?? [];
  const where = LOCATIONS[location];
  if (!where) throw new Error(`request parameter "${key}" has no OpenAPI form; use method.request.path, querystring or header`);
  return { name, in: where, required: where === 'path' ? true : required, schema: { type: 'string' } };
}

/** The method responses: one per status code the integration answers with, declaring the headers it maps. */
function methodResponses(responses: readonly OpenApiIntegrationResponse[]): Json {
  const result: Json = {};
  for (const response of responses) {
    const headers = Object.keys(response.responseParameters)
      .map((target) => /^method\.response\.header\.(.+)$/.exec(target)?.[1])
      .filter((name): name is string => name !== undefined);
    result[response.statusCode] = {
      description: `${response.statusCode} response`,
      ...(headers.length ? { headers: Object.fromEntries(headers.map((name) => [name, { schema: { type: 'string' } }])) } : {}),
    };
  }
  return result;
}

function integration(config: OpenApiIntegration): Json {
  const responses = config.responses.map((response) => [
    response.selectionPattern ?? 'default',
    withoutEmpty({ statusCode: response.statusCode, responseParameters: response.responseParameters, responseTemplates: response.responseTemplates }),
  ]);
  return withoutEmpty({
    type: config.type.toLowerCase(),
    httpMethod: config.httpMethod,
    uri: config.uri,
    passthroughBehavior: config.passthroughBehavior?.toLowerCase(),
    timeoutInMillis: config.timeoutMs,
    requestParameters: config.requestParameters,
    requestTemplates: config.requestTemplates,
    cacheKeyParameters: config.cacheKeyParameters,
    responses: Object.fromEntries(responses),
  });
}

function securityScheme(authorizer: OpenApiAuthorizer): Json {
  const header = /^method\.request\.header\.(.+)$/.exec(authorizer.identitySource)?.[1];
  const common = { authorizerResultTtlInSeconds: authorizer.resultTtlSeconds };
  if (authorizer.type === 'COGNITO_USER_POOLS') {
    return {
      type: 'apiKey',
      name: header,
      in: 'header',
      [X.authType]: 'cognito_user_pools',
      [X.authorizer]: { type: 'cognito_user_pools', providerARNs: [...authorizer.providerArns], ...common },
    };
  }
  if (authorizer.type === 'TOKEN') {
    return {
      type: 'apiKey',
      name: header,
      in: 'header',
      [X.authType]: 'custom',
      [X.authorizer]: withoutEmpty({ type: 'token', authorizerUri: authorizer.uri, identityValidationExpression: authorizer.identityValidationExpression, ...common }),
    };
  }
  // "Unused" and "header" when the identity is not one header (x-amazon-apigateway-authorizer, request type).
  return {
    type: 'apiKey',
    name: 'Unused',
    in: 'header',
    [X.authType]: 'custom',
    [X.authorizer]: withoutEmpty({ type: 'request', authorizerUri: authorizer.uri, identitySource: authorizer.identitySource || undefined, ...common }),
  };
}

/** `value` without its undefined fields and empty maps and lists. */
function withoutEmpty(value: Json): Json {
  return Object.fromEntries(
    Object.entries(value).filter(([, item]) => {
      if (item === undefined) return false;
      if (Array.isArray(item)) return item.length > 0;
      return typeof item !== 'object' || item === null || Object.keys(item).length > 0;
    }),
  );
}

/** Reads an OpenAPI 3.0 document with API Gateway's extensions back into its definition. */
export function readOpenApi(document: Json): OpenApiDefinition {
  const components = object(document.components);
  const schemes = object(components.securitySchemes);
  const authorizers = Object.entries(schemes).flatMap(([name, scheme]) => readAuthorizer(name, object(scheme)));
  const authorizerNames = new Set(authorizers.map((authorizer) => authorizer.name));
  const sigv4 = new Set(Object.entries(schemes).filter(([, scheme]) => object(scheme)[X.authType] === 'awsSigv4').map(([name]) => name));
  const apiKeySchemes = new Set(
    Object.entries(schemes)
      .filter(([name, scheme]) => name === API_KEY_SCHEME || (object(scheme).name === 'x-api-key' && object(scheme)[X.authorizer] === undefined))
      .map(([name]) => name),
  );
  const defaultValidator = typeof document[X.requestValidator] === 'string' ? (document[X.requestValidator] as string) : undefined;

  const routes: OpenApiRoute[] = [];
  for (const [resourcePath, item] of Object.entries(object(document.paths))) {
    const pathItem = object(item);
    const shared = list(pathItem.parameters);
    for (const [key, value] of Object.entries(pathItem)) {
      const httpMethod = key === X.anyMethod ? 'ANY' : key.toUpperCase();
      if (httpMethod === 'ANY' ? key !== X.anyMethod : !isHttpMethod(httpMethod)) continue;
      const op = object(value);
      const security = list(op.security).map(object)[0] ?? {};
      const authorizer = Object.keys(security).find((name) => authorizerNames.has(name));
      const authorizerType = authorizers.find((candidate) => candidate.name === authorizer)?.type;
      routes.push({
        httpMethod,
        resourcePath,
        authorization: authorizerType === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : authorizer ? 'CUSTOM' : Object.keys(security).some((name) => sigv4.has(name)) ? 'AWS_IAM' : 'NONE',
        authorizer,
        authorizationScopes: authorizer ? list(security[authorizer]).map(String) : [],
        apiKeyRequired: Object.keys(security).some((name) => apiKeySchemes.has(name)),
        requestParameters: Object.fromEntries([...shared, ...list(op.parameters)].map(object).flatMap(readParameter)),
        requestModels: Object.fromEntries(
          Object.entries(object(object(op.requestBody).content)).flatMap(([contentType, media]) => {
            const ref = object(object(media).schema).$ref;
            return typeof ref === 'string' && ref.startsWith(SCHEMA_REF_PREFIX) ? [[contentType, ref.slice(SCHEMA_REF_PREFIX.length)]] : [];
          }),
        ),
        requestValidator: typeof op[X.requestValidator] === 'string' ? (op[X.requestValidator] as string) : defaultValidator,
        integration: readIntegration(object(op[X.integration])),
      });
    }
  }
  const info = object(document.info);
  return {
    title: String(info.title ?? ''),
    description: typeof info.description === 'string' ? info.description : undefined,
    apiKeySource: typeof document[X.apiKeySource] === 'string' ? String(document[X.apiKeySource]).toUpperCase() : 'HEADER',
    binaryMediaTypes: list(document[X.binaryMediaTypes]).map(String),
    vpcEndpointIds: document[X.endpointConfiguration] === undefined ? undefined : list(object(document[X.endpointConfiguration]).vpcEndpointIds).map(String),
    routes,
    authorizers,
    models: Object.entries(object(components.schemas)).map(([name, schema]) => ({ name, schema: schema as JsonSchema })),
    validators: Object.entries(object(document[X.requestValidators])).map(([name, value]) => ({
      name,
      validateRequestBody: object(value).validateRequestBody === true,
      validateRequestParameters: object(value).validateRequestParameters === true,
    })),
    gatewayResponses: Object.entries(object(document[X.gatewayResponses])).map(([responseType, value]) => ({
      responseType,
      statusCode: object(value).statusCode === undefined ? undefined : String(object(value).statusCode),
      responseTemplates: strings(object(value).responseTemplates),
      responseParameters: strings(object(value).responseParameters),
    })),
  };
}

const METHOD_LOCATIONS: Record<string, string> = { path: 'path', query: 'querystring', header: 'header' };

function readParameter(parameter: Json): [string, boolean][] {
  const location = METHOD_LOCATIONS[String(parameter.in)];
  if (!location || typeof parameter.name !== 'string') return [];
  // A greedy path variable may be declared `proxy+`, as its template reads.
  const name = location === 'path' ? parameter.name.replace(/\+$/, '') : parameter.name;
  return [[`method.request.${location}.${name}`, location === 'path' || parameter.required === true]];
}

function readIntegration(config: Json): OpenApiIntegration {
  return {
    type: String(config.type ?? 'mock').toUpperCase(),
    uri: typeof config.uri === 'string' ? config.uri : undefined,
    httpMethod: typeof config.httpMethod === 'string' ? config.httpMethod : undefined,
    passthroughBehavior: typeof config.passthroughBehavior === 'string' ? config.passthroughBehavior.toUpperCase() : undefined,
    timeoutMs: typeof config.timeoutInMillis === 'number' ? config.timeoutInMillis : undefined,
    requestTemplates: strings(config.requestTemplates),
    requestParameters: strings(config.requestParameters),
    cacheKeyParameters: list(config.cacheKeyParameters).map(String),
    responses: Object.entries(object(config.responses)).map(([pattern, value]) => ({
      statusCode: String(object(value).statusCode),
      selectionPattern: pattern === 'default' ? undefined : pattern,
      responseTemplates: strings(object(value).responseTemplates),
      responseParameters: strings(object(value).responseParameters),
    })),
  };
}

function readAuthorizer(name: string, scheme: Json): OpenApiAuthorizer[] {
  const authorizer = object(scheme[X.authorizer]);
  const type = String(authorizer.type ?? '').toLowerCase();
  if (!['token', 'request', 'cognito_user_pools'].includes(type)) return [];
  const header = typeof scheme.name === 'string' ? `method.request.${scheme.in === 'query' ? 'querystring' : 'header'}.${scheme.name}` : '';
  return [
    {
      name,
      type: type === 'token' ? 'TOKEN' : type === 'request' ? 'REQUEST' : 'COGNITO_USER_POOLS',
      uri: typeof authorizer.authorizerUri === 'string' ? authorizer.authorizerUri : undefined,
      identitySource: type === 'request' ? String(authorizer.identitySource ?? '') : header,
      identityValidationExpression: typeof authorizer.identityValidationExpression === 'string' ? authorizer.identityValidationExpression : undefined,
      resultTtlSeconds: authorizer.authorizerResultTtlInSeconds === undefined ? DEFAULT_AUTHORIZER_TTL_SECONDS : Number(authorizer.authorizerResultTtlInSeconds),
      providerArns: list(authorizer.providerARNs).map(String),
    },
  ];
}

/**
 * Terraform reads `${` and `%{` in any string as the start of a template, so a literal one in a body is written
 * `$${` or `%%{` (Terraform language, "Strings and Templates": escape sequences).
 */
export function escapeTemplateSequences(text: string): string {
  return text.replace(/([$%])\{/g, '$1$1{');
}

/** The literal text Terraform makes of an escaped string: `$${` → `${`, `%%{` → `%{`. */
export function unescapeTemplateSequences(text: string): string {
  return text.replace(/([$%])\1\{/g, '$1{');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function object(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function strings(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(object(value)).map(([key, item]) => [key, String(item)]));
}
