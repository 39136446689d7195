import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { ArchiveProvider } from '@cdktf/provider-archive/lib/provider';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  ApiGatewayAccountRole,
  ApiKey,
  Architecture,
  DomainName,
  EncryptionKey,
  CacheClusterSettings,
  DefinitionMode,
  checkProps,
  checkRegion,
  LambdaAuthorizer,
  LambdaHandler,
  LambdaHandlerProps,
  LambdaIntegration,
  LambdaIntegrationOptions,
  LoggingLevel,
  MethodOptions,
  MethodOverride,
  NAME_PREFIX_CONTEXT,
  propsShape,
  QuotaSettings,
  RequestModel,
  RestApi,
  s3Arn,
  StateBackend,
  StateBackendSettings,
  ThrottleSettings,
  UsagePlan,
  ValidationError,
  WebAcl,
} from 'lambda-rest-api';
import { REQUEST_MODELS, RequestModelName } from './request-models';

export interface ApiStackProps {
  /** AWS region of every resource, such as `eu-west-1`. */
  readonly region: string;
  /** Name of the environment (`dev`, `prod`): the stage name, a tag, and part of every physical name. */
  readonly environment: string;
  /**
   * Prefix of every physical name.
   * @default - `items-<environment>`
   */
  readonly namePrefix?: string;
  /** Throttling of every method of the stage. */
  readonly throttling: ThrottleSettings;
  /**
   * The stage's cache cluster; it is billed by the hour.
   * @default - no cache cluster
   */
  readonly cacheCluster?: CacheClusterSettings;
  /**
   * Per-method throttling and caching, keyed like `'GET /items'`.
   * @default - every method uses the stage's settings
   */
  readonly methodOverrides?: Record<string, MethodOverride>;
  /**
   * Days every log group of the stack keeps its logs: the functions', the API's access and execution logs,
   * and the WAF's.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Where Terraform keeps the stack's state: `{ type: 'local' }`, `{ type: 's3', bucket, region }` or
   * `{ type: 'pipeline' }` (an empty `s3` block that `terraform init -backend-config` completes).
   * @default { type: 'local' }
   */
  readonly backend?: StateBackendSettings;
  /**
   * Tags on every AWS resource that takes tags, through the AWS provider's `default_tags`.
   * @default - only `environment`, which the stack always sets to `environment`
   */
  readonly tags?: Record<string, string>;
  /**
   * Per-client throttling and quota: every route then needs an API key (`x-api-key`) of the clients' usage
   * plan, and the stack creates one key, `default-client`, whose value is the sensitive output `api_key_value`.
   * @default - no API keys: every route is open to anyone, within the stage's throttling
   */
  readonly clientPlan?: { readonly throttling: ThrottleSettings; readonly quota: QuotaSettings };
  /**
   * Writes (`PUT /items/{id}`, `POST /events`) need a bearer token, checked by the Lambda TOKEN authorizer in
   * `functions/authorizer` against the SHA-256 digests in the Terraform variable `writer_token_sha256`.
   * @default false
   */
  readonly writeAuthorizer?: boolean;
  /**
   * A WAF web ACL on the stage that blocks an IP above this many requests per 5 minutes and runs the AWS
   * managed rule groups (`WebAcl`). WAF is billed per web ACL, rule and request.
   * @default - no WAF
   */
  readonly wafRateLimitPerIp?: number;
  /**
   * JSON access logs of the stage.
   * @default false
   */
  readonly accessLogs?: boolean;
  /**
   * Execution logging of every method.
   * @default 'OFF'
   */
  readonly loggingLevel?: LoggingLevel;
  /**
   * Per-method CloudWatch metrics.
   * @default false
   */
  readonly metricsEnabled?: boolean;
  /**
   * Set API Gateway's account-wide CloudWatch role (`ApiGatewayAccountRole`), which logging needs. It is one
   * setting per account and region: turn it on in one stack only, and only if nothing else manages it.
   * @default false
   */
  readonly manageAccountLoggingRole?: boolean;
  /**
   * How the API reaches API Gateway: Terraform resources per route, or one OpenAPI body (`RestApi` `definition`).
   * @default 'resources'
   */
  readonly definition?: DefinitionMode;
  /**
   * The instruction set of every function; `arm64` is billed about 20% less per GB-second.
   * @default 'x86_64'
   */
  readonly architecture?: Architecture;
  /**
   * Publish a version of every function at each change and have the stage call an alias named after it
   * (`aliasPerStage`), so its traffic can be shifted between versions.
   * @default false
   */
  readonly lambdaAliases?: boolean;
  /**
   * One customer-managed KMS key (`EncryptionKey`, `alias/<prefix>-logs`, rotated every year) for every log group of
   * the stack (the functions', the API's access and execution logs, the WAF's) and the functions' environment variables.
   * @default false
   */
  readonly customerManagedKey?: boolean;
  /**
   * Serve the stage at `https://<domainName>/` too: a REGIONAL custom domain with a new ACM certificate, validated in the
   * public Route 53 zone `hostedZoneName`, which also gets the domain's alias record; its URL is the output
   * `custom_domain_url`.
   * @default - no custom domain: the stage's invoke URL only
   */
  readonly customDomain?: { readonly domainName: string; readonly hostedZoneName: string };
}

