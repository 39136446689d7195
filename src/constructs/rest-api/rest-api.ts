import { createHash } from 'node:crypto';
import { Aspects, IResolveContext, Lazy, TerraformDataSource, TerraformResource, Token, Tokenization } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { ApiGatewayDeployment } from '@cdktf/provider-aws/lib/api-gateway-deployment';
import { ApiGatewayGatewayResponse } from '@cdktf/provider-aws/lib/api-gateway-gateway-response';
import { ApiGatewayMethodSettings } from '@cdktf/provider-aws/lib/api-gateway-method-settings';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api';
import { ApiGatewayRestApiPolicy } from '@cdktf/provider-aws/lib/api-gateway-rest-api-policy';
import { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { ApiGatewayAccountRole } from '../api-gateway-account-role';
import { ApiResource } from '../api-resource';
import type { ApiMethod } from '../api-method';
import { executeApiArn } from '../arn';
import { CorsOptions, corsHeaders, resolveCors, ResolvedCors } from '../cors';
import { physicalName } from '../naming';
import {
  CacheClusterSizeGb,
  checkCacheSize,
  checkCacheTtl,
  checkLogRetentionDays,
  checkStageName,
  checkStageVariables,
  checkThrottling,
  normalizeHttpMethod,
  parseMethodKey,
} from '../validate';
import { ValidationError } from '../errors';

export type EndpointType = 'REGIONAL' | 'EDGE' | 'PRIVATE';
/** What execution logs record: nothing, errors, or every request's steps. */
export type LoggingLevel = 'OFF' | 'ERROR' | 'INFO';

/** A token bucket: steady requests per second and the burst it may absorb. */
export interface ThrottleSettings {
  /** Steady-state requests per second, above 0. */
  readonly rateLimit: number;
  /** Requests that may arrive at once above the rate; a whole number, 0 or more. */
  readonly burstLimit: number;
}

/** How responses are cached. Caching needs the stage's cache cluster (`cacheCluster`). */
export interface CacheSettings {
  /**
   * Seconds a cached response is served, 0 to 3600.
   * @default 300
   */
  readonly ttlSeconds?: number;
  /**
   * Encrypt the cached responses.
   * @default true
   */
  readonly encrypted?: boolean;
}

export interface CacheClusterSettings {
  /** Size of the stage's cache cluster, one of the sizes API Gateway offers. */
  readonly sizeGb: CacheClusterSizeGb;
}

/** Settings of one method that replace the stage's defaults. */
export interface MethodOverride {
  /**
   * Throttling of this method.
   * @default - the stage's throttling
   */
  readonly throttling?: ThrottleSettings;
  /**
   * Caching of this method; `false` turns the stage's caching off for it.
   * @default - the stage's caching
   */
  readonly caching?: CacheSettings | false;
}

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
   * Answer CORS preflight requests on every resource (an `OPTIONS` method with a `MOCK` integration), and add
   * the CORS headers to API Gateway's own 4XX and 5XX answers. Proxy integrations add them to their own answers.
   * @default - no CORS: browsers on other origins cannot call the API
   */
  readonly cors?: CorsOptions;
}

/**
 * The access log line, one JSON object per request: its ids, caller, route, status and latencies, and why it
 * failed (`$context` variables of the API Gateway access-logging reference). Every value is a string, so a
 * missing one (`-`) keeps the line valid JSON.
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTime',
  requestTimeEpoch: '$context.requestTimeEpoch',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  caller: '$context.identity.caller',
  user: '$context.identity.user',
  apiKeyId: '$context.identity.apiKeyId',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  path: '$context.path',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationLatency: '$context.integrationLatency',
  errorMessage: '$context.error.message',
  errorType: '$context.error.responseType',
  authorizerError: '$context.authorizer.error',
  wafResponseCode: '$context.wafResponseCode',
  xrayTraceId: '$context.xrayTraceId',
});

/** API Gateway's own error answers that carry the CORS headers, so browsers let the caller read them. */
export const CORS_GATEWAY_RESPONSES = ['DEFAULT_4XX', 'DEFAULT_5XX'] as const;

