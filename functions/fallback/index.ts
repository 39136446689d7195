import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { json, ProxyHandler } from '../shared/http';

/**
 * The routes the API serves, as the stack passes them in `ROUTES` (a JSON list such as `["GET /items"]`), so a caller
 * who got the path wrong can see what exists. None when the variable is missing or not such a list.
 */
export function routesFrom(variable: string | undefined): string[] {
  try {
    const routes: unknown = JSON.parse(variable ?? '[]');
    return Array.isArray(routes) && routes.every((route) => typeof route === 'string') ? routes : [];
  } catch {
    return [];
  }
}

/** ANY /{proxy+} and ANY /: every request no other route matched, answered 404 with `routes`. */
export function createHandler(routes: readonly string[]): ProxyHandler {
  const allowedMethods = [...new Set(routes.map((route) => route.split(' ')[0])), 'OPTIONS'].join(', ');
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const { httpMethod, path } = event;
    if (httpMethod === 'OPTIONS') {
      return { statusCode: 204, headers: { allow: allowedMethods }, body: '' };
    }
    const notFound = json(404, { message: `no route for ${httpMethod} ${path}`, routes });
    // A HEAD response carries the headers a GET would, but never a body.
    return httpMethod === 'HEAD' ? { ...notFound, body: '' } : notFound;
  };
}

export const handler = createHandler(routesFrom(process.env.ROUTES));
