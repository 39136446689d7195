import type { Architecture } from './limits';

// What AWS does when a setting is left out. The constructs write these values, and the stack model falls back
// on them when a synthesized stack leaves a field unset, so both must read them from here.

/**
 * Seconds a cached response lives when a method's settings give no TTL
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html: "The default TTL value
 * for API caching is 300 seconds").
 */
export const DEFAULT_CACHE_TTL_SECONDS = 300;

/**
 * Seconds API Gateway reuses an authorizer's answer when the authorizer sets no TTL (CreateAuthorizer
 * `authorizerResultTtlInSeconds`: "If it is not specified, the default value is 300").
 */
export const DEFAULT_AUTHORIZER_TTL_SECONDS = 300;

/**
 * Milliseconds API Gateway waits for an integration when `timeout_milliseconds` is unset: 29 seconds
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html, "Integration timeout").
 */
export const DEFAULT_INTEGRATION_TIMEOUT_MS = 29_000;

/** The header a Lambda TOKEN or Cognito authorizer reads when no identity source is given (the console's default). */
export const DEFAULT_IDENTITY_SOURCE = 'method.request.header.Authorization';

/**
 * A Lambda function's timeout and memory when `timeout` and `memory_size` are unset: 3 seconds and 128 MB
 * (https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html, `Timeout` and `MemorySize`).
 */
export const LAMBDA_DEFAULT_TIMEOUT_SECONDS = 3;
export const LAMBDA_DEFAULT_MEMORY_MB = 128;

/** The instruction set of a function when `architectures` is unset (CreateFunction `Architectures`: "The default value is x86_64"). */
export const LAMBDA_DEFAULT_ARCHITECTURE: Architecture = 'x86_64';
