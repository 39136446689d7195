import { HttpMethod, normalizeHttpMethod } from './http-methods';
import { ValidationError } from './errors';

// A method named as a route, `GET /items/{id}`: how methodOverrides, usage plans' methodThrottling, the
// matchers and the route table name a method.

/** A method's key: its verb, a space, its resource path. */
export function methodKey(httpMethod: string, resourcePath: string): string {
  return `${httpMethod} ${resourcePath}`;
}

/**
 * Parses a method key such as `GET /items/{id}`: the verb upper-cased, and a trailing `/` dropped from the path
 * (API Gateway routes `/items/` to `/items`).
 */
export function parseMethodKey(where: string, key: string): { httpMethod: HttpMethod; path: string } {
  const match = /^\s*(\S+)\s+(\/\S*)\s*$/.exec(key);
  if (!match) {
    throw new ValidationError(`${where}: method key "${key}" must look like "GET /items/{id}" (an HTTP method, a space, a path from "/")`);
  }
  const path = match[2].length > 1 ? match[2].replace(/\/+$/, '') : match[2];
  return { httpMethod: normalizeHttpMethod(where, match[1]), path };
}
