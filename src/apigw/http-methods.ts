import { ValidationError } from './errors';

/**
 * HTTP verbs API Gateway accepts for a method (PutMethod `httpMethod`); `ANY` is its wildcard
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html).
 */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'ANY'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** The verbs `ANY` stands for. */
export const ANY_VERBS: readonly Exclude<HttpMethod, 'ANY'>[] = HTTP_METHODS.filter((verb): verb is Exclude<HttpMethod, 'ANY'> => verb !== 'ANY');

/** Whether `value` is one of `HTTP_METHODS`, exactly as written. */
export function isHttpMethod(value: string): value is HttpMethod {
  return (HTTP_METHODS as readonly string[]).includes(value);
}

/** A verb as API Gateway stores it: trimmed and upper case, or a clear error when it is none of `HTTP_METHODS`. */
export function normalizeHttpMethod(where: string, httpMethod: string): HttpMethod {
  const verb = httpMethod.trim().toUpperCase();
  if (!isHttpMethod(verb)) {
    throw new ValidationError(`${where}: HTTP method "${httpMethod}" is not supported; use one of ${HTTP_METHODS.join(', ')}`);
  }
  return verb;
}
