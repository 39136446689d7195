import { Lazy, TerraformDataSource, TerraformResource, TerraformStack } from 'cdktf';
import { resolve } from 'cdktf/lib/_tokens';
import { Construct } from 'constructs';
import { ApiGatewayDeployment } from '@cdktf/provider-aws/lib/api-gateway-deployment';
import { ApiGatewayGatewayResponse } from '@cdktf/provider-aws/lib/api-gateway-gateway-response';
import { ApiGatewayRequestValidator } from '@cdktf/provider-aws/lib/api-gateway-request-validator';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api';
import { ApiGatewayRestApiPolicy } from '@cdktf/provider-aws/lib/api-gateway-rest-api-policy';
import { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { authorizerArn, executeApiArn } from '../../apigw/arns';
import { ValidationError } from '../../apigw/errors';
import { normalizeHttpMethod } from '../../apigw/http-methods';
import { CANARY_PERCENT_RANGE, DEFAULT_RESOURCES_PER_API_QUOTA } from '../../apigw/limits';
import { methodKey, parseMethodKey } from '../../apigw/method-keys';
import { API_KEY_SCHEME, COMPONENT_NAME, OpenApiAuthorizer, OpenApiGatewayResponse, SIGV4_SCHEME } from '../../apigw/openapi';
import { REQUEST_VALIDATORS, RequestValidatorKind } from '../../apigw/request-validation';
import { ApiResource } from '../api-resource';
import type { ApiMethod } from '../api-method';
import { corsGatewayResponses, CORS_OPTIONS, CorsOptions, resolveCors, ResolvedCors } from '../cors';
import { DEFAULT_LOG_RETENTION_DAYS } from '../defaults';
import { physicalName } from '../naming';
import { checkProps, propsShape } from '../props';
import type { EncryptionKey } from '../encryption-key';
import type { RequestModel } from '../request-model';
import { checkCacheSize, checkLogRetentionDays, checkStageName, checkStageVariables, checkWholeNumberInRange } from '../validate';
import { ApiDefinition } from './deployment-hash';
import { bodyProblems, BodySource, renderBody } from './openapi-body';
import { accessLogGroup, ACCESS_LOG_FORMAT, checkAccessLogName, checkLoggingLevel, dependOnAccountRole, executionLogGroup, LoggingLevel } from './logging';
import {
  addMethodSettings,
  CACHE_CLUSTER_SETTINGS,
  CACHE_SETTINGS,
  CacheClusterSettings,
  CacheSettings,
  checkCacheCluster,
  METHOD_OVERRIDES,
  MethodOverride,
  resolveOverrides,
  resolveSettings,
  THROTTLE_SETTINGS,
  ThrottleSettings,
} from './stage-settings';

export type EndpointType = 'REGIONAL' | 'EDGE' | 'PRIVATE';

/**
 * How the API's definition reaches API Gateway: `'resources'`, one Terraform resource per path, method,
 * integration, authorizer, model, validator and gateway response; or `'openapi'`, one OpenAPI 3.0 document on the
 * REST API's `body`, which API Gateway imports in one PutRestApi call.
 */
export type DefinitionMode = 'resources' | 'openapi';
export const DEFINITION_MODES: readonly DefinitionMode[] = ['resources', 'openapi'];

export interface RestApiProps {
  /**
   * Name of the REST API, after the stack's name prefix.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Description of the REST API.
   * @default - no description
   */
  readonly description?: string;
  /**
   * Where the API's endpoint lives.
   * @default 'REGIONAL'
   */
  readonly endpointType?: EndpointType;
  /**
   * VPC endpoints (`vpce-...`) that may call a `PRIVATE` API; required for `PRIVATE` and only allowed there.
   * @default - none
   */
  readonly vpcEndpointIds?: string[];
  /**
   * Content types API Gateway treats as binary, for example `image/png` or `*\/*`.
   * @default - none: every body is text
   */
  readonly binaryMediaTypes?: string[];
  /**
   * Name of the stage; the first segment of every invoke URL path.
   * @default 'prod'
   */
  readonly stageName?: string;
  /**
   * Stage variables, passed to every integration.
   * @default - none
   */
  readonly stageVariables?: Record<string, string>;
  /**
   * Throttling of every method of the stage.
   * @default - the account's limits only (10,000 requests/s, burst 5,000, per region)
   */
  readonly throttling?: ThrottleSettings;
  /**
   * The stage's cache cluster. It is billed by the hour while it exists.
   * @default - no cache cluster, so no caching
   */
  readonly cacheCluster?: CacheClusterSettings;
  /**
   * Caching of every method of the stage; needs `cacheCluster`.
   * @default - no stage-wide caching (methods may still turn it on in `methodOverrides`)
   */
  readonly caching?: CacheSettings;
  /**
   * Per-method throttling and caching, keyed like `'GET /items/{id}'`.
   * @default - every method uses the stage's settings
   */
  readonly methodOverrides?: Record<string, MethodOverride>;
  /**
   * Write an access log line per request, in JSON (`ACCESS_LOG_FORMAT`), to the log group
   * `/aws/apigateway/<name>/<stage>/access`. Needs the account's CloudWatch role (`ApiGatewayAccountRole`).
   * @default false
   */
  readonly accessLogs?: boolean;
  /**
   * Execution logs of every method, to `API-Gateway-Execution-Logs_<api id>/<stage>`, which is created here with
   * `logRetentionDays`. Needs the account's CloudWatch role (`ApiGatewayAccountRole`).
   * @default 'OFF'
   */
  readonly loggingLevel?: LoggingLevel;
  /**
   * Per-method CloudWatch metrics (billed as custom metrics).
   * @default false
   */
  readonly metricsEnabled?: boolean;
  /**
   * Days the access and execution log groups keep their logs.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Trace requests with AWS X-Ray (sampled: by default the first request each second and 5% of the others).
   * @default true
   */
  readonly tracingEnabled?: boolean;
  /**
   * The KMS key that encrypts the access and execution log groups (`EncryptionKey`, whose policy then lets CloudWatch
   * Logs use it for those groups).
   * @default - CloudWatch Logs' own encryption
   */
  readonly logEncryptionKey?: EncryptionKey;
  /**
   * A canary on the stage: a second deployment, of the API as it is now, serves `percentTraffic` of the requests, while
   * the stage's own deployment stays as it was when the canary began. Promote by removing `canary` and applying.
   * @default - no canary: every change is deployed to all of the stage's traffic at once
   */
  readonly canary?: CanarySettings;
  /**
   * Answer CORS preflight requests on every resource (an `OPTIONS` method with a `MOCK` integration), and add
   * the CORS headers to API Gateway's own 4XX and 5XX answers. Proxy integrations add them to their own answers.
   * @default - no CORS: browsers on other origins cannot call the API
   */
  readonly cors?: CorsOptions;
  /**
   * How the paths, methods, integrations, authorizers, models and gateway responses reach API Gateway: `'resources'`,
   * a Terraform resource each, or `'openapi'`, one OpenAPI 3.0 document on the REST API's `body` (imported with
   * `put_rest_api_mode` `overwrite`), which a large API deploys in a few calls instead of thousands. The stage,
   * method settings, usage plans, WAF, logs and Lambda permissions are the same either way.
   * @default 'resources'
   */
  readonly definition?: DefinitionMode;
  /**
   * The "Resources per API" quota of this API (paths, the root included): synth fails above it, as API Gateway
   * would at apply. Raise it here after raising it for the API through Service Quotas.
   * @default 300
   */
  readonly resourcesPerApiQuota?: number;
}

/** A canary deployment on the stage (`canary_settings`). */
export interface CanarySettings {
  /** Percent of the stage's requests the canary deployment serves, 0 to 100. */
  readonly percentTraffic: number;
  /**
   * Stage variables whose values differ for the canary's requests.
   * @default - the canary uses the stage's variables
   */
  readonly stageVariableOverrides?: Record<string, string>;
  /**
   * Whether the canary's requests are answered from, and fill, the stage's cache.
   * @default false
   */
  readonly useStageCache?: boolean;
}

const REST_API_PROPS = propsShape<RestApiProps>('RestApiProps', {
  name: true,
  description: true,
  endpointType: true,
  vpcEndpointIds: true,
  binaryMediaTypes: true,
  stageName: true,
  stageVariables: true,
  throttling: THROTTLE_SETTINGS,
  cacheCluster: CACHE_CLUSTER_SETTINGS,
  caching: CACHE_SETTINGS,
  methodOverrides: METHOD_OVERRIDES,
  accessLogs: true,
  loggingLevel: true,
  metricsEnabled: true,
  logRetentionDays: true,
  tracingEnabled: true,
  logEncryptionKey: true,
  canary: propsShape<CanarySettings>('canary', { percentTraffic: true, stageVariableOverrides: true, useStageCache: true }),
  cors: CORS_OPTIONS,
  definition: true,
  resourcesPerApiQuota: true,
});

export const DEFAULT_STAGE_NAME = 'prod';
export const DEFAULT_DEFINITION_MODE: DefinitionMode = 'resources';
/**
 * `put_rest_api_mode` of an OpenAPI-defined API: `overwrite` makes the API exactly the body, so a route removed from
 * the code is removed from the API; `merge` would keep it ("Import an OpenAPI file to update an existing API
 * definition": in merge mode "items from the existing API that aren't specifically defined in the imported
 * definition are left alone", in overwrite mode they "are deleted").
 */
export const PUT_REST_API_MODE = 'overwrite';
export const DEFAULT_ENDPOINT_TYPE: EndpointType = 'REGIONAL';

/**
 * An API Gateway REST API with one deployment and one stage. Build its paths from `root`; every change to
 * resources, methods or integrations makes a new deployment.
 */
export class RestApi extends Construct {
  /** The path `/`. */
  public readonly root: ApiResource;
  public readonly restApiId: string;
  /** `arn:<partition>:execute-api:<region>:<account>:<api id>`: the base of every method's execute-api ARN. */
  public readonly executionArn: string;
  /** The stage's invoke URL, `https://<api id>.execute-api.<region>.amazonaws.com/<stage>`. */
  public readonly url: string;
  public readonly stage: ApiGatewayStage;
  public readonly stageName: string;
  public readonly endpointType: EndpointType;
  /** The CORS answer of every resource, if the API has one. */
  public readonly cors?: ResolvedCors;
  /** Whether the API is defined by Terraform resources or by an OpenAPI body. */
  public readonly definition: DefinitionMode;
  /** The deployment the stage's canary serves, when it has one. */
  public readonly canaryDeploymentId?: string;

  private readonly methods: ApiMethod[] = [];
  private readonly deployment = new ApiDefinition();
  private readonly methodOverrides: Record<string, MethodOverride>;
  private readonly resourcesPerApiQuota: number;
  private readonly authorizers: OpenApiAuthorizer[] = [];
  private readonly models: RequestModel[] = [];
  private readonly gatewayResponses: OpenApiGatewayResponse[] = [];
  /** Each request validator in use, with what methods reference it by (its id, or its name in a body). */
  private readonly validators = new Map<RequestValidatorKind, string>();
  private readonly restApi: ApiGatewayRestApi;

  constructor(scope: Construct, id: string, props: RestApiProps = {}) {
    super(scope, id);
    const where = this.node.path;
    checkProps(where, props, REST_API_PROPS);
    this.stageName = props.stageName ?? DEFAULT_STAGE_NAME;
    this.endpointType = props.endpointType ?? DEFAULT_ENDPOINT_TYPE;
    this.definition = props.definition ?? DEFAULT_DEFINITION_MODE;
    this.resourcesPerApiQuota = props.resourcesPerApiQuota ?? DEFAULT_RESOURCES_PER_API_QUOTA;
    if (!DEFINITION_MODES.includes(this.definition)) {
      throw new ValidationError(`${where}: definition "${this.definition}" is not valid; use 'resources' or 'openapi'`);
    }
    checkWholeNumberInRange(where, 'resourcesPerApiQuota', this.resourcesPerApiQuota, 1, Number.MAX_SAFE_INTEGER, 'use the "Resources per API" quota of the API');
    checkStageName(where, this.stageName);
    checkEndpoint(where, this.endpointType, props.vpcEndpointIds);
    for (const type of props.binaryMediaTypes ?? []) checkMediaType(where, type);
    checkStageVariables(where, props.stageVariables ?? {});
    if (props.cacheCluster) checkCacheSize(where, props.cacheCluster.sizeGb);
    const stageSettings = resolveSettings(where, { throttling: props.throttling, caching: props.caching });
    this.methodOverrides = props.methodOverrides ?? {};
    const overrides = resolveOverrides(where, this.methodOverrides, stageSettings, props.caching);
    checkCacheCluster(where, props.cacheCluster, [stageSettings, ...overrides.map((override) => override.settings)]);
    const observability = { loggingLevel: props.loggingLevel ?? 'OFF', metricsEnabled: props.metricsEnabled ?? false };
    checkLoggingLevel(where, observability.loggingLevel);
    const logRetentionDays = props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    checkLogRetentionDays(where, 'logRetentionDays', logRetentionDays);
    const apiName = physicalName(this, props.name ?? id);
    if (props.accessLogs) checkAccessLogName(where, apiName);
    if (props.cors) this.cors = resolveCors(where, props.cors);
    if (props.canary) checkCanary(where, props.canary);

    const openApi = this.definition === 'openapi';
    const apiKeySource = 'HEADER';
    // PutRestApi in overwrite mode drops a resource policy the body does not hold, so an OpenAPI-defined API keeps its
    // policy on the REST API itself, which the provider sets again after each import; `execute-api:/*` (this API)
    // stands for the execution ARN, which the policy could not reference before the API exists.
    const policyDocument = openApi && props.vpcEndpointIds ? this.vpcEndpointPolicy(props.vpcEndpointIds, 'execute-api:/*') : undefined;
    const bodySource = (): BodySource => ({
      title: apiName,
      description: props.description,
      apiKeySource,
      binaryMediaTypes: props.binaryMediaTypes ?? [],
      vpcEndpointIds: props.vpcEndpointIds,
      methods: this.methods,
      authorizers: this.authorizers,
      models: this.models,
      validators: [...this.validators.keys()].map((kind) => REQUEST_VALIDATORS[kind]),
      gatewayResponses: this.gatewayResponses,
    });
    const api = new ApiGatewayRestApi(this, 'RestApi', {
      name: apiName,
      description: props.description,
      // Callers send API keys in the x-api-key header (not through a Lambda authorizer).
      apiKeySource,
      // A replaced API (new endpoint type, say) is up before the old one goes, as checkov CKV_AWS_237 asks.
      lifecycle: { createBeforeDestroy: true },
      endpointConfiguration: { types: [this.endpointType], vpcEndpointIds: props.vpcEndpointIds },
      binaryMediaTypes: props.binaryMediaTypes,
      // Rendered at synth, once every method, authorizer and model has been added.
      body: openApi ? Lazy.stringValue({ produce: (context) => renderBody(bodySource(), context) }) : undefined,
      putRestApiMode: openApi ? PUT_REST_API_MODE : undefined,
      policy: policyDocument?.json,
    });
    this.restApi = api;
    // Binary media types and the endpoint (and, in an OpenAPI-defined API, its whole body) take effect with the next deployment.
    this._addToDefinition(api);
    if (policyDocument) this._addToDefinition(policyDocument);
    this.restApiId = api.id;
    this.executionArn = api.executionArn;
    this.root = new ApiResource(this, 'Root', { api: this, resourceId: api.rootResourceId });
    if (this.cors) this.root.addCorsPreflight();
    if (props.vpcEndpointIds && !openApi) this.allowOnlyFromVpcEndpoints(props.vpcEndpointIds);

    const triggers = { redeployment: Lazy.stringValue({ produce: (context) => this.deployment.hash(context) }) };
    const deployment = new ApiGatewayDeployment(this, 'Deployment', {
      restApiId: this.restApiId,
      description: 'Managed by lambda-rest-api; replaced whenever the API definition changes',
      triggers,
      // While a canary runs, the stage's own deployment stays the one it had when the canary began; the canary's
      // deployment follows the changes. Removing the canary lets this one be replaced by the current definition.
      lifecycle: { createBeforeDestroy: true, ignoreChanges: props.canary ? ['triggers'] : undefined },
    });
    deployment.dependsOn = this.deployment.deployAfter;
    const canaryDeployment = props.canary
      ? new ApiGatewayDeployment(this, 'CanaryDeployment', {
          restApiId: this.restApiId,
          description: 'Managed by lambda-rest-api: the canary of the stage, replaced whenever the API definition changes',
          triggers,
          lifecycle: { createBeforeDestroy: true },
        })
      : undefined;
    if (canaryDeployment) canaryDeployment.dependsOn = this.deployment.deployAfter;
    this.canaryDeploymentId = canaryDeployment?.id;

    const logGroups = { retentionInDays: logRetentionDays, encryptionKey: props.logEncryptionKey };
    const accessLogs = props.accessLogs ? accessLogGroup(this, apiName, this.stageName, logGroups) : undefined;
    this.stage = new ApiGatewayStage(this, 'Stage', {
      restApiId: this.restApiId,
      deploymentId: deployment.id,
      stageName: this.stageName,
      variables: props.stageVariables,
      cacheClusterEnabled: props.cacheCluster ? true : undefined,
      cacheClusterSize: props.cacheCluster ? String(props.cacheCluster.sizeGb) : undefined,
      xrayTracingEnabled: props.tracingEnabled ?? true,
      accessLogSettings: accessLogs ? { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT } : undefined,
      canarySettings:
        props.canary && canaryDeployment
          ? {
              deploymentId: canaryDeployment.id,
              percentTraffic: props.canary.percentTraffic,
              stageVariableOverrides: props.canary.stageVariableOverrides,
              useStageCache: props.canary.useStageCache ?? false,
            }
          : undefined,
    });
    this.url = this.stage.invokeUrl;
    const executionLogs = observability.loggingLevel === 'OFF' ? undefined : executionLogGroup(this, this.restApiId, this.stageName, logGroups);
    const methodSettings = addMethodSettings(this, { restApiId: this.restApiId, stageName: this.stage.stageName }, stageSettings, overrides, observability, executionLogs);
    if (this.cors) this.addGatewayResponses(corsGatewayResponses(this.cors));
    // Logging fails to deploy until the account's CloudWatch role is set.
    const logging: TerraformResource[] = [...(accessLogs ? [this.stage] : []), ...(observability.loggingLevel === 'OFF' ? [] : methodSettings)];
    dependOnAccountRole(this, logging);

    this.node.addValidation({ validate: () => this.validateTree() });
  }

  /**
   * The execute-api ARN of a method, as a Lambda permission's `source_arn` needs it:
   * `<executionArn>/<stage>/<VERB>/<path>`, with `ANY` and every path variable turned into `*`.
   */
  public arnForExecuteApi(httpMethod = '*', path = '/*', stage = this.stageName): string {
    const verb = httpMethod === '*' ? '*' : normalizeHttpMethod(this.node.path, httpMethod);
    return executeApiArn(this.executionArn, stage, verb, path);
  }

  /** The ARN a Lambda authorizer's invoke permission names as its source: `<executionArn>/authorizers/<id>`. */
  public arnForAuthorizer(authorizerId: string): string {
    return authorizerArn(this.executionArn, authorizerId);
  }

  /** The methods added so far, in the order they were added. */
  public get allMethods(): readonly ApiMethod[] {
    return this.methods;
  }

  /** @internal Called by `ApiResource` and `ApiMethod` for each resource that defines the API. */
  public _addToDefinition(element: TerraformResource | TerraformDataSource, deployAfter = false): void {
    this.deployment.add(element, deployAfter);
  }

  /** @internal Called by `ApiMethod` once it is complete. */
  public _registerMethod(method: ApiMethod): void {
    this.methods.push(method);
  }

  /** @internal Called by `RequestModel`: model names are unique in an API. */
  public _registerModel(model: RequestModel): void {
    const same = this.models.find((other) => other.modelName === model.modelName);
    if (same) {
      throw new ValidationError(`${model.node.path}: the API already has a model named "${model.modelName}" (${same.node.path}); give this one another name`);
    }
    this.models.push(model);
  }

  /** @internal Called by the authorizers: names are unique in an API, and in an OpenAPI body they are security schemes. */
  public _registerAuthorizer(where: string, authorizer: OpenApiAuthorizer): void {
    if (this.authorizers.some((other) => other.name === authorizer.name)) {
      throw new ValidationError(`${where}: the API already has an authorizer named "${authorizer.name}"; give this one another name`);
    }
    if (this.definition === 'openapi' && (!COMPONENT_NAME.test(authorizer.name) || [API_KEY_SCHEME, SIGV4_SCHEME].includes(authorizer.name))) {
      throw new ValidationError(
        `${where}: authorizer name "${authorizer.name}" cannot name a security scheme of the OpenAPI body; use letters, digits, ".", "_" and "-", other than "${API_KEY_SCHEME}" and "${SIGV4_SCHEME}"`,
      );
    }
    this.authorizers.push(authorizer);
  }

  /** @internal The request validator of `kind`, created on first use: what a method references it by. */
  public _requestValidator(kind: RequestValidatorKind): string {
    let reference = this.validators.get(kind);
    if (reference === undefined) {
      const settings = REQUEST_VALIDATORS[kind];
      if (this.definition === 'openapi') {
        reference = settings.name;
      } else {
        const validator = new ApiGatewayRequestValidator(this, `RequestValidator-${settings.name}`, { restApiId: this.restApiId, ...settings });
        this._addToDefinition(validator);
        reference = validator.id;
      }
      this.validators.set(kind, reference);
    }
    return reference;
  }

  /** API Gateway's own error answers, customized: resources, or the body's `x-amazon-apigateway-gateway-responses`. */
  private addGatewayResponses(responses: OpenApiGatewayResponse[]): void {
    for (const response of responses) {
      this.gatewayResponses.push(response);
      if (this.definition === 'openapi') continue;
      const resource = new ApiGatewayGatewayResponse(this, `GatewayResponse${response.responseType}`, {
        restApiId: this.restApiId,
        responseType: response.responseType,
        statusCode: response.statusCode,
        responseParameters: response.responseParameters,
      });
      // Gateway responses reach callers only with a new deployment.
      this._addToDefinition(resource, true);
    }
  }

  /** The resource policy that lets only the VPC endpoints invoke the API (`resource`: the API's methods). */
  private vpcEndpointPolicy(vpcEndpointIds: string[], resource: string): DataAwsIamPolicyDocument {
    return new DataAwsIamPolicyDocument(this, 'PolicyDocument', {
      statement: [
        {
          sid: 'InvokeFromVpcEndpointsOnly',
          effect: 'Allow',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['execute-api:Invoke'],
          resources: [resource],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceVpce', values: vpcEndpointIds }],
        },
      ],
    });
  }

  private allowOnlyFromVpcEndpoints(vpcEndpointIds: string[]): void {
    const document = this.vpcEndpointPolicy(vpcEndpointIds, `${this.executionArn}/*`);
    const policy = new ApiGatewayRestApiPolicy(this, 'Policy', { restApiId: this.restApiId, policy: document.json });
    // A changed resource policy takes effect with the next deployment; the document holds its content.
    this._addToDefinition(document);
    this._addToDefinition(policy, true);
  }

  // cdktf prefixes each message with this construct's path.
  private validateTree(): string[] {
    const errors: string[] = [];
    if (this.methods.length === 0) {
      errors.push('the API has no method, and API Gateway cannot deploy it; add one with api.root.addMethod() or addResource()');
    }
    const routes = [...new Set(this.methods.map((method) => method.route))].sort();
    for (const key of Object.keys(this.methodOverrides)) {
      const { httpMethod, path } = parseMethodKey(this.node.path, key);
      if (!routes.includes(methodKey(httpMethod, path))) {
        errors.push(`methodOverrides["${key}"] names no method of this API; use one of: ${routes.join(', ') || '(none)'}`);
      }
    }
    const resources = this.node.findAll().filter((node) => node instanceof ApiResource && node.api === this).length;
    if (resources > this.resourcesPerApiQuota) {
      errors.push(
        `the API has ${resources} resources (paths, the root included), over its "Resources per API" quota of ${this.resourcesPerApiQuota}; ` +
          'raise the quota for this API through Service Quotas and set resourcesPerApiQuota, or split the routes over several APIs',
      );
    }
    if (this.definition === 'openapi') errors.push(...bodyProblems(resolve(TerraformStack.of(this), this.restApi.bodyInput)));
    return errors;
  }
}

function checkEndpoint(where: string, endpointType: EndpointType, vpcEndpointIds: string[] | undefined): void {
  if (!['REGIONAL', 'EDGE', 'PRIVATE'].includes(endpointType)) {
    throw new ValidationError(`${where}: endpointType "${endpointType}" is not valid; use 'REGIONAL', 'EDGE' or 'PRIVATE'`);
  }
  if (endpointType === 'PRIVATE' && !vpcEndpointIds?.length) {
    throw new ValidationError(
      `${where}: a PRIVATE API needs vpcEndpointIds: API Gateway refuses to deploy a private API without a resource policy; pass the ids of the VPC endpoints that may call it`,
    );
  }
  if (endpointType !== 'PRIVATE' && vpcEndpointIds) {
    throw new ValidationError(`${where}: vpcEndpointIds apply only to a PRIVATE API, but endpointType is "${endpointType}"; remove them or use 'PRIVATE'`);
  }
}

function checkMediaType(where: string, mediaType: string): void {
  if (!/^[\w.+*-]+\/[\w.+*-]+$/.test(mediaType)) {
    throw new ValidationError(`${where}: binary media type "${mediaType}" is not a content type; use a form such as "image/png" or "*/*"`);
  }
}

function checkCanary(where: string, canary: CanarySettings): void {
  const [min, max] = CANARY_PERCENT_RANGE;
  if (!(Number.isFinite(canary.percentTraffic) && canary.percentTraffic >= min && canary.percentTraffic <= max)) {
    throw new ValidationError(`${where}: canary percentTraffic ${canary.percentTraffic} must be a percentage from ${min} to ${max}, such as 10`);
  }
  checkStageVariables(`${where} canary`, canary.stageVariableOverrides ?? {});
}
