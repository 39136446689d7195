import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Testing } from 'cdktf';
import { ApiStack, ApiStackProps } from '../../example/api-stack';
import { ValidationError } from '../../src/apigw/errors';
import { ENVIRONMENTS } from '../../example/environments';
import { LambdaAuthorizer } from '../../src/constructs/authorizers/lambda-authorizer';
import { CodeSigningConfig } from '../../src/constructs/code-signing-config';
import { DomainName } from '../../src/constructs/domain-name';
import { EncryptionKey } from '../../src/constructs/encryption-key';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { LambdaLayer } from '../../src/constructs/lambda-layer';
import { RestApi } from '../../src/constructs/rest-api/rest-api';
import { WebAcl } from '../../src/constructs/web-acl';
import { routeTable as routeTableOfModel } from '../../src/model/route-table';
import { parseStack } from '../../src/model/stack-model';
import { handler, only, resources, synthValidated, Synthesized, testApp } from '../support/helpers';
import { checkConformance, loadProviderSchemas } from '../support/schema-conformance';
import 'lambda-rest-api/testing';

/** The route table `lambda-rest-api routes` prints for a synthesized stack. */
const routeTableOf = (tf: Synthesized) => routeTableOfModel(parseStack(tf));

function synthExample(name: 'dev' | 'prod'): Synthesized {
  const stack = new ApiStack(testApp(), name, ENVIRONMENTS[name]);
  return JSON.parse(Testing.synth(stack, true)) as Synthesized;
}

/** The resource name (`type.name`) a `${type.name.attr}` reference points at. */
function target(reference: string): string {
  const match = /^\$\{([^.]+\.[^.]+)\.[^}]+\}$/.exec(reference);
  if (!match) throw new Error(`not a reference: ${reference}`);
  return match[1];
}

/** `METHOD /path` → the function name its integration calls, read from the synthesized references only. */
function routeTable(tf: Synthesized): Record<string, { type: string; functionName: string }> {
  const paths: Record<string, string> = {};
  const pathOf = (resourceId: string): string => {
    if (resourceId.endsWith('.root_resource_id}')) return '';
    const name = target(resourceId).split('.')[1];
    if (paths[name] === undefined) {
      const resource = tf.resource.aws_api_gateway_resource[name];
      paths[name] = `${pathOf(resource.parent_id)}/${resource.path_part}`;
    }
    return paths[name];
  };
  const table: Record<string, { type: string; functionName: string }> = {};
  for (const integration of resources(tf, 'aws_api_gateway_integration')) {
    const method = tf.resource.aws_api_gateway_method[target(integration.http_method).split('.')[1]];
    // The integration calls the function, or its alias for the stage (whose function_name names the function).
    const [type, name] = target(integration.uri).split('.');
    const fnReference = type === 'aws_lambda_alias' ? tf.resource.aws_lambda_alias[name].function_name : integration.uri;
    const fn = tf.resource.aws_lambda_function[target(fnReference).split('.')[1]];
    table[`${method.http_method} ${pathOf(integration.resource_id) || '/'}`] = { type: integration.type, functionName: fn.function_name };
  }
  return table;
}

/** The IAM statements of the role of function `name`, as synthesized in its policy document. */
function roleStatements(tf: Synthesized, functionName: string): Record<string, any>[] {
  const fn = resources(tf, 'aws_lambda_function').find((f) => f.function_name === functionName)!;
  const role = tf.resource.aws_iam_role[target(fn.role).split('.')[1]];
  const policy = resources(tf, 'aws_iam_role_policy').find((p) => target(p.role) === target(fn.role.replace('.arn}', '.id}')))!;
  expect(role.name).toBe(functionName);
  const documentName = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(policy.policy)![1];
  return tf.data.aws_iam_policy_document[documentName].statement;
}

