import type { RouteModel } from '../model/stack-model';
import { headerValue } from './proxy-event';

/** The parts of a request that key a cached response. */
export interface CacheKeyRequest {
  /** The request's verb; an `ANY` route caches each verb apart. */
  readonly httpMethod: string;
  readonly pathParameters: Record<string, string>;
  readonly querystring: Record<string, string | string[]>;
  readonly headers: Record<string, string | string[]>;
}

/** The largest response API Gateway caches: 1,048,576 bytes (API Gateway "Cache settings for REST APIs"). */
export const MAX_CACHED_RESPONSE_BYTES = 1_048_576;
/** Entries kept before the least recently used is dropped, so a long-running local API stays small. */
export const MAX_CACHE_ENTRIES = 10_000;

/**
 * A stage's response cache: answers kept for their method's TTL (0 caches nothing), dropped once it passes.
 * Responses whose `body` is over 1 MB are not cached, as API Gateway caches none that large.
 */
export class ResponseCache<Response extends { readonly body?: string | Uint8Array } = { readonly body?: string | Uint8Array }> {
  private readonly entries = new Map<string, { readonly response: Response; readonly expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The cached response of `key`, or undefined when there is none or its TTL has passed. */
  public get(key: string): Response | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (this.now() >= entry.expiresAt) return undefined;
    // Re-inserted, so the Map's order stays least recently used first.
    this.entries.set(key, entry);
    return entry.response;
  }

  /** Caches `response` for `ttlSeconds`; false when it is not cached (a TTL of 0, or a body over 1 MB). */
  public set(key: string, response: Response, ttlSeconds: number): boolean {
    const bytes = typeof response.body === 'string' ? Buffer.byteLength(response.body) : (response.body?.byteLength ?? 0);
    if (!(ttlSeconds > 0) || bytes > MAX_CACHED_RESPONSE_BYTES) return false;
    this.entries.delete(key);
    this.entries.set(key, { response, expiresAt: this.now() + ttlSeconds * 1000 });
    if (this.entries.size > MAX_CACHE_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return true;
  }
}

/**
 * The cache key of a request, as API Gateway composes it: the verb, the resource path and the values of the
 * integration's cache key parameters (`method.request.path.id`, `method.request.querystring.limit`,
 * `method.request.header.Accept`, whose names match in any case). A path variable that is not a cache key does
 * not key the cache, so `/items/1` and `/items/2` share an answer, as they do on AWS; this project's constructs
 * always make path variables cache keys.
 */
export function cacheKey(route: Pick<RouteModel, 'resourcePath' | 'integration'>, request: CacheKeyRequest): string {
  const values = route.integration.cacheKeyParameters.map((parameter) => [parameter, parameterValue(parameter, request) ?? null]);
  return JSON.stringify([request.httpMethod.toUpperCase(), route.resourcePath, values]);
}

function parameterValue(parameter: string, request: CacheKeyRequest): string | string[] | undefined {
  const [, source, name] = /^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.(.+)$/.exec(parameter) ?? [];
  switch (source) {
    case 'path':
      return request.pathParameters[name];
    case 'querystring':
    case 'multivaluequerystring':
      return request.querystring[name];
    case 'header':
    case 'multivalueheader':
      return headerValue(request.headers, name);
    default:
      return undefined;
  }
}