/**
 * Who may call a route where the environment protects the API: `read` needs an API key of the clients' usage plan
 * (`clientPlan`), `write` also a writer's bearer token (`writeAuthorizer`). Where it does not (`dev`), anyone may.
 */
export type RouteAccess = 'read' | 'write';

/** One route of the service and the function that answers it. */
export interface ServiceRoute {
  /** The verb and the path, such as `GET /items/{id}`. */
  readonly route: string;
  /** The handler folder under `functions/`; the function takes its name. */
  readonly function: string;
  /** Who may call the route. */
  readonly access: RouteAccess;
  /**
   * How API Gateway calls the function.
   * @default - a proxy integration
   */
  readonly integration?: LambdaIntegrationOptions;
  /**
   * Query strings and headers that, with the path variables, key the route's cached answers.
   * @default - the path variables only
   */
  readonly cacheKeyParameters?: string[];
  /**
   * The model of `REQUEST_MODELS` that API Gateway checks JSON bodies against, answering 400 before the function runs.
   * @default - the body is not validated
   */
  readonly requestModel?: RequestModelName;
}

/**
 * The service's routes: the stack adds each, with a function per handler folder; the `fallback` function answers
 * every other path with a 404 that lists them; the example's tests check each one. A new route is a line here and
 * its handler folder.
 */
export const ROUTES: readonly ServiceRoute[] = [
  { route: 'GET /items', function: 'list-items', access: 'read', cacheKeyParameters: ['method.request.querystring.limit', 'method.request.querystring.cursor'] },
  { route: 'GET /items/{id}', function: 'get-item', access: 'read' },
  { route: 'PUT /items/{id}', function: 'put-item', access: 'write', requestModel: 'Item' },
  { route: 'POST /events', function: 'record-event', access: 'write', integration: { proxy: false }, requestModel: 'ItemEvent' },
];

const SERVICE_ROUTE = propsShape<ServiceRoute>('ServiceRoute', { route: true, function: true, access: true, integration: true, cacheKeyParameters: true, requestModel: true });

/** A route of `ROUTES` as the stack needs it, or a clear error: synth runs without the type checker. */
export function checkRoute(where: string, entry: ServiceRoute): ServiceRoute {
  const at = `${where} ROUTES[${JSON.stringify(entry.route)}]`;
  checkProps(at, entry, SERVICE_ROUTE);
  if (!/^\S+ \/\S*$/.test(entry.route ?? '')) {
    throw new ValidationError(`${at}: route ${JSON.stringify(entry.route)} must be a verb, a space and a path, such as "GET /health"`);
  }
  if (entry.access !== 'read' && entry.access !== 'write') {
    throw new ValidationError(`${at}: access ${JSON.stringify(entry.access)} is not valid; use 'read' or 'write'`);
  }
  if (entry.requestModel !== undefined && !Object.hasOwn(REQUEST_MODELS, entry.requestModel)) {
    throw new ValidationError(`${at}: requestModel ${JSON.stringify(entry.requestModel)} is not one of REQUEST_MODELS; use one of ${Object.keys(REQUEST_MODELS).join(', ')}`);
  }
  return entry;
}

// Every setting, so a misspelt one fails at synth; nested settings are checked by the construct they go to.
const API_STACK_PROPS = propsShape<ApiStackProps>('ApiStackProps', {
  region: true,
  environment: true,
  namePrefix: true,
  throttling: true,
  cacheCluster: true,
  methodOverrides: true,
  logRetentionDays: true,
  backend: true,
  tags: true,
  clientPlan: propsShape<NonNullable<ApiStackProps['clientPlan']>>('clientPlan', { throttling: true, quota: true }),
  writeAuthorizer: true,
  wafRateLimitPerIp: true,
  accessLogs: true,
  loggingLevel: true,
  metricsEnabled: true,
  manageAccountLoggingRole: true,
  definition: true,
  architecture: true,
  lambdaAliases: true,
  customerManagedKey: true,
  customDomain: propsShape<NonNullable<ApiStackProps['customDomain']>>('customDomain', { domainName: true, hostedZoneName: true }),
});