describe('ApiStack prod', () => {
  const tf = synthExample('prod');

  test('routes each method to its function: GET and PUT on one resource reach different functions', () => {
    expect(routeTable(tf)).toEqual({
      'GET /items': { type: 'AWS_PROXY', functionName: 'items-prod-list-items' },
      'GET /items/{id}': { type: 'AWS_PROXY', functionName: 'items-prod-get-item' },
      'PUT /items/{id}': { type: 'AWS_PROXY', functionName: 'items-prod-put-item' },
      'POST /events': { type: 'AWS', functionName: 'items-prod-record-event' },
      'ANY /{proxy+}': { type: 'AWS_PROXY', functionName: 'items-prod-fallback' },
      'ANY /': { type: 'AWS_PROXY', functionName: 'items-prod-fallback' },
    });
  });

  test('reads as its route table: each route reaches its function through its integration', () => {
    expect(tf).toHaveRoute('GET', '/items/{id}', { function: 'get-item', integration: 'AWS_PROXY' });
    expect(tf).toHaveRoute('POST', '/events', { function: 'record-event', integration: 'AWS' });
    expect(tf).toHaveRoute('ANY', '/{proxy+}', { function: 'fallback', integration: 'AWS_PROXY' });
  });

  test('has in force: throttling on every route, caching on GET /items only', () => {
    expect(tf).toThrottle('PUT /items/{id}', { rateLimit: 100, burstLimit: 50 });
    expect(tf).toCache('GET /items', { ttlSeconds: 300, encrypted: true });
    expect(tf).not.toCache('GET /items/{id}');
  });

  test("lets API Gateway invoke each function for its own routes, not for another function's", () => {
    expect(tf).toGrantInvoke('get-item', 'GET /items/{id}');
    expect(tf).toGrantInvoke('fallback', 'ANY /{proxy+}');
    expect(tf).not.toGrantInvoke('get-item', 'PUT /items/{id}');
  });

  test('POST /events passes the JSON request body through as the event', () => {
    const events = resources(tf, 'aws_api_gateway_integration').find((i) => i.type === 'AWS')!;
    expect(events.request_templates).toEqual({ 'application/json': "$input.json('$')" });
    expect(events.passthrough_behavior).toBe('WHEN_NO_TEMPLATES');
    expect(resources(tf, 'aws_api_gateway_integration_response').map((r) => r.selection_pattern ?? 'default').sort()).toEqual([
      '^(?!\\[(?:400|404)\\])[\\s\\S]+',
      '^\\[400\\][\\s\\S]*',
      '^\\[404\\][\\s\\S]*',
      'default',
    ]);
  });

  test('needs an API key of the clients usage plan (10 requests/s, burst 20, 100,000 a month) on every method', () => {
    const routesWithoutKey = parseStack(tf).apis[0].routes.filter((route) => !route.apiKeyRequired);
    expect(routesWithoutKey.map((route) => `${route.httpMethod} ${route.resourcePath}`)).toEqual([]);
    expect(resources(tf, 'aws_api_gateway_method')).toHaveLength(6);
    expect(only(tf, 'aws_api_gateway_usage_plan')).toMatchObject({
      name: 'items-prod-clients',
      throttle_settings: { rate_limit: 10, burst_limit: 20 },
      quota_settings: { limit: 100000, period: 'MONTH' },
    });
    expect(only(tf, 'aws_api_gateway_api_key').name).toBe('items-prod-default-client');
    expect(only(tf, 'aws_api_gateway_usage_plan_key').key_type).toBe('API_KEY');
  });

  test('lets only bearers of a configured token write: PUT /items/{id} and POST /events use the TOKEN authorizer', () => {
    const authorizerRef = expect.stringMatching(/^\$\{aws_api_gateway_authorizer\.WriterAuthorizer_\w+\.id\}$/);
    const byVerb = (verb: string) => resources(tf, 'aws_api_gateway_method').filter((method) => method.http_method === verb);

    expect([...byVerb('PUT'), ...byVerb('POST')].map((m) => [m.authorization, m.authorizer_id])).toEqual([
      ['CUSTOM', authorizerRef],
      ['CUSTOM', authorizerRef],
    ]);
    expect(byVerb('GET').map((m) => m.authorization)).toEqual(['NONE', 'NONE']);
    expect(only(tf, 'aws_api_gateway_authorizer')).toMatchObject({ type: 'TOKEN', identity_validation_expression: '^Bearer [-0-9A-Za-z._~+/]+=*$' });
    expect(tf.variable.writer_token_sha256).toMatchObject({ type: 'string', validation: [{ error_message: expect.stringMatching(/SHA-256/) }] });
  });

  test('puts the stage behind a WAF web ACL that blocks an IP above 1000 requests per 5 minutes', () => {
    expect(only(tf, 'aws_wafv2_web_acl').rule[0].statement.rate_based_statement.limit).toBe(1000);
    expect(only(tf, 'aws_wafv2_web_acl_association').resource_arn).toMatch(/^\$\{aws_api_gateway_stage\.[^.]+\.arn\}$/);
  });

  test('writes JSON access logs, traces with X-Ray, and sets the account CloudWatch role before the stage', () => {
    const stage = only(tf, 'aws_api_gateway_stage');

    expect(stage).toMatchObject({ xray_tracing_enabled: true, access_log_settings: { format: expect.stringContaining('"requestId":"$context.requestId"') } });
    expect(stage.depends_on).toEqual([expect.stringMatching(/^aws_api_gateway_account\./)]);
    expect(resources(tf, 'aws_lambda_function').map((fn) => fn.tracing_config)).toEqual(resources(tf, 'aws_lambda_function').map(() => ({ mode: 'Active' })));
  });

  test('throttles every method at 100 requests/s with a burst of 50, logs its errors and records its metrics', () => {
    const stageWide = resources(tf, 'aws_api_gateway_method_settings').find((s) => s.method_path === '*/*')!;
    expect(stageWide.settings).toEqual({
      throttling_rate_limit: 100,
      throttling_burst_limit: 50,
      caching_enabled: false,
      logging_level: 'ERROR',
      metrics_enabled: true,
      data_trace_enabled: false,
    });
  });

  test('caches GET /items for 300 s, encrypted, in a 0.5 GB cache cluster, keyed by its paging parameters', () => {
    const stage = only(tf, 'aws_api_gateway_stage');
    const getItems = resources(tf, 'aws_api_gateway_method_settings').find((s) => s.method_path === '~1items/GET')!;
    const listIntegration = resources(tf, 'aws_api_gateway_integration').find((i) => i.uri.includes('list-items'))!;

    expect(stage).toMatchObject({ stage_name: 'prod', cache_cluster_enabled: true, cache_cluster_size: '0.5' });
    expect(getItems.settings).toEqual({
      throttling_rate_limit: 100,
      throttling_burst_limit: 50,
      caching_enabled: true,
      cache_ttl_in_seconds: 300,
      cache_data_encrypted: true,
      logging_level: 'ERROR',
      metrics_enabled: true,
      data_trace_enabled: false,
    });
    expect(listIntegration.cache_key_parameters).toEqual(['method.request.querystring.limit', 'method.request.querystring.cursor']);
  });

  test('grants each role only what its function does with the bucket', () => {
    const bucket = 'arn:${data.aws_partition.Partition.partition}:s3:::${var.items_bucket_name}';
    const s3Statements = (name: string) => roleStatements(tf, `items-prod-${name}`).filter((s) => !['WriteOwnLogs', 'SendTraces', 'DecryptEnvironment'].includes(s.sid));

    expect(s3Statements('get-item')).toEqual([{ sid: 'ReadItems', effect: 'Allow', actions: ['s3:GetObject'], resources: [`${bucket}/items/*`] }]);
    expect(s3Statements('put-item')).toEqual([{ sid: 'WriteItems', effect: 'Allow', actions: ['s3:PutObject'], resources: [`${bucket}/items/*`] }]);
    expect(s3Statements('list-items')).toEqual([
      {
        sid: 'ListItemKeys',
        effect: 'Allow',
        actions: ['s3:ListBucket'],
        resources: [bucket],
        condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['items/*'] }],
      },
    ]);
    expect(s3Statements('record-event')).toEqual([]);
    expect(s3Statements('fallback')).toEqual([]);
  });

  test('lets every role write to its own log group only', () => {
    for (const fn of resources(tf, 'aws_lambda_function')) {
      const logs = roleStatements(tf, fn.function_name).find((s) => s.sid === 'WriteOwnLogs')!;
      expect(logs.actions).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(logs.resources).toEqual([fn.logging_config.log_group.replace('.name}', '.arn}:*')]);
    }
  });

  test('lets API Gateway invoke each function from its own routes of the prod stage only', () => {
    const permissions = resources(tf, 'aws_lambda_permission').map((p) => [
      p.function_name.replace(/^\$\{aws_lambda_function\.([^_]+(?:-[^_]+)*)_.*$/, '$1'),
      p.source_arn.replace(/^\$\{aws_api_gateway_rest_api\.[^.]+\.execution_arn\}/, ''),
    ]);

    // One permission per function: fallback's `ANY /` and `ANY /{proxy+}` share `*/*`.
    expect(permissions.sort()).toEqual([
      ['authorizer', expect.stringMatching(/^\/authorizers\/\$\{aws_api_gateway_authorizer\.WriterAuthorizer_\w+\.id\}$/)],
      ['fallback', '/prod/*/*'],
      ['get-item', '/prod/GET/items/*'],
      ['list-items', '/prod/GET/items'],
      ['put-item', '/prod/PUT/items/*'],
      ['record-event', '/prod/POST/events'],
    ]);
    for (const permission of resources(tf, 'aws_lambda_permission')) {
      expect(permission).toMatchObject({
        action: 'lambda:InvokeFunction',
        principal: 'apigateway.amazonaws.com',
        source_account: '${data.aws_caller_identity.CallerIdentity.account_id}',
      });
    }
  });

  test('runs every function on arm64', () => {
    expect(resources(tf, 'aws_lambda_function').map((fn) => [fn.function_name, fn.architectures])).toEqual(
      resources(tf, 'aws_lambda_function').map((fn) => [fn.function_name, ['arm64']]),
    );
  });

  test('publishes versions and has every route and the authorizer call the prod alias of their function, whose permissions are scoped to it', () => {
    const aliasOf = (reference: string) => tf.resource.aws_lambda_alias[target(reference).split('.')[1]];

    expect(resources(tf, 'aws_lambda_function').every((fn) => fn.publish === true)).toBe(true);
    expect(resources(tf, 'aws_lambda_alias').map((alias) => alias.name)).toEqual(Array(6).fill('prod'));
    expect(resources(tf, 'aws_api_gateway_integration').map((integration) => aliasOf(integration.uri).name)).toEqual(Array(6).fill('prod'));
    expect(aliasOf(only(tf, 'aws_api_gateway_authorizer').authorizer_uri).name).toBe('prod');
    expect(resources(tf, 'aws_lambda_permission').map((permission) => aliasOf(permission.qualifier).name)).toEqual(Array(6).fill('prod'));
  });

  test("encrypts every log group and every function's environment with the stack's own rotated KMS key", () => {
    const key = /^\$\{aws_kms_key\.Key_[0-9A-F]{8}\.arn\}$/;

    expect(only(tf, 'aws_kms_key')).toMatchObject({ enable_key_rotation: true, description: 'Logs and function environments of the items service (prod)' });
    expect(only(tf, 'aws_kms_alias').name).toBe('alias/items-prod-logs');
    expect(resources(tf, 'aws_cloudwatch_log_group').map((group) => group.kms_key_id)).toEqual(Array(9).fill(expect.stringMatching(key)));
    expect(resources(tf, 'aws_lambda_function').filter((fn) => fn.environment).map((fn) => fn.kms_key_arn)).toEqual(Array(4).fill(expect.stringMatching(key)));
  });

  test('lets CloudWatch Logs use the key for exactly the log groups of the stack', () => {
    const keyPolicy = Object.entries(tf.data.aws_iam_policy_document).find(([id]) => id.startsWith('Key_Policy'))![1];
    const logGroupOf = (arn: string) => arn.replace(/^.*:log-group:/, '');

    expect(keyPolicy.statement[1].condition[0].values.map(logGroupOf).sort()).toEqual(resources(tf, 'aws_cloudwatch_log_group').map((group) => group.name).sort());
  });

  test('takes the bucket name as a validated Terraform variable', () => {
    expect(tf.variable.items_bucket_name).toMatchObject({
      type: 'string',
      validation: [{ condition: expect.stringContaining('var.items_bucket_name'), error_message: expect.stringMatching(/S3 bucket name/) }],
    });
    expect(resources(tf, 'aws_lambda_function').filter((f) => f.environment).map((f) => f.environment.variables)).toEqual([
      { WRITER_TOKEN_SHA256: '${var.writer_token_sha256}' },
      { ITEMS_BUCKET: '${var.items_bucket_name}' },
      { ITEMS_BUCKET: '${var.items_bucket_name}' },
      { ITEMS_BUCKET: '${var.items_bucket_name}' },
    ]);
  });

  test('outputs the invoke URL, the API id, the function names and the API key (its value sensitive), each with a description', () => {
    expect(tf.output).toEqual({
      api_key_id: { value: expect.stringMatching(/^\$\{aws_api_gateway_api_key\.[^.]+\.id\}$/), description: expect.any(String) },
      api_key_value: { value: expect.stringMatching(/^\$\{aws_api_gateway_api_key\.[^.]+\.value\}$/), description: expect.any(String), sensitive: true },
      invoke_url: { value: expect.stringMatching(/^\$\{aws_api_gateway_stage\.[^.]+\.invoke_url\}$/), description: expect.any(String) },
      rest_api_id: { value: expect.stringMatching(/^\$\{aws_api_gateway_rest_api\.[^.]+\.id\}$/), description: expect.any(String) },
      function_names: {
        description: expect.any(String),
        value: {
          'list-items': 'items-prod-list-items',
          'get-item': 'items-prod-get-item',
          'put-item': 'items-prod-put-item',
          'record-event': 'items-prod-record-event',
          fallback: 'items-prod-fallback',
        },
      },
    });
  });

  test('owns the providers: AWS in its region with default tags, and archive', () => {
    expect(tf.provider.aws).toEqual([
      { region: 'eu-west-1', default_tags: [{ tags: { project: 'lambda-rest-api', environment: 'prod', 'managed-by': 'cdktf' } }] },
    ]);
    expect(tf.provider.archive).toEqual([{}]);
  });

  test('keeps local state at a relative path', () => {
    expect(tf.terraform.backend).toEqual({ local: { path: '../../../terraform.prod.tfstate' } });
  });

  test('requires Terraform 1.10 or later and the exact provider versions', () => {
    expect(tf.terraform.required_version).toBe('>= 1.10.0');
    expect(tf.terraform.required_providers).toEqual({
      aws: { source: 'aws', version: '6.25.0' },
      archive: { source: 'hashicorp/archive', version: '2.7.1' },
    });
  });
});

