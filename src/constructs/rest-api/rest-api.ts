import { Lazy, TerraformDataSource, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { ApiGatewayDeployment } from '@cdktf/provider-aws/lib/api-gateway-deployment';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api';
import { ApiGatewayRestApiPolicy } from '@cdktf/provider-aws/lib/api-gateway-rest-api-policy';
import { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { authorizerArn, executeApiArn } from '../../apigw/arns';
import { ValidationError } from '../../apigw/errors';
import { normalizeHttpMethod } from '../../apigw/http-methods';
import { methodKey, parseMethodKey } from '../../apigw/method-keys';
import { ApiResource } from '../api-resource';
import type { ApiMethod } from '../api-method';
import { addCorsGatewayResponses, CORS_OPTIONS, CorsOptions, resolveCors, ResolvedCors } from '../cors';
import { DEFAULT_LOG_RETENTION_DAYS } from '../defaults';
import { physicalName } from '../naming';
import { checkProps, propsShape } from '../props';
import type { EncryptionKey } from '../encryption-key';
import { checkCacheSize, checkLogRetentionDays, checkStageName, checkStageVariables } from '../validate';
import { CANARY_PERCENT_RANGE } from '../../apigw/limits';
import { ApiDefinition } from './deployment-hash';
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
});

export const DEFAULT_STAGE_NAME = 'prod';
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
  /** The deployment the stage's canary serves, when it has one. */
  public readonly canaryDeploymentId?: string;

  private readonly methods: ApiMethod[] = [];
  private readonly definition = new ApiDefinition();
  private readonly methodOverrides: Record<string, MethodOverride>;

  constructor(scope: Construct, id: string, props: RestApiProps = {}) {
    super(scope, id);
    const where = this.node.path;
    checkProps(where, props, REST_API_PROPS);
    this.stageName = props.stageName ?? DEFAULT_STAGE_NAME;
    this.endpointType = props.endpointType ?? DEFAULT_ENDPOINT_TYPE;
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

    const api = new ApiGatewayRestApi(this, 'RestApi', {
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
    this._addToDefinition(api);
    this.restApiId = api.id;
    this.executionArn = api.executionArn;
    this.root = new ApiResource(this, 'Root', { api: this, resourceId: api.rootResourceId });
    if (this.cors) this.root.addCorsPreflight();
    if (props.vpcEndpointIds) this.allowOnlyFromVpcEndpoints(props.vpcEndpointIds);

    const triggers = { redeployment: Lazy.stringValue({ produce: (context) => this.definition.hash(context) }) };
    const deployment = new ApiGatewayDeployment(this, 'Deployment', {
      restApiId: this.restApiId,
      description: 'Managed by lambda-rest-api; replaced whenever the API definition changes',
      triggers,
      // While a canary runs, the stage's own deployment stays the one it had when the canary began; the canary's
      // deployment follows the changes. Removing the canary lets this one be replaced by the current definition.
      lifecycle: { createBeforeDestroy: true, ignoreChanges: props.canary ? ['triggers'] : undefined },
    });
    deployment.dependsOn = this.definition.deployAfter;
    const canaryDeployment = props.canary
      ? new ApiGatewayDeployment(this, 'CanaryDeployment', {
          restApiId: this.restApiId,
          description: 'Managed by lambda-rest-api: the canary of the stage, replaced whenever the API definition changes',
          triggers,
          lifecycle: { createBeforeDestroy: true },
        })
      : undefined;
    if (canaryDeployment) canaryDeployment.dependsOn = this.definition.deployAfter;
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
    if (this.cors) {
      // Gateway responses reach callers only with a new deployment.
      for (const response of addCorsGatewayResponses(this, this.restApiId, this.cors)) this._addToDefinition(response, true);
    }
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
    this.definition.add(element, deployAfter);
  }

  /** @internal Called by `ApiMethod` once it is complete. */
  public _registerMethod(method: ApiMethod): void {
    this.methods.push(method);
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
