import { childPath, parsePathPart, pathPattern, pathSegment, replacePathVariables, resourcePathSegments } from '../../src/apigw/paths';

const WHERE = 'stack/Api';

describe('parsePathPart', () => {
  test.each(['items', 'v1.2', 'a_b-c', 'urn:x'])('accepts the literal %s', (part) => {
    expect(parsePathPart(WHERE, part)).toStrictEqual({ greedy: false });
  });

  test('reads a variable and a greedy variable', () => {
    expect(parsePathPart(WHERE, '{id}')).toStrictEqual({ variable: 'id', greedy: false });
    expect(parsePathPart(WHERE, '{proxy+}')).toStrictEqual({ variable: 'proxy', greedy: true });
  });

  test('fails when the part holds a "/", and points to resourceForPath', () => {
    expect(() => parsePathPart(WHERE, 'a/b')).toThrow(`${WHERE}: path part "a/b" must not contain "/"; use resourceForPath('a/b') for nested paths`);
  });

  test.each(['', 'it ems', 'a?b', '{}', '{a', 'a}', '{a}b', 'b{a}', '{a++}', '{+}', 'ü'])('fails when the part is %p', (part) => {
    expect(() => parsePathPart(WHERE, part)).toThrow(new RegExp(`^stack/Api: path part "${part.replace(/[{}?+]/g, '\\$&')}" is not valid; use letters`));
  });
});


describe('pathSegment', () => {
  test('a literal, a variable and a greedy variable', () => {
    expect([pathSegment('items'), pathSegment('{id}'), pathSegment('{proxy+}')]).toStrictEqual([
      { kind: 'literal', text: 'items' },
      { kind: 'variable', name: 'id' },
      { kind: 'greedy', name: 'proxy' },
    ]);
  });

  test('is undefined for a part API Gateway refuses', () => {
    expect([pathSegment('a b'), pathSegment('{a}b')]).toEqual([undefined, undefined]);
  });
});

describe('resourcePathSegments', () => {
  test('the root has none', () => {
    expect(resourcePathSegments('/')).toEqual([]);
  });

  test('each part of a path, in order', () => {
    expect(resourcePathSegments('/items/{id}/{proxy+}')).toStrictEqual([
      { kind: 'literal', text: 'items' },
      { kind: 'variable', name: 'id' },
      { kind: 'greedy', name: 'proxy' },
    ]);
  });

  test('a part outside the grammar, which only a hand-written stack holds, is a literal of its text', () => {
    expect(resourcePathSegments('/100%/a b')).toStrictEqual([
      { kind: 'literal', text: '100%' },
      { kind: 'literal', text: 'a b' },
    ]);
  });
});

describe('childPath', () => {
  test('below the root is / and the part; below another resource, its path, / and the part', () => {
    expect([childPath('/', 'items'), childPath('/items', '{id}')]).toEqual(['/items', '/items/{id}']);
  });
});

describe('replacePathVariables and pathPattern', () => {
  test('replace each variable with what the callback gives for its name and greediness', () => {
    expect(replacePathVariables('/a/{id}/b/{proxy+}', (name, greedy) => `<${name}${greedy ? '+' : ''}>`)).toBe('/a/<id>/b/<proxy+>');
  });

  test('pathPattern is the path as execute-api ARNs match it: every variable a *', () => {
    expect([pathPattern('/items/{id}/{proxy+}'), pathPattern('/items'), pathPattern('/')]).toEqual(['/items/*/*', '/items', '/']);
  });
});
