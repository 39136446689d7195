import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LambdaAuthorizer } from '../../src/constructs/authorizers/lambda-authorizer';
import { DomainName } from '../../src/constructs/domain-name';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { LambdaLayer } from '../../src/constructs/lambda-layer';
import { escapeTemplateSequences, OpenApiDefinition, OpenApiRoute, renderOpenApi } from '../../src/apigw/openapi';
import { ApiModel, NotAStackFolder, parseStack, readStack, readStackJson, referencedAddress, RouteModel, StackModel, terraformBlocks, terraformTypes } from '../../src/model/stack-model';
import { api, handler, synth } from '../support/helpers';
import { lambdaProxyIntegration, openApiRoute } from '../support/openapi-routes';

const API = '${aws_api_gateway_rest_api.api.id}';
const ROOT = '${aws_api_gateway_rest_api.api.root_resource_id}';
const STAGE = '${aws_api_gateway_stage.stage.stage_name}';

function routeOf(model: ApiModel, httpMethod: string, resourcePath: string): RouteModel {
  const found = model.routes.find((route) => route.httpMethod === httpMethod && route.resourcePath === resourcePath);
  if (!found) throw new Error(`no route ${httpMethod} ${resourcePath}`);
  return found;
}

describe('parseStack of a synthesized API', () => {
  let model: StackModel;
  let only: ApiModel;

  beforeAll(() => {
    const tf = synth((stack) => {
      const rest = api(stack, {
        stageName: 'v1',
        stageVariables: { table: 'items' },
        binaryMediaTypes: ['image/png'],
        throttling: { rateLimit: 10, burstLimit: 5 },
        cacheCluster: { sizeGb: 0.5 },
        methodOverrides: {
          'GET /items': { caching: { ttlSeconds: 60 } },
          'PUT /items/{id}': { throttling: { rateLimit: 1, burstLimit: 2 } },
        },
      });
      const list = handler(stack, 'list-items', { timeoutSeconds: 5, memoryMb: 512, environment: { TABLE: 'items' } });
      const items = rest.root.addResource('items');
      items.addMethod('GET', new LambdaIntegration(list), { cacheKeyParameters: ['method.request.querystring.limit'] });
      const item = items.addResource('{id}');
      item.addMethod('GET', new LambdaIntegration(handler(stack, 'get-item')));
      item.addMethod('PUT', new LambdaIntegration(handler(stack, 'put-item')), { apiKeyRequired: true });
      rest.root.addResource('events').addMethod('POST', new LambdaIntegration(handler(stack, 'record-event'), { proxy: false, timeoutMs: 10_000 }));
      rest.root.addResource('jobs').addMethod('POST', new LambdaIntegration(handler(stack, 'start-job'), { proxy: false, invocationType: 'Event' }));
      rest.root.addProxy(new LambdaIntegration(handler(stack, 'fallback')));
    });
    model = parseStack(tf);
    only = model.apis[0];
  });

  test('reads one API with its name, binary media types and the default API key source', () => {
    expect([model.apis.length, only.name, only.binaryMediaTypes, only.apiKeySource]).toEqual([1, 'stack-Api', ['image/png'], 'HEADER']);
  });

  test('reads the stage: name, variables, cache cluster and X-Ray tracing', () => {
    expect(only.stage).toEqual({ name: 'v1', variables: { table: 'items' }, cacheClusterEnabled: true, cacheClusterSizeGb: '0.5', tracingEnabled: true, canary: undefined });
  });

  test('builds every resource path through parent_id, nested ones and the root included', () => {
    expect(only.routes.map((route) => `${route.httpMethod} ${route.resourcePath}`).sort()).toEqual([
      'ANY /',
      'ANY /{proxy+}',
      'GET /items',
      'GET /items/{id}',
      'POST /events',
      'POST /jobs',
      'PUT /items/{id}',
    ]);
  });

  test('a proxy route: authorization, API key, request parameters and its AWS_PROXY integration', () => {
    const route = routeOf(only, 'GET', '/items');
    expect(route).toMatchObject({ authorization: 'NONE', apiKeyRequired: false, requestParameters: { 'method.request.querystring.limit': false } });
    expect(route.integration).toEqual({
      type: 'AWS_PROXY',
      uri: expect.stringMatching(/^\$\{aws_lambda_function\.list-items_Function_\w+\.invoke_arn\}$/),
      httpMethod: 'POST',
      functionAddress: expect.stringMatching(/^aws_lambda_function\.list-items_Function_/),
      invocationType: 'RequestResponse',
      timeoutMs: 29_000,
      cacheKeyParameters: ['method.request.querystring.limit'],
      requestParameters: {},
      requestTemplates: {},
      passthroughBehavior: 'WHEN_NO_MATCH',
      responses: [],
    });
  });

  test('path variables are required request parameters and cache keys', () => {
    const route = routeOf(only, 'GET', '/items/{id}');
    expect([route.requestParameters, route.integration.cacheKeyParameters]).toEqual([{ 'method.request.path.id': true }, ['method.request.path.id']]);
  });

  test('apiKeyRequired is read from the method', () => {
    expect(routeOf(only, 'PUT', '/items/{id}').apiKeyRequired).toBe(true);
  });

  test("a custom integration's templates, passthrough, timeout, and responses whose status codes resolve through the method responses", () => {
    const integration = routeOf(only, 'POST', '/events').integration;
    expect(integration).toMatchObject({ type: 'AWS', timeoutMs: 10_000, passthroughBehavior: 'WHEN_NO_TEMPLATES', requestTemplates: { 'application/json': "$input.json('$')" } });
    expect(integration.responses.map((response) => [response.statusCode, response.selectionPattern]).sort()).toEqual([
      ['200', undefined],
      ['400', '^\\[400\\][\\s\\S]*'],
      ['404', '^\\[404\\][\\s\\S]*'],
      ['500', '^(?!\\[(?:400|404)\\])[\\s\\S]+'],
    ]);
  });

  test('an Event integration is read from its X-Amz-Invocation-Type header', () => {
    expect(routeOf(only, 'POST', '/jobs').integration).toMatchObject({ invocationType: 'Event', responses: [expect.objectContaining({ statusCode: '202' })] });
  });

  test("a method override's settings: its caching and the stage's throttling it starts from", () => {
    expect(routeOf(only, 'GET', '/items').settings).toEqual({ throttling: { rateLimit: 10, burstLimit: 5 }, caching: { ttlSeconds: 60, encrypted: true } });
  });

  test("a method override's throttling", () => {
    expect(routeOf(only, 'PUT', '/items/{id}').settings).toEqual({ throttling: { rateLimit: 1, burstLimit: 2 }, caching: undefined });
  });

  test("a method without override gets the stage's */* settings", () => {
    expect(routeOf(only, 'GET', '/items/{id}').settings).toEqual({ throttling: { rateLimit: 10, burstLimit: 5 }, caching: undefined });
  });

  test('reads each function: name, handler, runtime, timeout, memory, environment, code folder, role, and the defaults of the rest', () => {
    const fn = Object.values(model.functions).find((candidate) => candidate.functionName === 'stack-list-items')!;
    expect(fn).toEqual({
      architecture: 'x86_64',
      layers: [],
      inVpc: false,
      reservedConcurrency: undefined,
      asyncFailures: undefined,
      aliases: {},
      address: expect.stringMatching(/^aws_lambda_function\.list-items_Function_/),
      // Testing.synth writes no construct metadata; cdktf synth does.
      constructPath: undefined,
      functionName: 'stack-list-items',
      handler: 'index.handler',
      runtime: 'nodejs24.x',
      timeoutSeconds: 5,
      memoryMb: 512,
      environment: { TABLE: 'items' },
      codePath: expect.stringMatching(/^assets\//),
      tracing: 'Active',
      roleAddress: expect.stringMatching(/^aws_iam_role\.list-items_Role_/),
    });
  });

  test("reads the invoke permissions with their function and source ARN", () => {
    const fn = Object.values(model.functions).find((candidate) => candidate.functionName === 'stack-get-item')!;
    expect(model.permissions.filter((permission) => permission.functionAddress === fn.address)).toEqual([
      expect.objectContaining({ principal: 'apigateway.amazonaws.com', action: 'lambda:InvokeFunction', sourceArn: expect.stringMatching(/\/v1\/GET\/items\/\*$/) }),
    ]);
  });

  test("reads each role's statements, such as its log group write access", () => {
    const fn = Object.values(model.functions).find((candidate) => candidate.functionName === 'stack-get-item')!;
    expect(model.roleStatements[fn.roleAddress!]).toContainEqual(
      expect.objectContaining({ effect: 'Allow', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [expect.stringMatching(/\.arn\}:\*$/)] }),
    );
  });
});

