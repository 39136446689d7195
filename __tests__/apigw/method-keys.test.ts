import { parseMethodKey } from '../../src/apigw/method-keys';

const WHERE = 'stack/Api';

describe('parseMethodKey', () => {
  test('reads the verb and the path, dropping a trailing "/"', () => {
    expect(parseMethodKey(WHERE, 'get /items/{id}/')).toEqual({ httpMethod: 'GET', path: '/items/{id}' });
    expect(parseMethodKey(WHERE, 'ANY /')).toEqual({ httpMethod: 'ANY', path: '/' });
  });

  test.each(['items GET', 'GET items', 'GET'])('fails when the key is %p', (key) => {
    expect(() => parseMethodKey(WHERE, key)).toThrow(`${WHERE}: method key "${key}" must look like "GET /items/{id}"`);
  });
});

