import { methodKey, parseMethodKey } from '../../src/apigw/method-keys';

const WHERE = 'stack/Api';

describe('parseMethodKey', () => {
  test('reads the verb and the path, dropping a trailing "/"', () => {
    expect(parseMethodKey(WHERE, 'get /items/{id}/')).toEqual({ httpMethod: 'GET', path: '/items/{id}' });
    expect(parseMethodKey(WHERE, 'ANY /')).toEqual({ httpMethod: 'ANY', path: '/' });
  });

  test('ignores spaces around and between the verb and the path, and drops every trailing "/"', () => {
    expect(parseMethodKey(WHERE, '  post \t /items//  ')).toEqual({ httpMethod: 'POST', path: '/items' });
  });

  test.each(['items GET', 'GET items', 'GET', 'GET /items junk', 'GET /items /{id}', '/items GET', 'GET/items'])('fails when the key is %p', (key) => {
    expect(() => parseMethodKey(WHERE, key)).toThrow(`${WHERE}: method key "${key}" must look like "GET /items/{id}"`);
  });
});


describe('methodKey', () => {
  test('is the verb, a space and the resource path', () => {
    expect(methodKey('GET', '/items/{id}')).toBe('GET /items/{id}');
  });

  test('reads back as itself', () => {
    expect(parseMethodKey(WHERE, methodKey('DELETE', '/items/{id}'))).toEqual({ httpMethod: 'DELETE', path: '/items/{id}' });
  });
});