/** A stack written by hand: one API, one stage, the resources and methods given. */
function handwritten(resources: Record<string, Record<string, unknown>> = {}, extra: Record<string, Record<string, unknown>> = {}) {
  return {
    resource: {
      aws_api_gateway_rest_api: { api: { name: 'hand' } },
      aws_api_gateway_stage: { stage: { rest_api_id: API, stage_name: 'live', cache_cluster_enabled: true } },
      aws_api_gateway_resource: {
        items: { rest_api_id: API, parent_id: ROOT, path_part: 'items' },
        ...resources,
      },
      aws_api_gateway_method: {
        get_items: { rest_api_id: API, resource_id: '${aws_api_gateway_resource.items.id}', http_method: 'GET', authorization: 'NONE' },
        post_items: { rest_api_id: API, resource_id: '${aws_api_gateway_resource.items.id}', http_method: 'POST', authorization: 'NONE' },
      },
      ...extra,
    },
  };
}

function settingsOf(entries: Record<string, Record<string, unknown>>, httpMethod = 'GET') {
  const settings = Object.fromEntries(Object.entries(entries).map(([methodPath, values], index) => [`s${index}`, { rest_api_id: API, stage_name: STAGE, method_path: methodPath, settings: values }]));
  return routeOf(parseStack(handwritten({}, { aws_api_gateway_method_settings: settings })).apis[0], httpMethod, '/items').settings;
}

describe('parseStack: method settings', () => {
  test('-1 throttling is unset: no throttle', () => {
    expect(settingsOf({ '*/*': { throttling_rate_limit: -1, throttling_burst_limit: -1 } })).toEqual({ throttling: undefined, caching: undefined });
  });

  test('no method settings: no throttle and no caching', () => {
    expect(routeOf(parseStack(handwritten()).apis[0], 'GET', '/items').settings).toEqual({});
  });

  test('the method entry beats the resource-wide one, which beats */*', () => {
    const entries = { '*/*': { throttling_rate_limit: 1, throttling_burst_limit: 1 }, '~1items/*': { throttling_rate_limit: 2, throttling_burst_limit: 2 }, '~1items/GET': { throttling_rate_limit: 3, throttling_burst_limit: 3 } };
    expect([settingsOf(entries).throttling, settingsOf(entries, 'POST').throttling]).toEqual([
      { rateLimit: 3, burstLimit: 3 },
      { rateLimit: 2, burstLimit: 2 },
    ]);
  });

  test("the Terraform docs' spelling of a method path (items/GET) is read too", () => {
    expect(settingsOf({ 'items/GET': { throttling_rate_limit: 4, throttling_burst_limit: 4 } }).throttling).toEqual({ rateLimit: 4, burstLimit: 4 });
  });

  test('an entry replaces the whole setting: a method entry without throttling has none, whatever */* says', () => {
    expect(settingsOf({ '*/*': { throttling_rate_limit: 1, throttling_burst_limit: 1 }, '~1items/GET': { caching_enabled: true } }).throttling).toBeUndefined();
  });

  test('caching with the default TTL of 300 s and unencrypted unless set', () => {
    expect(settingsOf({ '~1items/GET': { caching_enabled: true } }).caching).toEqual({ ttlSeconds: 300, encrypted: false });
  });

  test('caching turned on for every verb (*/*) caches GET only', () => {
    const entries = { '*/*': { caching_enabled: true, cache_ttl_in_seconds: 30 } };
    expect([settingsOf(entries).caching, settingsOf(entries, 'POST').caching]).toEqual([{ ttlSeconds: 30, encrypted: false }, undefined]);
  });

  test('caching of one method other than GET, turned on by its own entry, applies', () => {
    expect(settingsOf({ '~1items/POST': { caching_enabled: true } }, 'POST').caching).toEqual({ ttlSeconds: 300, encrypted: false });
  });

  test('caching needs the cache cluster', () => {
    const tf = handwritten({}, {
      aws_api_gateway_method_settings: { s: { rest_api_id: API, stage_name: STAGE, method_path: '*/*', settings: { caching_enabled: true } } },
    });
    tf.resource.aws_api_gateway_stage.stage.cache_cluster_enabled = false;
    expect(routeOf(parseStack(tf).apis[0], 'GET', '/items').settings.caching).toBeUndefined();
  });
});

describe('parseStack: resources, usage plans and API keys', () => {
  test('a child listed before its parent still gets its full path', () => {
    const tf = handwritten({ item: { rest_api_id: API, parent_id: '${aws_api_gateway_resource.items.id}', path_part: '{id}' } });
    const resources = tf.resource.aws_api_gateway_resource as Record<string, unknown>;
    tf.resource.aws_api_gateway_resource = { item: resources.item, items: resources.items } as typeof tf.resource.aws_api_gateway_resource;
    (tf.resource.aws_api_gateway_method as Record<string, unknown>).get_item = {
      rest_api_id: API, resource_id: '${aws_api_gateway_resource.item.id}', http_method: 'GET', authorization: 'NONE',
    };
    expect(parseStack(tf).apis[0].routes.map((route) => route.resourcePath)).toContain('/items/{id}');
  });

  const plans = {
    aws_api_gateway_usage_plan: {
      basic: {
        name: 'basic',
        api_stages: [{ api_id: API, stage: STAGE, throttle: [{ path: '/items/GET', rate_limit: 1, burst_limit: 2 }] }],
        throttle_settings: { rate_limit: 5, burst_limit: 10 },
        quota_settings: { limit: 1000, period: 'MONTH' },
      },
      elsewhere: { name: 'elsewhere', api_stages: [{ api_id: '${aws_api_gateway_rest_api.other.id}', stage: 'x' }] },
    },
    aws_api_gateway_api_key: {
      partner: { name: 'partner', value: 'partner-key-0123456789' },
      retired: { name: 'retired', enabled: false },
    },
    aws_api_gateway_usage_plan_key: {
      a: { key_id: '${aws_api_gateway_api_key.partner.id}', key_type: 'API_KEY', usage_plan_id: '${aws_api_gateway_usage_plan.basic.id}' },
      b: { key_id: '${aws_api_gateway_api_key.retired.id}', key_type: 'API_KEY', usage_plan_id: '${aws_api_gateway_usage_plan.basic.id}' },
    },
  };

  test("reads the usage plans of the API's stage with their throttle, quota, per-method throttle and keys", () => {
    expect(parseStack(handwritten({}, plans)).apis[0].usagePlans).toEqual([
      {
        address: 'aws_api_gateway_usage_plan.basic',
        name: 'basic',
        throttling: { rateLimit: 5, burstLimit: 10 },
        quota: { limit: 1000, offset: 0, period: 'MONTH' },
        methodThrottling: { '/items/GET': { rateLimit: 1, burstLimit: 2 } },
        apiKeys: [
          { address: 'aws_api_gateway_api_key.partner', name: 'partner', value: 'partner-key-0123456789', enabled: true },
          { address: 'aws_api_gateway_api_key.retired', name: 'retired', value: undefined, enabled: false },
        ],
      },
    ]);
  });

  test("reads a hand-written base path mapping: a literal domain, '(none)' as the root, and the stage after the base path when the mapping names none", () => {
    const tf = handwritten({}, {
      aws_api_gateway_base_path_mapping: {
        root: { api_id: API, domain_name: 'api.example.com', base_path: '(none)', stage_name: '${aws_api_gateway_stage.stage.stage_name}' },
        any: { api_id: API, domain_name: 'api.example.com', base_path: 'all' },
        other: { api_id: '${aws_api_gateway_rest_api.other.id}', domain_name: 'api.example.com', base_path: 'other' },
      },
    });

    expect(parseStack(tf).apis[0].customDomains).toEqual([
      { domainName: 'api.example.com', basePath: undefined, url: 'https://api.example.com/' },
      { domainName: 'api.example.com', basePath: 'all', url: 'https://api.example.com/all/live/' },
    ]);
  });

  test('reads the API key source', () => {
    const tf = handwritten();
    (tf.resource.aws_api_gateway_rest_api.api as Record<string, unknown>).api_key_source = 'AUTHORIZER';
    expect(parseStack(tf).apis[0].apiKeySource).toBe('AUTHORIZER');
  });
});

