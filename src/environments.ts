import type { ApiStackProps } from './api-stack';

/** The example app's environments: one stack each, named after its key. */
export const ENVIRONMENTS: Record<string, ApiStackProps> = {
  dev: {
    region: 'eu-west-1',
    environment: 'dev',
    // Low limits, and no cache cluster: it is billed by the hour.
    throttling: { rateLimit: 10, burstLimit: 5 },
    logRetentionDays: 14,
  },
  prod: {
    region: 'eu-west-1',
    environment: 'prod',
    throttling: { rateLimit: 100, burstLimit: 50 },
    cacheCluster: { sizeGb: 0.5 },
    methodOverrides: { 'GET /items': { caching: { ttlSeconds: 300 } } },
  },
};
