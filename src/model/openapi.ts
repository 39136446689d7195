import { ANY_VERBS } from '../apigw/http-methods';
import { OpenApiAuthorizer, OpenApiDefinition, OpenApiModel, renderOpenApi, X } from '../apigw/openapi';
import type { RequestValidatorSettings } from '../apigw/request-validation';
import type { ApiModel, RouteModel, StackModel } from './stack-model';

// The OpenAPI 3.0 document of one API of a synthesized stack, for its clients (`lambda-rest-api openapi`, the local
// API's reference page): built from the stack model, so it shows what a pipeline deploys, whether the API is defined
// by resources or by an OpenAPI body; rendered by the module that writes the body.

export interface OpenApiExportOptions {
  /**
   * Keep API Gateway's `x-amazon-apigateway-*` extensions (integrations, authorizers, validators, gateway responses).
   * Without them, `ANY` becomes every verb it stands for.
   * @default true
   */
  readonly awsExtensions?: boolean;
  /**
   * The servers the document names.
   * @default - the stage's invoke URL, with the API id and region as variables
   */
  readonly servers?: { readonly url: string; readonly description?: string }[];
}

/** What an operation without method responses (a proxy integration) answers, for the document's clients. */
const PROXY_RESPONSE = { description: "The integration's answer: for a Lambda proxy integration, whatever the function returns" };

export function openApiDocument(stack: StackModel, api: ApiModel, options: OpenApiExportOptions = {}): Record<string, unknown> {
  const document = renderOpenApi(definitionOf(api));
  const servers = options.servers ?? [
    {
      url: `https://{restApiId}.execute-api.{region}.amazonaws.com/${api.stage.name}`,
      description: `Stage ${api.stage.name}`,
      variables: {
        restApiId: { default: 'restApiId', description: 'The id of the REST API (the rest_api_id output after terraform apply)' },
        region: { default: stack.region ?? 'us-east-1' },
      },
    },
  ];
  const result: Record<string, unknown> = { openapi: document.openapi, info: document.info, servers, ...document };
  for (const [path, item] of Object.entries(result.paths as Record<string, Record<string, Record<string, unknown>>>)) {
    for (const operation of Object.values(item)) {
      // OpenAPI wants at least one response per operation; a proxy integration declares none.
      if (Object.keys(operation.responses as object).length === 0) operation.responses = { default: PROXY_RESPONSE };
      // The greedy variable is named as its path template spells it, which OpenAPI validators match parameters against.
      for (const parameter of (operation.parameters ?? []) as Record<string, unknown>[]) {
        if (parameter.in === 'path' && path.includes(`{${String(parameter.name)}+}`)) parameter.name = `${String(parameter.name)}+`;
      }
    }
  }
  return options.awsExtensions === false ? withoutAwsExtensions(result) : result;
}

/** The API's definition as the OpenAPI module takes it, from the stack model. */
export function definitionOf(api: ApiModel): OpenApiDefinition {
  const authorizers = new Map<string, OpenApiAuthorizer>();
  const models = new Map<string, OpenApiModel>();
  const validators = new Map<string, RequestValidatorSettings>();
  for (const route of api.routes) {
    if (route.authorizer) authorizers.set(route.authorizer.name, { ...route.authorizer, type: route.authorizer.type as OpenApiAuthorizer['type'] });
    for (const model of Object.values(route.requestModels)) models.set(model.name, model);
    if (route.requestValidator) validators.set(route.requestValidator.name, route.requestValidator);
  }
  return {
    title: api.name,
    description: api.description,
    apiKeySource: api.apiKeySource,
    binaryMediaTypes: api.binaryMediaTypes,
    vpcEndpointIds: api.vpcEndpointIds,
    routes: api.routes.map(routeOf),
    authorizers: [...authorizers.values()],
    models: [...models.values()],
    validators: [...validators.values()],
    gatewayResponses: api.gatewayResponses,
  };
}

function routeOf(route: RouteModel) {
  return {
    ...route,
    authorizer: route.authorizer?.name,
    requestModels: Object.fromEntries(Object.entries(route.requestModels).map(([contentType, model]) => [contentType, model.name])),
    requestValidator: route.requestValidator?.name,
  };
}

/** The document for clients only: no `x-amazon-apigateway-*` key anywhere, and `ANY` as every verb a path lacks. */
function withoutAwsExtensions(document: Record<string, unknown>): Record<string, unknown> {
  const stripped = strip(document) as Record<string, unknown>;
  const paths = (stripped.paths ?? {}) as Record<string, Record<string, unknown>>;
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, Record<string, unknown>>)) {
    const any = item[X.anyMethod];
    if (any === undefined) continue;
    for (const verb of ANY_VERBS.map((v) => v.toLowerCase())) paths[path][verb] ??= strip(any);
  }
  return stripped;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !key.startsWith('x-amazon-apigateway-'))
      .map(([key, item]) => [key, strip(item)]),
  );
}
