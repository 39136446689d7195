import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

export type ProxyHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

export const JSON_HEADERS = { 'content-type': 'application/json' };

export function json(statusCode: number, body: unknown): APIGatewayProxyResult {
  return { statusCode, headers: JSON_HEADERS, body: JSON.stringify(body) };
}

/**
 * Builds the handler on its first call, once `name` is known, so that importing the module
 * (as tests do) never needs the variable. A missing variable is a deployment mistake: it is
 * logged for the operator and the caller gets a plain 500.
 */
export function withEnv(name: string, create: (value: string) => ProxyHandler): ProxyHandler {
  let handler: ProxyHandler | undefined;
  return async (event) => {
    const value = process.env[name];
    if (!value) {
      console.error(`environment variable ${name} is not set; set it on the function`);
      return json(500, { message: 'internal server error' });
    }
    handler ??= create(value);
    return handler(event);
  };
}
