import { App } from 'cdktf';
import { ApiStack } from './src/api-stack';

const app = new App();

new ApiStack(app, 'dev', {
  region: 'eu-west-1',
  environment: 'dev',
  throttling: { rateLimit: 10, burstLimit: 5 },
  logRetentionDays: 14,
});

new ApiStack(app, 'prod', {
  region: 'eu-west-1',
  environment: 'prod',
  throttling: { rateLimit: 100, burstLimit: 50 },
  cacheCluster: { sizeGb: 0.5 },
  methodOverrides: { 'GET /items': { caching: { ttlSeconds: 300 } } },
});

app.synth();
