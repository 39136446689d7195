import type { OpenApiIntegration, OpenApiRoute } from '../../src/apigw/openapi';

// Routes of an OpenAPI definition in plain values, for the tests that render or read one (the writer and reader in
// src/apigw/openapi.ts, and the stack model reading a body).

/** A Lambda proxy integration calling `aws_lambda_function.<functionName>`, with nothing else set. */
export function lambdaProxyIntegration(functionName: string): OpenApiIntegration {
  return { type: 'AWS_PROXY', uri: `\${aws_lambda_function.${functionName}.invoke_arn}`, httpMethod: 'POST', requestTemplates: {}, requestParameters: {}, cacheKeyParameters: [], responses: [] };
}

/** GET /items, open (no authorization, no API key, no parameters or models), through `integration`, with `overrides` on top. */
export function openApiRoute(integration: OpenApiIntegration, overrides: Partial<OpenApiRoute> = {}): OpenApiRoute {
  return {
    httpMethod: 'GET',
    resourcePath: '/items',
    authorization: 'NONE',
    authorizationScopes: [],
    apiKeyRequired: false,
    requestParameters: {},
    requestModels: {},
    integration,
    ...overrides,
  };
}
