import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_AUTHORIZER_TTL_SECONDS,
  DEFAULT_CACHE_TTL_SECONDS,
  DEFAULT_IDENTITY_SOURCE,
  DEFAULT_INTEGRATION_TIMEOUT_MS,
  LAMBDA_DEFAULT_ARCHITECTURE,
  LAMBDA_DEFAULT_MEMORY_MB,
  LAMBDA_DEFAULT_TIMEOUT_SECONDS,
} from '../apigw/defaults';
import { customDomainUrl } from '../apigw/domains';
import { cachesVerb, methodSettingsLookupOrder } from '../apigw/method-settings';
import type { Architecture, QuotaPeriod } from '../apigw/limits';
import { OpenApiIntegration, readOpenApi, unescapeTemplateSequences } from '../apigw/openapi';
import type { JsonSchema, RequestValidatorSettings } from '../apigw/request-validation';

/**
 * The API a synthesized stack folder describes, read from its `cdk.tf.json` rather than from the construct tree,
 * so the local API, the route table and the jest matchers see exactly what a pipeline would deploy. An API defined
 * by resources and the same API defined by an OpenAPI body (`definition: 'openapi'`) read as the same model.
 */
export interface StackModel {
  /** The stack folder (`cdktf.out/stacks/<stack>`), when read from disk. */
  readonly dir?: string;
  readonly apis: ApiModel[];
  /** Every Lambda function, by its Terraform address (`aws_lambda_function.<name>`). */
  readonly functions: Record<string, FunctionModel>;
  /** Every Lambda permission. */
  readonly permissions: PermissionModel[];
  /** Every IAM role's inline policy statements, by the role's address (`aws_iam_role.<name>`). */
  readonly roleStatements: Record<string, PolicyStatementModel[]>;
  /**
   * The name AWS knows each named resource by (`name`, `function_name` or `bucket`), by its Terraform address, so
   * readers can show `/aws/lambda/items-prod-get-item` rather than `aws_cloudwatch_log_group.get-item_LogGroup_1A2B3C4D`.
   */
  readonly names: Record<string, string>;
  /** Terraform variables (`var.<name>`) and their defaults, for what function environments reference. */
  readonly variables: Record<string, { readonly default?: unknown; readonly description?: string }>;
  /** The AWS provider's region, when the stack sets it. */
  readonly region?: string;
}

export interface ApiModel {
  readonly address: string;
  readonly name: string;
  readonly description?: string;
  /** The VPC endpoints a PRIVATE API is reached from. */
  readonly vpcEndpointIds?: string[];
  readonly binaryMediaTypes: string[];
  /** Where API keys come from: the `x-api-key` header, or a Lambda authorizer's `usageIdentifierKey`. */
  readonly apiKeySource: 'HEADER' | 'AUTHORIZER';
  readonly stage: StageModel;
  readonly routes: RouteModel[];
  readonly usagePlans: UsagePlanModel[];
  readonly gatewayResponses: GatewayResponseModel[];
  /** The custom domain names (`aws_api_gateway_base_path_mapping`) that serve this API's stage, sorted by URL. */
  readonly customDomains: CustomDomainModel[];
}

export interface StageModel {
  readonly name: string;
  readonly variables: Record<string, string>;
  readonly cacheClusterEnabled: boolean;
  readonly cacheClusterSizeGb?: string;
  readonly tracingEnabled: boolean;
  /** The stage's canary (`canary_settings`), when it has one. */
  readonly canary?: CanaryModel;
}

export interface CanaryModel {
  /** Percent of the stage's requests the canary deployment serves. */
  readonly percentTraffic: number;
  readonly stageVariableOverrides: Record<string, string>;
  readonly useStageCache: boolean;
}

/** One custom domain mapping of a stage. */
export interface CustomDomainModel {
  /** The domain, such as `api.example.com`; an expression when the stack does not set it literally. */
  readonly domainName: string;
  /** Absent when the stage is mapped to the domain's root. */
  readonly basePath?: string;
  /** `https://<domain>/<base path>/`. */
  readonly url: string;
}

