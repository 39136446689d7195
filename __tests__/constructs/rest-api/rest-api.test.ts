import { Lazy, TerraformOutput, TerraformStack, TerraformVariable, Token } from 'cdktf';
import { LambdaIntegration } from '../../../src/constructs/integrations/lambda-integration';
import { ApiGatewayAccountRole } from '../../../src/constructs/api-gateway-account-role';
import { EncryptionKey } from '../../../src/constructs/encryption-key';
import { CanarySettings, EndpointType, RestApi, RestApiProps } from '../../../src/constructs/rest-api/rest-api';
import { resolveTokens } from '../../../src/constructs/rest-api/deployment-hash';
import { ACCESS_LOG_FORMAT } from '../../../src/constructs/rest-api/logging';
import { CacheClusterSizeGb } from '../../../src/apigw/limits';
import { api, handler, newStack, only, resources, synth, Synthesized, synthValidated } from '../../support/helpers';

const THROTTLED = { throttling: { rateLimit: 100, burstLimit: 50 } };
const CACHED = { cacheCluster: { sizeGb: 0.5 as const }, caching: {} };

/** The exact `${type.name.attr}` reference to the only resource of `type` in `tf`. */
function refTo(tf: Synthesized, type: string, attr: string): string {
  const names = Object.keys(tf.resource[type] ?? {});
  if (names.length !== 1) throw new Error(`expected one ${type}, found ${names.length}`);
  return `\${${type}.${names[0]}.${attr}}`;
}

/** `text` as a literal inside a RegExp. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Builds a `RestApi` from `props` in a new stack; for error tests. */
function build(props: RestApiProps): () => RestApi {
  return () => new RestApi(newStack(), 'Api', props);
}

/** An API (stage v1) with `GET /` calling a Lambda proxy integration. */
function oneMethod(stack: TerraformStack): void {
  api(stack).root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')));
}

/** A PRIVATE API callable from two VPC endpoints. */
function privateApi(stack: TerraformStack): void {
  new RestApi(stack, 'Api', { endpointType: 'PRIVATE', vpcEndpointIds: ['vpce-1', 'vpce-2'] });
}

/** The deployment's redeployment trigger of what `program` builds. */
function trigger(program: (stack: TerraformStack) => void): string {
  return only(synth(program), 'aws_api_gateway_deployment').triggers.redeployment;
}

/** The method settings of `method_path`. */
function settingsAt(tf: Synthesized, methodPath: string): Record<string, any> {
  return resources(tf, 'aws_api_gateway_method_settings').find((s) => s.method_path === methodPath)!;
}

/** The `type.name` address of the method settings of `method_path`, as `depends_on` lists it. */
function settingsAddress(tf: Synthesized, methodPath: string): string {
  const [name] = Object.entries(tf.resource.aws_api_gateway_method_settings).find(([, s]) => s.method_path === methodPath)!;
  return `aws_api_gateway_method_settings.${name}`;
}

/** What `value` of a new `RestApi` synthesizes to, read back from a Terraform output. */
function resolved(value: (restApi: RestApi) => string, props: RestApiProps = {}): string {
  const tf = synth((stack) => new TerraformOutput(stack, 'value', { value: value(new RestApi(stack, 'Api', props)) }));
  return tf.output!.value.value as string;
}

