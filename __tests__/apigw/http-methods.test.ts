import { normalizeHttpMethod } from '../../src/apigw/http-methods';

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

