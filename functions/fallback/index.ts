import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { json } from '../shared/http';

/** What the API serves, so a caller who got the path wrong can see what exists. */
export const ROUTES = ['GET /items', 'GET /items/{id}', 'PUT /items/{id}', 'POST /events'];

const ALLOWED_METHODS = [...new Set(ROUTES.map((route) => route.split(' ')[0])), 'OPTIONS'].join(', ');

/** ANY /{proxy+} — every request no other route matched. */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const { httpMethod, path } = event;
  if (httpMethod === 'OPTIONS') {
    return { statusCode: 204, headers: { allow: ALLOWED_METHODS }, body: '' };
  }
  const notFound = json(404, { message: `no route for ${httpMethod} ${path}`, routes: ROUTES });
  // A HEAD response carries the headers a GET would, but never a body.
  return httpMethod === 'HEAD' ? { ...notFound, body: '' } : notFound;
}