describe('RestApi', () => {
  test('is REGIONAL, named <stack id>-<construct id>, reads API keys from the header and is replaced create-before-destroy by default, with no description or binary media types', () => {
    const tf = synth((stack) => new RestApi(stack, 'Api'));

    expect(only(tf, 'aws_api_gateway_rest_api')).toEqual({
      name: 'stack-Api',
      endpoint_configuration: { types: ['REGIONAL'] },
      api_key_source: 'HEADER',
      lifecycle: { create_before_destroy: true },
    });
  });

  test('is named <prefix>-<name> when the stack sets the lambda-rest-api:namePrefix context', () => {
    const tf = synth((stack) => {
      stack.node.setContext('lambda-rest-api:namePrefix', 'items-dev');
      new RestApi(stack, 'Api', { name: 'public' });
    });

    expect(only(tf, 'aws_api_gateway_rest_api').name).toBe('items-dev-public');
  });

  test('takes the description', () => {
    const tf = synth((stack) => new RestApi(stack, 'Api', { description: 'Items of the shop' }));

    expect(only(tf, 'aws_api_gateway_rest_api').description).toBe('Items of the shop');
  });

  test('is an EDGE endpoint when endpointType is EDGE', () => {
    const tf = synth((stack) => new RestApi(stack, 'Api', { endpointType: 'EDGE' }));

    expect(only(tf, 'aws_api_gateway_rest_api').endpoint_configuration).toEqual({ types: ['EDGE'] });
  });

  test('treats the binaryMediaTypes as binary', () => {
    const tf = synth((stack) => new RestApi(stack, 'Api', { binaryMediaTypes: ['image/png', '*/*'] }));

    expect(only(tf, 'aws_api_gateway_rest_api').binary_media_types).toEqual(['image/png', '*/*']);
  });

  test('exposes stageName prod and endpointType REGIONAL by default', () => {
    const restApi = new RestApi(newStack(), 'Api');

    expect(restApi.stageName).toBe('prod');
    expect(restApi.endpointType).toBe('REGIONAL');
  });

  test('a PRIVATE API lists its VPC endpoints in the endpoint configuration', () => {
    const tf = synth(privateApi);

    expect(only(tf, 'aws_api_gateway_rest_api').endpoint_configuration).toEqual({
      types: ['PRIVATE'],
      vpc_endpoint_ids: ['vpce-1', 'vpce-2'],
    });
  });

  test('a PRIVATE API gets a resource policy that lets only its VPC endpoints invoke it', () => {
    const tf = synth(privateApi);
    const policy = only(tf, 'aws_api_gateway_rest_api_policy');
    const documentName = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(policy.policy)![1];

    expect(policy.rest_api_id).toBe(refTo(tf, 'aws_api_gateway_rest_api', 'id'));
    expect(tf.data.aws_iam_policy_document[documentName].statement).toEqual([
      {
        sid: 'InvokeFromVpcEndpointsOnly',
        effect: 'Allow',
        principals: [{ type: '*', identifiers: ['*'] }],
        actions: ['execute-api:Invoke'],
        resources: [`${refTo(tf, 'aws_api_gateway_rest_api', 'execution_arn')}/*`],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceVpce', values: ['vpce-1', 'vpce-2'] }],
      },
    ]);
  });

  test('a PRIVATE API is deployed only after its resource policy', () => {
    const tf = synth(privateApi);
    const [policyName] = Object.keys(tf.resource.aws_api_gateway_rest_api_policy);

    expect(only(tf, 'aws_api_gateway_deployment').depends_on).toContain(`aws_api_gateway_rest_api_policy.${policyName}`);
  });

  test('a REGIONAL API has no resource policy', () => {
    const tf = synth((stack) => new RestApi(stack, 'Api'));

    expect(resources(tf, 'aws_api_gateway_rest_api_policy')).toEqual([]);
  });

  test('changing the binary media types changes the redeployment trigger', () => {
    const withTypes = (types: string[]) => (stack: TerraformStack) => {
      new RestApi(stack, 'Api', { binaryMediaTypes: types }).root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')));
    };

    expect(trigger(withTypes(['image/png']))).not.toBe(trigger(withTypes(['image/jpeg'])));
  });

  // API Gateway applies a changed resource policy with the next deployment only.
  test('changing the VPC endpoints of a PRIVATE API changes the redeployment trigger', () => {
    const withEndpoint = (id: string) => (stack: TerraformStack) => {
      new RestApi(stack, 'Api', { endpointType: 'PRIVATE', vpcEndpointIds: [id] }).root.addMethod(
        'GET',
        new LambdaIntegration(handler(stack, 'fn')),
      );
    };

    expect(trigger(withEndpoint('vpce-2'))).not.toBe(trigger(withEndpoint('vpce-1')));
  });

  test('the deployment belongs to the API and is created before the old one is destroyed', () => {
    const tf = synth(oneMethod);

    expect(only(tf, 'aws_api_gateway_deployment')).toMatchObject({
      rest_api_id: refTo(tf, 'aws_api_gateway_rest_api', 'id'),
      description: 'Managed by lambda-rest-api; replaced whenever the API definition changes',
      lifecycle: { create_before_destroy: true },
    });
  });

  test('the redeployment trigger is a sha1 hex digest', () => {
    expect(trigger(oneMethod)).toMatch(/^[0-9a-f]{40}$/);
  });

  test('hashes the definition resolved as cdktf resolves it: string, list, number and map tokens, in keys and values', () => {
    const tf = synth((stack) => {
      const variable = new TerraformVariable(stack, 'v', {});
      const value = {
        plain: 'text',
        reference: `${variable.stringValue}/items`,
        list: variable.listValue,
        numbers: [variable.numberValue, 1],
        map: Token.asStringMap(variable.value),
        nested: [{ [variable.stringValue]: true, dropped: undefined }, 0],
      };
      new TerraformOutput(stack, 'cdktf', { value });
      new TerraformOutput(stack, 'ours', { value: Lazy.anyValue({ produce: (context) => resolveTokens(value, context) }) });
    });

    expect(tf.output!.ours.value).toEqual(tf.output!.cdktf.value);
  });

  test('the deployment depends on every integration and every integration response', () => {
    const tf = synth((stack) => {
      const restApi = api(stack);
      restApi.root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')));
      restApi.root.addResource('events').addMethod('POST', new LambdaIntegration(handler(stack, 'record'), { proxy: false }));
    });
    const addresses = (type: string) => Object.keys(tf.resource[type]).map((name) => `${type}.${name}`);

    expect(addresses('aws_api_gateway_integration')).toHaveLength(2);
    expect(addresses('aws_api_gateway_integration_response')).toHaveLength(4);
    expect([...only(tf, 'aws_api_gateway_deployment').depends_on].sort()).toEqual(
      [...addresses('aws_api_gateway_integration'), ...addresses('aws_api_gateway_integration_response')].sort(),
    );
  });

  test('adding a method changes the redeployment trigger', () => {
    const before = trigger(oneMethod);

    const after = trigger((stack) => {
      const fn = handler(stack, 'fn');
      const restApi = api(stack);
      restApi.root.addMethod('GET', new LambdaIntegration(fn));
      restApi.root.addMethod('POST', new LambdaIntegration(fn));
    });

    expect(after).not.toBe(before);
  });

  test('changing an integration option (timeoutMs) changes the redeployment trigger', () => {
    const withTimeout = (timeoutMs: number) => (stack: TerraformStack) => {
      api(stack).root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn'), { timeoutMs }));
    };

    expect(trigger(withTimeout(25000))).not.toBe(trigger(withTimeout(20000)));
  });

  test('the same program gives the same redeployment trigger twice', () => {
    expect(trigger(oneMethod)).toBe(trigger(oneMethod));
  });

  test('the stage is named prod by default, references the API and the deployment, is traced, and has no cache cluster, variables or access logs', () => {
    const tf = synth((stack) => new RestApi(stack, 'Api'));

    expect(only(tf, 'aws_api_gateway_stage')).toEqual({
      rest_api_id: refTo(tf, 'aws_api_gateway_rest_api', 'id'),
      deployment_id: refTo(tf, 'aws_api_gateway_deployment', 'id'),
      stage_name: 'prod',
      xray_tracing_enabled: true,
    });
  });

  test('the stage takes the stageName', () => {
    const tf = synth((stack) => new RestApi(stack, 'Api', { stageName: 'v1' }));

    expect(only(tf, 'aws_api_gateway_stage').stage_name).toBe('v1');
  });

  test('the stage passes the stage variables', () => {
    const tf = synth((stack) => api(stack, { stageVariables: { env: 'dev', table_name: 'items-dev' } }));

    expect(only(tf, 'aws_api_gateway_stage').variables).toEqual({ env: 'dev', table_name: 'items-dev' });
  });

  test('the stage gets a cache cluster, its size as a string, when cacheCluster is set', () => {
    const tf = synth((stack) => api(stack, CACHED));

    expect(only(tf, 'aws_api_gateway_stage')).toMatchObject({ cache_cluster_enabled: true, cache_cluster_size: '0.5' });
  });

  test('creates no method settings without throttling or caching', () => {
    const tf = synth((stack) => api(stack));

    expect(resources(tf, 'aws_api_gateway_method_settings')).toEqual([]);
  });

  test('throttling applies to every method of the stage (*/*), without caching', () => {
    const tf = synth((stack) => api(stack, THROTTLED));

    expect(only(tf, 'aws_api_gateway_method_settings')).toEqual({
      rest_api_id: refTo(tf, 'aws_api_gateway_rest_api', 'id'),
      stage_name: refTo(tf, 'aws_api_gateway_stage', 'stage_name'),
      method_path: '*/*',
      settings: { throttling_rate_limit: 100, throttling_burst_limit: 50, caching_enabled: false },
    });
  });

  test('stage caching lasts 300 s, encrypted, by default, with throttling left off', () => {
    const tf = synth((stack) => api(stack, CACHED));

    expect(only(tf, 'aws_api_gateway_method_settings')).toMatchObject({
      method_path: '*/*',
      settings: {
        throttling_rate_limit: -1,
        throttling_burst_limit: -1,
        caching_enabled: true,
        cache_ttl_in_seconds: 300,
        cache_data_encrypted: true,
      },
    });
  });

  test('stage caching honours ttlSeconds and encrypted: false', () => {
    const tf = synth((stack) => api(stack, { ...CACHED, caching: { ttlSeconds: 60, encrypted: false } }));

    expect(only(tf, 'aws_api_gateway_method_settings').settings).toMatchObject({
      caching_enabled: true,
      cache_ttl_in_seconds: 60,
      cache_data_encrypted: false,
    });
  });

  test('a method override of GET /items/{id} has method_path ~1items~1{id}/GET and names the stage by reference', () => {
    const tf = synth((stack) => api(stack, { methodOverrides: { 'GET /items/{id}': THROTTLED } }));

    expect(only(tf, 'aws_api_gateway_method_settings')).toMatchObject({
      rest_api_id: refTo(tf, 'aws_api_gateway_rest_api', 'id'),
      stage_name: refTo(tf, 'aws_api_gateway_stage', 'stage_name'),
      method_path: '~1items~1{id}/GET',
    });
  });

  test('a method override of the root has method_path ~1/GET', () => {
    const tf = synth((stack) => api(stack, { methodOverrides: { 'GET /': THROTTLED } }));

    expect(only(tf, 'aws_api_gateway_method_settings').method_path).toBe('~1/GET');
  });

  test('a method override with throttling replaces the stage throttling', () => {
    const tf = synth((stack) => api(stack, { ...THROTTLED, methodOverrides: { 'POST /items': { throttling: { rateLimit: 5, burstLimit: 2 } } } }));

    expect(settingsAt(tf, '~1items/POST').settings).toEqual({ throttling_rate_limit: 5, throttling_burst_limit: 2, caching_enabled: false });
  });

  test('a method override with only caching keeps the stage throttling', () => {
    const tf = synth((stack) =>
      api(stack, { ...THROTTLED, cacheCluster: { sizeGb: 0.5 }, methodOverrides: { 'GET /items': { caching: { ttlSeconds: 30 } } } }),
    );

    expect(settingsAt(tf, '~1items/GET').settings).toEqual({
      throttling_rate_limit: 100,
      throttling_burst_limit: 50,
      caching_enabled: true,
      cache_ttl_in_seconds: 30,
      cache_data_encrypted: true,
    });
  });

  test('a method override with only throttling keeps the stage caching', () => {
    const tf = synth((stack) =>
      api(stack, { ...CACHED, caching: { ttlSeconds: 60 }, methodOverrides: { 'GET /items': { throttling: { rateLimit: 5, burstLimit: 2 } } } }),
    );

    expect(settingsAt(tf, '~1items/GET').settings).toEqual({
      throttling_rate_limit: 5,
      throttling_burst_limit: 2,
      caching_enabled: true,
      cache_ttl_in_seconds: 60,
      cache_data_encrypted: true,
    });
  });

  test('a method override with caching: false turns the stage caching off for that method and keeps the stage throttling', () => {
    const tf = synth((stack) => api(stack, { ...THROTTLED, ...CACHED, methodOverrides: { 'PUT /items/{id}': { caching: false } } }));

    expect(settingsAt(tf, '~1items~1{id}/PUT').settings).toEqual({ throttling_rate_limit: 100, throttling_burst_limit: 50, caching_enabled: false });
  });

  test('a method override of caching takes what it leaves out from the stage caching', () => {
    const tf = synth((stack) =>
      api(stack, { ...CACHED, caching: { ttlSeconds: 60, encrypted: false }, methodOverrides: { 'GET /items': { caching: { ttlSeconds: 30 } } } }),
    );

    expect(settingsAt(tf, '~1items/GET').settings).toEqual({
      throttling_rate_limit: -1,
      throttling_burst_limit: -1,
      caching_enabled: true,
      cache_ttl_in_seconds: 30,
      cache_data_encrypted: false,
    });
  });

  test('fails when two method overrides name the same method', () => {
    expect(build({ ...THROTTLED, methodOverrides: { 'GET /items': THROTTLED, 'get /items/': THROTTLED } })).toThrow(
      'stack/Api: methodOverrides "GET /items" and "get /items/" both name GET /items; merge them into one entry',
    );
  });

  test('method settings are chained: each depends on the one before it', () => {
    const tf = synth((stack) => api(stack, { ...THROTTLED, methodOverrides: { 'GET /items': THROTTLED, 'GET /items/{id}': THROTTLED } }));

    expect(settingsAt(tf, '*/*').depends_on).toBeUndefined();
    expect(settingsAt(tf, '~1items/GET').depends_on).toEqual([settingsAddress(tf, '*/*')]);
    expect(settingsAt(tf, '~1items~1{id}/GET').depends_on).toEqual([settingsAddress(tf, '~1items/GET')]);
  });

  test('arnForExecuteApi() defaults to every verb and every path of the stage', () => {
    expect(resolved((restApi) => restApi.arnForExecuteApi())).toMatch(/^\$\{aws_api_gateway_rest_api\.[^.]+\.execution_arn\}\/prod\/\*\/\*$/);
  });

  test('arnForExecuteApi() turns ANY, {param} and {proxy+} into *', () => {
    expect(resolved((restApi) => restApi.arnForExecuteApi('ANY', '/items/{id}/{proxy+}'))).toMatch(
      /^\$\{aws_api_gateway_rest_api\.[^.]+\.execution_arn\}\/prod\/\*\/items\/\*\/\*$/,
    );
  });

  test('arnForExecuteApi() upper-cases the verb, since source ARNs match case-sensitively', () => {
    expect(resolved((restApi) => restApi.arnForExecuteApi('get', '/items'))).toMatch(/\/prod\/GET\/items$/);
  });

  test('arnForExecuteApi() fails when the verb is unknown', () => {
    expect(() => resolved((restApi) => restApi.arnForExecuteApi('FETCH', '/items'))).toThrow('stack/Api: HTTP method "FETCH" is not supported');
  });

  test('arnForExecuteApi() keeps a verb, a literal path and the stage it is given', () => {
    expect(resolved((restApi) => restApi.arnForExecuteApi('GET', '/items', 'test'))).toMatch(
      /^\$\{aws_api_gateway_rest_api\.[^.]+\.execution_arn\}\/test\/GET\/items$/,
    );
  });

  test('allMethods lists the methods in the order they were added', () => {
    const stack = newStack();
    const restApi = api(stack);
    const integration = new LambdaIntegration(handler(stack, 'fn'));
    restApi.root.addResource('items').addMethod('POST', integration);
    restApi.root.addMethod('GET', integration);

    expect(restApi.allMethods.map((method) => method.route)).toEqual(['POST /items', 'GET /']);
  });

  test('url is a reference to the stage invoke URL', () => {
    expect(resolved((restApi) => restApi.url)).toMatch(/^\$\{aws_api_gateway_stage\.[^.]+\.invoke_url\}$/);
  });

  test('restApiId is a reference to the REST API id', () => {
    expect(resolved((restApi) => restApi.restApiId)).toMatch(/^\$\{aws_api_gateway_rest_api\.[^.]+\.id\}$/);
  });

  test('executionArn is a reference to the REST API execution ARN', () => {
    expect(resolved((restApi) => restApi.executionArn)).toMatch(/^\$\{aws_api_gateway_rest_api\.[^.]+\.execution_arn\}$/);
  });

  test('passes validation at synth with one method', () => {
    expect(() => synthValidated(oneMethod)).not.toThrow();
  });

  test('matches a method override to its method whatever the verb case or a trailing slash', () => {
    const program = (stack: TerraformStack) => {
      const restApi = api(stack, { methodOverrides: { 'get /items/': THROTTLED } });
      restApi.root.addResource('items').addMethod('GET', new LambdaIntegration(handler(stack, 'fn')));
    };

    expect(() => synthValidated(program)).not.toThrow();
  });

  test('fails at synth when the API has no method', () => {
    expect(() => synthValidated((stack) => api(stack))).toThrow(
      /\[stack\/Api\] the API has no method, and API Gateway cannot deploy it; add one with api\.root\.addMethod\(\) or addResource\(\)/,
    );
  });

  test('fails at synth when a method override names no method, listing the routes there are', () => {
    const program = (stack: TerraformStack) => {
      const restApi = api(stack, { methodOverrides: { 'GET /nope': THROTTLED } });
      restApi.root.addResource('items').addMethod('GET', new LambdaIntegration(handler(stack, 'fn')));
      restApi.root.addMethod('ANY', new LambdaIntegration(handler(stack, 'fallback')));
    };

    expect(() => synthValidated(program)).toThrow(/\[stack\/Api\] methodOverrides\["GET \/nope"\] names no method of this API; use one of: ANY \/, GET \/items/);
  });

  test.each([
    ['a space', 'pro d'],
    ['a dot', 'v1.0'],
    ['129 characters', 'a'.repeat(129)],
  ])('fails when the stage name has %s', (_, stageName) => {
    expect(build({ stageName })).toThrow(
      new RegExp(`^stack/Api: stage name "${escape(stageName)}" is not valid; use 1 to 128 letters, digits, "_" or "-" \\(for example "prod"\\)$`),
    );
  });

  test('fails when the cache cluster size is 0.7 GB, listing the sizes there are', () => {
    expect(build({ cacheCluster: { sizeGb: 0.7 as CacheClusterSizeGb }, caching: {} })).toThrow(
      /^stack\/Api: cache cluster size 0\.7 GB is not one API Gateway offers; use one of 0\.5, 1\.6, 6\.1, 13\.5, 28\.4, 58\.2, 118, 237$/,
    );
  });

  test.each([-1, 3601, 1.5])('fails when the cache ttlSeconds is %p', (ttlSeconds) => {
    expect(build({ ...CACHED, caching: { ttlSeconds } })).toThrow(
      new RegExp(`^stack/Api: cache ttlSeconds ${escape(String(ttlSeconds))} must be a whole number from 0 to 3600$`),
    );
  });

  test('fails when the cache ttlSeconds of a method override is 3601, naming the override', () => {
    expect(build({ ...CACHED, methodOverrides: { 'GET /': { caching: { ttlSeconds: 3601 } } } })).toThrow(
      /^stack\/Api methodOverrides\["GET \/"\]: cache ttlSeconds 3601 must be a whole number from 0 to 3600$/,
    );
  });

  test.each([-1, 2.5])('fails when the throttling burstLimit is %p', (burstLimit) => {
    expect(build({ throttling: { rateLimit: 10, burstLimit } })).toThrow(
      new RegExp(`^stack/Api: throttling burstLimit ${escape(String(burstLimit))} must be a whole number of requests, 0 or more$`),
    );
  });

  test.each([0, -5, NaN])('fails when the throttling rateLimit is %p', (rateLimit) => {
    expect(build({ throttling: { rateLimit, burstLimit: 10 } })).toThrow(
      new RegExp(`^stack/Api: throttling rateLimit ${rateLimit} must be a number of requests per second above 0$`),
    );
  });

  test('fails when the throttling of a method override is not valid, naming the override', () => {
    expect(build({ methodOverrides: { 'GET /items': { throttling: { rateLimit: 0, burstLimit: 1 } } } })).toThrow(
      /^stack\/Api methodOverrides\["GET \/items"\]: throttling rateLimit 0 must be a number of requests per second above 0$/,
    );
  });

  test('fails when the stage caches without a cache cluster', () => {
    expect(build({ caching: { ttlSeconds: 60 } })).toThrow(
      /^stack\/Api: caching is turned on but the stage has no cache cluster; set cacheCluster: \{ sizeGb: 0\.5 \} or remove the caching settings$/,
    );
  });

  test('fails when a method override caches without a cache cluster', () => {
    expect(build({ methodOverrides: { 'GET /items': { caching: {} } } })).toThrow(
      /^stack\/Api: caching is turned on but the stage has no cache cluster; set cacheCluster: \{ sizeGb: 0\.5 \}/,
    );
  });

  test('fails when the cache cluster is set but no method caches', () => {
    expect(build({ cacheCluster: { sizeGb: 1.6 } })).toThrow(
      /^stack\/Api: cacheCluster 1\.6 GB is set but no method caches, and the cluster is billed by the hour; turn caching on .* or remove cacheCluster$/,
    );
  });

  test.each([
    ['no vpcEndpointIds', undefined],
    ['empty vpcEndpointIds', []],
  ])('fails when a PRIVATE API has %s', (_, vpcEndpointIds) => {
    expect(build({ endpointType: 'PRIVATE', vpcEndpointIds })).toThrow(
      /^stack\/Api: a PRIVATE API needs vpcEndpointIds: .*; pass the ids of the VPC endpoints that may call it$/,
    );
  });

  test.each(['REGIONAL', 'EDGE'] as const)('fails when a %s API has vpcEndpointIds', (endpointType) => {
    expect(build({ endpointType, vpcEndpointIds: ['vpce-1'] })).toThrow(
      new RegExp(`^stack/Api: vpcEndpointIds apply only to a PRIVATE API, but endpointType is "${endpointType}"; remove them or use 'PRIVATE'$`),
    );
  });

  test('fails when the endpointType is not one API Gateway has', () => {
    expect(build({ endpointType: 'GLOBAL' as unknown as EndpointType })).toThrow(
      /^stack\/Api: endpointType "GLOBAL" is not valid; use 'REGIONAL', 'EDGE' or 'PRIVATE'$/,
    );
  });

  test.each(['png', 'image png', 'image/png;q=1'])('fails when a binary media type is %p', (mediaType) => {
    expect(build({ binaryMediaTypes: [mediaType] })).toThrow(
      new RegExp(`^stack/Api: binary media type "${escape(mediaType)}" is not a content type; use a form such as "image/png" or "\\*/\\*"$`),
    );
  });

  test.each([
    ['a "-"', 'table-name'],
    ['65 characters', 'a'.repeat(65)],
    ['no characters', ''],
  ])('fails when a stage variable name has %s', (_, name) => {
    expect(build({ stageVariables: { [name]: 'x' } })).toThrow(
      new RegExp(`^stack/Api: stage variable name "${escape(name)}" is not valid; use 1 to 64 letters, digits or "_"$`),
    );
  });

  test.each([
    ['a space', 'two words'],
    ['no characters', ''],
    ['513 characters', 'x'.repeat(513)],
    ['a non-ASCII letter', 'ü'],
  ])('fails when a stage variable value has %s', (_, value) => {
    expect(build({ stageVariables: { table: value } })).toThrow(
      new RegExp(`^stack/Api: stage variable table="${escape(value)}" is not valid; values are 1 to 512 of the characters A-Z a-z 0-9`),
    );
  });

  test('fails when a method override key is not "<verb> <path>"', () => {
    expect(build({ methodOverrides: { 'items GET': THROTTLED } })).toThrow(
      /^stack\/Api methodOverrides: method key "items GET" must look like "GET \/items\/\{id\}" \(an HTTP method, a space, a path from "\/"\)$/,
    );
  });

  test('fails when a method override key names an unknown verb', () => {
    expect(build({ methodOverrides: { 'FETCH /items': THROTTLED } })).toThrow(
      /^stack\/Api methodOverrides: HTTP method "FETCH" is not supported; use one of GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS, ANY$/,
    );
  });
});

