import {
  ALIAS_VERSION_WEIGHT_RANGE,
  ARCHITECTURES,
  CACHE_CLUSTER_SIZES_GB,
  CANARY_PERCENT_RANGE,
  DEFAULT_RESOURCES_PER_API_QUOTA,
  INTEGRATION_TIMEOUT_RANGE_MS,
  LAMBDA_ALIAS_NAME,
  LAMBDA_ENVIRONMENT_BYTES,
  LAMBDA_MEMORY_RANGE_MB,
  LAMBDA_RESOURCE_POLICY_BYTES,
  LAMBDA_TIMEOUT_RANGE_SECONDS,
  LOG_RETENTION_PERIODS_DAYS,
  MAX_AUTHORIZER_TTL_SECONDS,
  MAX_CACHE_TTL_SECONDS,
  MAX_LAMBDA_ALIAS_NAME_LENGTH,
  MAX_LAMBDA_LAYERS,
  MAX_LAMBDA_VPC_SECURITY_GROUPS,
  MAX_LAMBDA_VPC_SUBNETS,
  MAX_OPENAPI_BODY_BYTES,
  MAX_PAYLOAD_BYTES,
  MAX_USAGE_PLANS_PER_KEY,
  QUOTA_PERIODS,
  RESERVED_ROOT_PATH_PARTS,
} from '../../src/apigw/limits';

// What AWS accepts, each figure as its page states it (the page is named in src/apigw/limits.ts beside the value).
// The constructs check input against these and the local API enforces them, so a wrong figure here is a wrong check.

describe('API Gateway limits', () => {
  test('cache clusters come in the eight sizes of CreateStage cacheClusterSize, in GB', () => {
    expect(CACHE_CLUSTER_SIZES_GB).toEqual([0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237]);
  });

  test('cached responses and authorizer answers live at most an hour', () => {
    expect([MAX_CACHE_TTL_SECONDS, MAX_AUTHORIZER_TTL_SECONDS]).toEqual([3600, 3600]);
  });

  test('an integration may take 50 ms to 29 s', () => {
    expect(INTEGRATION_TIMEOUT_RANGE_MS).toEqual([50, 29_000]);
  });

  test('a request payload is at most 10 MB: 10,485,760 bytes', () => {
    expect(MAX_PAYLOAD_BYTES).toBe(10_485_760);
  });

  test('an imported OpenAPI definition is at most 6 MB: 6,291,456 bytes', () => {
    expect(MAX_OPENAPI_BODY_BYTES).toBe(6_291_456);
  });

  test('ping and sping are reserved at the root of a REST API', () => {
    expect(RESERVED_ROOT_PATH_PARTS).toEqual(['ping', 'sping']);
  });

  test('a key joins at most 10 usage plans, an API has 300 resources unless raised, quotas count per day, week or month', () => {
    expect([MAX_USAGE_PLANS_PER_KEY, DEFAULT_RESOURCES_PER_API_QUOTA, QUOTA_PERIODS]).toEqual([10, 300, ['DAY', 'WEEK', 'MONTH']]);
  });

  test("a stage canary takes 0 to 100 percent of the traffic", () => {
    expect(CANARY_PERCENT_RANGE).toEqual([0, 100]);
  });
});

describe('CloudWatch Logs and Lambda limits', () => {
  test('log groups keep events for one of the 22 periods PutRetentionPolicy accepts', () => {
    expect(LOG_RETENTION_PERIODS_DAYS).toEqual([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]);
  });

  test('a function has 128 MB to 10,240 MB and runs 1 s to 900 s', () => {
    expect([LAMBDA_MEMORY_RANGE_MB, LAMBDA_TIMEOUT_RANGE_SECONDS]).toEqual([
      [128, 10_240],
      [1, 900],
    ]);
  });

  test("a function's resource policy holds 20 KB and its environment 4 KB: 20,480 and 4,096 bytes", () => {
    expect([LAMBDA_RESOURCE_POLICY_BYTES, LAMBDA_ENVIRONMENT_BYTES]).toEqual([20_480, 4_096]);
  });

  test('a function has at most 5 layers, 16 subnets and 5 security groups, on x86_64 or arm64', () => {
    expect([MAX_LAMBDA_LAYERS, MAX_LAMBDA_VPC_SUBNETS, MAX_LAMBDA_VPC_SECURITY_GROUPS, ARCHITECTURES]).toEqual([5, 16, 5, ['x86_64', 'arm64']]);
  });

  test('an alias sends 0 to 1 of its invocations to an additional version', () => {
    expect(ALIAS_VERSION_WEIGHT_RANGE).toEqual([0, 1]);
  });
});

describe('LAMBDA_ALIAS_NAME', () => {
  test.each(['live', 'prod_v2', 'blue-green', 'v1', 'a'.repeat(MAX_LAMBDA_ALIAS_NAME_LENGTH)])('accepts %p', (name) => {
    expect(LAMBDA_ALIAS_NAME.test(name)).toBe(true);
  });

  test.each(['', '12', 'a'.repeat(MAX_LAMBDA_ALIAS_NAME_LENGTH + 1), 'pro d', 'prod.1', '$LATEST'])('refuses %p', (name) => {
    expect(LAMBDA_ALIAS_NAME.test(name)).toBe(false);
  });

  test('allows 128 characters', () => {
    expect(MAX_LAMBDA_ALIAS_NAME_LENGTH).toBe(128);
  });
});
