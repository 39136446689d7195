import type { GatewayResponseModel } from '../model/stack-model';
import { headerValue } from './proxy-event';

/** An answer ready to write: status, headers (lower-case names) and body. */
export interface HttpAnswer {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

interface GatewayError {
  readonly statusCode: number;
  /** The body API Gateway sends when the stack does not customize the response, spacing included. */
  readonly body: string;
  /** `$context.error.message`; null where API Gateway gives none (an authorizer's failure). */
  readonly message: string | null;
  /** `x-amzn-ErrorType`; absent where API Gateway's value is not documented. */
  readonly errorType?: string;
  /** The gateway response type that customizes it, when not the error's own name. */
  readonly responseType?: string;
}

/**
 * The errors API Gateway answers on its own, by gateway response type
 * (docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html), with the bodies
 * a REST API really sends: the default template `{"message":$context.error.messageString}`, except the Lambda
 * failures (502) and timeouts (504), whose bodies have a space after the colon.
 */
export const GATEWAY_ERRORS = {
  MISSING_AUTHENTICATION_TOKEN: defaultError(403, 'Missing Authentication Token', 'MissingAuthenticationTokenException'),
  INVALID_API_KEY: defaultError(403, 'Forbidden', 'ForbiddenException'),
  THROTTLED: defaultError(429, 'Too Many Requests', 'TooManyRequestsException'),
  QUOTA_EXCEEDED: defaultError(429, 'Limit Exceeded', 'LimitExceededException'),
  REQUEST_TOO_LARGE: defaultError(413, 'Request Too Long'),
  UNSUPPORTED_MEDIA_TYPE: { statusCode: 415, body: '{"message": "Unsupported Media Type"}', message: 'Unsupported Media Type', errorType: 'UnsupportedMediaTypeException' },
  INTEGRATION_TIMEOUT: { statusCode: 504, body: '{"message": "Endpoint request timed out"}', message: 'Endpoint request timed out', errorType: 'InternalServerErrorException' },
  // A Lambda error, timeout or malformed proxy answer: API Gateway's own 502. Its gateway response type is
  // INTEGRATION_FAILURE (falling back to DEFAULT_5XX), and a customized one without a status code keeps the
  // failure's own status, not the 504 the response type lists (recorded against AWS: localstack/localstack
  // tests/aws/services/apigateway/test_apigateway_lambda.py, test_lambda_aws_proxy_integration_non_post_method).
  INTEGRATION_FAILURE: { statusCode: 502, body: '{"message": "Internal server error"}', message: 'Internal server error', errorType: 'InternalServerErrorException' },
  API_CONFIGURATION_ERROR: { statusCode: 500, body: '{"message": "Internal server error"}', message: 'Internal server error', errorType: 'InternalServerErrorException' },
  // Lambda authorizers (repost.aws knowledge center "api-gateway-403-error-lambda-authorizer" and
  // "api-gateway-401-error-lambda-authorizer"): a missing or invalid identity, or the function throwing
  // "Unauthorized", is 401; a policy that does not allow the method is 403, whose body says "Message";
  // anything else the function does wrong is 500 with a null message and AuthorizerConfigurationException.
  UNAUTHORIZED: defaultError(401, 'Unauthorized', 'UnauthorizedException'),
  ACCESS_DENIED: accessDenied('User is not authorized to access this resource'),
  ACCESS_DENIED_EXPLICITLY: accessDenied('User is not authorized to access this resource with an explicit deny'),
  AUTHORIZER_CONFIGURATION_ERROR: { statusCode: 500, body: '{"message":null}', message: null, errorType: 'AuthorizerConfigurationException' },
  // A method's request validator: each answer's message is the request's own (`detail` of gatewayError).
  BAD_REQUEST_PARAMETERS: defaultError(400, 'Missing required request parameters: []', 'BadRequestException'),
  BAD_REQUEST_BODY: defaultError(400, 'Invalid request body', 'BadRequestException'),
} satisfies Record<string, GatewayError>;

export type GatewayErrorType = keyof typeof GATEWAY_ERRORS;

function defaultError(statusCode: number, message: string, errorType?: string): GatewayError {
  return { statusCode, body: JSON.stringify({ message }), message, errorType };
}

function accessDenied(message: string): GatewayError {
  return { statusCode: 403, body: JSON.stringify({ Message: message }), message, errorType: 'AccessDeniedException', responseType: 'ACCESS_DENIED' };
}

/** What a gateway response's template and header mappings may read. */
export interface ErrorContext {
  /** `$context` of the request, without `error`. */
  readonly context: Record<string, unknown>;
  readonly requestHeaders: Record<string, string>;
  readonly requestQuery: Record<string, string>;
  readonly requestPath: Record<string, string>;
  readonly stageVariables: Record<string, string>;
}

/** What one request's error says, where API Gateway's message depends on the request (request validation). */
export interface ErrorDetail {
  readonly message: string;
  /** `$context.error.validationErrorString`. */
  readonly validationErrorString?: string;
}

/**
 * API Gateway's answer for one of its own errors, through the stack's gateway response of that type, else
 * its DEFAULT_4XX or DEFAULT_5XX, else the built-in body.
 */
export function gatewayError(type: GatewayErrorType, responses: readonly GatewayResponseModel[], request: ErrorContext, detail?: ErrorDetail): HttpAnswer {
  const builtIn: GatewayError = GATEWAY_ERRORS[type];
  const error: GatewayError = detail ? { ...builtIn, message: detail.message, body: JSON.stringify({ message: detail.message }) } : builtIn;
  const fallback = error.statusCode < 500 ? 'DEFAULT_4XX' : 'DEFAULT_5XX';
  const responseType = error.responseType ?? type;
  const custom = responses.find((response) => response.responseType === responseType) ?? responses.find((response) => response.responseType === fallback);
  // API Gateway's header names, in its casing (x-amzn-ErrorType: localstack/localstack
  // test_apigateway_integrations.snapshot.json, TestApiGatewayHeaderRemapping, recorded against AWS).
  const headers: Record<string, string | string[]> = { 'Content-Type': 'application/json' };
  if (error.errorType) headers['x-amzn-ErrorType'] = error.errorType;
  if (!custom) return { statusCode: error.statusCode, headers, body: Buffer.from(error.body) };

  for (const [target, source] of Object.entries(custom.responseParameters)) {
    const name = /^gatewayresponse\.header\.(.+)$/.exec(target)?.[1];
    const value = name && mappedValue(source, request);
    if (!name || value === undefined) continue;
    const existing = Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
    if (existing) delete headers[existing];
    headers[name] = value;
  }
  const template = custom.responseTemplates['application/json'] ?? Object.values(custom.responseTemplates)[0];
  const variables = {
    context: {
      ...request.context,
      error: { message: error.message, messageString: JSON.stringify(error.message), responseType, validationErrorString: detail?.validationErrorString ?? '' },
    },
    stageVariables: request.stageVariables,
    method: { request: { header: request.requestHeaders, querystring: request.requestQuery, path: request.requestPath } },
  };
  const body = template === undefined ? error.body : substituteVariables(template, variables);
  return { statusCode: Number(custom.statusCode ?? error.statusCode), headers, body: Buffer.from(body) };
}

/**
 * A gateway response template: not Velocity, only "simple variable substitution" of `$context.*`,
 * `$stageVariables.*` and the method request's parameters `$method.request.<header|querystring|path>.<name>`
 * (also written `${context.x}`), as the API Gateway developer guide says ("Gateway responses in API Gateway": "A
 * gateway response mapping template can access $context variable values and $stageVariables property values, as
 * well as method request parameters, in the form of method.request.param-position.param-name"). A variable the
 * request has no value for is empty; header names match in any case; `#if`, `$util` and other VTL stay as they are.
 */
export function substituteVariables(
  template: string,
  variables: { context: Record<string, unknown>; stageVariables: Record<string, string>; method?: { request: Record<string, Record<string, string>> } },
): string {
  return template.replace(
    /\$(?:\{((?:context|stageVariables|method\.request)(?:\.[A-Za-z0-9_-]+)+)\}|((?:context|stageVariables|method\.request)(?:\.[A-Za-z0-9_-]*[A-Za-z0-9_])+))/g,
    (_, braced?: string, bare?: string) => {
      const path = (braced ?? bare)!;
      if (path.startsWith('method.request.')) {
        const [, , where, ...name] = path.split('.');
        const values = variables.method?.request[where] ?? {};
        return (where === 'header' ? headerValue(values, name.join('.')) : values[name.join('.')]) ?? '';
      }
      const [root, ...names] = path.split('.');
      let value: unknown = root === 'context' ? variables.context : variables.stageVariables;
      for (const name of names) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
      return value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    },
  );
}

/** A mapping expression's value: `'literal'`, `method.request.header.X`, `.querystring.X`, `.path.X` or `stageVariables.X`. */
export function mappedValue(source: string, request: Pick<ErrorContext, 'requestHeaders' | 'requestQuery' | 'requestPath' | 'stageVariables'>): string | undefined {
  const literal = /^'(.*)'$/s.exec(source);
  if (literal) return literal[1];
  const [, where, name] = /^method\.request\.(header|querystring|path)\.(.+)$/.exec(source) ?? /^(stageVariables)\.(.+)$/.exec(source) ?? [];
  if (where === 'header') return headerValue(request.requestHeaders, name);
  if (where === 'querystring') return request.requestQuery[name];
  if (where === 'path') return request.requestPath[name];
  if (where === 'stageVariables') return request.stageVariables[name];
  return undefined;
}