describe('RestApi observability', () => {
  /** An API (stage v1) with GET / and `props`, in a stack that may set the account role. */
  function observed(props: RestApiProps, accountRole = false): Synthesized {
    return synth((stack) => {
      if (accountRole) new ApiGatewayAccountRole(stack, 'AccountRole');
      api(stack, props).root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')));
    });
  }
  const apiLogGroups = (tf: Synthesized) => resources(tf, 'aws_cloudwatch_log_group').filter((group) => !group.name.startsWith('/aws/lambda/'));

  test('has no access logs, execution logs, metrics or API log groups by default', () => {
    const tf = observed({});

    expect(only(tf, 'aws_api_gateway_stage')).not.toHaveProperty('access_log_settings');
    expect(resources(tf, 'aws_api_gateway_method_settings')).toEqual([]);
    expect(apiLogGroups(tf)).toEqual([]);
  });

  test('turns X-Ray tracing off when tracingEnabled is false', () => {
    expect(only(observed({ tracingEnabled: false }), 'aws_api_gateway_stage').xray_tracing_enabled).toBe(false);
  });

  describe('accessLogs', () => {
    const tf = observed({ accessLogs: true });

    test('writes one JSON line per request, with the request id and the fields people query, to its own log group', () => {
      const settings = only(tf, 'aws_api_gateway_stage').access_log_settings;

      expect(settings.destination_arn).toMatch(/^\$\{aws_cloudwatch_log_group\.Api_AccessLogs_\w+\.arn\}$/);
      expect(settings.format).toBe(ACCESS_LOG_FORMAT);
      expect(Object.keys(JSON.parse(settings.format))).toEqual(
        expect.arrayContaining(['requestId', 'ip', 'httpMethod', 'resourcePath', 'status', 'responseLatency', 'integrationLatency', 'errorMessage', 'apiKeyId']),
      );
      expect(JSON.parse(settings.format).requestId).toBe('$context.requestId');
    });

    test('keeps the access logs 365 days in /aws/apigateway/<name>/<stage>/access', () => {
      expect(apiLogGroups(tf)).toEqual([{ name: '/aws/apigateway/stack-Api/v1/access', retention_in_days: 365 }]);
    });
  });

  describe('loggingLevel and metricsEnabled', () => {
    const tf = observed({ loggingLevel: 'ERROR', metricsEnabled: true, logRetentionDays: 90 });

    test('set every method\'s logging level and metrics, never full request and response bodies', () => {
      expect(settingsAt(tf, '*/*').settings).toEqual({
        throttling_rate_limit: -1,
        throttling_burst_limit: -1,
        caching_enabled: false,
        logging_level: 'ERROR',
        metrics_enabled: true,
        data_trace_enabled: false,
      });
    });

    test('pre-create the execution log group with the retention, before the method settings', () => {
      const [group] = apiLogGroups(tf);

      expect(group).toEqual({
        name: expect.stringMatching(/^API-Gateway-Execution-Logs_\$\{aws_api_gateway_rest_api\.Api_RestApi_\w+\.id\}\/v1$/),
        retention_in_days: 90,
      });
      expect(settingsAt(tf, '*/*').depends_on).toEqual([expect.stringMatching(/^aws_cloudwatch_log_group\.Api_ExecutionLogs_\w+$/)]);
    });
  });

  test('carries the logging level into per-method overrides, which do not inherit the stage\'s', () => {
    const tf = observed({ loggingLevel: 'INFO', methodOverrides: { 'GET /': { throttling: { rateLimit: 1, burstLimit: 1 } } } });

    expect(settingsAt(tf, '~1/GET').settings).toMatchObject({ logging_level: 'INFO', metrics_enabled: false, data_trace_enabled: false });
  });

  test('creates the stage and the logging method settings after the account role when the stack sets it', () => {
    const tf = observed({ accessLogs: true, loggingLevel: 'INFO' }, true);
    const account = expect.stringMatching(/^aws_api_gateway_account\.AccountRole_Account_\w+$/);

    expect(only(tf, 'aws_api_gateway_stage').depends_on).toEqual([account]);
    expect(settingsAt(tf, '*/*').depends_on).toEqual(expect.arrayContaining([account]));
  });

  test('does not wait for the account role when nothing logs', () => {
    const tf = observed({}, true);

    expect(only(tf, 'aws_api_gateway_stage')).not.toHaveProperty('depends_on');
  });

  test('fails when loggingLevel is not OFF, ERROR or INFO', () => {
    expect(build({ loggingLevel: 'DEBUG' as 'INFO' })).toThrow(/^stack\/Api: loggingLevel "DEBUG" is not valid; use 'OFF', 'ERROR' or 'INFO'$/);
  });

  test('fails when logRetentionDays is not a CloudWatch Logs period', () => {
    expect(build({ logRetentionDays: 0 })).toThrow(/^stack\/Api: logRetentionDays 0 is not a period CloudWatch Logs offers; use one of 1, 3, 5/);
  });

  test('fails when access logs are on and the name cannot name a log group', () => {
    expect(build({ accessLogs: true, name: 'my api' })).toThrow(/^stack\/Api: name "stack-my api" cannot name the access log group/);
  });

  describe('logEncryptionKey', () => {
    test('encrypts the access and execution log groups with the key, and registers both with it', () => {
      const tf = synth((stack) => {
        const key = new EncryptionKey(stack, 'Key');
        api(stack, { accessLogs: true, loggingLevel: 'ERROR', logEncryptionKey: key }).root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')));
      });

      expect(apiLogGroups(tf).map((group) => group.kms_key_id)).toEqual([
        expect.stringMatching(/^\$\{aws_kms_key\.Key_\w+\.arn\}$/),
        expect.stringMatching(/^\$\{aws_kms_key\.Key_\w+\.arn\}$/),
      ]);
      const keyPolicy = Object.entries(tf.data.aws_iam_policy_document).find(([id]) => id.startsWith('Key_Policy'))![1];
      expect(keyPolicy.statement[1].condition[0].values).toEqual([
        expect.stringMatching(/:log-group:\/aws\/apigateway\/stack-Api\/v1\/access$/),
        expect.stringMatching(/:log-group:API-Gateway-Execution-Logs_\$\{aws_api_gateway_rest_api\.Api_RestApi_\w+\.id\}\/v1$/),
      ]);
    });

    test('leaves the log groups to CloudWatch Logs\' own encryption by default', () => {
      expect(apiLogGroups(observed({ accessLogs: true, loggingLevel: 'ERROR' })).map((group) => group.kms_key_id)).toEqual([undefined, undefined]);
    });
  });

  test('arnForAuthorizer is <execution_arn>/authorizers/<id>', () => {
    expect(resolved((restApi) => restApi.arnForAuthorizer('abc123'))).toMatch(
      /^\$\{aws_api_gateway_rest_api\.Api_RestApi_\w+\.execution_arn\}\/authorizers\/abc123$/,
    );
  });
});