export const DEFAULT_STAGE_NAME = 'prod';
export const DEFAULT_ENDPOINT_TYPE: EndpointType = 'REGIONAL';
export const DEFAULT_CACHE_TTL_SECONDS = 300;
export const DEFAULT_API_LOG_RETENTION_DAYS = 365;

/** The throttling and caching in force for one method path of the stage; what `aws_api_gateway_method_settings` holds. */
interface EffectiveSettings {
  readonly throttling?: ThrottleSettings;
  readonly caching?: Required<CacheSettings>;
}

/** Logging and metrics, the same for every method: API Gateway does not merge a method's settings with the stage's. */
interface Observability {
  readonly loggingLevel: LoggingLevel;
  readonly metricsEnabled: boolean;
}

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

  private readonly api: ApiGatewayRestApi;
  private readonly observability: Observability;
  // Created after the account's CloudWatch role when the stack sets it: logging fails without it.
  private readonly needsAccountRole: TerraformResource[] = [];
  private readonly methods: ApiMethod[] = [];
  // What defines the deployed API: a change to any of these must redeploy it.
  private readonly definition: (TerraformResource | TerraformDataSource)[] = [];
  // What must exist before the deployment is created (API Gateway refuses to deploy a method without integration).
  private readonly deploymentDependencies: string[] = [];
  private readonly stageSettings: EffectiveSettings;
  private readonly methodOverrides: Record<string, MethodOverride>;

  constructor(scope: Construct, id: string, props: RestApiProps = {}) {
    super(scope, id);
    const where = this.node.path;
    this.stageName = props.stageName ?? DEFAULT_STAGE_NAME;
    this.endpointType = props.endpointType ?? DEFAULT_ENDPOINT_TYPE;
    checkStageName(where, this.stageName);
    checkEndpoint(where, this.endpointType, props.vpcEndpointIds);
    for (const type of props.binaryMediaTypes ?? []) checkMediaType(where, type);
    checkStageVariables(where, props.stageVariables ?? {});
    if (props.cacheCluster) checkCacheSize(where, props.cacheCluster.sizeGb);
    this.stageSettings = resolveSettings(where, { throttling: props.throttling, caching: props.caching });
    this.methodOverrides = props.methodOverrides ?? {};
    const overrideSettings = resolveOverrides(where, this.methodOverrides, this.stageSettings, props.caching);
    checkCacheCluster(where, props.cacheCluster, [this.stageSettings, ...overrideSettings.map((o) => o.settings)]);
    this.observability = { loggingLevel: props.loggingLevel ?? 'OFF', metricsEnabled: props.metricsEnabled ?? false };
    if (!['OFF', 'ERROR', 'INFO'].includes(this.observability.loggingLevel)) {
      throw new ValidationError(`${where}: loggingLevel "${this.observability.loggingLevel}" is not valid; use 'OFF', 'ERROR' or 'INFO'`);
    }
    const logRetentionDays = props.logRetentionDays ?? DEFAULT_API_LOG_RETENTION_DAYS;
    checkLogRetentionDays(where, 'logRetentionDays', logRetentionDays);
    const apiName = physicalName(this, props.name ?? id);
    if (props.accessLogs && !/^[.\-_/#A-Za-z0-9]+$/.test(apiName)) {
      throw new ValidationError(`${where}: name "${apiName}" cannot name the access log group; use letters, digits and ".-_/#" in the name`);
    }
    if (props.cors) this.cors = resolveCors(where, props.cors);

    this.api = new ApiGatewayRestApi(this, 'RestApi', {
      name: apiName,
      description: props.description,
      // Callers send API keys in the x-api-key header (not through a Lambda authorizer).
      apiKeySource: 'HEADER',
      // A replaced API (new endpoint type, say) is up before the old one goes, as checkov CKV_AWS_237 asks.
      lifecycle: { createBeforeDestroy: true },
      endpointConfiguration: { types: [this.endpointType], vpcEndpointIds: props.vpcEndpointIds },
      binaryMediaTypes: props.binaryMediaTypes,
    });
    // Binary media types and the endpoint take effect with the next deployment.
    this._addToDefinition(this.api);
    this.restApiId = this.api.id;
    this.executionArn = this.api.executionArn;
    this.root = new ApiResource(this, 'Root', { api: this, resourceId: this.api.rootResourceId });
    if (this.cors) this.root.addCorsPreflight();
    if (props.vpcEndpointIds) this.allowOnlyFromVpcEndpoints(props.vpcEndpointIds);

    const deployment = new ApiGatewayDeployment(this, 'Deployment', {
      restApiId: this.restApiId,
      description: 'Managed by lambda-rest-api; replaced whenever the API definition changes',
      triggers: { redeployment: Lazy.stringValue({ produce: (context) => this.definitionHash(context) }) },
      lifecycle: { createBeforeDestroy: true },
    });
    deployment.dependsOn = this.deploymentDependencies;

    const accessLogGroup = props.accessLogs
      ? new CloudwatchLogGroup(this, 'AccessLogs', { name: `/aws/apigateway/${apiName}/${this.stageName}/access`, retentionInDays: logRetentionDays })
      : undefined;
    this.stage = new ApiGatewayStage(this, 'Stage', {
      restApiId: this.restApiId,
      deploymentId: deployment.id,
      stageName: this.stageName,
      variables: props.stageVariables,
      cacheClusterEnabled: props.cacheCluster ? true : undefined,
      cacheClusterSize: props.cacheCluster ? String(props.cacheCluster.sizeGb) : undefined,
      xrayTracingEnabled: props.tracingEnabled ?? true,
      accessLogSettings: accessLogGroup ? { destinationArn: accessLogGroup.arn, format: ACCESS_LOG_FORMAT } : undefined,
    });
    this.url = this.stage.invokeUrl;
    if (accessLogGroup) this.needsAccountRole.push(this.stage);
    // Pre-created so the execution logs get a retention; API Gateway would create the group keeping logs forever.
    const executionLogGroup =
      this.observability.loggingLevel === 'OFF'
        ? undefined
        : new CloudwatchLogGroup(this, 'ExecutionLogs', {
            name: `API-Gateway-Execution-Logs_${this.restApiId}/${this.stageName}`,
            retentionInDays: logRetentionDays,
          });
    this.addMethodSettings(overrideSettings, executionLogGroup);
    if (this.cors) this.addCorsGatewayResponses(this.cors);
    if (this.needsAccountRole.length) {
      Aspects.of(this).add({ visit: (node) => node === this && this.dependOnAccountRole() });
    }

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
    // The form AWS CDK's LambdaAuthorizer grants (`authorizerArn`), and what API Gateway signs when it calls one.
    return `${this.executionArn}/authorizers/${authorizerId}`;
  }

  /** The methods added so far, in the order they were added. */
  public get allMethods(): readonly ApiMethod[] {
    return this.methods;
  }

  /** @internal Called by `ApiResource` and `ApiMethod` for each resource that defines the API. */
  public _addToDefinition(element: TerraformResource | TerraformDataSource, deployAfter = false): void {
    this.definition.push(element);
    // The same plain `type.name` address cdktf writes for `dependsOn`.
    if (deployAfter && element instanceof TerraformResource) {
      this.deploymentDependencies.push(`${element.terraformResourceType}.${element.friendlyUniqueId}`);
    }
  }

  /** @internal Called by `ApiMethod` once it is complete. */
  public _registerMethod(method: ApiMethod): void {
    this.methods.push(method);
  }

  private definitionHash(context: IResolveContext): string {
    // cdktf's first, "preparing" pass only looks for cross-stack references, and every element of the definition
    // shows its own in its own resolution; the value is thrown away.
    if (context.preparing) return '';
    const resolved = new Map<string, unknown>();
    const definition = this.definition.map((element) => resolveTokens(element.toTerraform(), context, resolved));
    return createHash('sha1').update(JSON.stringify(definition)).digest('hex');
  }

  private allowOnlyFromVpcEndpoints(vpcEndpointIds: string[]): void {
    const document = new DataAwsIamPolicyDocument(this, 'PolicyDocument', {
      statement: [
        {
          sid: 'InvokeFromVpcEndpointsOnly',
          effect: 'Allow',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['execute-api:Invoke'],
          resources: [`${this.executionArn}/*`],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceVpce', values: vpcEndpointIds }],
        },
      ],
    });
    const policy = new ApiGatewayRestApiPolicy(this, 'Policy', { restApiId: this.restApiId, policy: document.json });
    // A changed resource policy takes effect with the next deployment; the document holds its content.
    this._addToDefinition(document);
    this._addToDefinition(policy, true);
  }

  private addMethodSettings(overrides: ResolvedOverride[], executionLogGroup: CloudwatchLogGroup | undefined): void {
    const entries = [];
    const { loggingLevel, metricsEnabled } = this.observability;
    const observed = loggingLevel !== 'OFF' || metricsEnabled;
    if (this.stageSettings.throttling || this.stageSettings.caching || observed) {
      entries.push({ id: 'MethodSettings', methodPath: '*/*', settings: this.stageSettings });
    }
    for (const override of overrides) {
      entries.push({ id: `MethodSettings ${override.route}`, methodPath: override.methodPath, settings: override.settings });
    }
    // Settings of one stage are applied one after another: concurrent UpdateStage calls conflict.
    let previous: ApiGatewayMethodSettings | undefined;
    for (const entry of entries) {
      const { throttling, caching } = entry.settings;
      const dependencies = [previous, executionLogGroup].filter((r): r is ApiGatewayMethodSettings | CloudwatchLogGroup => r !== undefined);
      previous = new ApiGatewayMethodSettings(this, entry.id, {
        restApiId: this.restApiId,
        stageName: this.stage.stageName,
        methodPath: entry.methodPath,
        settings: {
          // -1 turns throttling off for the method, which is the stage default only when none is configured.
          throttlingRateLimit: throttling?.rateLimit ?? -1,
          throttlingBurstLimit: throttling?.burstLimit ?? -1,
          cachingEnabled: caching !== undefined,
          cacheTtlInSeconds: caching?.ttlSeconds,
          cacheDataEncrypted: caching?.encrypted,
          loggingLevel: observed ? loggingLevel : undefined,
          metricsEnabled: observed ? metricsEnabled : undefined,
          // Full request and response bodies in the logs would leak tokens and personal data.
          dataTraceEnabled: observed ? false : undefined,
        },
        dependsOn: dependencies.length ? dependencies : undefined,
      });
      if (loggingLevel !== 'OFF') this.needsAccountRole.push(previous);
    }
  }

  private addCorsGatewayResponses(cors: ResolvedCors): void {
    const responseParameters = Object.fromEntries(
      Object.entries(corsHeaders(cors)).map(([header, value]) => [`gatewayresponse.header.${header}`, value]),
    );
    for (const responseType of CORS_GATEWAY_RESPONSES) {
      const response = new ApiGatewayGatewayResponse(this, `GatewayResponse${responseType}`, {
        restApiId: this.restApiId,
        responseType,
        responseParameters,
      });
      // Gateway responses reach callers only with a new deployment.
      this._addToDefinition(response, true);
    }
  }

  private dependOnAccountRole(): void {
    const accountRole = ApiGatewayAccountRole.of(this);
    if (!accountRole) return;
    const address = `${accountRole.account.terraformResourceType}.${accountRole.account.friendlyUniqueId}`;
    for (const resource of this.needsAccountRole) {
      const dependsOn = resource.dependsOn ?? [];
      if (!dependsOn.includes(address)) resource.dependsOn = [...dependsOn, address];
    }
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
      if (!routes.includes(`${httpMethod} ${path}`)) {
        errors.push(`methodOverrides["${key}"] names no method of this API; use one of: ${routes.join(', ') || '(none)'}`);
      }
    }
    return errors;
  }
}