describe('parseStack and readStack: errors', () => {
  test('fails when an API has no stage', () => {
    const tf = handwritten();
    tf.resource.aws_api_gateway_stage = {} as typeof tf.resource.aws_api_gateway_stage;
    expect(() => parseStack(tf)).toThrow('aws_api_gateway_rest_api.api: the REST API has no aws_api_gateway_stage');
  });

  test('fails when a resource has no parent in the stack', () => {
    const tf = handwritten({ orphan: { rest_api_id: API, parent_id: '${aws_api_gateway_resource.gone.id}', path_part: 'x' } });
    expect(() => parseStack(tf)).toThrow('aws_api_gateway_rest_api.api: resources orphan have no parent in this stack');
  });

  test('fails when the folder holds no cdk.tf.json, saying to synthesize first', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-model-'));
    try {
      expect(() => readStack(dir)).toThrow(`${dir}: no cdk.tf.json here; synthesize first (npm run synth) and pass cdktf.out/stacks/<stack>`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('readStack reads a stack folder and keeps its path', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-model-'));
    try {
      fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(handwritten()));
      const read = readStack(dir);
      expect([read.dir, read.apis[0].name]).toEqual([dir, 'hand']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parseStack of the production options', () => {
  let model: StackModel;

  beforeAll(() => {
    const tf = synth((stack) => {
      const rest = api(stack, { stageName: 'prod', canary: { percentTraffic: 10, stageVariableOverrides: { table: 'next' }, useStageCache: true } });
      const fn = handler(stack, 'fn', {
        aliasPerStage: true,
        provisionedConcurrency: 2,
        reservedConcurrency: 10,
        trafficShift: { previousVersion: '4', previousVersionWeight: 0.75 },
        architecture: 'arm64',
        layers: [LambdaLayer.fromLayerVersionArn('arn:aws:lambda:eu-west-1:123456789012:layer:x:1')],
        vpcSubnetIds: ['subnet-0a'],
        vpcSecurityGroupIds: ['sg-0a'],
        asyncFailures: 'on-failure-destination',
      });
      const authorizer = new LambdaAuthorizer(stack, 'Authorizer', { api: rest, handler: handler(stack, 'auth', { aliasPerStage: true, asyncFailures: 'dead-letter-queue' }) });
      rest.root.addResource('items').addMethod('GET', new LambdaIntegration(fn), { authorizer });
      const domain = new DomainName(stack, 'Domain', { domainName: 'api.example.com', hostedZoneName: 'example.com' });
      domain.addBasePathMapping(rest, { basePath: 'v1' });
      new DomainName(stack, 'Root', { domainName: 'items.example.com', hostedZoneName: 'example.com' }).addBasePathMapping(rest);
    });
    model = parseStack(tf);
  });

  const fnNamed = (name: string) => Object.values(model.functions).find((candidate) => candidate.functionName === name)!;

  test("reads an alias integration as its function and the alias's name", () => {
    expect(model.apis[0].routes.find((route) => route.resourcePath === '/items')!.integration).toMatchObject({
      functionAddress: fnNamed('stack-fn').address,
      qualifier: 'prod',
    });
  });

  test("reads an alias authorizer as its function and the alias's name", () => {
    expect(model.apis[0].routes.find((route) => route.resourcePath === '/items')!.authorizer).toMatchObject({
      functionAddress: fnNamed('stack-auth').address,
      qualifier: 'prod',
    });
  });

  test('reads the alias of each invoke permission', () => {
    expect(model.permissions.filter((permission) => permission.functionAddress === fnNamed('stack-fn').address).map((permission) => permission.qualifier)).toEqual(['prod']);
  });

  test("reads each function's aliases, with their weighted versions and provisioned concurrency", () => {
    expect([fnNamed('stack-fn').aliases, fnNamed('stack-auth').aliases]).toEqual([
      { prod: { name: 'prod', additionalVersionWeights: { '4': 0.75 }, provisionedConcurrency: 2 } },
      { prod: { name: 'prod', additionalVersionWeights: {}, provisionedConcurrency: undefined } },
    ]);
  });

  test('reads the architecture, layers, VPC, reserved concurrency and where failed asynchronous invocations go', () => {
    expect(fnNamed('stack-fn')).toMatchObject({
      architecture: 'arm64',
      layers: ['arn:aws:lambda:eu-west-1:123456789012:layer:x:1'],
      inVpc: true,
      reservedConcurrency: 10,
      asyncFailures: 'on-failure-destination',
    });
    expect(fnNamed('stack-auth').asyncFailures).toBe('dead-letter-queue');
  });

  test("reads the stage's canary", () => {
    expect(model.apis[0].stage.canary).toEqual({ percentTraffic: 10, stageVariableOverrides: { table: 'next' }, useStageCache: true });
  });

  test('reads the custom domains that serve the stage, with their URLs, sorted', () => {
    expect(model.apis[0].customDomains).toEqual([
      { domainName: 'api.example.com', basePath: 'v1', url: 'https://api.example.com/v1/' },
      { domainName: 'items.example.com', basePath: undefined, url: 'https://items.example.com/' },
    ]);
  });
});

describe('parseStack: several APIs, stages and usage plans', () => {
  const OTHER = '${aws_api_gateway_rest_api.other.id}';
  const key = (name: string) => `\${aws_api_gateway_api_key.${name}.id}`;
  const plan = (name: string) => `\${aws_api_gateway_usage_plan.${name}.id}`;

  /** Two APIs, each with its stage, and plans of one, the other, or a stage that is not the API's. */
  function twoApis() {
    const tf = handwritten({}, {
      aws_api_gateway_usage_plan: {
        gold: { name: 'gold', api_stages: [{ api_id: API, stage: STAGE }], quota_settings: { limit: 10, offset: 2, period: 'WEEK' } },
        silver: { name: 'silver', api_stages: [{ api_id: OTHER, stage: 'x' }, { api_id: API, stage: STAGE }] },
        others: { name: 'others', api_stages: [{ api_id: OTHER, stage: '${aws_api_gateway_stage.other_stage.stage_name}' }] },
        wrong_stage: { name: 'wrong-stage', api_stages: [{ api_id: API, stage: '${aws_api_gateway_stage.other_stage.stage_name}' }] },
      },
      aws_api_gateway_api_key: { a: { name: 'a', value: 'key-a-0123456789abcdef' }, b: { name: 'b', value: 'key-b-0123456789abcdef' } },
      aws_api_gateway_usage_plan_key: {
        a_gold: { key_id: key('a'), key_type: 'API_KEY', usage_plan_id: plan('gold') },
        b_silver: { key_id: key('b'), key_type: 'API_KEY', usage_plan_id: plan('silver') },
        b_others: { key_id: key('b'), key_type: 'API_KEY', usage_plan_id: plan('others') },
      },
    });
    Object.assign(tf.resource.aws_api_gateway_rest_api, { other: { name: 'other' } });
    Object.assign(tf.resource.aws_api_gateway_stage, { other_stage: { rest_api_id: OTHER, stage_name: 'beta' } });
    return parseStack(tf);
  }

  test('each API gets the plans of its own stage only, not those of another API or another stage', () => {
    const [hand, other] = twoApis().apis;
    expect([hand.name, hand.usagePlans.map((usagePlan) => usagePlan.name)]).toEqual(['hand', ['gold', 'silver']]);
    expect([other.name, other.usagePlans.map((usagePlan) => usagePlan.name)]).toEqual(['other', ['others']]);
  });

  test('each plan has the keys of its own usage plan keys only', () => {
    const [hand, other] = twoApis().apis;
    const keysOf = (api: ApiModel) => api.usagePlans.map((usagePlan) => [usagePlan.name, usagePlan.apiKeys.map((apiKey) => apiKey.name)]);
    expect([keysOf(hand), keysOf(other)]).toEqual([
      [['gold', ['a']], ['silver', ['b']]],
      [['others', ['b']]],
    ]);
  });

  test("a plan's quota keeps its offset and period; a plan without throttle or quota has neither", () => {
    const [gold, silver] = twoApis().apis[0].usagePlans;
    expect([gold.quota, gold.throttling, silver.quota, silver.throttling, silver.methodThrottling]).toEqual([
      { limit: 10, offset: 2, period: 'WEEK' },
      undefined,
      undefined,
      undefined,
      {},
    ]);
  });

  test('each API reads its own stage, routes and gateway responses', () => {
    const tf = handwritten({}, {
      aws_api_gateway_gateway_response: {
        mine: { rest_api_id: API, response_type: 'DEFAULT_4XX', status_code: '400', response_templates: { 'application/json': '{}' } },
        theirs: { rest_api_id: '${aws_api_gateway_rest_api.other.id}', response_type: 'DEFAULT_5XX' },
      },
    });
    Object.assign(tf.resource.aws_api_gateway_rest_api, { other: { name: 'other' } });
    Object.assign(tf.resource.aws_api_gateway_stage, { other_stage: { rest_api_id: '${aws_api_gateway_rest_api.other.id}', stage_name: 'beta' } });
    const [hand, other] = parseStack(tf).apis;
    expect([hand.stage.name, hand.routes.length, hand.gatewayResponses]).toEqual([
      'live',
      2,
      [{ responseType: 'DEFAULT_4XX', statusCode: '400', responseTemplates: { 'application/json': '{}' }, responseParameters: {} }],
    ]);
    expect([other.stage.name, other.routes, other.gatewayResponses.map((response) => response.responseType)]).toEqual(['beta', [], ['DEFAULT_5XX']]);
  });
});

describe('parseStack: authorizers', () => {
  const AUTHORIZER = '${aws_api_gateway_authorizer.token.id}';

  function authorizerOf(authorizer: Record<string, unknown>) {
    const tf = handwritten({}, {
      aws_api_gateway_authorizer: { token: { rest_api_id: API, name: 'token', ...authorizer } },
      aws_lambda_function: { auth: { function_name: 'auth', handler: 'index.handler', runtime: 'nodejs24.x' } },
    });
    Object.assign(tf.resource.aws_api_gateway_method.get_items, { authorization: 'CUSTOM', authorizer_id: AUTHORIZER });
    return routeOf(parseStack(tf).apis[0], 'GET', '/items').authorizer;
  }

  test('a route names its authorizer, with its function and the TTL it sets', () => {
    expect(authorizerOf({ type: 'REQUEST', authorizer_uri: '${aws_lambda_function.auth.invoke_arn}', identity_source: 'method.request.header.X-Token', authorizer_result_ttl_in_seconds: 60 })).toEqual({
      address: 'aws_api_gateway_rest_api.api/authorizers/token',
      name: 'token',
      type: 'REQUEST',
      uri: '${aws_lambda_function.auth.invoke_arn}',
      functionAddress: 'aws_lambda_function.auth',
      identitySource: 'method.request.header.X-Token',
      identityValidationExpression: undefined,
      resultTtlSeconds: 60,
      providerArns: [],
    });
  });

  test("a TTL of 0 is 0: API Gateway caches nothing", () => {
    expect(authorizerOf({ authorizer_result_ttl_in_seconds: 0 })?.resultTtlSeconds).toBe(0);
  });

  // CreateAuthorizer: TOKEN is the default type, the TTL 300 s when unset; the Authorization header is what a TOKEN
  // authorizer reads when no identity source is given.
  test("an authorizer that sets nothing gets API Gateway's defaults: TOKEN, 300 s, the Authorization header", () => {
    expect(authorizerOf({})).toMatchObject({ type: 'TOKEN', resultTtlSeconds: 300, identitySource: 'method.request.header.Authorization', functionAddress: undefined });
  });

  test('a Cognito authorizer keeps its user pool ARNs and validation expression', () => {
    expect(authorizerOf({ type: 'COGNITO_USER_POOLS', provider_arns: ['${aws_cognito_user_pool.pool.arn}'], identity_validation_expression: '^Bearer .+$' })).toMatchObject({
      providerArns: ['${aws_cognito_user_pool.pool.arn}'],
      identityValidationExpression: '^Bearer .+$',
    });
  });

  test('a route without an authorizer has none', () => {
    expect(routeOf(parseStack(handwritten()).apis[0], 'GET', '/items').authorizer).toBeUndefined();
  });
});

describe('parseStack: what a hand-written stack leaves to the defaults', () => {
  const only = (tf: object) => parseStack(tf).apis[0];

  test("an API, a stage and a method that set nothing get AWS's defaults: no binary types, HEADER keys, no tracing", () => {
    const api = only(handwritten());
    expect([api.binaryMediaTypes, api.apiKeySource, api.stage.tracingEnabled, api.stage.variables]).toEqual([[], 'HEADER', false, {}]);
  });

  test('a method without an integration reads as MOCK with no cache keys, request parameters or responses', () => {
    expect(routeOf(only(handwritten()), 'GET', '/items').integration).toEqual({
      type: 'MOCK',
      functionAddress: undefined,
      invocationType: 'RequestResponse',
      timeoutMs: 29_000,
      cacheKeyParameters: [],
      requestParameters: {},
      requestTemplates: {},
      passthroughBehavior: 'WHEN_NO_MATCH',
      responses: [],
    });
  });

  test("each method of a resource gets its own integration, matched by verb, even when the verb is written out", () => {
    const tf = handwritten({}, {
      aws_api_gateway_integration: {
        get: { rest_api_id: API, resource_id: '${aws_api_gateway_resource.items.id}', http_method: '${aws_api_gateway_method.get_items.http_method}', type: 'HTTP' },
        post: { rest_api_id: API, resource_id: '${aws_api_gateway_resource.items.id}', http_method: 'POST', type: 'AWS' },
      },
    });
    const api = only(tf);
    expect([routeOf(api, 'GET', '/items').integration.type, routeOf(api, 'POST', '/items').integration.type]).toEqual(['HTTP', 'AWS']);
  });

  test('an integration response with its status written out, and no templates or parameters, is read with empty ones', () => {
    const tf = handwritten({}, {
      aws_api_gateway_integration: { get: { rest_api_id: API, resource_id: '${aws_api_gateway_resource.items.id}', http_method: 'GET', type: 'AWS' } },
      aws_api_gateway_integration_response: {
        ok: { rest_api_id: API, resource_id: '${aws_api_gateway_resource.items.id}', http_method: 'GET', status_code: '200' },
      },
    });
    expect(routeOf(only(tf), 'GET', '/items').integration.responses).toEqual([{ statusCode: '200', selectionPattern: undefined, responseTemplates: {}, responseParameters: {} }]);
  });

  test('a function that sets nothing optional: 3 s, 128 MB, x86_64, no environment, PassThrough tracing, no code folder, role, layers, VPC or aliases', () => {
    const tf = handwritten({}, { aws_lambda_function: { bare: { function_name: 'bare', handler: 'index.handler', runtime: 'nodejs24.x', filename: 'code.zip' } } });
    expect(parseStack(tf).functions['aws_lambda_function.bare']).toEqual({
      address: 'aws_lambda_function.bare',
      constructPath: undefined,
      functionName: 'bare',
      handler: 'index.handler',
      runtime: 'nodejs24.x',
      timeoutSeconds: 3,
      memoryMb: 128,
      environment: {},
      codePath: undefined,
      tracing: 'PassThrough',
      roleAddress: undefined,
      architecture: 'x86_64',
      layers: [],
      inVpc: false,
      reservedConcurrency: undefined,
      asyncFailures: undefined,
      aliases: {},
    });
  });

  test("a stack with no variables, provider or functions reads as empty", () => {
    expect(parseStack(handwritten())).toMatchObject({ functions: {}, permissions: [], roleStatements: {}, variables: {}, region: undefined });
  });
});

describe('parseStack: functions and their code', () => {
  function functionOf(fn: Record<string, unknown>, data: Record<string, unknown> = {}) {
    const tf = { ...handwritten({}, { aws_lambda_function: { fn: { function_name: 'fn', handler: 'index.handler', runtime: 'nodejs24.x', ...fn } } }), data };
    return parseStack(tf).functions['aws_lambda_function.fn'];
  }

  test("the code folder is the archive's source_dir, below the stack folder", () => {
    const data = { archive_file: { code: { type: 'zip', source_dir: '${path.module}/assets/fn', output_path: 'fn.zip' } } };
    expect(functionOf({ filename: '${data.archive_file.code.output_path}' }, data).codePath).toBe('assets/fn');
  });

  test("an archive of one file gives that file's path", () => {
    const data = { archive_file: { code: { type: 'zip', source_file: '${path.module}/assets/fn/index.js', output_path: 'fn.zip' } } };
    expect(functionOf({ filename: '${data.archive_file.code.output_path}' }, data).codePath).toBe('assets/fn/index.js');
  });

  test('only a leading ${path.module}/ is the stack folder', () => {
    const data = { archive_file: { code: { type: 'zip', source_dir: 'vendor/${path.module}/fn', output_path: 'fn.zip' } } };
    expect(functionOf({ filename: '${data.archive_file.code.output_path}' }, data).codePath).toBe('vendor/${path.module}/fn');
  });

  test('the construct path comes from the metadata cdktf synth writes, when there is some', () => {
    expect(functionOf({ '//': { metadata: { path: 'prod/get-item/Function' } } }).constructPath).toBe('prod/get-item/Function');
    expect(functionOf({ '//': {} }).constructPath).toBeUndefined();
  });

  test('tracing is the mode of tracing_config, PassThrough when the block names none', () => {
    expect([functionOf({ tracing_config: { mode: 'Active' } }).tracing, functionOf({ tracing_config: {} }).tracing]).toEqual(['Active', 'PassThrough']);
  });

  test('the role is the execution role the function references', () => {
    expect(functionOf({ role: '${aws_iam_role.fn_role.arn}' }).roleAddress).toBe('aws_iam_role.fn_role');
  });
});

describe('parseStack: variables, region and role statements', () => {
  test('reads each Terraform variable with its default and description', () => {
    const tf = { ...handwritten(), variable: { greeting: { type: 'string', default: 'hi', description: 'what to say' }, bare: { type: 'string' } } };
    expect(parseStack(tf).variables).toEqual({ greeting: { default: 'hi', description: 'what to say' }, bare: { default: undefined, description: undefined } });
  });

  test("the region is the first AWS provider's; a stack without one has none", () => {
    expect(parseStack({ ...handwritten(), provider: { aws: [{ region: 'eu-west-1' }, { region: 'us-east-1', alias: 'edge' }] } }).region).toBe('eu-west-1');
    expect(parseStack({ ...handwritten(), provider: { archive: [{}] } }).region).toBeUndefined();
    expect(parseStack({ ...handwritten(), provider: { aws: [] } }).region).toBeUndefined();
  });

  function rolesOf(policies: Record<string, unknown>, statements: unknown[] = []) {
    const tf = {
      ...handwritten({}, { aws_iam_role_policy: policies }),
      data: { aws_iam_policy_document: { doc: { statement: statements } } },
    };
    return parseStack(tf).roleStatements;
  }

  test('the statements of every inline policy of a role add up, with Allow and empty lists when left out', () => {
    const statements = [{ sid: 'Read', actions: ['s3:GetObject'], resources: ['${aws_s3_bucket.b.arn}/*'] }, { effect: 'Deny' }];
    expect(rolesOf({ one: { role: '${aws_iam_role.r.name}', policy: '${data.aws_iam_policy_document.doc.json}' }, two: { role: '${aws_iam_role.r.name}', policy: '${data.aws_iam_policy_document.doc.json}' } }, statements)).toEqual({
      'aws_iam_role.r': [
        { sid: 'Read', effect: 'Allow', actions: ['s3:GetObject'], resources: ['${aws_s3_bucket.b.arn}/*'] },
        { sid: undefined, effect: 'Deny', actions: [], resources: [] },
        { sid: 'Read', effect: 'Allow', actions: ['s3:GetObject'], resources: ['${aws_s3_bucket.b.arn}/*'] },
        { sid: undefined, effect: 'Deny', actions: [], resources: [] },
      ],
    });
  });

  test('a policy written out as JSON, of a role named by text, or of a document not in the stack, is left out', () => {
    expect(
      rolesOf({
        json: { role: '${aws_iam_role.r.name}', policy: '{"Version":"2012-10-17","Statement":[]}' },
        named: { role: 'some-role', policy: '${data.aws_iam_policy_document.doc.json}' },
        gone: { role: '${aws_iam_role.r.name}', policy: '${data.aws_iam_policy_document.gone.json}' },
        other: { role: '${aws_iam_role.r.name}', policy: '${data.aws_s3_bucket_policy.doc.json}' },
      }),
    ).toEqual({});
  });
});

describe('parseStack: method settings of several APIs', () => {
  test("a stage's settings apply to its own API only", () => {
    const tf = handwritten({}, {
      aws_api_gateway_method_settings: {
        theirs: { rest_api_id: '${aws_api_gateway_rest_api.other.id}', stage_name: 'beta', method_path: '*/*', settings: { throttling_rate_limit: 1, throttling_burst_limit: 1 } },
      },
    });
    Object.assign(tf.resource.aws_api_gateway_rest_api, { other: { name: 'other' } });
    Object.assign(tf.resource.aws_api_gateway_stage, { other_stage: { rest_api_id: '${aws_api_gateway_rest_api.other.id}', stage_name: 'beta' } });
    expect(routeOf(parseStack(tf).apis[0], 'GET', '/items').settings).toEqual({});
  });

  // The provider writes -1 for a throttle left unset; 0 is a throttle that refuses every request.
  test.each([
    [{ throttling_rate_limit: 5, throttling_burst_limit: -1 }, undefined],
    [{ throttling_rate_limit: -1, throttling_burst_limit: 5 }, undefined],
    [{ throttling_burst_limit: 5 }, undefined],
    [{ throttling_rate_limit: 5 }, undefined],
    [{ throttling_rate_limit: 0, throttling_burst_limit: 0 }, { rateLimit: 0, burstLimit: 0 }],
  ])('throttling %j reads as %j', (settings, throttling) => {
    expect(settingsOf({ '*/*': settings }).throttling).toEqual(throttling);
  });
});

describe('parseStack: usage plan keys', () => {
  test('a key named by its id, not a key of the stack, keeps the id as its name, enabled, with no known value', () => {
    const tf = handwritten({}, {
      aws_api_gateway_usage_plan: { basic: { name: 'basic', api_stages: [{ api_id: API, stage: STAGE }] } },
      aws_api_gateway_usage_plan_key: { k: { key_id: 'a1b2c3d4e5', key_type: 'API_KEY', usage_plan_id: '${aws_api_gateway_usage_plan.basic.id}' } },
    });
    expect(parseStack(tf).apis[0].usagePlans[0].apiKeys).toEqual([{ address: 'a1b2c3d4e5', name: 'a1b2c3d4e5', value: undefined, enabled: true }]);
  });
});

describe('parseStack: errors of a hand-written stack', () => {
  test('fails when a method is on a resource the stack does not hold', () => {
    const tf = handwritten();
    Object.assign(tf.resource.aws_api_gateway_method, { lost: { rest_api_id: API, resource_id: '${aws_api_gateway_resource.gone.id}', http_method: 'GET' } });
    expect(() => parseStack(tf)).toThrow('aws_api_gateway_rest_api.api: method on an unknown resource ${aws_api_gateway_resource.gone.id}');
  });

  test('fails when resources have no parent in the stack, naming each of them', () => {
    const tf = handwritten({
      a: { rest_api_id: API, parent_id: '${aws_api_gateway_resource.gone.id}', path_part: 'a' },
      b: { rest_api_id: API, parent_id: '${aws_api_gateway_resource.gone.id}', path_part: 'b' },
    });
    expect(() => parseStack(tf)).toThrow('aws_api_gateway_rest_api.api: resources a, b have no parent in this stack');
  });
});

describe('referencedAddress', () => {
  test('is the address of an expression that is exactly one reference of the type', () => {
    expect(referencedAddress('${aws_lambda_function.get-item_Function_1A2B.invoke_arn}', 'aws_lambda_function')).toBe('aws_lambda_function.get-item_Function_1A2B');
  });

  test('is undefined for a reference of another type', () => {
    expect(referencedAddress('${aws_iam_role.fn.arn}', 'aws_lambda_function')).toBeUndefined();
  });

  test.each([
    ['text around the reference', 'arn:${aws_lambda_function.fn.arn}'],
    ['text after the reference', '${aws_lambda_function.fn.arn}:live'],
    ['two references', '${aws_lambda_function.a.arn}${aws_lambda_function.b.arn}'],
    ['no reference', 'aws_lambda_function.fn.arn'],
    ['not a string', 42],
  ])('is undefined for %s', (_what, expression) => {
    expect(referencedAddress(expression, 'aws_lambda_function')).toBeUndefined();
  });
});

describe('readStack and readStackJson: stack folders', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-model-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const stackIn = (folder: string) => {
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'cdk.tf.json'), JSON.stringify(handwritten()));
  };

  test("fails when given cdktf's output folder, naming the stack folders below it, sorted", () => {
    stackIn(path.join(dir, 'stacks', 'prod'));
    stackIn(path.join(dir, 'stacks', 'dev'));
    fs.mkdirSync(path.join(dir, 'stacks', 'empty'));

    let error: Error | undefined;
    try {
      readStack(dir);
    } catch (caught) {
      error = caught as Error;
    }
    expect(error).toBeInstanceOf(NotAStackFolder);
    expect([error?.name, error?.message]).toEqual([
      'NotAStackFolder',
      `${dir} holds no stack of its own but 2 below it; pass one of ${path.join(dir, 'stacks', 'dev')}, ${path.join(dir, 'stacks', 'prod')}`,
    ]);
  });

  test("fails when given cdktf's stacks folder with one stack, naming it", () => {
    stackIn(path.join(dir, 'dev'));

    expect(() => readStack(dir)).toThrow(`${dir} holds no stack of its own but one below it; pass ${path.join(dir, 'dev')}`);
  });

  test('a file named stacks is not the stacks folder', () => {
    fs.writeFileSync(path.join(dir, 'stacks'), '');
    stackIn(path.join(dir, 'dev'));

    expect(() => readStack(dir)).toThrow(`pass ${path.join(dir, 'dev')}`);
  });

  test('readStackJson is the text of the stack folder\'s cdk.tf.json', () => {
    stackIn(dir);

    expect(readStackJson(dir)).toBe(JSON.stringify(handwritten()));
  });

  test('fails when readStackJson is given a folder without a stack, as readStack does', () => {
    expect(() => readStackJson(dir)).toThrow(`${dir}: no cdk.tf.json here; synthesize first`);
  });
});

describe('terraformBlocks and terraformTypes', () => {
  const tf = { resource: { aws_s3_bucket: { a: { bucket: 'a' }, b: { bucket: 'b' } }, aws_iam_role: { r: {} } }, data: { aws_iam_policy_document: { doc: { statement: [] } } } };

  test('every resource of a type, with its address and properties, in the order of the JSON', () => {
    expect(terraformBlocks(tf, 'resource', 'aws_s3_bucket')).toEqual([
      { address: 'aws_s3_bucket.a', properties: { bucket: 'a' } },
      { address: 'aws_s3_bucket.b', properties: { bucket: 'b' } },
    ]);
  });

  test("a data source's address starts with data., and the JSON may be given as text", () => {
    expect(terraformBlocks(JSON.stringify(tf), 'data', 'aws_iam_policy_document')).toEqual([{ address: 'data.aws_iam_policy_document.doc', properties: { statement: [] } }]);
  });

  test('none of a type, or of a kind, is none', () => {
    expect([terraformBlocks(tf, 'resource', 'aws_lambda_function'), terraformBlocks({}, 'data', 'aws_iam_policy_document')]).toEqual([[], []]);
  });

  test('terraformTypes lists the types of a kind, sorted', () => {
    expect([terraformTypes(tf, 'resource'), terraformTypes(JSON.stringify(tf), 'data'), terraformTypes({}, 'resource')]).toEqual([
      ['aws_iam_role', 'aws_s3_bucket'],
      ['aws_iam_policy_document'],
      [],
    ]);
  });
});

describe('parseStack: the order of the model', () => {
  test('routes are sorted by path, then verb, whatever the order of the JSON', () => {
    const tf = handwritten({ a: { rest_api_id: API, parent_id: ROOT, path_part: 'a' } });
    tf.resource.aws_api_gateway_method = {
      post_items: tf.resource.aws_api_gateway_method.post_items,
      get_a: { rest_api_id: API, resource_id: '${aws_api_gateway_resource.a.id}', http_method: 'GET', authorization: 'NONE' },
      get_items: tf.resource.aws_api_gateway_method.get_items,
      delete_a: { rest_api_id: API, resource_id: '${aws_api_gateway_resource.a.id}', http_method: 'DELETE', authorization: 'NONE' },
    } as typeof tf.resource.aws_api_gateway_method;

    expect(parseStack(tf).apis[0].routes.map((route) => `${route.httpMethod} ${route.resourcePath}`)).toEqual(['DELETE /a', 'GET /a', 'GET /items', 'POST /items']);
  });

  test('gateway responses are sorted by type, integration responses by status', () => {
    const tf = handwritten({}, {
      aws_api_gateway_gateway_response: {
        b: { rest_api_id: API, response_type: 'DEFAULT_5XX' },
        a: { rest_api_id: API, response_type: 'ACCESS_DENIED' },
        c: { rest_api_id: API, response_type: 'DEFAULT_4XX' },
      },
      aws_api_gateway_integration: { get: { rest_api_id: API, resource_id: '${aws_api_gateway_resource.items.id}', http_method: 'GET', type: 'AWS' } },
      aws_api_gateway_integration_response: Object.fromEntries(
        ['500', '200', '404'].map((status) => [`r${status}`, { rest_api_id: API, resource_id: '${aws_api_gateway_resource.items.id}', http_method: 'GET', status_code: status }]),
      ),
    });
    const api = parseStack(tf).apis[0];

    expect([api.gatewayResponses.map((response) => response.responseType), routeOf(api, 'GET', '/items').integration.responses.map((response) => response.statusCode)]).toEqual([
      ['ACCESS_DENIED', 'DEFAULT_4XX', 'DEFAULT_5XX'],
      ['200', '404', '500'],
    ]);
  });

  test('custom domains are sorted by URL, and only the mappings of this API and stage serve it', () => {
    const tf = handwritten({}, {
      aws_api_gateway_base_path_mapping: {
        z: { api_id: API, domain_name: 'z.example.com', base_path: '', stage_name: STAGE },
        a: { api_id: API, domain_name: 'a.example.com', base_path: 'v1', stage_name: STAGE },
        beta: { api_id: API, domain_name: 'b.example.com', stage_name: '${aws_api_gateway_stage.beta.stage_name}' },
        theirs: { api_id: '${aws_api_gateway_rest_api.other.id}', domain_name: 'c.example.com', stage_name: STAGE },
      },
    });

    expect(parseStack(tf).apis[0].customDomains).toEqual([
      { domainName: 'a.example.com', basePath: 'v1', url: 'https://a.example.com/v1/' },
      { domainName: 'z.example.com', basePath: undefined, url: 'https://z.example.com/' },
    ]);
  });

  test("a mapping names its domain by reference, whose literal domain_name is read", () => {
    const tf = handwritten({}, {
      aws_api_gateway_domain_name: { d: { domain_name: 'api.example.com' } },
      aws_api_gateway_base_path_mapping: { m: { api_id: API, domain_name: '${aws_api_gateway_domain_name.d.domain_name}', base_path: 'v1', stage_name: STAGE } },
    });

    expect(parseStack(tf).apis[0].customDomains).toEqual([{ domainName: 'api.example.com', basePath: 'v1', url: 'https://api.example.com/v1/' }]);
  });
});

describe('parseStack: the stage canary', () => {
  test("a canary that sets nothing takes no traffic, overrides no variable and has no cache of its own", () => {
    const tf = handwritten();
    Object.assign(tf.resource.aws_api_gateway_stage.stage, { canary_settings: {} });

    expect(parseStack(tf).apis[0].stage.canary).toEqual({ percentTraffic: 0, stageVariableOverrides: {}, useStageCache: false });
  });

  test('a stage without one has none', () => {
    expect(parseStack(handwritten()).apis[0].stage.canary).toBeUndefined();
  });
});

describe('parseStack: method requests', () => {
  function route(method: Record<string, unknown>, extra: Record<string, Record<string, unknown>> = {}) {
    const tf = handwritten({}, extra);
    Object.assign(tf.resource.aws_api_gateway_method.post_items, method);
    return routeOf(parseStack(tf).apis[0], 'POST', '/items');
  }

  test("reads the method's request validator and body models, each model's schema without its $schema", () => {
    const item = { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', required: ['name'] };
    const read = route(
      { request_validator_id: '${aws_api_gateway_request_validator.body.id}', request_models: { 'application/json': '${aws_api_gateway_model.item.name}' } },
      {
        aws_api_gateway_request_validator: { body: { rest_api_id: API, name: 'body-only', validate_request_body: true } },
        aws_api_gateway_model: { item: { rest_api_id: API, name: 'Item', content_type: 'application/json', schema: JSON.stringify(item) } },
      },
    );

    expect([read.requestValidator, read.requestModels]).toEqual([
      { name: 'body-only', validateRequestBody: true, validateRequestParameters: false },
      { 'application/json': { name: 'Item', schema: { type: 'object', required: ['name'] } } },
    ]);
  });

  test('a validator of parameters only', () => {
    const read = route(
      { request_validator_id: '${aws_api_gateway_request_validator.params.id}' },
      { aws_api_gateway_request_validator: { params: { rest_api_id: API, name: 'params-only', validate_request_parameters: true } } },
    );

    expect(read.requestValidator).toEqual({ name: 'params-only', validateRequestBody: false, validateRequestParameters: true });
  });

  test('a model the stack does not hold keeps its reference as its name, with an empty schema', () => {
    expect(route({ request_models: { 'application/json': 'Empty' } }).requestModels).toEqual({ 'application/json': { name: 'Empty', schema: {} } });
  });

  test('a method without a validator, models or scopes has none', () => {
    const read = route({});
    expect([read.requestValidator, read.requestModels, read.authorizationScopes]).toEqual([undefined, {}, []]);
  });

  test("reads a Cognito method's OAuth scopes", () => {
    expect(route({ authorization_scopes: ['items/read'] }).authorizationScopes).toEqual(['items/read']);
  });

  test('a method naming an authorizer the stack does not hold has none', () => {
    expect(route({ authorization: 'CUSTOM', authorizer_id: '${aws_api_gateway_authorizer.gone.id}' }).authorizer).toBeUndefined();
  });

  test('integration responses without templates or parameters have empty ones, and reference their method response', () => {
    const read = route({}, {
      aws_api_gateway_integration: { post: { rest_api_id: API, resource_id: '${aws_api_gateway_resource.items.id}', http_method: 'POST', type: 'AWS' } },
      aws_api_gateway_method_response: { created: { rest_api_id: API, resource_id: '${aws_api_gateway_resource.items.id}', http_method: 'POST', status_code: '201' } },
      aws_api_gateway_integration_response: {
        created: { rest_api_id: API, resource_id: '${aws_api_gateway_resource.items.id}', http_method: 'POST', status_code: '${aws_api_gateway_method_response.created.status_code}' },
      },
    });

    expect(read.integration.responses).toEqual([{ statusCode: '201', selectionPattern: undefined, responseTemplates: {}, responseParameters: {} }]);
  });
});

describe('parseStack: functions, aliases and failure targets', () => {
  const FN = '${aws_lambda_function.fn.function_name}';
  function functionOf(extra: Record<string, Record<string, unknown>>, fn: Record<string, unknown> = {}) {
    const tf = handwritten({}, { aws_lambda_function: { fn: { function_name: 'fn', handler: 'index.handler', runtime: 'nodejs24.x', ...fn }, other: { function_name: 'other' } }, ...extra });
    return parseStack(tf).functions['aws_lambda_function.fn'];
  }

  test("each alias gets the provisioned concurrency configured for it, by the alias's name", () => {
    const read = functionOf({
      aws_lambda_alias: { blue: { function_name: FN, name: 'blue' }, green: { function_name: FN, name: 'green', routing_config: { additional_version_weights: { '3': 0.1 } } } },
      aws_lambda_provisioned_concurrency_config: { green: { function_name: FN, qualifier: '${aws_lambda_alias.green.name}', provisioned_concurrent_executions: 5 } },
    });

    expect(read.aliases).toEqual({
      blue: { name: 'blue', additionalVersionWeights: {}, provisionedConcurrency: undefined },
      green: { name: 'green', additionalVersionWeights: { '3': 0.1 }, provisionedConcurrency: 5 },
    });
  });

  test('a provisioned concurrency configuration may name its alias literally', () => {
    const read = functionOf({
      aws_lambda_alias: { live: { function_name: FN, name: 'live' } },
      aws_lambda_provisioned_concurrency_config: { live: { function_name: FN, qualifier: 'live', provisioned_concurrent_executions: 2 } },
    });

    expect(read.aliases.live.provisionedConcurrency).toBe(2);
  });

  test("failed asynchronous invocations go to the on-failure destination of the function's own invoke config only", () => {
    const onFailure = { destination_config: { on_failure: { destination: '${aws_sqs_queue.q.arn}' } } };
    expect(functionOf({ aws_lambda_function_event_invoke_config: { c: { function_name: FN, ...onFailure } } }).asyncFailures).toBe('on-failure-destination');
    expect(functionOf({ aws_lambda_function_event_invoke_config: { c: { function_name: '${aws_lambda_function.other.function_name}', ...onFailure } } }).asyncFailures).toBeUndefined();
    expect(functionOf({ aws_lambda_function_event_invoke_config: { c: { function_name: FN, maximum_retry_attempts: 0 } } }).asyncFailures).toBeUndefined();
    expect(functionOf({ aws_lambda_function_event_invoke_config: { c: { function_name: FN, destination_config: {} } } }).asyncFailures).toBeUndefined();
  });

  test('a dead-letter target is where failed asynchronous invocations go, and the production fields are read', () => {
    const read = functionOf({}, {
      dead_letter_config: { target_arn: '${aws_sqs_queue.dlq.arn}' },
      architectures: ['arm64'],
      layers: ['arn:layer'],
      vpc_config: { subnet_ids: ['s'], security_group_ids: ['g'] },
      reserved_concurrent_executions: 3,
    });

    expect(read).toMatchObject({ asyncFailures: 'dead-letter-queue', architecture: 'arm64', layers: ['arn:layer'], inVpc: true, reservedConcurrency: 3 });
  });

  test('a permission names its alias by reference or literally, and the function its own policy without one', () => {
    const tf = handwritten({}, {
      aws_lambda_function: { fn: { function_name: 'fn' } },
      aws_lambda_alias: { live: { function_name: FN, name: 'live' } },
      aws_lambda_permission: {
        a: { function_name: FN, qualifier: '${aws_lambda_alias.live.name}', principal: 'apigateway.amazonaws.com', action: 'lambda:InvokeFunction' },
        b: { function_name: FN, qualifier: 'blue', principal: 'apigateway.amazonaws.com', action: 'lambda:InvokeFunction' },
        c: { function_name: FN, principal: 'apigateway.amazonaws.com', action: 'lambda:InvokeFunction' },
        d: { function_name: FN, qualifier: '${var.alias}', principal: 'apigateway.amazonaws.com', action: 'lambda:InvokeFunction' },
      },
    });

    expect(parseStack(tf).permissions.map((permission) => permission.qualifier)).toEqual(['live', 'blue', undefined, undefined]);
  });

  test("an integration that calls an alias names the alias's function and the alias", () => {
    const tf = handwritten({}, {
      aws_lambda_function: { fn: { function_name: 'fn' } },
      aws_lambda_alias: { live: { function_name: FN, name: 'live' } },
      aws_api_gateway_integration: {
        get: { rest_api_id: API, resource_id: '${aws_api_gateway_resource.items.id}', http_method: 'GET', type: 'AWS_PROXY', uri: '${aws_lambda_alias.live.invoke_arn}' },
      },
    });

    expect(routeOf(parseStack(tf).apis[0], 'GET', '/items').integration).toMatchObject({ functionAddress: 'aws_lambda_function.fn', qualifier: 'live' });
  });
});

describe("parseStack: each resource's physical name", () => {
  test('is its name, function name or bucket, whichever it has; resources without one are left out', () => {
    const tf = handwritten({}, {
      aws_lambda_function: { fn: { function_name: 'stack-fn' } },
      aws_s3_bucket: { b: { bucket: 'stack-bucket' } },
      aws_iam_role_policy: { p: { role: 'r' } },
      aws_sqs_queue: { q: { name: { computed: true } } },
    });

    expect(parseStack(tf).names).toStrictEqual({
      'aws_api_gateway_rest_api.api': 'hand',
      'aws_lambda_function.fn': 'stack-fn',
      'aws_s3_bucket.b': 'stack-bucket',
    });
  });
});

describe('parseStack: role policies by reference', () => {
  test.each([
    ['text before the reference', 'x${data.aws_iam_policy_document.doc.json}'],
    ['text after the reference', '${data.aws_iam_policy_document.doc.json}x'],
  ])('a policy with %s is not the document', (_what, policy) => {
    const tf = {
      ...handwritten({}, { aws_iam_role_policy: { p: { role: '${aws_iam_role.r.name}', policy } } }),
      data: { aws_iam_policy_document: { doc: { statement: [{ actions: ['s3:GetObject'] }] } } },
    };

    expect(parseStack(tf).roleStatements).toEqual({});
  });
});

// An API defined by an OpenAPI body (`definition: 'openapi'`) reads as the same model as one defined by resources.
describe('parseStack: an API defined by its OpenAPI body', () => {
  const INTEGRATION = lambdaProxyIntegration('fn');
  const bodyRoute = (overrides: Partial<OpenApiRoute>): OpenApiRoute => openApiRoute(INTEGRATION, overrides);
  const definition: OpenApiDefinition = {
    title: 'body',
    apiKeySource: 'HEADER',
    binaryMediaTypes: [],
    routes: [
      bodyRoute({ httpMethod: 'PUT', resourcePath: '/items/{id}', requestParameters: { 'method.request.path.id': true }, requestModels: { 'application/json': 'Item' }, requestValidator: 'all' }),
      bodyRoute({ authorization: 'CUSTOM', authorizer: 'token', apiKeyRequired: true }),
      bodyRoute({ httpMethod: 'POST', resourcePath: '/items', requestModels: { 'application/json': 'Missing' } }),
    ],
    authorizers: [{ name: 'token', type: 'TOKEN', uri: '${aws_lambda_alias.auth_live.invoke_arn}', identitySource: 'method.request.header.Authorization', resultTtlSeconds: 60, providerArns: [] }],
    models: [{ name: 'Item', schema: { type: 'object' } }],
    validators: [{ name: 'all', validateRequestBody: true, validateRequestParameters: true }],
    gatewayResponses: [
      { responseType: 'DEFAULT_5XX', responseTemplates: {}, responseParameters: {} },
      { responseType: 'DEFAULT_4XX', statusCode: '400', responseTemplates: { 'application/json': '{"m":$context.error.messageString}' }, responseParameters: { 'gatewayresponse.header.X': "'y'" } },
    ],
  };

  function bodyStack(body: string) {
    const tf = handwritten();
    tf.resource.aws_api_gateway_resource = {} as typeof tf.resource.aws_api_gateway_resource;
    tf.resource.aws_api_gateway_method = {} as typeof tf.resource.aws_api_gateway_method;
    Object.assign(tf.resource.aws_api_gateway_rest_api.api, { body });
    Object.assign(tf.resource, {
      aws_lambda_function: { fn: { function_name: 'fn' }, auth: { function_name: 'auth' } },
      aws_lambda_alias: { auth_live: { function_name: '${aws_lambda_function.auth.function_name}', name: 'live' } },
    });
    return parseStack(tf).apis[0];
  }

  const api = () => bodyStack(escapeTemplateSequences(JSON.stringify(renderOpenApi(definition))));

  test('reads its routes, sorted, with their functions', () => {
    expect(api().routes.map((route) => [route.httpMethod, route.resourcePath, route.integration.functionAddress])).toEqual([
      ['GET', '/items', 'aws_lambda_function.fn'],
      ['POST', '/items', 'aws_lambda_function.fn'],
      ['PUT', '/items/{id}', 'aws_lambda_function.fn'],
    ]);
  });

  test("reads a route's authorizer, its alias and the API key it requires", () => {
    expect(routeOf(api(), 'GET', '/items')).toMatchObject({
      authorization: 'CUSTOM',
      apiKeyRequired: true,
      authorizationScopes: [],
      authorizer: { address: 'aws_api_gateway_rest_api.api/authorizers/token', name: 'token', type: 'TOKEN', functionAddress: 'aws_lambda_function.auth', qualifier: 'live', resultTtlSeconds: 60 },
    });
  });

  test("reads a route's parameters, body models with their schemas, and validator", () => {
    expect(routeOf(api(), 'PUT', '/items/{id}')).toMatchObject({
      authorizer: undefined,
      requestParameters: { 'method.request.path.id': true },
      requestModels: { 'application/json': { name: 'Item', schema: { type: 'object' } } },
      requestValidator: { name: 'all', validateRequestBody: true, validateRequestParameters: true },
    });
  });

  test('a model the body does not define has an empty schema; a route without a validator has none', () => {
    expect(routeOf(api(), 'POST', '/items')).toMatchObject({ requestModels: { 'application/json': { name: 'Missing', schema: {} } }, requestValidator: undefined });
  });

  test('reads its gateway responses, sorted by type', () => {
    expect(api().gatewayResponses).toEqual([
      { responseType: 'DEFAULT_4XX', statusCode: '400', responseTemplates: { 'application/json': '{"m":$context.error.messageString}' }, responseParameters: { 'gatewayresponse.header.X': "'y'" } },
      { responseType: 'DEFAULT_5XX', statusCode: undefined, responseTemplates: {}, responseParameters: {} },
    ]);
  });

  test('fails when the body is not JSON, saying which API and why', () => {
    expect(() => bodyStack('openapi: 3.0.1')).toThrow(/^aws_api_gateway_rest_api\.api: its body is not a JSON OpenAPI document \(Unexpected token/);
  });
});
