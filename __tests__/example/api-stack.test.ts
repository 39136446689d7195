import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Testing } from 'cdktf';
import { ApiStack, ApiStackProps, checkRoute, ROUTES } from '../../example/api-stack';
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
import { checkConformance, checkProviderVersions, deprecatedUses, loadProviderSchemas } from '../support/schema-conformance';
import { Capture, Match } from 'lambda-rest-api/testing';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';

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

// What the tests check is read from the example's own route list, so a new route needs no edit here.
/** Every handler folder the routes name, and the fallback's: the functions of the stack, without the authorizer. */
const FUNCTIONS = [...new Set([...ROUTES.map((route) => route.function), 'fallback'])];
/** The routes of every other path, which reach the fallback. */
const FALLBACK_ROUTES = ['ANY /', 'ANY /{proxy+}'];
const isProxy = (route: (typeof ROUTES)[number]) => route.integration?.proxy !== false;

describe('ApiStack prod', () => {
  const tf = synthExample('prod');

  test('has exactly the routes of ROUTES, and the fallback on every other path', () => {
    expect(Object.keys(routeTable(tf)).sort()).toEqual([...ROUTES.map((route) => route.route), ...FALLBACK_ROUTES].sort());
  });

  test.each(ROUTES.map((route) => [route.route, route] as const))('%s reaches its function through its integration', (_name, route) => {
    const [verb, path] = route.route.split(' ');

    expect(routeTable(tf)[route.route]).toEqual({ type: isProxy(route) ? 'AWS_PROXY' : 'AWS', functionName: `items-prod-${route.function}` });
    expect(tf).toHaveRoute(verb, path, { function: route.function, integration: isProxy(route) ? 'AWS_PROXY' : 'AWS' });
  });

  test.each(FALLBACK_ROUTES)('%s reaches the fallback', (route) => {
    expect(routeTable(tf)[route]).toEqual({ type: 'AWS_PROXY', functionName: 'items-prod-fallback' });
  });

  test('GET and PUT on one resource reach different functions', () => {
    expect(tf).toHaveRoute('GET', '/items/{id}', { function: 'get-item' });
    expect(tf).toHaveRoute('PUT', '/items/{id}', { function: 'put-item' });
  });

  test.each([...ROUTES.map((route) => route.route), ...FALLBACK_ROUTES])('%s is throttled as the stage is, at 100 requests/s with a burst of 50', (route) => {
    expect(tf).toThrottle(route, { rateLimit: 100, burstLimit: 50 });
  });

  test('caches GET /items only, as its method override says', () => {
    expect(tf).toCache('GET /items', { ttlSeconds: 300, encrypted: true });
    for (const route of [...ROUTES.map((r) => r.route), ...FALLBACK_ROUTES].filter((r) => r !== 'GET /items')) expect(tf).not.toCache(route);
  });

  test.each(ROUTES.map((route) => [route.route, route] as const))("%s: API Gateway may invoke its function for it, and no other function", (_name, route) => {
    expect(tf).toGrantInvoke(route.function, route.route);
    for (const other of FUNCTIONS.filter((fn) => fn !== route.function && fn !== 'fallback')) expect(tf).not.toGrantInvoke(other, route.route);
  });

  test.each(FALLBACK_ROUTES)('%s: API Gateway may invoke the fallback for it', (route) => {
    expect(tf).toGrantInvoke('fallback', route);
  });

  test('gives the fallback the routes, which its 404 answer lists', () => {
    const fallback = resources(tf, 'aws_lambda_function').find((fn) => fn.function_name === 'items-prod-fallback')!;

    expect(JSON.parse(fallback.environment.variables.ROUTES)).toEqual(ROUTES.map((route) => route.route));
  });

  test('get-item runs 10 s at most, traced, with the bucket name and a role of its own (the example of docs/testing.md)', () => {
    const role = new Capture();
    expect(tf).toHaveResourceLike(LambdaFunction, {
      function_name: 'items-prod-get-item',
      timeout: 10,
      tracing_config: { mode: 'Active' },
      environment: { variables: { ITEMS_BUCKET: '${var.items_bucket_name}' } },
      reserved_concurrent_executions: Match.absent(),
      role,
    });
    expect(tf).toHaveResourceLike('aws_iam_role', { name: 'items-prod-get-item' });
    expect(role.value).toMatch(/^\$\{aws_iam_role\.get-item_Role_\w+\.arn\}$/);
    expect(tf).toHaveDataSourceLike('aws_iam_policy_document', {
      statement: Match.arrayWith([{ sid: 'ReadItems', actions: ['s3:GetObject'] }]),
    });
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
    expect(resources(tf, 'aws_api_gateway_method')).toHaveLength(ROUTES.length + FALLBACK_ROUTES.length);
    expect(only(tf, 'aws_api_gateway_usage_plan')).toMatchObject({
      name: 'items-prod-clients',
      throttle_settings: { rate_limit: 10, burst_limit: 20 },
      quota_settings: { limit: 100000, period: 'MONTH' },
    });
    expect(only(tf, 'aws_api_gateway_api_key').name).toBe('items-prod-default-client');
    expect(only(tf, 'aws_api_gateway_usage_plan_key').key_type).toBe('API_KEY');
  });

  test("lets only bearers of a configured token write: the write routes use the TOKEN authorizer, the others none", () => {
    const authorizer = parseStack(tf).apis[0].routes.find((route) => route.authorizer)!.authorizer!;
    const authorizations = Object.fromEntries(parseStack(tf).apis[0].routes.map((route) => [`${route.httpMethod} ${route.resourcePath}`, [route.authorization, route.authorizer?.address]]));

    // The authorizer by its API and name, as the stack model names it whether resources or an OpenAPI body define it.
    expect(authorizer.address).toMatch(/^aws_api_gateway_rest_api\.Api_RestApi_\w+\/authorizers\/WriterAuthorizer$/);
    expect(authorizations).toEqual({
      ...Object.fromEntries(ROUTES.map((route) => [route.route, route.access === 'write' ? ['CUSTOM', authorizer.address] : ['NONE', undefined]])),
      ...Object.fromEntries(FALLBACK_ROUTES.map((route) => [route, ['NONE', undefined]])),
    });
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
    expect(permissions.map(([fn]) => fn).sort()).toEqual([...FUNCTIONS, 'authorizer'].sort());
    expect(permissions).toEqual(
      expect.arrayContaining([
        ['authorizer', expect.stringMatching(/^\/authorizers\/\$\{aws_api_gateway_authorizer\.WriterAuthorizer_\w+\.id\}$/)],
        ['fallback', '/prod/*/*'],
        ['get-item', '/prod/GET/items/*'],
        ['list-items', '/prod/GET/items'],
        ['put-item', '/prod/PUT/items/*'],
        ['record-event', '/prod/POST/events'],
      ]),
    );
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
    // One alias per function: the routes' and the fallback's, and the authorizer's.
    const functions = FUNCTIONS.length + 1;
    expect(resources(tf, 'aws_lambda_alias').map((alias) => alias.name)).toEqual(Array(functions).fill('prod'));
    expect(resources(tf, 'aws_api_gateway_integration').map((integration) => aliasOf(integration.uri).name)).toEqual(
      Array(ROUTES.length + FALLBACK_ROUTES.length).fill('prod'),
    );
    expect(aliasOf(only(tf, 'aws_api_gateway_authorizer').authorizer_uri).name).toBe('prod');
    expect(resources(tf, 'aws_lambda_permission').map((permission) => aliasOf(permission.qualifier).name)).toEqual(Array(functions).fill('prod'));
  });

  test("encrypts every log group and every function's environment with the stack's own rotated KMS key", () => {
    const key = /^\$\{aws_kms_key\.Key_[0-9A-F]{8}\.arn\}$/;

    expect(only(tf, 'aws_kms_key')).toMatchObject({ enable_key_rotation: true, description: 'Logs and function environments of the items service (prod)' });
    expect(only(tf, 'aws_kms_alias').name).toBe('alias/items-prod-logs');
    // Each function's (the authorizer's too), the API's access and execution logs, and the WAF's.
    const logGroups = FUNCTIONS.length + 1 + 3;
    expect(resources(tf, 'aws_cloudwatch_log_group').map((group) => group.kms_key_id)).toEqual(Array(logGroups).fill(expect.stringMatching(key)));
    const withEnvironment = resources(tf, 'aws_lambda_function').filter((fn) => fn.environment);
    // list-items, get-item, put-item (ITEMS_BUCKET), fallback (ROUTES) and the authorizer (WRITER_TOKEN_SHA256).
    expect(withEnvironment.map((fn) => fn.function_name).sort()).toEqual(['items-prod-authorizer', 'items-prod-fallback', 'items-prod-get-item', 'items-prod-list-items', 'items-prod-put-item']);
    expect(withEnvironment.map((fn) => fn.kms_key_arn)).toEqual(Array(5).fill(expect.stringMatching(key)));
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
    const environmentOf = (name: string) => resources(tf, 'aws_lambda_function').find((f) => f.function_name === `items-prod-${name}`)!.environment?.variables;
    for (const name of ['list-items', 'get-item', 'put-item']) expect(environmentOf(name)).toEqual({ ITEMS_BUCKET: '${var.items_bucket_name}' });
    expect(environmentOf('authorizer')).toEqual({ WRITER_TOKEN_SHA256: '${var.writer_token_sha256}' });
    expect(environmentOf('record-event')).toBeUndefined();
  });

  test('outputs the invoke URL, the API id, the function names and the API key (its value sensitive), each with a description', () => {
    expect(tf.output).toEqual({
      api_key_id: { value: expect.stringMatching(/^\$\{aws_api_gateway_api_key\.[^.]+\.id\}$/), description: expect.any(String) },
      api_key_value: { value: expect.stringMatching(/^\$\{aws_api_gateway_api_key\.[^.]+\.value\}$/), description: expect.any(String), sensitive: true },
      invoke_url: { value: expect.stringMatching(/^\$\{aws_api_gateway_stage\.[^.]+\.invoke_url\}$/), description: expect.any(String) },
      rest_api_id: { value: expect.stringMatching(/^\$\{aws_api_gateway_rest_api\.[^.]+\.id\}$/), description: expect.any(String) },
      function_names: {
        description: expect.any(String),
        value: Object.fromEntries(FUNCTIONS.map((name) => [name, `items-prod-${name}`])),
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

  test('requires Terraform 1.10 or later and one exact version of each provider', () => {
    // Which versions: 'synthesized output' checks them against the vendored schemas. "aws" (cdktf's binding) and
    // "hashicorp/aws" (CDK Terrain's) are one address (terraform internal/addrs ParseProviderSourceString).
    expect(tf.terraform.required_version).toBe('>= 1.10.0');
    expect(tf.terraform.required_providers).toEqual({
      aws: { source: expect.stringMatching(/^(hashicorp\/)?aws$/), version: expect.stringMatching(/^\d+\.\d+\.\d+$/) },
      archive: { source: 'hashicorp/archive', version: expect.stringMatching(/^\d+\.\d+\.\d+$/) },
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

  test('fails when a setting is misspelt, as environments.ts may spell it, naming the one meant', () => {
    expect(() => synthStack({ logRetention: 30 } as never)).toThrow(
      new ValidationError('qa: unknown prop "logRetention" (received 30); did you mean "logRetentionDays"?'),
    );
  });

  test('fails when a throttling setting is misspelt, in the RestApi it goes to', () => {
    expect(() => synthStack({ throttling: { rateLimit: 1, burst: 1 } } as never)).toThrow(
      new ValidationError('qa/Api: unknown prop "throttling.burst" (received 1); did you mean "throttling.burstLimit"?'),
    );
  });

  test('fails when the region is not an AWS region name', () => {
    expect(() => synthStack({ region: 'Ireland' })).toThrow(
      new ValidationError('qa: region "Ireland" is not an AWS region name; use one such as "eu-west-1"'),
    );
  });
});

describe('ROUTES', () => {
  test('fails when an entry has a misspelt key, as JavaScript or a synth without the type checker lets through', () => {
    expect(() => checkRoute('prod', { route: 'GET /health', function: 'health', acess: 'read' } as never)).toThrow(
      new ValidationError('prod ROUTES["GET /health"]: unknown prop "acess" (received "read"); did you mean "access"?'),
    );
  });

  test('fails when a route is not a verb, a space and a path', () => {
    expect(() => checkRoute('prod', { route: 'GET health', function: 'health', access: 'read' })).toThrow(
      new ValidationError('prod ROUTES["GET health"]: route "GET health" must be a verb, a space and a path, such as "GET /health"'),
    );
  });

  test('fails when the access is neither read nor write', () => {
    expect(() => checkRoute('prod', { route: 'GET /health', function: 'health', access: 'open' as never })).toThrow(
      new ValidationError('prod ROUTES["GET /health"]: access "open" is not valid; use \'read\' or \'write\''),
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
    expect(resources(tf, 'aws_lambda_function').map((f) => f.function_name).sort()).toEqual(FUNCTIONS.map((name) => `items-dev-${name}`).sort());
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
      for (const fn of FUNCTIONS) {
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

  test('requires the provider versions the vendored schemas describe (hashicorp/aws 6.25.0, hashicorp/archive 2.7.1)', () => {
    // On CDK Terrain this names the schema the check would need instead (docs/cdk-terrain.md).
    for (const stack of ['dev', 'prod']) {
      const tf = JSON.parse(fs.readFileSync(path.join(first, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      expect({ stack, versions: checkProviderVersions(tf) }).toEqual({ stack, versions: [] });
    }
  });

  test('conforms to the vendored provider schemas', () => {
    for (const stack of ['dev', 'prod']) {
      const tf = JSON.parse(fs.readFileSync(path.join(first, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      expect({ stack, problems: checkConformance(tf) }).toEqual({ stack, problems: [] });
    }
  });

  test('sets no argument and reads no attribute that the provider schemas mark deprecated', () => {
    for (const stack of ['dev', 'prod']) {
      const tf = JSON.parse(fs.readFileSync(path.join(first, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      expect({ stack, deprecated: deprecatedUses(tf) }).toEqual({ stack, deprecated: [] });
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