/**
 * `value` as `context.resolve(value)` gives it, for far less work: cdktf's resolver makes a context for every key
 * and value, tokens or not, while a definition repeats the same few strings (attribute names, the API's id, each
 * resource's id) thousands of times. Each distinct string is resolved once; lists, maps and objects that are
 * tokens themselves go to cdktf as they are.
 */
export function resolveTokens(value: unknown, context: IResolveContext, resolved = new Map<string, unknown>()): unknown {
  if (typeof value === 'string') {
    if (!resolved.has(value)) resolved.set(value, context.resolve(value));
    return resolved.get(value);
  }
  if (typeof value === 'number') return Token.isUnresolved(value) ? context.resolve(value) : value;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) {
    if (value.some((item) => (typeof item === 'string' && item.includes('#{TfToken[')) || (typeof item === 'number' && Token.isUnresolved(item)))) {
      return context.resolve(value);
    }
    return value.map((item) => resolveTokens(item, context, resolved)).filter((item) => item !== undefined);
  }
  if (Tokenization.isResolvable(value) || Object.keys(value).some((key) => key.includes('{TfToken['))) return context.resolve(value);
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const resolvedItem = resolveTokens(item, context, resolved);
    if (resolvedItem !== undefined) result[resolveTokens(key, context, resolved) as string] = resolvedItem;
  }
  return result;
}

