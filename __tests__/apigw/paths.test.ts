import { parsePathPart } from '../../src/apigw/paths';

const WHERE = 'stack/Api';

describe('parsePathPart', () => {
  test.each(['items', 'v1.2', 'a_b-c', 'urn:x'])('accepts the literal %s', (part) => {
    expect(parsePathPart(WHERE, part)).toEqual({ greedy: false });
  });

  test('reads a variable and a greedy variable', () => {
    expect(parsePathPart(WHERE, '{id}')).toEqual({ variable: 'id', greedy: false });
    expect(parsePathPart(WHERE, '{proxy+}')).toEqual({ variable: 'proxy', greedy: true });
  });

  test('fails when the part holds a "/", and points to resourceForPath', () => {
    expect(() => parsePathPart(WHERE, 'a/b')).toThrow(`${WHERE}: path part "a/b" must not contain "/"; use resourceForPath('a/b') for nested paths`);
  });

  test.each(['', 'it ems', 'a?b', '{}', '{a', 'a}', '{a}b', '{+}', 'ü'])('fails when the part is %p', (part) => {
    expect(() => parsePathPart(WHERE, part)).toThrow(new RegExp(`^stack/Api: path part "${part.replace(/[{}?+]/g, '\\$&')}" is not valid; use letters`));
  });
});

