import type { GatewayResponseModel } from '../stack-model';
import { renderMappingTemplate } from './mapping-template';

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
  readonly message: string;
  /** `x-amzn-ErrorType`; absent where API Gateway's value is not documented. */
  readonly errorType?: string;
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
  // A Lambda error, timeout or malformed proxy answer: API Gateway's own 502, customizable as DEFAULT_5XX.
  DEFAULT_5XX: { statusCode: 502, body: '{"message": "Internal server error"}', message: 'Internal server error', errorType: 'InternalServerErrorException' },
  API_CONFIGURATION_ERROR: { statusCode: 500, body: '{"message": "Internal server error"}', message: 'Internal server error', errorType: 'InternalServerErrorException' },
} satisfies Record<string, GatewayError>;

export type GatewayErrorType = keyof typeof GATEWAY_ERRORS;

function defaultError(statusCode: number, message: string, errorType?: string): GatewayError {
  return { statusCode, body: JSON.stringify({ message }), message, errorType };
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

/**
 * API Gateway's answer for one of its own errors, through the stack's gateway response of that type, else
 * its DEFAULT_4XX or DEFAULT_5XX, else the built-in body.
 */
export function gatewayError(type: GatewayErrorType, responses: readonly GatewayResponseModel[], request: ErrorContext): HttpAnswer {
  const error: GatewayError = GATEWAY_ERRORS[type];
  const fallback = error.statusCode < 500 ? 'DEFAULT_4XX' : 'DEFAULT_5XX';
  const custom = responses.find((response) => response.responseType === type) ?? responses.find((response) => response.responseType === fallback);
  const headers: Record<string, string | string[]> = { 'content-type': 'application/json' };
  if (error.errorType) headers['x-amzn-errortype'] = error.errorType;
  if (!custom) return { statusCode: error.statusCode, headers, body: Buffer.from(error.body) };

  for (const [target, source] of Object.entries(custom.responseParameters)) {
    const name = /^gatewayresponse\.header\.(.+)$/.exec(target)?.[1];
    const value = name && mappedValue(source, request);
    if (name && value !== undefined) headers[name.toLowerCase()] = value;
  }
  const template = custom.responseTemplates['application/json'] ?? Object.values(custom.responseTemplates)[0];
  const body =
    template === undefined
      ? error.body
      : renderMappingTemplate(template, {
          body: '',
          params: { path: request.requestPath, querystring: request.requestQuery, header: request.requestHeaders },
          stageVariables: request.stageVariables,
          context: {
            ...request.context,
            error: { message: error.message, messageString: JSON.stringify(error.message), responseType: type, validationErrorString: '' },
          },
        });
  return { statusCode: Number(custom.statusCode ?? error.statusCode), headers, body: Buffer.from(body) };
}

/** A mapping expression's value: `'literal'`, `method.request.header.X`, `.querystring.X`, `.path.X` or `stageVariables.X`. */
export function mappedValue(source: string, request: Pick<ErrorContext, 'requestHeaders' | 'requestQuery' | 'requestPath' | 'stageVariables'>): string | undefined {
  const literal = /^'(.*)'$/s.exec(source);
  if (literal) return literal[1];
  const [, where, name] = /^method\.request\.(header|querystring|path)\.(.+)$/.exec(source) ?? /^(stageVariables)\.(.+)$/.exec(source) ?? [];
  if (where === 'header') {
    const key = Object.keys(request.requestHeaders).find((header) => header.toLowerCase() === name.toLowerCase());
    return key && request.requestHeaders[key];
  }
  if (where === 'querystring') return request.requestQuery[name];
  if (where === 'path') return request.requestPath[name];
  if (where === 'stageVariables') return request.stageVariables[name];
  return undefined;
}