describe('ApiStack providers and backend', () => {
  const settings = { region: 'us-east-1', environment: 'qa', throttling: { rateLimit: 1, burstLimit: 1 } };
  const synthStack = (props: Partial<ApiStackProps>) => JSON.parse(Testing.synth(new ApiStack(testApp(), 'qa', { ...settings, ...props }))) as Synthesized;

  test('tags with the environment alone and keeps local state by default', () => {
    const tf = synthStack({});

    expect(tf.provider.aws).toEqual([{ region: 'us-east-1', default_tags: [{ tags: { environment: 'qa' } }] }]);
    expect(tf.terraform.backend).toEqual({ local: { path: '../../../terraform.qa.tfstate' } });
  });

  test('adds the given tags to the environment tag, which it always sets', () => {
    const tf = synthStack({ tags: { team: 'payments', environment: 'other' } });

    expect(tf.provider.aws[0].default_tags).toEqual([{ tags: { team: 'payments', environment: 'qa' } }]);
  });

  test('uses the given backend', () => {
    expect(synthStack({ backend: { type: 'pipeline' } }).terraform.backend).toEqual({ s3: {} });
  });

  test('fails when the region is not an AWS region name', () => {
    expect(() => synthStack({ region: 'Ireland' })).toThrow(
      new ValidationError('qa: region "Ireland" is not an AWS region name; use one such as "eu-west-1"'),
    );
  });
});