/**
 * The example "items" service: a REST API over an S3 bucket of items, with a catch-all route and an
 * event endpoint behind a custom (non-proxy) integration.
 */
export class ApiStack extends TerraformStack {
  public readonly api: RestApi;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id);
    checkProps(this.node.path, props, API_STACK_PROPS);
    this.node.setContext(NAME_PREFIX_CONTEXT, props.namePrefix ?? `items-${props.environment}`);
    checkRegion(this.node.path, 'region', props.region);
    new StateBackend(this, 'Backend', props.backend ?? { type: 'local' });
    new AwsProvider(this, 'aws', { region: props.region, defaultTags: [{ tags: { ...props.tags, environment: props.environment } }] });
    new ArchiveProvider(this, 'archive');

    const bucketName = new TerraformVariable(this, 'items_bucket_name', {
      type: 'string',
      description: 'Name of the existing S3 bucket that holds the items, one object per item at items/<id>.json',
      validation: [
        {
          condition: '${can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.items_bucket_name))}',
          errorMessage: 'items_bucket_name must be an S3 bucket name: 3 to 63 lower-case letters, digits, "." or "-".',
        },
      ],
    }).stringValue;
    const environment = { ITEMS_BUCKET: bucketName };
    const itemObjects = s3Arn(this, bucketName, 'items/*');
    const key = props.customerManagedKey ? new EncryptionKey(this, 'Key', { aliasName: 'logs', description: `Logs and function environments of the items service (${props.environment})` }) : undefined;
    // What every function of the stack shares; a key given for the environment is left out of functions that have none.
    const functionSettings: Partial<LambdaHandlerProps> = {
      logRetentionDays: props.logRetentionDays,
      architecture: props.architecture,
      aliasPerStage: props.lambdaAliases,
      logEncryptionKey: key,
      environmentEncryptionKey: key,
    };
    // What a function needs beyond its code and its logs, by handler folder; its description starts with its routes.
    const needs: Record<string, Partial<LambdaHandlerProps>> = {
      'list-items': {
        environment,
        description: 'lists item ids, a page at a time',
        policyStatements: [
          {
            sid: 'ListItemKeys',
            effect: 'Allow',
            actions: ['s3:ListBucket'],
            resources: [s3Arn(this, bucketName)],
            condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['items/*'] }],
          },
        ],
      },
      'get-item': {
        environment,
        description: 'reads one item from S3',
        policyStatements: [{ sid: 'ReadItems', effect: 'Allow', actions: ['s3:GetObject'], resources: [itemObjects] }],
      },
      'put-item': {
        environment,
        description: 'validates and stores one item in S3',
        policyStatements: [{ sid: 'WriteItems', effect: 'Allow', actions: ['s3:PutObject'], resources: [itemObjects] }],
      },
      'record-event': { description: 'validates an item event (the request body) and records it in its log' },
    };
    const handlers = new Map<string, LambdaHandler>();
    const handlerOf = (name: string, description: string): LambdaHandler => {
      const handler = handlers.get(name) ?? new LambdaHandler(this, name, { source: name, ...functionSettings, ...needs[name], description });
      handlers.set(name, handler);
      return handler;
    };

    if (props.manageAccountLoggingRole) new ApiGatewayAccountRole(this, 'ApiGatewayAccountRole');
    this.api = new RestApi(this, 'Api', {
      name: 'api',
      description: `Items service (${props.environment})`,
      stageName: props.environment,
      throttling: props.throttling,
      cacheCluster: props.cacheCluster,
      methodOverrides: props.methodOverrides,
      accessLogs: props.accessLogs,
      loggingLevel: props.loggingLevel,
      metricsEnabled: props.metricsEnabled,
      logRetentionDays: props.logRetentionDays,
      definition: props.definition,
      logEncryptionKey: key,
    });
    // API Gateway refuses malformed writes with 400 before a function runs.
    const models = Object.fromEntries(
      Object.entries(REQUEST_MODELS).map(([name, schema]) => [name, new RequestModel(this, `${name}Model`, { api: this.api, name, schema })]),
    ) as Record<RequestModelName, RequestModel>;
    const read: MethodOptions = { apiKeyRequired: props.clientPlan !== undefined };
    const access: Record<RouteAccess, MethodOptions> = {
      read,
      write: { ...read, authorizer: props.writeAuthorizer ? this.writerAuthorizer(functionSettings) : undefined },
    };
    for (const entry of ROUTES) {
      const { route, function: name, access: who, integration, cacheKeyParameters, requestModel } = checkRoute(this.node.path, entry);
      const [verb, path] = route.split(' ');
      const routesOfFunction = ROUTES.filter((other) => other.function === name).map((other) => other.route);
      const description = [routesOfFunction.join(', '), needs[name]?.description].filter(Boolean).join(': ');
      const requestModels = requestModel === undefined ? undefined : { 'application/json': models[requestModel] };
      this.api.root.resourceForPath(path).addMethod(verb, new LambdaIntegration(handlerOf(name, description), integration), { ...access[who], cacheKeyParameters, requestModels });
    }
    // Every other path: a 404 that lists the routes above, which the function reads from its environment.
    needs.fallback = { environment: { ROUTES: JSON.stringify(ROUTES.map(({ route }) => route)) } };
    this.api.root.addProxy(new LambdaIntegration(handlerOf('fallback', 'Every other path: answers 404 with the routes that exist')), read);
    if (props.clientPlan) this.addClientPlan(props.clientPlan);
    if (props.wafRateLimitPerIp !== undefined) {
      new WebAcl(this, 'WebAcl', { api: this.api, rateLimitPerIp: props.wafRateLimitPerIp, logRetentionDays: props.logRetentionDays, logEncryptionKey: key });
    }
    if (props.customDomain) new DomainName(this, 'CustomDomain', props.customDomain).addBasePathMapping(this.api);

    new TerraformOutput(this, 'invoke_url', { value: this.api.url, description: 'Base URL of the stage: append a path such as /items' });
    new TerraformOutput(this, 'rest_api_id', { value: this.api.restApiId, description: 'Id of the API Gateway REST API' });
    new TerraformOutput(this, 'function_names', {
      description: 'Lambda function names, by handler',
      value: Object.fromEntries([...handlers.values()].map((fn) => [fn.node.id, fn.functionName])),
    });
  }

  /** The TOKEN authorizer of the write routes; the digests of the accepted tokens come from a Terraform variable. */
  private writerAuthorizer(functionSettings: Partial<LambdaHandlerProps>): LambdaAuthorizer {
    const digests = new TerraformVariable(this, 'writer_token_sha256', {
      type: 'string',
      description: 'SHA-256 hex digests of the bearer tokens that may write (PUT /items/{id}, POST /events), comma-separated',
      validation: [
        {
          condition: '${can(regex("^[0-9a-fA-F]{64}(,[0-9a-fA-F]{64})*$", var.writer_token_sha256))}',
          errorMessage: 'writer_token_sha256 must be SHA-256 hex digests (64 hex characters each), comma-separated.',
        },
      ],
    }).stringValue;
    const handler = new LambdaHandler(this, 'authorizer', {
      ...functionSettings,
      source: 'authorizer',
      description: 'Lambda TOKEN authorizer of the write routes: accepts bearer tokens whose SHA-256 is configured',
      environment: { WRITER_TOKEN_SHA256: digests },
    });
    return new LambdaAuthorizer(this, 'WriterAuthorizer', {
      api: this.api,
      handler,
      // Malformed headers get 401 from API Gateway, without a call to the function.
      tokenValidationRegex: '^Bearer [-0-9A-Za-z._~+/]+=*$',
    });
  }

  /** One usage plan for the API's clients, with one key; its value is a sensitive output. */
  private addClientPlan(settings: { throttling: ThrottleSettings; quota: QuotaSettings }): void {
    const plan = new UsagePlan(this, 'ClientPlan', { api: this.api, name: 'clients', throttling: settings.throttling, quota: settings.quota });
    const key = new ApiKey(this, 'DefaultClientKey', { name: 'default-client', description: 'The first client of the items API' });
    plan.addApiKey(key);
    new TerraformOutput(this, 'api_key_id', { value: key.keyId, description: 'Id of the default-client API key' });
    new TerraformOutput(this, 'api_key_value', {
      value: key.value,
      sensitive: true,
      description: 'The default-client API key, for the x-api-key header: terraform output -raw api_key_value',
    });
  }
}
