import { IResolveContext, Token } from 'cdktf';
import type { ApiMethod } from '../api-method';
import { WORST_CASE_ARN_PARTS } from '../lambda-handler/invoke-permissions';
import type { RequestModel } from '../request-model';
import { ValidationError } from '../../apigw/errors';
import { MAX_LAMBDA_ALIAS_NAME_LENGTH, MAX_OPENAPI_BODY_BYTES } from '../../apigw/limits';
import { escapeTemplateSequences, OpenApiDefinition, OpenApiRoute, renderOpenApi } from '../../apigw/openapi';
import { REQUEST_VALIDATORS } from '../../apigw/request-validation';

// The `body` of an API with `definition: 'openapi'`: the same methods, integrations, authorizers, models, validators
// and gateway responses the constructs would create as resources, as one OpenAPI 3.0 document
// (src/apigw/openapi.ts renders it; the stack model reads it back with the same module).

/** What the body is made of, as `RestApi` collects it: the definition's plain values, with constructs for its routes and models. */
export interface BodySource extends Omit<OpenApiDefinition, 'routes' | 'models'> {
  readonly methods: readonly ApiMethod[];
  readonly models: readonly RequestModel[];
}

/** The API's definition in plain values: what the body holds. */
export function openApiDefinition(source: BodySource): OpenApiDefinition {
  return {
    title: source.title,
    description: source.description,
    apiKeySource: source.apiKeySource,
    binaryMediaTypes: source.binaryMediaTypes,
    vpcEndpointIds: source.vpcEndpointIds,
    routes: source.methods.map(routeOf),
    authorizers: source.authorizers.map((authorizer) => ({ ...authorizer, resultTtlSeconds: known(authorizer.name, 'resultsCacheTtlSeconds', authorizer.resultTtlSeconds) })),
    models: source.models.map((model) => ({ name: model.modelName, schema: model.schema })),
    validators: source.validators,
    gatewayResponses: source.gatewayResponses,
  };
}

function routeOf(method: ApiMethod): OpenApiRoute {
  const config = method.integrationConfig;
  return {
    httpMethod: method.httpMethod,
    resourcePath: method.resource.path,
    authorization: method.authorization,
    authorizer: method.authorizer?.authorizerName,
    authorizationScopes: method.authorizationScopes ?? [],
    apiKeyRequired: method.apiKeyRequired,
    requestParameters: method.requestParameters,
    requestModels: Object.fromEntries(Object.entries(method.requestModels).map(([contentType, model]) => [contentType, model.modelName])),
    requestValidator: method.requestValidator && REQUEST_VALIDATORS[method.requestValidator].name,
    integration: {
      type: config.type,
      uri: config.uri,
      httpMethod: config.integrationHttpMethod,
      passthroughBehavior: config.passthroughBehavior,
      timeoutMs: config.timeoutMilliseconds === undefined ? undefined : known(method.node.path, 'timeoutMs', config.timeoutMilliseconds),
      requestTemplates: config.requestTemplates ?? {},
      requestParameters: config.requestParameters ?? {},
      cacheKeyParameters: method.cacheKeyParameters,
      responses: (config.responses ?? []).map((response) => ({
        statusCode: response.statusCode,
        selectionPattern: response.selectionPattern,
        responseTemplates: response.responseTemplates ?? {},
        responseParameters: response.responseParameters ?? {},
      })),
    },
  };
}

/** A number of the body: a token would be written as its encoded placeholder, not as the number it becomes. */
function known(where: string, what: string, value: number): number {
  if (Token.isUnresolved(value)) {
    throw new ValidationError(`${where}: ${what} is known only at apply, which an OpenAPI body cannot hold; pass a number, or use definition: 'resources'`);
  }
  return value;
}

/**
 * The body: the document as JSON, as Terraform reads it. The values cdktf knows only as tokens (the functions'
 * invoke ARNs) are resolved here, one by one, into Terraform references, and every other `${` or `%{` is
 * escaped. Handing cdktf one string holding thousands of tokens instead would make it scan the rest of the
 * string for an escape at each token: 7.6 s of 12 s at 1,000 routes (a --cpu-prof of bench/ours-app.ts).
 */
export function renderBody(source: BodySource, context: IResolveContext): string {
  return JSON.stringify(terraformStrings(renderOpenApi(openApiDefinition(source)), context));
}

function terraformStrings(value: unknown, context: IResolveContext): unknown {
  if (typeof value === 'string') return Token.isUnresolved(value) ? context.resolve(value) : escapeTemplateSequences(value);
  if (Array.isArray(value)) return value.map((item) => terraformStrings(item, context));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [escapeTemplateSequences(key), terraformStrings(item, context)]));
}

const { partition, region, account } = WORST_CASE_ARN_PARTS;
/** The longest invoke ARN a Lambda function can have: its name 64 characters, the partition and region at their longest. */
const WORST_INVOKE_ARN = `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/arn:${partition}:lambda:${region}:${account}:function:${'f'.repeat(64)}/invocations`;
/** An alias's invoke ARN (`aliasPerStage`) names the alias after the function (`function:<name>:<alias>`), its name at its longest. */
const WORST_ALIAS_INVOKE_ARN = WORST_INVOKE_ARN.replace(/\/invocations$/, `:${'a'.repeat(MAX_LAMBDA_ALIAS_NAME_LENGTH)}/invocations`);
/** Any other reference, at the longest an ARN can be (IAM: 2048 characters). */
const WORST_REFERENCE = 'x'.repeat(2048);

/**
 * The largest the body can be once Terraform has filled in its references (each invoke ARN, a function's or an
 * alias's, at its longest, anything else at 2,048 characters): an upper bound, so an API that passes fits in any
 * account and region.
 */
export function worstCaseBodyBytes(resolvedBody: string): number {
  return Buffer.byteLength(resolvedBody.replace(/\$\{[^{}]*\}/g, worstCaseOf));
}

function worstCaseOf(reference: string): string {
  if (!reference.endsWith('.invoke_arn}')) return WORST_REFERENCE;
  return reference.startsWith('${aws_lambda_alias.') ? WORST_ALIAS_INVOKE_ARN : WORST_INVOKE_ARN;
}

/** What API Gateway would refuse of a body at import, as synth-time messages (without the construct path). */
export function bodyProblems(resolvedBody: unknown): string[] {
  if (typeof resolvedBody !== 'string') return [];
  const bytes = worstCaseBodyBytes(resolvedBody);
  if (bytes <= MAX_OPENAPI_BODY_BYTES) return [];
  return [
    `the OpenAPI body can reach ${bytes} bytes once Terraform fills in its references, over the ${MAX_OPENAPI_BODY_BYTES} bytes (6 MB) ` +
      "API Gateway imports in one PutRestApi call; split the routes over several APIs, or use definition: 'resources'",
  ];
}
