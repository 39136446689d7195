import {
  DEFAULT_AUTHORIZER_TTL_SECONDS,
  DEFAULT_CACHE_TTL_SECONDS,
  DEFAULT_IDENTITY_SOURCE,
  DEFAULT_INTEGRATION_TIMEOUT_MS,
  LAMBDA_DEFAULT_ARCHITECTURE,
  LAMBDA_DEFAULT_MEMORY_MB,
  LAMBDA_DEFAULT_TIMEOUT_SECONDS,
} from '../../src/apigw/defaults';

// What AWS does when a setting is left out (each default's page is named beside it in src/apigw/defaults.ts); the
// constructs write these and the stack model falls back on them.
describe('AWS defaults', () => {
  test('API Gateway: responses cached 300 s, authorizer answers 300 s, integrations 29 s, TOKEN authorizers read Authorization', () => {
    expect([DEFAULT_CACHE_TTL_SECONDS, DEFAULT_AUTHORIZER_TTL_SECONDS, DEFAULT_INTEGRATION_TIMEOUT_MS, DEFAULT_IDENTITY_SOURCE]).toEqual([
      300,
      300,
      29_000,
      'method.request.header.Authorization',
    ]);
  });

  test('Lambda: 3 s, 128 MB, x86_64', () => {
    expect([LAMBDA_DEFAULT_TIMEOUT_SECONDS, LAMBDA_DEFAULT_MEMORY_MB, LAMBDA_DEFAULT_ARCHITECTURE]).toEqual([3, 128, 'x86_64']);
  });
});
