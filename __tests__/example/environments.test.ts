import { Testing } from 'cdktf';
import { ApiStack, ApiStackProps } from '../../example/api-stack';
import { defineEnvironments, ENVIRONMENTS, SHARED_SETTINGS } from '../../example/environments';
import { Synthesized, testApp } from '../support/helpers';

/** Every leaf of the synthesized JSON by its path (`resource.aws_x.name.settings.rate`), without cdktf's `//` metadata. */
function leaves(value: unknown, path = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) if (key !== '//') leaves(child, path ? `${path}.${key}` : key, out);
  } else {
    out[path] = value;
  }
  return out;
}

function synthAs(settings: ApiStackProps): Synthesized {
  return JSON.parse(Testing.synth(new ApiStack(testApp(), 'stack', settings))) as Synthesized;
}

/**
 * What prod turns on for per-client throttling, DDoS protection, authorization and observability, and the production
 * choices: Graviton, an alias per stage, a customer-managed key.
 */
const PROD_PROTECTIONS = {
  clientPlan: { throttling: { rateLimit: 10, burstLimit: 20 }, quota: { limit: 100_000, period: 'MONTH' } },
  writeAuthorizer: true,
  wafRateLimitPerIp: 1000,
  accessLogs: true,
  loggingLevel: 'ERROR',
  metricsEnabled: true,
  manageAccountLoggingRole: true,
  architecture: 'arm64',
  lambdaAliases: true,
  customerManagedKey: true,
};

describe('ENVIRONMENTS', () => {
  test('holds dev and prod, each named after its key', () => {
    expect(Object.keys(ENVIRONMENTS)).toEqual(['dev', 'prod']);
    expect(ENVIRONMENTS.dev.environment).toBe('dev');
    expect(ENVIRONMENTS.prod.environment).toBe('prod');
  });

  test('gives every environment the shared region, local state and project tags', () => {
    expect(SHARED_SETTINGS).toEqual({
      region: 'eu-west-1',
      backend: { type: 'local' },
      tags: { project: 'lambda-rest-api', 'managed-by': 'cdktf' },
    });
    for (const settings of Object.values(ENVIRONMENTS)) {
      expect(settings).toMatchObject({ region: 'eu-west-1', backend: { type: 'local' }, tags: SHARED_SETTINGS.tags });
    }
  });

  test('dev throttles at 10 requests/s (burst 5), keeps logs 14 days and has no cache cluster', () => {
    expect(ENVIRONMENTS.dev).toEqual({
      ...SHARED_SETTINGS,
      environment: 'dev',
      throttling: { rateLimit: 10, burstLimit: 5 },
      logRetentionDays: 14,
    });
  });

  test('prod throttles at 100 requests/s (burst 50) and caches GET /items for 300 s in a 0.5 GB cache cluster', () => {
    expect(ENVIRONMENTS.prod).toEqual({
      ...SHARED_SETTINGS,
      environment: 'prod',
      throttling: { rateLimit: 100, burstLimit: 50 },
      cacheCluster: { sizeGb: 0.5 },
      methodOverrides: { 'GET /items': { caching: { ttlSeconds: 300 } } },
      ...PROD_PROTECTIONS,
    });
  });
});

describe('defineEnvironments', () => {
  const throttling = { rateLimit: 1, burstLimit: 1 };

  test('adds an environment with one entry, named after its key', () => {
    expect(defineEnvironments({ staging: { throttling } })).toEqual({ staging: { ...SHARED_SETTINGS, environment: 'staging', throttling } });
  });

  test('switches one environment to a pipeline backend with one setting, leaving the others local', () => {
    const environments = defineEnvironments({ dev: { throttling }, prod: { throttling, backend: { type: 'pipeline' } } });

    expect(environments.prod.backend).toEqual({ type: 'pipeline' });
    expect(environments.dev.backend).toEqual({ type: 'local' });
  });

  test('adds an entry\'s tags to the shared tags', () => {
    const { dev } = defineEnvironments({ dev: { throttling, tags: { 'cost-center': 'cc-42' } } });

    expect(dev.tags).toEqual({ project: 'lambda-rest-api', 'managed-by': 'cdktf', 'cost-center': 'cc-42' });
  });

  test('lets an entry replace a shared setting such as the region', () => {
    expect(defineEnvironments({ us: { throttling, region: 'us-east-1' } }).us.region).toBe('us-east-1');
  });
});

describe('the same stack with dev and then prod settings, apart from prod\'s protections', () => {
  const dev = leaves(synthAs(ENVIRONMENTS.dev));
  // Without the protections only prod has (API keys, authorizer, WAF, logging: tested in api-stack and security-policy).
  const prod = leaves(synthAs({ ...ENVIRONMENTS.prod, ...Object.fromEntries(Object.keys(PROD_PROTECTIONS).map((key) => [key, undefined])) }));
  // The environment's name is in physical names (`items-dev-*`), the stage, ARNs, tags and the ids of permissions,
  // whose names end in a hash of their source ARN; once it is renamed, only settings may differ.
  const renamed = <T>(value: T) => (typeof value === 'string' ? value.replace(/\bdev\b/g, 'prod') : value);
  const unhashed = <T>(value: T) => (typeof value === 'string' ? value.replace(/-[0-9a-f]{8}(_[0-9A-F]{8})?(?=\.|$)/, '') : value);
  const devAsProd = Object.fromEntries(Object.entries(dev).map(([path, value]) => [unhashed(renamed(path)), unhashed(renamed(value))]));
  const prodByPath = Object.fromEntries(Object.entries(prod).map(([path, value]) => [unhashed(path), unhashed(value)]));
  const differing = [...new Set([...Object.keys(devAsProd), ...Object.keys(prodByPath)])]
    .filter((path) => devAsProd[path] !== prodByPath[path])
    .sort();

  test('differ only in throttling, caching and log retention, once the environment name is accounted for', () => {
    const byType = new Set(differing.map((path) => path.replace(/^resource\.([a-z_]+)\.[^.]+\./, '$1.')));

    expect([...byType].sort()).toEqual([
      // prod's method settings of GET /items (a resource dev does not have), and the stage-wide throttling
      'aws_api_gateway_method_settings.depends_on.0',
      'aws_api_gateway_method_settings.method_path',
      'aws_api_gateway_method_settings.rest_api_id',
      'aws_api_gateway_method_settings.settings.cache_data_encrypted',
      'aws_api_gateway_method_settings.settings.cache_ttl_in_seconds',
      'aws_api_gateway_method_settings.settings.caching_enabled',
      'aws_api_gateway_method_settings.settings.throttling_burst_limit',
      'aws_api_gateway_method_settings.settings.throttling_rate_limit',
      'aws_api_gateway_method_settings.stage_name',
      'aws_api_gateway_stage.cache_cluster_enabled',
      'aws_api_gateway_stage.cache_cluster_size',
      // a hash of the API definition, which holds the API's name and description, so the environment's name
      'aws_api_gateway_deployment.triggers.redeployment',
      'aws_cloudwatch_log_group.retention_in_days',
    ].sort());
  });

  test('have the same backend, providers and Terraform version', () => {
    expect(differing.filter((path) => path.startsWith('terraform.') || path.startsWith('provider.'))).toEqual([]);
  });

  test('tag everything with the environment on the AWS provider', () => {
    expect(dev['provider.aws.0.default_tags.0.tags.environment']).toBe('dev');
    expect(prod['provider.aws.0.default_tags.0.tags.environment']).toBe('prod');
  });
});
