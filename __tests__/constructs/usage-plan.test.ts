import { TerraformStack } from 'cdktf';
import { ApiKey } from '../../src/constructs/api-key';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { UsagePlan, UsagePlanProps } from '../../src/constructs/usage-plan';
import { usagePlanThrottleKey } from '../../src/apigw/usage-plan-keys';
import { api, handler, newStack, only, resources, synth, synthValidated } from '../support/helpers';

/** An API (stage v1) with GET /items and PUT /items/{id}, and a usage plan over it built from `props`. */
function planOver(stack: TerraformStack, props: Partial<UsagePlanProps> = {}): UsagePlan {
  const restApi = api(stack);
  const fn = handler(stack, 'fn');
  const items = restApi.root.addResource('items');
  items.addMethod('GET', new LambdaIntegration(fn), { apiKeyRequired: true });
  items.addResource('{id}').addMethod('PUT', new LambdaIntegration(fn), { apiKeyRequired: true });
  return new UsagePlan(stack, 'Plan', { api: restApi, ...props });
}

describe('UsagePlan', () => {
  describe('defaults', () => {
    const tf = synth((stack) => planOver(stack));

    test('covers the stage by referencing the stage itself, not the deployment, with no throttle or quota', () => {
      expect(only(tf, 'aws_api_gateway_usage_plan')).toEqual({
        name: 'stack-Plan',
        api_stages: [
          {
            api_id: expect.stringMatching(/^\$\{aws_api_gateway_rest_api\.Api_RestApi_\w+\.id\}$/),
            stage: expect.stringMatching(/^\$\{aws_api_gateway_stage\.Api_Stage_\w+\.stage_name\}$/),
          },
        ],
      });
    });

    test('holds no key until one is added', () => {
      expect(resources(tf, 'aws_api_gateway_usage_plan_key')).toEqual([]);
    });
  });

  test('throttles each key at the plan rate and burst', () => {
    const tf = synth((stack) => planOver(stack, { throttling: { rateLimit: 10.5, burstLimit: 20 } }));

    expect(only(tf, 'aws_api_gateway_usage_plan').throttle_settings).toEqual({ rate_limit: 10.5, burst_limit: 20 });
  });

  test.each(['DAY', 'WEEK', 'MONTH'] as const)('limits each key to a quota per %s', (period) => {
    const tf = synth((stack) => planOver(stack, { quota: { limit: 5000, period } }));

    expect(only(tf, 'aws_api_gateway_usage_plan').quota_settings).toEqual({ limit: 5000, period });
  });

  test('throttles single methods inside the stage, keyed <resource path>/<VERB>', () => {
    const tf = synth((stack) => planOver(stack, { methodThrottling: { 'put /items/{id}': { rateLimit: 1, burstLimit: 2 } } }));

    expect(only(tf, 'aws_api_gateway_usage_plan').api_stages[0].throttle).toEqual([{ path: '/items/{id}/PUT', rate_limit: 1, burst_limit: 2 }]);
  });

  test('writes the root method as //GET, as AWS CDK does', () => {
    expect(usagePlanThrottleKey('GET', '/')).toBe('//GET');
  });

  test('takes a name and a description', () => {
    const tf = synth((stack) => planOver(stack, { name: 'partners', description: 'Partner integrations' }));

    expect(only(tf, 'aws_api_gateway_usage_plan')).toMatchObject({ name: 'stack-partners', description: 'Partner integrations' });
  });

  test('addApiKey binds the key to the plan as an API_KEY', () => {
    const tf = synth((stack) => planOver(stack).addApiKey(new ApiKey(stack, 'Key')));

    expect(only(tf, 'aws_api_gateway_usage_plan_key')).toEqual({
      usage_plan_id: expect.stringMatching(/^\$\{aws_api_gateway_usage_plan\.Plan_UsagePlan_\w+\.id\}$/),
      key_id: expect.stringMatching(/^\$\{aws_api_gateway_api_key\.Key_\w+\.id\}$/),
      key_type: 'API_KEY',
    });
  });

  test('exposes its id and ARN as references', () => {
    const plan = planOver(newStack());

    expect([plan.usagePlanId, plan.arn]).toEqual([expect.stringContaining('${TfToken['), expect.stringContaining('${TfToken[')]);
  });

  test('fails when the quota limit is not a whole number of 1 or more', () => {
    expect(() => planOver(newStack(), { quota: { limit: 0, period: 'DAY' } })).toThrow(
      /^stack\/Plan: quota limit 0 must be a whole number of requests, 1 or more$/,
    );
  });

  test('fails when the quota period is not DAY, WEEK or MONTH', () => {
    const period = 'YEAR' as 'DAY';

    expect(() => planOver(newStack(), { quota: { limit: 10, period } })).toThrow(
      /^stack\/Plan: quota period "YEAR" is not valid; use one of DAY, WEEK, MONTH$/,
    );
  });

  test('fails when the throttle rate is not above 0', () => {
    expect(() => planOver(newStack(), { throttling: { rateLimit: 0, burstLimit: 1 } })).toThrow(
      /^stack\/Plan: throttling rateLimit 0 must be a number of requests per second above 0$/,
    );
  });

  test('fails when a method throttle burst is not a whole number', () => {
    expect(() => planOver(newStack(), { methodThrottling: { 'GET /items': { rateLimit: 1, burstLimit: 1.5 } } })).toThrow(
      /^stack\/Plan methodThrottling\["GET \/items"\]: throttling burstLimit 1.5 must be a whole number of requests, 0 or more$/,
    );
  });

  test('fails when a method throttle key is malformed', () => {
    expect(() => planOver(newStack(), { methodThrottling: { '/items': { rateLimit: 1, burstLimit: 1 } } })).toThrow(
      /^stack\/Plan methodThrottling: method key "\/items" must look like "GET \/items\/\{id\}"/,
    );
  });

  test('fails when two method throttle keys name the same route, since the plan would get two throttles for one path', () => {
    expect(() =>
      planOver(newStack(), { methodThrottling: { 'GET /items': { rateLimit: 1, burstLimit: 1 }, 'get /items/': { rateLimit: 2, burstLimit: 2 } } }),
    ).toThrow(/^stack\/Plan: methodThrottling "GET \/items" and "get \/items\/" both name GET \/items; merge them into one entry$/);
  });

  test('fails at synth when a method throttle names no method of the API', () => {
    expect(() => synthValidated((stack) => planOver(stack, { methodThrottling: { 'DELETE /items': { rateLimit: 1, burstLimit: 1 } } }))).toThrow(
      /methodThrottling\["DELETE \/items"\] names no method of stack\/Api; use one of: GET \/items, PUT \/items\/\{id\}/,
    );
  });

  test('fails when the same key is added twice', () => {
    const stack = newStack();
    const plan = planOver(stack);
    const key = new ApiKey(stack, 'Key');
    plan.addApiKey(key);

    expect(() => plan.addApiKey(key)).toThrow(/^stack\/Plan: the API key stack\/Key is already in this plan; add it once$/);
  });

  test('fails when a key would be in more than 10 usage plans', () => {
    const stack = newStack();
    const restApi = api(stack);
    const key = new ApiKey(stack, 'Key');
    const plans = Array.from({ length: 11 }, (_, i) => new UsagePlan(stack, `P${i}`, { api: restApi }));
    plans.slice(0, 10).forEach((plan) => plan.addApiKey(key));

    expect(() => plans[10].addApiKey(key)).toThrow(/^stack\/P10: the API key stack\/Key would be in 11 usage plans, and API Gateway allows 10; use another key$/);
  });
});