describe('ApiStack dev', () => {
  const tf = synthExample('dev');

  test('stays cheap and open: no WAF, usage plan, API key, authorizer, account role or API Gateway log groups', () => {
    const types = Object.keys(tf.resource);

    for (const type of ['aws_wafv2_web_acl', 'aws_api_gateway_usage_plan', 'aws_api_gateway_api_key', 'aws_api_gateway_authorizer', 'aws_api_gateway_account']) {
      expect(types).not.toContain(type);
    }
    expect(resources(tf, 'aws_cloudwatch_log_group').map((group) => group.name).filter((name) => !name.startsWith('/aws/lambda/'))).toEqual([]);
  });

  test('throttles at 10 requests/s with a burst of 5 and has no cache cluster or caching', () => {
    expect(only(tf, 'aws_api_gateway_stage')).toEqual(expect.not.objectContaining({ cache_cluster_enabled: expect.anything() }));
    expect(only(tf, 'aws_api_gateway_method_settings')).toMatchObject({
      method_path: '*/*',
      settings: { throttling_rate_limit: 10, throttling_burst_limit: 5, caching_enabled: false },
    });
  });

  test('serves stage dev and names everything items-dev-*', () => {
    expect(only(tf, 'aws_api_gateway_stage').stage_name).toBe('dev');
    expect(only(tf, 'aws_api_gateway_rest_api').name).toBe('items-dev-api');
    expect(resources(tf, 'aws_lambda_function').map((f) => f.function_name).sort()).toEqual([
      'items-dev-fallback',
      'items-dev-get-item',
      'items-dev-list-items',
      'items-dev-put-item',
      'items-dev-record-event',
    ]);
  });

  test('keeps logs for 14 days', () => {
    expect(new Set(resources(tf, 'aws_cloudwatch_log_group').map((g) => g.retention_in_days))).toEqual(new Set([14]));
  });
});

