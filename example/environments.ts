import type { ApiStackProps } from './api-stack';

/** What one environment states: its throttling, and any shared setting it changes. */
export type EnvironmentEntry = Partial<Omit<ApiStackProps, 'environment'>> & Pick<ApiStackProps, 'throttling'>;

/** Every environment's settings unless its entry says otherwise; entry tags are added to these tags. */
export const SHARED_SETTINGS = {
  region: 'eu-west-1',
  // The quick start's local state. One setting puts every stack's state elsewhere, such as { type: 'pipeline' }.
  backend: { type: 'local' },
  tags: { project: 'lambda-rest-api', 'managed-by': 'cdktf' },
} satisfies Partial<ApiStackProps>;

/** One stack's settings per entry, keyed by the environment name (the stack id, stage name and `environment` tag). */
export function defineEnvironments(entries: Record<string, EnvironmentEntry>): Record<string, ApiStackProps> {
  return Object.fromEntries(
    Object.entries(entries).map(([environment, entry]) => [
      environment,
      { ...SHARED_SETTINGS, ...entry, environment, tags: { ...SHARED_SETTINGS.tags, ...entry.tags } },
    ]),
  );
}

/** The example app's environments: one stack each. Add one with one entry. */
export const ENVIRONMENTS: Record<string, ApiStackProps> = defineEnvironments({
  dev: {
    // Low limits, and no cache cluster: it is billed by the hour.
    throttling: { rateLimit: 10, burstLimit: 5 },
    logRetentionDays: 14,
  },
  prod: {
    throttling: { rateLimit: 100, burstLimit: 50 },
    cacheCluster: { sizeGb: 0.5 },
    methodOverrides: { 'GET /items': { caching: { ttlSeconds: 300 } } },
    // Every client has a key, and at most 10 requests/s and 100,000 a month of its own.
    clientPlan: { throttling: { rateLimit: 10, burstLimit: 20 }, quota: { limit: 100_000, period: 'MONTH' } },
    writeAuthorizer: true,
    wafRateLimitPerIp: 1000,
    accessLogs: true,
    loggingLevel: 'ERROR',
    metricsEnabled: true,
    // The account's CloudWatch role is set by prod alone; dev does not log through API Gateway.
    manageAccountLoggingRole: true,
    // Graviton costs less per GB-second; aliases let a deploy shift traffic between versions; one KMS key of the
    // service encrypts its logs and the functions' environments.
    architecture: 'arm64',
    lambdaAliases: true,
    customerManagedKey: true,
  },
});