/** `method_path` of `aws_api_gateway_method_settings`: the resource path without its leading `/`, its slashes as `~1`. */
export function methodSettingsPath(httpMethod: string, path: string): string {
  // As the AWS CLI prints it and the provider passes it on unchanged (hashicorp/terraform-provider-aws#9738): `~1items~1{id}/GET`, and `~1/GET` for the root.
  return `${path.replace(/\//g, '~1')}/${httpMethod}`;
}

interface ResolvedOverride {
  /** The method, as `GET /items/{id}`, whatever the spelling of its key. */
  readonly route: string;
  readonly methodPath: string;
  readonly settings: EffectiveSettings;
}

/**
 * The settings in force for each overridden method. API Gateway does not merge a method's settings with the
 * stage's (its unset throttling means none), so each override starts from the stage's.
 */
function resolveOverrides(
  where: string,
  overrides: Record<string, MethodOverride>,
  stage: EffectiveSettings,
  stageCaching: CacheSettings | undefined,
): ResolvedOverride[] {
  const keyOfRoute = new Map<string, string>();
  return Object.entries(overrides).map(([key, override]) => {
    const { httpMethod, path } = parseMethodKey(`${where} methodOverrides`, key);
    const route = `${httpMethod} ${path}`;
    const earlier = keyOfRoute.get(route);
    if (earlier !== undefined) {
      throw new ValidationError(`${where}: methodOverrides "${earlier}" and "${key}" both name ${route}; merge them into one entry`);
    }
    keyOfRoute.set(route, key);
    const settings = resolveSettings(`${where} methodOverrides["${key}"]`, {
      throttling: override.throttling ?? stage.throttling,
      // What the override leaves out of caching comes from the stage's caching.
      caching: override.caching === false ? undefined : override.caching ? { ...stageCaching, ...override.caching } : stageCaching,
    });
    return { route, methodPath: methodSettingsPath(httpMethod, path), settings };
  });
}

