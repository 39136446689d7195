import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { ArchiveProvider } from '@cdktf/provider-archive/lib/provider';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { s3Arn } from './arn';
import { checkRegion, StateBackend, StateBackendSettings } from './backend';
import { LambdaHandler } from './lambda-handler';
import { LambdaIntegration } from './lambda-integration';
import { NAME_PREFIX_CONTEXT } from './naming';
import { CacheClusterSettings, MethodOverride, RestApi, ThrottleSettings } from './rest-api';

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
   * Days the functions' log groups keep their logs.
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
}

/**
 * The example "items" service: a REST API over an S3 bucket of items, with a catch-all route and an
 * event endpoint behind a custom (non-proxy) integration.
 */
export class ApiStack extends TerraformStack {
  public readonly api: RestApi;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id);
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
    const common = { logRetentionDays: props.logRetentionDays, environment };

    const listItems = new LambdaHandler(this, 'list-items', {
      ...common,
      source: 'list-items',
      description: 'GET /items: lists item ids, a page at a time',
      policyStatements: [
        {
          sid: 'ListItemKeys',
          effect: 'Allow',
          actions: ['s3:ListBucket'],
          resources: [s3Arn(this, bucketName)],
          condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['items/*'] }],
        },
      ],
    });
    const getItem = new LambdaHandler(this, 'get-item', {
      ...common,
      source: 'get-item',
      description: 'GET /items/{id}: reads one item from S3',
      policyStatements: [
        { sid: 'ReadItems', effect: 'Allow', actions: ['s3:GetObject'], resources: [itemObjects] },
      ],
    });
    const putItem = new LambdaHandler(this, 'put-item', {
      ...common,
      source: 'put-item',
      description: 'PUT /items/{id}: validates and stores one item in S3',
      policyStatements: [
        { sid: 'WriteItems', effect: 'Allow', actions: ['s3:PutObject'], resources: [itemObjects] },
      ],
    });
    const recordEvent = new LambdaHandler(this, 'record-event', {
      logRetentionDays: props.logRetentionDays,
      source: 'record-event',
      description: 'POST /events: validates an item event (the request body) and records it in its log',
    });
    const fallback = new LambdaHandler(this, 'fallback', {
      logRetentionDays: props.logRetentionDays,
      source: 'fallback',
      description: 'Every other path: answers 404 with the routes that exist',
    });

    this.api = new RestApi(this, 'Api', {
      name: 'api',
      description: `Items service (${props.environment})`,
      stageName: props.environment,
      throttling: props.throttling,
      cacheCluster: props.cacheCluster,
      methodOverrides: props.methodOverrides,
    });
    const items = this.api.root.addResource('items');
    items.addMethod('GET', new LambdaIntegration(listItems), {
      cacheKeyParameters: ['method.request.querystring.limit', 'method.request.querystring.cursor'],
    });
    const item = items.addResource('{id}');
    item.addMethod('GET', new LambdaIntegration(getItem));
    item.addMethod('PUT', new LambdaIntegration(putItem));
    this.api.root.addResource('events').addMethod('POST', new LambdaIntegration(recordEvent, { proxy: false }));
    this.api.root.addProxy(new LambdaIntegration(fallback));

    new TerraformOutput(this, 'invoke_url', { value: this.api.url, description: 'Base URL of the stage: append a path such as /items' });
    new TerraformOutput(this, 'rest_api_id', { value: this.api.restApiId, description: 'Id of the API Gateway REST API' });
    new TerraformOutput(this, 'function_names', {
      description: 'Lambda function names, by handler',
      value: Object.fromEntries([listItems, getItem, putItem, recordEvent, fallback].map((fn) => [fn.node.id, fn.functionName])),
    });
  }
}
