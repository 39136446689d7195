import { ANY_VERBS, HTTP_METHODS, isHttpMethod, normalizeHttpMethod } from '../../src/apigw/http-methods';

const WHERE = 'stack/Api';

describe('normalizeHttpMethod', () => {
  test('upper-cases verbs and keeps ANY as the wildcard', () => {
    expect(normalizeHttpMethod(WHERE, 'get')).toBe('GET');
    expect(normalizeHttpMethod(WHERE, ' Any ')).toBe('ANY');
  });

  test('fails when the verb is unknown, listing the valid ones', () => {
    expect(() => normalizeHttpMethod(WHERE, 'FETCH')).toThrow(
      `${WHERE}: HTTP method "FETCH" is not supported; use one of GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS, ANY`,
    );
  });
});


// PutMethod `httpMethod`: the verbs API Gateway accepts, and ANY for all of them.
describe('HTTP_METHODS and ANY_VERBS', () => {
  test('are the seven verbs API Gateway accepts, and ANY', () => {
    expect(HTTP_METHODS).toEqual(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'ANY']);
  });

  test('ANY stands for every verb but itself', () => {
    expect(ANY_VERBS).toEqual(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);
  });
});

describe('isHttpMethod', () => {
  test('is true for a verb exactly as API Gateway spells it, ANY included', () => {
    expect(HTTP_METHODS.every(isHttpMethod)).toBe(true);
  });

  test.each(['get', ' GET', 'FETCH', ''])('is false for %p', (value) => {
    expect(isHttpMethod(value)).toBe(false);
  });
});