/** A cache cluster exists exactly when some method caches: caching needs one, and an idle one is billed. */
function checkCacheCluster(where: string, cacheCluster: CacheClusterSettings | undefined, settings: EffectiveSettings[]): void {
  const cachingWanted = settings.some((s) => s.caching);
  if (cachingWanted && !cacheCluster) {
    throw new ValidationError(
      `${where}: caching is turned on but the stage has no cache cluster; set cacheCluster: { sizeGb: 0.5 } or remove the caching settings`,
    );
  }
  if (cacheCluster && !cachingWanted) {
    throw new ValidationError(
      `${where}: cacheCluster ${cacheCluster.sizeGb} GB is set but no method caches, and the cluster is billed by the hour; turn caching on (caching, or caching in methodOverrides) or remove cacheCluster`,
    );
  }
}

function resolveSettings(where: string, settings: { throttling?: ThrottleSettings; caching?: CacheSettings }): EffectiveSettings {
  const { throttling, caching } = settings;
  if (throttling) checkThrottling(where, throttling.rateLimit, throttling.burstLimit);
  if (!caching) return { throttling };
  const ttlSeconds = caching.ttlSeconds ?? DEFAULT_CACHE_TTL_SECONDS;
  checkCacheTtl(where, ttlSeconds);
  return { throttling, caching: { ttlSeconds, encrypted: caching.encrypted ?? true } };
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