export interface ThrottleModel {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** The method settings in force for one route, as API Gateway applies them. */
export interface RouteSettings {
  /** Absent when API Gateway's account-level limits are the only ones. */
  readonly throttling?: ThrottleModel;
  readonly caching?: { readonly ttlSeconds: number; readonly encrypted: boolean };
}

export interface RouteModel {
  /** `GET`, `POST`, ... or `ANY`. */
  readonly httpMethod: string;
  /** The resource path template, such as `/items/{id}` or `/{proxy+}`. */
  readonly resourcePath: string;
  readonly authorization: string;
  readonly authorizer?: AuthorizerModel;
  /** OAuth scopes a Cognito access token must hold. */
  readonly authorizationScopes: string[];
  readonly apiKeyRequired: boolean;
  /** Method request parameters (`method.request.querystring.limit`) and whether each is required. */
  readonly requestParameters: Record<string, boolean>;
  /** The models request bodies must match, by content type. */
  readonly requestModels: Record<string, RequestBodyModel>;
  /** What API Gateway validates before the integration runs, when the method has a request validator. */
  readonly requestValidator?: RequestValidatorSettings;
  readonly integration: IntegrationModel;
  readonly settings: RouteSettings;
}

export interface RequestBodyModel {
  readonly name: string;
  /** The JSON Schema (draft 4), without its `$schema`. */
  readonly schema: JsonSchema;
}

export interface IntegrationModel {
  /** `AWS_PROXY`, `AWS`, `MOCK`, `HTTP` or `HTTP_PROXY`. */
  readonly type: string;
  /** The backend's URI as the stack writes it, such as `${aws_lambda_function.x.invoke_arn}`. */
  readonly uri?: string;
  /** The verb API Gateway calls the backend with (POST for Lambda). */
  readonly httpMethod?: string;
  /** Address of the Lambda function the integration invokes, when it invokes one. */
  readonly functionAddress?: string;
  /** The alias of that function the integration invokes (its `uri` is the alias's invoke ARN), if any. */
  readonly qualifier?: string;
  readonly invocationType: 'RequestResponse' | 'Event';
  /** API Gateway's default is 29,000. */
  readonly timeoutMs: number;
  readonly cacheKeyParameters: string[];
  readonly requestParameters: Record<string, string>;
  readonly requestTemplates: Record<string, string>;
  readonly passthroughBehavior: string;
  readonly responses: IntegrationResponseModel[];
}

export interface IntegrationResponseModel {
  readonly statusCode: string;
  /** Absent on the default response. */
  readonly selectionPattern?: string;
  readonly responseTemplates: Record<string, string>;
  readonly responseParameters: Record<string, string>;
}

export interface FunctionModel {
  readonly address: string;
  /** The construct path cdktf recorded (`prod/get-item/Function`), when the JSON carries its metadata. */
  readonly constructPath?: string;
  readonly functionName: string;
  readonly handler: string;
  readonly runtime: string;
  /** Lambda's default is 3. */
  readonly timeoutSeconds: number;
  /** Lambda's default is 128. */
  readonly memoryMb: number;
  readonly environment: Record<string, string>;
  /** Folder of the bundled code inside the stack folder (`assets/<function>`), relative to it. */
  readonly codePath?: string;
  readonly tracing: 'Active' | 'PassThrough';
  /** Address of the function's execution role (`aws_iam_role.<name>`). */
  readonly roleAddress?: string;
  /** Lambda's default is `x86_64`. */
  readonly architecture: Architecture;
  /** Layer version ARNs (or expressions), in order. */
  readonly layers: string[];
  /** Whether the function's network interfaces are in a VPC (`vpc_config`). */
  readonly inVpc: boolean;
  /** `reserved_concurrent_executions`, when set. */
  readonly reservedConcurrency?: number;
  /** Where failed asynchronous invocations go, when the stack sends them anywhere. */
  readonly asyncFailures?: 'dead-letter-queue' | 'on-failure-destination';
  /** The function's aliases, by name. */
  readonly aliases: Record<string, AliasModel>;
}

export interface AliasModel {
  readonly name: string;
  /** Versions besides the alias's own that receive part of its invocations, with their weights (0 to 1). */
  readonly additionalVersionWeights: Record<string, number>;
  /** Execution environments kept initialized for the alias, when configured. */
  readonly provisionedConcurrency?: number;
}

export interface AuthorizerModel {
  /** The authorizer in its stack, `<rest api address>/authorizers/<name>`, whether resources or a body define it. */
  readonly address: string;
  readonly name: string;
  /** `TOKEN`, `REQUEST` or `COGNITO_USER_POOLS`. */
  readonly type: string;
  /** The Lambda function's invoke ARN as the stack writes it. */
  readonly uri?: string;
  readonly functionAddress?: string;
  /** The alias of that function the authorizer invokes, if any. */
  readonly qualifier?: string;
  readonly identitySource: string;
  readonly identityValidationExpression?: string;
  /** API Gateway's default is 300. */
  readonly resultTtlSeconds: number;
  readonly providerArns: string[];
}

export interface UsagePlanModel {
  readonly address: string;
  readonly name: string;
  readonly throttling?: ThrottleModel;
  readonly quota?: { readonly limit: number; readonly offset: number; readonly period: QuotaPeriod };
  /** Per-method throttling inside the plan, keyed like `/items/{id}/GET`. */
  readonly methodThrottling: Record<string, ThrottleModel>;
  readonly apiKeys: ApiKeyModel[];
}

export interface ApiKeyModel {
  readonly address: string;
  readonly name: string;
  /** Absent when API Gateway generates the value at apply. */
  readonly value?: string;
  readonly enabled: boolean;
}

export interface GatewayResponseModel {
  /** `DEFAULT_4XX`, `DEFAULT_5XX`, `MISSING_AUTHENTICATION_TOKEN`, ... */
  readonly responseType: string;
  readonly statusCode?: string;
  readonly responseTemplates: Record<string, string>;
  readonly responseParameters: Record<string, string>;
}

export interface PermissionModel {
  readonly functionAddress?: string;
  /** The alias (or version) whose resource policy holds the permission; absent for the function's own. */
  readonly qualifier?: string;
  readonly principal: string;
  readonly action: string;
  readonly sourceArn?: string;
  readonly sourceAccount?: string;
  readonly statementId?: string;
}

export interface PolicyStatementModel {
  readonly sid?: string;
  readonly effect: string;
  readonly actions: string[];
  readonly resources: string[];
}

type Block = Record<string, any>;
type Blocks = Record<string, Block>;

interface TerraformJson {
  resource?: Record<string, Blocks>;
  data?: Record<string, Blocks>;
  variable?: Blocks;
  provider?: { aws?: Block[] };
}

/** A folder that holds no synthesized stack: the message says which folders below it do, or how to make one. */
export class NotAStackFolder extends Error {
  public readonly name = 'NotAStackFolder';
}

/** Reads `cdk.tf.json` of a synthesized stack folder. */
export function readStack(stackDir: string): StackModel {
  const file = join(stackDir, 'cdk.tf.json');
  if (!existsSync(file)) {
    const stacks = stackFoldersBelow(stackDir);
    throw new NotAStackFolder(
      stacks.length
        ? `${stackDir} holds no stack of its own but ${stacks.length === 1 ? 'one below it' : `${stacks.length} below it`}; pass ${stacks.length === 1 ? '' : 'one of '}${stacks.join(', ')}`
        : `${stackDir}: no cdk.tf.json here; synthesize first (npm run synth) and pass cdktf.out/stacks/<stack>`,
    );
  }
  // Stryker disable next-line StringLiteral: equivalent, JSON.parse of the file's buffer reads it as UTF-8 too
  return parseStack(JSON.parse(readFileSync(file, 'utf8')), stackDir);
}

/** The stack folders of cdktf's output folder (`<dir>/stacks/<stack>`) or of its `stacks` folder, sorted. */
function stackFoldersBelow(dir: string): string[] {
  const candidates = [join(dir, 'stacks'), dir];
  for (const parent of candidates) {
    const stacks = existsSync(parent) && statSync(parent).isDirectory()
      ? readdirSync(parent).filter((name) => existsSync(join(parent, name, 'cdk.tf.json'))).sort()
      : [];
    if (stacks.length) return stacks.map((name) => join(parent, name));
  }
  return [];
}

/** One resource or data source of a stack, as its Terraform JSON holds it. */
export interface TerraformBlock {
  /** `aws_lambda_function.<name>`, or `data.aws_iam_policy_document.<name>` for a data source. */
  readonly address: string;
  readonly properties: Record<string, unknown>;
}

/** Every resource (or, with `kind` `data`, data source) of `type` in the Terraform JSON of a stack, in its order. */
export function terraformBlocks(terraform: string | object, kind: 'resource' | 'data', type: string): TerraformBlock[] {
  const tf = (typeof terraform === 'string' ? JSON.parse(terraform) : terraform) as TerraformJson;
  const prefix = kind === 'data' ? 'data.' : '';
  return Object.entries(tf[kind]?.[type] ?? {}).map(([name, properties]) => ({ address: `${prefix}${type}.${name}`, properties }));
}

/** The types of the resources (or data sources) the Terraform JSON of a stack holds, sorted. */
export function terraformTypes(terraform: string | object, kind: 'resource' | 'data'): string[] {
  const tf = (typeof terraform === 'string' ? JSON.parse(terraform) : terraform) as TerraformJson;
  return Object.keys(tf[kind] ?? {}).sort();
}

/** The Terraform JSON of a synthesized stack folder (`cdk.tf.json`), as text. */
export function readStackJson(stackDir: string): string {
  const file = join(stackDir, 'cdk.tf.json');
  if (!existsSync(file)) readStack(stackDir);
  return readFileSync(file, 'utf8');
}

/** Reads the Terraform JSON of a stack, such as what `Testing.synth(stack)` returns (a string) or its parse. */
export function parseStack(terraform: string | object, dir?: string): StackModel {
  const tf = (typeof terraform === 'string' ? JSON.parse(terraform) : terraform) as TerraformJson;
  const resources = tf.resource ?? {};
  const data = tf.data ?? {};
  const of = (type: string): Blocks => resources[type] ?? {};

  const functions = Object.fromEntries(
    Object.entries(of('aws_lambda_function')).map(([name, fn]) => {
      const address = `aws_lambda_function.${name}`;
      return [address, readFunction(address, fn, data, resources, of)];
    }),
  );
  const apis = Object.entries(of('aws_api_gateway_rest_api')).map(([name, api]) => readApi(name, api, resources, of));
  const permissions = Object.values(of('aws_lambda_permission')).map((permission) => ({
    functionAddress: referencedAddress(permission.function_name, 'aws_lambda_function'),
    qualifier: literalOf(resources, permission.qualifier, 'aws_lambda_alias', 'name'),
    principal: permission.principal,
    action: permission.action,
    sourceArn: permission.source_arn,
    sourceAccount: permission.source_account,
    statementId: permission.statement_id,
  }));
  const variables = Object.fromEntries(
    Object.entries(tf.variable ?? {}).map(([name, variable]) => [name, { default: variable.default, description: variable.description }]),
  );
  const region: string | undefined = tf.provider?.aws?.[0]?.region;
  return { dir, apis, functions, permissions, roleStatements: readRoleStatements(of, data), names: readNames(resources), variables, region };
}

function readFunction(address: string, fn: Block, data: Record<string, Blocks>, resources: Record<string, Blocks>, of: (type: string) => Blocks): FunctionModel {
  const archive = lookup(data, fn.filename, 'archive_file');
  const sourceDir: string | undefined = archive?.source_dir ?? archive?.source_file;
  const ofThisFunction = (block: Block) => referencedAddress(block.function_name, 'aws_lambda_function') === address;
  const provisioned = Object.values(of('aws_lambda_provisioned_concurrency_config')).filter(ofThisFunction);
  const aliases = Object.values(of('aws_lambda_alias'))
    .filter(ofThisFunction)
    .map((alias): AliasModel => ({
      name: alias.name,
      additionalVersionWeights: alias.routing_config?.additional_version_weights ?? {},
      provisionedConcurrency: provisioned.find((config) => literalOf(resources, config.qualifier, 'aws_lambda_alias', 'name') === alias.name)?.provisioned_concurrent_executions,
    }));
  const onFailure = Object.values(of('aws_lambda_function_event_invoke_config')).some((config) => ofThisFunction(config) && config.destination_config?.on_failure);
  return {
    address,
    constructPath: fn['//']?.metadata?.path,
    functionName: fn.function_name,
    handler: fn.handler,
    runtime: fn.runtime,
    timeoutSeconds: fn.timeout ?? LAMBDA_DEFAULT_TIMEOUT_SECONDS,
    memoryMb: fn.memory_size ?? LAMBDA_DEFAULT_MEMORY_MB,
    environment: fn.environment?.variables ?? {},
    codePath: sourceDir?.replace(/^\$\{path\.module\}\//, ''),
    tracing: fn.tracing_config?.mode ?? 'PassThrough',
    roleAddress: referencedAddress(fn.role, 'aws_iam_role'),
    architecture: fn.architectures?.[0] ?? LAMBDA_DEFAULT_ARCHITECTURE,
    layers: fn.layers ?? [],
    inVpc: fn.vpc_config !== undefined,
    reservedConcurrency: fn.reserved_concurrent_executions,
    asyncFailures: fn.dead_letter_config?.target_arn ? 'dead-letter-queue' : onFailure ? 'on-failure-destination' : undefined,
    aliases: Object.fromEntries(aliases.map((alias) => [alias.name, alias])),
  };
}

function readApi(name: string, api: Block, resources: Record<string, Blocks>, of: (type: string) => Blocks): ApiModel {
  const apiAddress = `aws_api_gateway_rest_api.${name}`;
  const belongs = (block: Block) => referencedAddress(block.rest_api_id, 'aws_api_gateway_rest_api') === apiAddress;
  const stageEntry = Object.entries(of('aws_api_gateway_stage')).find(([, stage]) => belongs(stage));
  if (!stageEntry) throw new Error(`${apiAddress}: the REST API has no aws_api_gateway_stage`);
  const [stageName, stage] = stageEntry;
  const stageAddress = `aws_api_gateway_stage.${stageName}`;

  const settings = methodSettings(Object.values(of('aws_api_gateway_method_settings')).filter(belongs), stage.cache_cluster_enabled === true);
  const read = typeof api.body === 'string' ? readBody(apiAddress, api.body, resources) : readResources(apiAddress, resources, of, belongs);
  const routes = read.routes
    .map((route): RouteModel => ({ ...route, settings: settings(route.resourcePath, route.httpMethod) }))
    .sort((a, b) => compare(`${a.resourcePath}\u0000${a.httpMethod}`, `${b.resourcePath}\u0000${b.httpMethod}`));

  return {
    address: apiAddress,
    name: api.name,
    description: api.description,
    vpcEndpointIds: api.endpoint_configuration?.vpc_endpoint_ids,
    binaryMediaTypes: api.binary_media_types ?? [],
    apiKeySource: api.api_key_source ?? 'HEADER',
    stage: {
      name: stage.stage_name,
      variables: stage.variables ?? {},
      cacheClusterEnabled: stage.cache_cluster_enabled === true,
      cacheClusterSizeGb: stage.cache_cluster_size,
      tracingEnabled: stage.xray_tracing_enabled === true,
      canary: stage.canary_settings && {
        percentTraffic: stage.canary_settings.percent_traffic ?? 0,
        stageVariableOverrides: stage.canary_settings.stage_variable_overrides ?? {},
        useStageCache: stage.canary_settings.use_stage_cache === true,
      },
    },
    routes,
    usagePlans: readUsagePlans(apiAddress, stageAddress, resources, of),
    gatewayResponses: [...read.gatewayResponses].sort((a, b) => compare(a.responseType, b.responseType)),
    customDomains: readCustomDomains(apiAddress, stageAddress, stage.stage_name, resources, of),
  };
}

/** What the API's definition says, before the stage's settings: from its resources, or from its OpenAPI body. */
interface DefinitionRead {
  readonly routes: Omit<RouteModel, 'settings'>[];
  readonly gatewayResponses: GatewayResponseModel[];
}

function readResources(apiAddress: string, resources: Record<string, Blocks>, of: (type: string) => Blocks, belongs: (block: Block) => boolean): DefinitionRead {
  const paths = resourcePaths(apiAddress, of('aws_api_gateway_resource'));
  // Integrations and their responses are matched to a method by its resource's id, which no other API shares; taking
  // only the API's own first keeps the search short.
  // Stryker disable next-line MethodExpression: equivalent, another API's integrations never share a resource id
  const integrations = Object.values(of('aws_api_gateway_integration')).filter(belongs);
  // Stryker disable next-line MethodExpression: equivalent, as above
  const integrationResponses = Object.values(of('aws_api_gateway_integration_response')).filter(belongs);
  const methods = of('aws_api_gateway_method');
  // Integrations usually name their method's verb by reference, to depend on the method.
  const methodOf = (block: Block): string => lookup(resources, block.http_method, 'aws_api_gateway_method')?.http_method ?? block.http_method;

  const routes = Object.values(methods)
    .filter(belongs)
    .map((method) => {
      const resourcePath = paths.get(method.resource_id) ?? fail(`${apiAddress}: method on an unknown resource ${method.resource_id}`);
      const sameRoute = (block: Block) => block.resource_id === method.resource_id && methodOf(block) === method.http_method;
      const integration: Block = integrations.find(sameRoute) ?? {};
      const authorizer = lookup(resources, method.authorizer_id, 'aws_api_gateway_authorizer');
      const validator = lookup(resources, method.request_validator_id, 'aws_api_gateway_request_validator');
      return {
        httpMethod: method.http_method,
        resourcePath,
        authorization: method.authorization,
        authorizer:
          authorizer &&
          authorizerModel(apiAddress, {
            name: authorizer.name,
            type: authorizer.type ?? 'TOKEN',
            uri: authorizer.authorizer_uri,
            identitySource: authorizer.identity_source ?? DEFAULT_IDENTITY_SOURCE,
            identityValidationExpression: authorizer.identity_validation_expression,
            resultTtlSeconds: authorizer.authorizer_result_ttl_in_seconds ?? DEFAULT_AUTHORIZER_TTL_SECONDS,
            providerArns: authorizer.provider_arns ?? [],
          }, resources),
        authorizationScopes: method.authorization_scopes ?? [],
        apiKeyRequired: method.api_key_required === true,
        requestParameters: method.request_parameters ?? {},
        requestModels: Object.fromEntries(
          Object.entries((method.request_models ?? {}) as Record<string, string>).map(([contentType, reference]) => {
            const model = lookup(resources, reference, 'aws_api_gateway_model');
            const { $schema: _draft, ...schema } = model ? (JSON.parse(model.schema) as Block) : {};
            return [contentType, { name: model?.name ?? reference, schema: schema as JsonSchema }];
          }),
        ),
        requestValidator: validator && {
          name: validator.name,
          validateRequestBody: validator.validate_request_body === true,
          validateRequestParameters: validator.validate_request_parameters === true,
        },
        integration: integrationModel({
          type: integration.type ?? 'MOCK',
          uri: integration.uri,
          httpMethod: integration.integration_http_method,
          passthroughBehavior: integration.passthrough_behavior,
          timeoutMs: integration.timeout_milliseconds,
          cacheKeyParameters: integration.cache_key_parameters ?? [],
          requestParameters: integration.request_parameters ?? {},
          requestTemplates: integration.request_templates ?? {},
          responses: integrationResponses.filter(sameRoute).map((response) => ({
            // Integration responses usually name the method response's status code by reference.
            statusCode: lookup(resources, response.status_code, 'aws_api_gateway_method_response')?.status_code ?? response.status_code,
            selectionPattern: response.selection_pattern,
            responseTemplates: response.response_templates ?? {},
            responseParameters: response.response_parameters ?? {},
          })),
        }, resources),
      };
    });
  const gatewayResponses = Object.values(of('aws_api_gateway_gateway_response'))
    .filter(belongs)
    .map((response) => ({
      responseType: response.response_type,
      statusCode: response.status_code,
      responseTemplates: response.response_templates ?? {},
      responseParameters: response.response_parameters ?? {},
    }));
  return { routes, gatewayResponses };
}

/**
 * The API's OpenAPI body (`aws_api_gateway_rest_api.body`) read with the module that wrote it; the references it
 * holds (`${aws_lambda_function.x.invoke_arn}`) are read as in resources, its escaped `$${` as the literal `${`.
 */
function readBody(apiAddress: string, body: string, resources: Record<string, Blocks>): DefinitionRead {
  let document: Block;
  try {
    document = JSON.parse(unescapeTemplateSequences(body)) as Block;
  } catch (error) {
    throw new Error(`${apiAddress}: its body is not a JSON OpenAPI document (${(error as Error).message})`);
  }
  const definition = readOpenApi(document);
  const authorizers = new Map(definition.authorizers.map((authorizer) => [authorizer.name, authorizerModel(apiAddress, authorizer, resources)]));
  const models = new Map(definition.models.map((model) => [model.name, model.schema]));
  const validators = new Map(definition.validators.map((validator) => [validator.name, validator]));
  const routes = definition.routes.map((route) => ({
    httpMethod: route.httpMethod,
    resourcePath: route.resourcePath,
    authorization: route.authorization,
    authorizer: route.authorizer === undefined ? undefined : authorizers.get(route.authorizer),
    authorizationScopes: [...route.authorizationScopes],
    apiKeyRequired: route.apiKeyRequired,
    requestParameters: { ...route.requestParameters },
    requestModels: Object.fromEntries(Object.entries(route.requestModels).map(([contentType, name]) => [contentType, { name, schema: models.get(name) ?? {} }])),
    requestValidator: route.requestValidator === undefined ? undefined : validators.get(route.requestValidator),
    integration: integrationModel(route.integration, resources),
  }));
  const gatewayResponses = definition.gatewayResponses.map((response) => ({
    ...response,
    responseTemplates: { ...response.responseTemplates },
    responseParameters: { ...response.responseParameters },
  }));
  return { routes, gatewayResponses };
}

function authorizerModel(
  apiAddress: string,
  authorizer: { name: string; type: string; uri?: string; identitySource: string; identityValidationExpression?: string; resultTtlSeconds: number; providerArns: readonly string[] },
  resources: Record<string, Blocks>,
): AuthorizerModel {
  return {
    address: `${apiAddress}/authorizers/${authorizer.name}`,
    name: authorizer.name,
    type: authorizer.type,
    uri: authorizer.uri,
    ...lambdaTarget(authorizer.uri, resources),
    identitySource: authorizer.identitySource,
    identityValidationExpression: authorizer.identityValidationExpression,
    resultTtlSeconds: authorizer.resultTtlSeconds,
    providerArns: [...authorizer.providerArns],
  };
}

/** The base path mappings of the API's stage, each with its domain's name and the URL it serves. */
function readCustomDomains(
  apiAddress: string,
  stageAddress: string,
  stageName: string,
  resources: Record<string, Blocks>,
  of: (type: string) => Blocks,
): CustomDomainModel[] {
  return Object.values(of('aws_api_gateway_base_path_mapping'))
    .filter((mapping) => referencedAddress(mapping.api_id, 'aws_api_gateway_rest_api') === apiAddress)
    // A mapping without a stage lets callers name the stage after the base path; one naming this stage serves it.
    .filter((mapping) => mapping.stage_name === undefined || referencedAddress(mapping.stage_name, 'aws_api_gateway_stage') === stageAddress)
    .map((mapping): CustomDomainModel => {
      const domainName = literalOf(resources, mapping.domain_name, 'aws_api_gateway_domain_name', 'domain_name') ?? String(mapping.domain_name);
      const basePath: string | undefined = mapping.base_path === '(none)' || mapping.base_path === '' ? undefined : mapping.base_path;
      const url = customDomainUrl(domainName, basePath);
      return { domainName, basePath, url: mapping.stage_name === undefined ? `${url}${stageName}/` : url };
    })
    .sort((a, b) => compare(a.url, b.url));
}

/** Maps each resource's id expression (`${aws_api_gateway_resource.x.id}`, or the API's root) to its path. */
function resourcePaths(apiAddress: string, resources: Blocks): Map<string, string> {
  const paths = new Map<string, string>([[`\${${apiAddress}.root_resource_id}`, '/']]);
  const pending = Object.entries(resources).filter(([, resource]) => referencedAddress(resource.rest_api_id, 'aws_api_gateway_rest_api') === apiAddress);
  // Parents may come after their children in the JSON: resolve level by level.
  while (pending.length > 0) {
    const ready = pending.findIndex(([, resource]) => paths.has(resource.parent_id));
    if (ready < 0) throw new Error(`${apiAddress}: resources ${pending.map(([name]) => name).join(', ')} have no parent in this stack`);
    const [[name, resource]] = pending.splice(ready, 1);
    const parent = paths.get(resource.parent_id)!;
    paths.set(`\${aws_api_gateway_resource.${name}.id}`, `${parent === '/' ? '' : parent}/${resource.path_part}`);
  }
  return paths;
}

/**
 * API Gateway applies the most specific method setting: `~1items~1{id}/GET`, then `~1items~1{id}/*`, then `*\/*`.
 * An entry replaces the whole setting, so fields it leaves out take API Gateway's defaults.
 */
function methodSettings(entries: Block[], cacheClusterEnabled: boolean): (resourcePath: string, httpMethod: string) => RouteSettings {
  const byPath = new Map(entries.map((entry) => [entry.method_path as string, entry.settings ?? {}]));
  return (resourcePath, httpMethod) => {
    const methodPath = methodSettingsLookupOrder(httpMethod, resourcePath).find((path) => byPath.has(path));
    if (methodPath === undefined) return {};
    const settings: Block = byPath.get(methodPath)!;
    const rate = settings.throttling_rate_limit;
    const burst = settings.throttling_burst_limit;
    // The provider writes -1 for "not set"; an unset one is undefined, and `undefined >= 0` is false.
    const throttled = rate >= 0 && burst >= 0;
    return {
      throttling: throttled ? { rateLimit: rate, burstLimit: burst } : undefined,
      caching:
        settings.caching_enabled === true && cacheClusterEnabled && cachesVerb(methodPath, httpMethod)
          ? { ttlSeconds: settings.cache_ttl_in_seconds ?? DEFAULT_CACHE_TTL_SECONDS, encrypted: settings.cache_data_encrypted === true }
          : undefined,
    };
  };
}

/** An integration as the model holds it, API Gateway's defaults filled in, its responses by status code. */
function integrationModel(integration: OpenApiIntegration, resources: Record<string, Blocks>): IntegrationModel {
  const requestParameters: Record<string, string> = { ...integration.requestParameters };
  const invocationHeader = requestParameters['integration.request.header.X-Amz-Invocation-Type'];
  return {
    type: integration.type,
    uri: integration.uri,
    httpMethod: integration.httpMethod,
    ...lambdaTarget(integration.uri, resources),
    invocationType: invocationHeader === "'Event'" ? 'Event' : 'RequestResponse',
    timeoutMs: integration.timeoutMs ?? DEFAULT_INTEGRATION_TIMEOUT_MS,
    cacheKeyParameters: [...integration.cacheKeyParameters],
    requestParameters,
    requestTemplates: { ...integration.requestTemplates },
    passthroughBehavior: integration.passthroughBehavior ?? 'WHEN_NO_MATCH',
    responses: integration.responses
      .map((response) => ({
        statusCode: response.statusCode,
        selectionPattern: response.selectionPattern,
        responseTemplates: { ...response.responseTemplates },
        responseParameters: { ...response.responseParameters },
      }))
      .sort((a, b) => compare(a.statusCode, b.statusCode)),
  };
}

function readUsagePlans(apiAddress: string, stageAddress: string, resources: Record<string, Blocks>, of: (type: string) => Blocks): UsagePlanModel[] {
  const planKeys = Object.values(of('aws_api_gateway_usage_plan_key'));
  return Object.entries(of('aws_api_gateway_usage_plan')).flatMap(([name, plan]): UsagePlanModel[] => {
    const stages = (plan.api_stages ?? []) as Block[];
    const ours = stages.find(
      (apiStage) =>
        referencedAddress(apiStage.api_id, 'aws_api_gateway_rest_api') === apiAddress &&
        referencedAddress(apiStage.stage, 'aws_api_gateway_stage') === stageAddress,
    );
    if (!ours) return [];
    const address = `aws_api_gateway_usage_plan.${name}`;
    return [
      {
        address,
        name: plan.name,
        throttling: plan.throttle_settings && toThrottle(plan.throttle_settings),
        quota: plan.quota_settings && { limit: plan.quota_settings.limit, offset: plan.quota_settings.offset ?? 0, period: plan.quota_settings.period },
        methodThrottling: Object.fromEntries(((ours.throttle ?? []) as Block[]).map((throttle) => [throttle.path, toThrottle(throttle)])),
        apiKeys: planKeys
          .filter((planKey) => referencedAddress(planKey.usage_plan_id, 'aws_api_gateway_usage_plan') === address)
          .map((planKey) => {
            const keyAddress = referencedAddress(planKey.key_id, 'aws_api_gateway_api_key');
            const key = lookup(resources, planKey.key_id, 'aws_api_gateway_api_key');
            return { address: keyAddress ?? planKey.key_id, name: key?.name ?? planKey.key_id, value: key?.value, enabled: key?.enabled ?? true };
          }),
      },
    ];
  });
}

function readRoleStatements(of: (type: string) => Blocks, data: Record<string, Blocks>): Record<string, PolicyStatementModel[]> {
  const statements: Record<string, PolicyStatementModel[]> = {};
  for (const policy of Object.values(of('aws_iam_role_policy'))) {
    const role = referencedAddress(policy.role, 'aws_iam_role');
    const document = lookup(data, policy.policy, 'aws_iam_policy_document');
    if (!role || !document) continue;
    statements[role] = [
      ...(statements[role] ?? []),
      ...((document.statement ?? []) as Block[]).map((statement) => ({
        sid: statement.sid,
        effect: statement.effect ?? 'Allow',
        actions: statement.actions ?? [],
        resources: statement.resources ?? [],
      })),
    ];
  }
  return statements;
}

function readNames(resources: Record<string, Blocks>): Record<string, string> {
  const names: Record<string, string> = {};
  for (const [type, blocks] of Object.entries(resources)) {
    for (const [name, block] of Object.entries(blocks)) {
      const physical = [block.name, block.function_name, block.bucket].find((value) => typeof value === 'string');
      if (physical !== undefined) names[`${type}.${name}`] = physical;
    }
  }
  return names;
}

function toThrottle(block: Block): ThrottleModel {
  return { rateLimit: block.rate_limit, burstLimit: block.burst_limit };
}

/**
 * The function an integration or authorizer `uri` invokes: `${aws_lambda_function.x.invoke_arn}` is the function,
 * `${aws_lambda_alias.a.invoke_arn}` its alias `a.name` (the alias's `function_name` names the function).
 */
function lambdaTarget(uri: unknown, resources: Record<string, Blocks>): { functionAddress?: string; qualifier?: string } {
  const alias = lookup(resources, uri, 'aws_lambda_alias');
  if (!alias) return { functionAddress: referencedAddress(uri, 'aws_lambda_function') };
  return { functionAddress: referencedAddress(alias.function_name, 'aws_lambda_function'), qualifier: alias.name };
}

/** A literal value, or the literal `attribute` of the block of `type` the expression refers to (`${aws_lambda_alias.a.name}`). */
function literalOf(resources: Record<string, Blocks>, expression: unknown, type: string, attribute: string): string | undefined {
  if (typeof expression !== 'string') return undefined;
  const block = lookup(resources, expression, type);
  // Stryker disable next-line ConditionalExpression: equivalent as true, the attributes read here (an alias's name, a domain's name) are strings or absent
  if (block) return typeof block[attribute] === 'string' ? block[attribute] : undefined;
  return expression.includes('${') ? undefined : expression;
}

/** `${aws_lambda_function.x.invoke_arn}` → `aws_lambda_function.x`, when the expression is exactly one reference of that type. */
export function referencedAddress(expression: unknown, type: string): string | undefined {
  // Stryker disable next-line ConditionalExpression: equivalent as false, exec() reads a non-string as text no reference matches; the check is for the type
  if (typeof expression !== 'string') return undefined;
  const match = /^\$\{([a-z0-9_]+)\.([^.}]+)\.[a-z_]+\}$/.exec(expression);
  return match && match[1] === type ? `${match[1]}.${match[2]}` : undefined;
}

function lookup(blocks: Record<string, Blocks>, expression: unknown, type: string): Block | undefined {
  // Stryker disable next-line ConditionalExpression: equivalent as false, as in referencedAddress
  if (typeof expression !== 'string') return undefined;
  const match = /^\$\{(?:data\.)?([a-z0-9_]+)\.([^.}]+)\.[a-z0-9_]+\}$/.exec(expression);
  return match && match[1] === type ? blocks[type]?.[match[2]] : undefined;
}

/** Code-point order, for the model's lists: the keys it sorts (a route's path and verb, a status, a type, a URL) are unique. */
function compare(a: string, b: string): number {
  // Stryker disable next-line EqualityOperator,ConditionalExpression,UnaryOperator,NumericLiteral: equivalent, these differ only for equal keys, which the lists never hold
  return a < b ? -1 : a > b ? 1 : 0;
}

function fail(message: string): never {
  throw new Error(message);
}
