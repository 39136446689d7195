import { cacheKey, CacheKeyRequest, MAX_CACHE_ENTRIES, MAX_CACHED_RESPONSE_BYTES, ResponseCache } from '../../src/local/response-cache';
import type { RouteModel } from '../../src/model/stack-model';

// API Gateway caches for the method's TTL (0 disables caching) and never a response over 1,048,576 bytes:
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html

function clock(startMs = 5_000_000) {
  let nowMs = startMs;
  return { now: () => nowMs, advance: (ms: number) => (nowMs += ms) };
}

const answer = (body: string) => ({ statusCode: 200, body: Buffer.from(body) });

describe('ResponseCache', () => {
  test('serves a cached response until its TTL passes', () => {
    const time = clock();
    const cache = new ResponseCache(time.now);
    const response = answer('a');
    cache.set('k', response, 300);
    time.advance(299_999);
    expect(cache.get('k')).toBe(response);
  });

  test('forgets a response once its TTL has passed', () => {
    const time = clock();
    const cache = new ResponseCache(time.now);
    cache.set('k', answer('a'), 300);
    time.advance(300_000);
    expect(cache.get('k')).toBeUndefined();
  });

  test('a key never set has no response', () => {
    expect(new ResponseCache().get('nothing')).toBeUndefined();
  });

  test('a TTL of 0 caches nothing', () => {
    const cache = new ResponseCache(clock().now);
    expect(cache.set('k', answer('a'), 0)).toBe(false);
    expect(cache.get('k')).toBeUndefined();
  });

  test('a body of exactly 1,048,576 bytes is cached', () => {
    const cache = new ResponseCache(clock().now);
    expect(cache.set('k', answer('x'.repeat(MAX_CACHED_RESPONSE_BYTES)), 60)).toBe(true);
  });

  test('a body over 1,048,576 bytes is not cached', () => {
    const cache = new ResponseCache(clock().now);
    expect(cache.set('k', { body: 'é'.repeat(MAX_CACHED_RESPONSE_BYTES / 2 + 1) }, 60)).toBe(false);
    expect(cache.get('k')).toBeUndefined();
  });

  test('setting a key again replaces its response and TTL', () => {
    const time = clock();
    const cache = new ResponseCache(time.now);
    cache.set('k', answer('old'), 10);
    const fresh = answer('new');
    cache.set('k', fresh, 60);
    time.advance(30_000);
    expect(cache.get('k')).toBe(fresh);
  });

  test(`keeps at most ${MAX_CACHE_ENTRIES} entries, dropping the least recently used`, () => {
    const cache = new ResponseCache(clock().now);
    for (let index = 0; index < MAX_CACHE_ENTRIES; index += 1) cache.set(`k${index}`, answer(''), 60);
    cache.get('k0');
    cache.set('one more', answer(''), 60);
    expect([cache.get('k0') !== undefined, cache.get('k1') !== undefined, cache.get('one more') !== undefined]).toEqual([true, false, true]);
  });
});

describe('cacheKey', () => {
  const route = (cacheKeyParameters: string[]) =>
    ({ resourcePath: '/items/{id}', integration: { cacheKeyParameters } }) as unknown as Pick<RouteModel, 'resourcePath' | 'integration'>;
  const request = (overrides: Partial<CacheKeyRequest> = {}): CacheKeyRequest => ({
    httpMethod: 'GET',
    pathParameters: { id: '1' },
    querystring: { limit: '10', other: 'x' },
    headers: { Accept: 'application/json', 'X-Other': 'y' },
    ...overrides,
  });
  const keys = ['method.request.path.id', 'method.request.querystring.limit', 'method.request.header.accept'];

  test('is made of the verb, the resource path and the cache key parameters with their values', () => {
    expect(JSON.parse(cacheKey(route(keys), request()))).toEqual([
      'GET',
      '/items/{id}',
      [
        ['method.request.path.id', '1'],
        ['method.request.querystring.limit', '10'],
        ['method.request.header.accept', 'application/json'],
      ],
    ]);
  });

  test('differs by the value of a path variable that is a cache key', () => {
    expect(cacheKey(route(keys), request())).not.toBe(cacheKey(route(keys), request({ pathParameters: { id: '2' } })));
  });

  test('differs by the value of a query string cache key', () => {
    expect(cacheKey(route(keys), request())).not.toBe(cacheKey(route(keys), request({ querystring: { limit: '20' } })));
  });

  test('differs by the value of a header cache key, whose name matches in any case', () => {
    expect(cacheKey(route(keys), request())).not.toBe(cacheKey(route(keys), request({ headers: { ACCEPT: 'text/html' } })));
  });

  test('differs by verb', () => {
    expect(cacheKey(route(keys), request())).not.toBe(cacheKey(route(keys), request({ httpMethod: 'HEAD' })));
  });

  test('a missing cache key parameter is keyed as absent, not as empty', () => {
    expect(cacheKey(route(keys), request({ querystring: {} }))).not.toBe(cacheKey(route(keys), request({ querystring: { limit: '' } })));
  });

  test('ignores parameters that are not cache keys', () => {
    expect(cacheKey(route(keys), request())).toBe(cacheKey(route(keys), request({ querystring: { limit: '10', other: 'z' }, headers: { accept: 'application/json' } })));
  });

  test('a path variable that is not a cache key does not key the cache, as on AWS', () => {
    expect(cacheKey(route([]), request())).toBe(cacheKey(route([]), request({ pathParameters: { id: '2' } })));
  });
});