describe('ApiStack logRetentionDays', () => {
  test("applies to every log group: the functions', the API's access and execution logs, and the WAF's", () => {
    const stack = new ApiStack(testApp(), 'prod', { ...ENVIRONMENTS.prod, logRetentionDays: 30 });
    const groups = resources(JSON.parse(Testing.synth(stack)) as Synthesized, 'aws_cloudwatch_log_group');

    expect(groups.map((group) => group.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\/aws\/lambda\//), expect.stringMatching(/\/access$/), expect.stringMatching(/^API-Gateway-Execution-Logs_/), expect.stringMatching(/^aws-waf-logs-/)]),
    );
    expect(new Set(groups.map((group) => group.retention_in_days))).toEqual(new Set([30]));
  });
});

describe('synthesized output', () => {
  function synthApp(outdir: string): void {
    const app = new App({ outdir });
    for (const [name, settings] of Object.entries(ENVIRONMENTS)) new ApiStack(app, name, settings);
    app.synth();
  }

  function filesBelow(dir: string): Record<string, Buffer> {
    const files: Record<string, Buffer> = {};
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) {
        const file = path.join(entry.parentPath, entry.name);
        files[path.relative(dir, file)] = fs.readFileSync(file);
      }
    }
    return files;
  }

  const first = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-a-'));
  const second = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-b-'));
  synthApp(first);
  synthApp(second);
  afterAll(() => {
    fs.rmSync(first, { recursive: true, force: true });
    fs.rmSync(second, { recursive: true, force: true });
  });

  test('writes dev and prod stacks with their bundled handlers', () => {
    const files = Object.keys(filesBelow(first));
    for (const stack of ['dev', 'prod']) {
      expect(files).toContain(`stacks/${stack}/cdk.tf.json`);
      for (const fn of ['list-items', 'get-item', 'put-item', 'record-event', 'fallback']) {
        expect(files).toContain(`stacks/${stack}/assets/items-${stack}-${fn}/index.js`);
      }
    }
  });

  test('is byte-identical when synthesized twice', () => {
    expect(filesBelow(second)).toEqual(filesBelow(first));
  });

  test('holds no absolute path of the build machine', () => {
    const machinePaths = [first, process.cwd(), os.homedir(), os.tmpdir()];
    for (const [file, content] of Object.entries(filesBelow(first))) {
      for (const machinePath of machinePaths) {
        expect({ file, found: content.toString('utf8').includes(machinePath) }).toEqual({ file, found: false });
      }
    }
  });

  test('conforms to the pinned provider schemas (hashicorp/aws 6.25.0, hashicorp/archive 2.7.1)', () => {
    for (const stack of ['dev', 'prod']) {
      const tf = JSON.parse(fs.readFileSync(path.join(first, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      expect({ stack, problems: checkConformance(tf) }).toEqual({ stack, problems: [] });
    }
  });

  test('checks the WAF logging configuration against its schema too: nothing in prod is left unchecked', () => {
    const tf = JSON.parse(fs.readFileSync(path.join(first, 'stacks', 'prod', 'cdk.tf.json'), 'utf8'));
    const { resource_schemas: known } = loadProviderSchemas().provider_schemas['registry.terraform.io/hashicorp/aws'];
    const types = Object.keys(tf.resource).filter((type) => type.startsWith('aws_'));

    expect(types).toContain('aws_wafv2_web_acl_logging_configuration');
    expect(types.filter((type) => known?.[type] === undefined)).toEqual([]);
  });

  test('keeps every archive source inside the stack folder, so a copied folder still plans', () => {
    for (const stack of ['dev', 'prod']) {
      const stackDir = path.join(first, 'stacks', stack);
      const tf = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as Synthesized;
      for (const archive of Object.values(tf.data.archive_file)) {
        expect(archive.source_dir).toMatch(/^\$\{path\.module\}\/assets\/[\w-]+$/);
        expect(fs.existsSync(path.join(stackDir, archive.source_dir.replace('${path.module}/', '')))).toBe(true);
        expect(archive.output_path).toMatch(/^\$\{path\.module\}\/dist\/[\w-]+\.zip$/);
      }
    }
  });
});

describe('ApiStack customDomain', () => {
  const tf = JSON.parse(Testing.synth(new ApiStack(testApp(), 'prod', { ...ENVIRONMENTS.prod, customDomain: { domainName: 'api.items.example.com', hostedZoneName: 'items.example.com' } })));

  test('serves the stage at the root of the domain, and outputs its URL', () => {
    expect(only(tf, 'aws_api_gateway_base_path_mapping')).not.toHaveProperty('base_path');
    expect(tf.output.custom_domain_url).toEqual({ value: 'https://api.items.example.com/', description: 'URL of the custom domain api.items.example.com' });
  });

  test('shows the custom URL in the route table', () => {
    expect(routeTableOf(tf).split('\n')[0]).toBe('items-prod-api, stage prod, cache cluster 0.5 GB, at https://api.items.example.com/');
  });
});

/** The resource types the options of the API and handler (before the production ones) make, which `every option` checks. */
const OPTION_RESOURCE_TYPES = [
  'aws_api_gateway_deployment',
  'aws_api_gateway_integration',
  'aws_api_gateway_integration_response',
  'aws_api_gateway_method',
  'aws_api_gateway_method_response',
  'aws_api_gateway_method_settings',
  'aws_api_gateway_resource',
  'aws_api_gateway_rest_api',
  'aws_api_gateway_rest_api_policy',
  'aws_api_gateway_stage',
  'aws_cloudwatch_log_group',
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_lambda_function',
  'aws_lambda_permission',
];

describe('every production option', () => {
  test('conforms to the pinned provider schemas', () => {
    const tf = synthValidated((stack) => {
      const key = new EncryptionKey(stack, 'Key');
      const fn = handler(stack, 'fn', {
        architecture: 'arm64',
        reservedConcurrency: 10,
        aliasPerStage: true,
        provisionedConcurrency: 2,
        trafficShift: { previousVersion: '3', previousVersionWeight: 0.9 },
        environment: { MODE: 'test' },
        environmentEncryptionKey: key,
        logEncryptionKey: key,
        codeSigningConfig: new CodeSigningConfig(stack, 'Signing'),
        vpcSubnetIds: ['subnet-0123456789abcdef0'],
        vpcSecurityGroupIds: ['sg-0123456789abcdef0'],
        asyncFailures: 'on-failure-destination',
        layers: [LambdaLayer.fromLayerVersionArn('arn:aws:lambda:eu-west-1:123456789012:layer:shared:3')],
      });
      const authorizerFn = handler(stack, 'authorizer', { aliasPerStage: true, asyncFailures: 'dead-letter-queue' });
      const api = new RestApi(stack, 'Api', {
        accessLogs: true,
        loggingLevel: 'ERROR',
        logEncryptionKey: key,
        canary: { percentTraffic: 10, stageVariableOverrides: { table: 'next' }, useStageCache: true },
      });
      const authorizer = new LambdaAuthorizer(stack, 'Authorizer', { api, handler: authorizerFn });
      api.root.addResource('items').addMethod('GET', new LambdaIntegration(fn), { authorizer });
      new WebAcl(stack, 'Waf', { api, logEncryptionKey: key });
      new DomainName(stack, 'Regional', { domainName: 'api.example.com', hostedZoneName: 'example.com' }).addBasePathMapping(api, { basePath: 'v1' });
      new DomainName(stack, 'Edge', { domainName: 'edge.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ', endpointType: 'EDGE' }).addBasePathMapping(api);
      new DomainName(stack, 'Given', { domainName: 'given.example.com', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' });
    });

    expect(checkConformance(tf)).toEqual([]);
    expect(Object.keys(tf.resource).filter((type) => !OPTION_RESOURCE_TYPES.includes(type)).sort()).toEqual([
      'aws_acm_certificate',
      'aws_acm_certificate_validation',
      'aws_api_gateway_authorizer',
      'aws_api_gateway_base_path_mapping',
      'aws_api_gateway_domain_name',
      'aws_kms_alias',
      'aws_kms_key',
      'aws_lambda_alias',
      'aws_lambda_code_signing_config',
      'aws_lambda_function_event_invoke_config',
      'aws_lambda_provisioned_concurrency_config',
      'aws_route53_record',
      'aws_signer_signing_profile',
      'aws_sqs_queue',
      'aws_wafv2_web_acl',
      'aws_wafv2_web_acl_association',
      'aws_wafv2_web_acl_logging_configuration',
    ]);
    expect(Object.keys(tf.data).sort()).toEqual(['archive_file', 'aws_caller_identity', 'aws_iam_policy_document', 'aws_partition', 'aws_region', 'aws_route53_zone']);
  });

  test('conforms with a layer built from the project, too', () => {
    const tf = synthValidated((stack) => {
      const layer = new LambdaLayer(stack, 'Shared', { source: '__tests__/fixtures/layers/shared' });
      handler(stack, 'fn', { layers: [layer] });
    });

    expect(checkConformance(tf)).toEqual([]);
    expect(Object.keys(tf.resource)).toContain('aws_lambda_layer_version');
  });
});

describe('every option', () => {
  test('conforms to the pinned provider schemas', () => {
    const tf = synthValidated((stack) => {
      const fn = handler(stack, 'fn', { environment: { MODE: 'test' }, policyStatements: [{ actions: ['s3:GetObject'], resources: ['*'] }] });
      const api = new RestApi(stack, 'Api', {
        endpointType: 'PRIVATE',
        vpcEndpointIds: ['vpce-0123456789abcdef0'],
        binaryMediaTypes: ['image/png'],
        stageVariables: { table: 'items' },
        throttling: { rateLimit: 5, burstLimit: 1 },
        cacheCluster: { sizeGb: 1.6 },
        caching: { ttlSeconds: 60, encrypted: false },
        methodOverrides: { 'POST /jobs': { caching: false, throttling: { rateLimit: 1, burstLimit: 1 } } },
      });
      const jobs = api.root.addResource('jobs');
      jobs.addMethod('POST', new LambdaIntegration(fn, { proxy: false, invocationType: 'Event' }), { authorization: 'AWS_IAM' });
      jobs.addResource('{id}').addMethod('GET', new LambdaIntegration(fn, { timeoutMs: 15000 }), {
        apiKeyRequired: true,
        cacheKeyParameters: ['method.request.header.Accept'],
      });
    });

    expect(checkConformance(tf)).toEqual([]);
    expect(Object.keys(tf.resource).sort()).toEqual(OPTION_RESOURCE_TYPES);
  });
});