describe('RestApi canary', () => {
  const withCanary = (canary?: CanarySettings) =>
    synth((stack) => api(stack, { canary, stageVariables: { table: 'items' } }).root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn'))));
  const deployments = (tf: Synthesized) => tf.resource.aws_api_gateway_deployment as Record<string, Record<string, any>>;
  const deployment = (tf: Synthesized, id: string) => Object.entries(deployments(tf)).find(([name]) => name.startsWith(`Api_${id}_`))![1];

  test('has no canary and one deployment by default', () => {
    const tf = withCanary();

    expect([Object.keys(deployments(tf)).length, only(tf, 'aws_api_gateway_stage').canary_settings]).toEqual([1, undefined]);
    expect(deployment(tf, 'Deployment').lifecycle).toEqual({ create_before_destroy: true });
  });

  test('serves percentTraffic of the requests from a second deployment, without the stage cache by default', () => {
    const tf = withCanary({ percentTraffic: 10 });

    expect(only(tf, 'aws_api_gateway_stage').canary_settings).toEqual({
      deployment_id: expect.stringMatching(/^\$\{aws_api_gateway_deployment\.Api_CanaryDeployment_\w+\.id\}$/),
      percent_traffic: 10,
      use_stage_cache: false,
    });
    expect(only(tf, 'aws_api_gateway_stage').deployment_id).toMatch(/^\$\{aws_api_gateway_deployment\.Api_Deployment_\w+\.id\}$/);
  });

  test("keeps the stage's own deployment as it was when the canary began, and has the canary's follow the definition", () => {
    const tf = withCanary({ percentTraffic: 10 });
    const stable = deployment(tf, 'Deployment');
    const canary = deployment(tf, 'CanaryDeployment');

    expect(stable.lifecycle).toEqual({ create_before_destroy: true, ignore_changes: ['triggers'] });
    expect(canary.lifecycle).toEqual({ create_before_destroy: true });
    expect(canary.triggers).toEqual(stable.triggers);
    expect(canary.depends_on).toEqual(stable.depends_on);
  });

  test('passes the stage variable overrides and the use of the stage cache', () => {
    const tf = withCanary({ percentTraffic: 50, stageVariableOverrides: { table: 'items-next' }, useStageCache: true });

    expect(only(tf, 'aws_api_gateway_stage').canary_settings).toMatchObject({ percent_traffic: 50, stage_variable_overrides: { table: 'items-next' }, use_stage_cache: true });
  });

  test('exposes the canary deployment id', () => {
    const stack = newStack();
    const withOne = api(stack, { canary: { percentTraffic: 5 } });

    expect([typeof withOne.canaryDeploymentId, api(newStack()).canaryDeploymentId]).toEqual(['string', undefined]);
  });

  test.each([-1, 100.5, Number.NaN])('fails when percentTraffic is %p', (percentTraffic) => {
    expect(build({ canary: { percentTraffic } })).toThrow(`stack/Api: canary percentTraffic ${percentTraffic} must be a percentage from 0 to 100, such as 10`);
  });

  test('fails when a stage variable override is not a valid stage variable', () => {
    expect(build({ canary: { percentTraffic: 10, stageVariableOverrides: { 'bad-name': 'x' } } })).toThrow(
      'stack/Api canary: stage variable name "bad-name" is not valid; use 1 to 64 letters, digits or "_"',
    );
  });
});

describe('RestApi cors', () => {
  const CORS = { allowOrigins: ['https://app.example.com'] };
  const tf = synth((stack) => {
    const restApi = api(stack, { cors: CORS });
    restApi.root.addResource('items').addMethod('GET', new LambdaIntegration(handler(stack, 'fn')));
  });
  const methods = resources(tf, 'aws_api_gateway_method');

  test('answers preflights on every resource, the root included, open to anyone', () => {
    const options = methods.filter((method) => method.http_method === 'OPTIONS');

    expect(options).toHaveLength(2);
    expect(options.map((method) => method.authorization)).toEqual(['NONE', 'NONE']);
    expect(options.map((method) => method.resource_id).sort()).toEqual([
      expect.stringMatching(/^\$\{aws_api_gateway_resource\.Api_Root_items_\w+\.id\}$/),
      expect.stringMatching(/^\$\{aws_api_gateway_rest_api\.Api_RestApi_\w+\.root_resource_id\}$/),
    ]);
  });

  test('adds the CORS origin to API Gateway\'s own 4XX and 5XX answers, and redeploys with them', () => {
    const responses = resources(tf, 'aws_api_gateway_gateway_response');

    expect(responses.map((response) => response.response_type)).toEqual(['DEFAULT_4XX', 'DEFAULT_5XX']);
    for (const response of responses) {
      expect(response.response_parameters).toEqual({
        'gatewayresponse.header.Access-Control-Allow-Origin': "'https://app.example.com'",
        'gatewayresponse.header.Vary': "'Origin'",
      });
    }
    expect(only(tf, 'aws_api_gateway_deployment').depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws_api_gateway_gateway_response\.Api_GatewayResponseDEFAULT_4XX_\w+$/)]),
    );
  });

  test('changes the redeployment trigger when the CORS origins change', () => {
    const withOrigin = (origin: string) => (stack: TerraformStack) =>
      api(stack, { cors: { allowOrigins: [origin] } }).root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')));

    expect(trigger(withOrigin('https://a.example.com'))).not.toBe(trigger(withOrigin('https://b.example.com')));
  });

  test('fails when the origins mix "*" with specific ones', () => {
    expect(build({ cors: { allowOrigins: ['*', 'https://app.example.com'] } })).toThrow(
      /^stack\/Api: cors allowOrigins \[\*, https:\/\/app.example.com\] mixes "\*" with specific origins/,
    );
  });
});
