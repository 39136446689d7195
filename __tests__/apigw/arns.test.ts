import { arnLike, authorizerArn, executeApiArn, executionArn, requestArn, wildcardMatch } from '../../src/apigw/arns';

describe('executeApiArn', () => {
  test('scopes to one stage, verb and path', () => {
    expect(executeApiArn('arn:aws:execute-api:eu-west-1:123456789012:a1b2c3', 'prod', 'GET', '/items')).toBe(
      'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3/prod/GET/items',
    );
  });

  test('turns ANY, {param} and {proxy+} into *', () => {
    expect(executeApiArn('EXEC', 'v1', 'ANY', '/items/{id}/files/{proxy+}')).toBe('EXEC/v1/*/items/*/files/*');
  });

  test('keeps the trailing "/" of the root, as API Gateway signs it', () => {
    expect(executeApiArn('EXEC', 'v1', 'GET', '/')).toBe('EXEC/v1/GET/');
  });
});

describe('requestArn', () => {
  test('is the execute-api ARN of one request: the API, stage, real verb and path, without wildcards', () => {
    const api = executionArn({ partition: 'aws', region: 'eu-west-1', accountId: '123456789012', apiId: 'abcdef1234' });
    expect(requestArn(api, 'test', 'PUT', '/items/7')).toBe('arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/test/PUT/items/7');
    expect(requestArn('EXEC', 'v1', 'GET', '/items/{id}')).toBe('EXEC/v1/GET/items/{id}');
  });

  test('of the root path ends with the verb and a slash', () => {
    expect(requestArn('EXEC', 's', 'GET', '/')).toBe('EXEC/s/GET/');
  });
});

describe('executionArn', () => {
  test('is the execute-api ARN of an API: partition, region, account and id', () => {
    expect(executionArn({ partition: 'aws-cn', region: 'cn-north-1', accountId: '123456789012', apiId: 'a1b2c3d4e5' })).toBe(
      'arn:aws-cn:execute-api:cn-north-1:123456789012:a1b2c3d4e5',
    );
  });
});

describe('authorizerArn', () => {
  test('is the execution ARN, /authorizers/ and the authorizer id', () => {
    expect(authorizerArn('EXEC', 'abc123')).toBe('EXEC/authorizers/abc123');
  });
});

describe('wildcardMatch', () => {
  test.each([
    ['execute-api:*', 'execute-api:Invoke', true],
    ['execute-api:Inv?ke', 'execute-api:Invoke', true],
    ['execute-api:Invoke', 'execute-api:invoke', false],
    ['a.b', 'axb', false],
    ['a.b(c)', 'a.b(c)', true],
    ['*', 'line\nbreak', true],
  ])('%s matches %s case-sensitively: %s', (pattern, value, matches) => {
    expect(wildcardMatch(pattern, value, false)).toBe(matches);
  });

  test('matches without regard to case when asked, as IAM does for actions', () => {
    expect(wildcardMatch('EXECUTE-API:invoke', 'execute-api:Invoke', true)).toBe(true);
  });
});

describe('arnLike', () => {
  test.each([
    ['arn:aws:execute-api:eu-west-1:1:abc/v1/GET/items/*', 'arn:aws:execute-api:eu-west-1:1:abc/v1/GET/items/7', true],
    ['arn:aws:execute-api:eu-west-1:1:abc/v1/*/*', 'arn:aws:execute-api:eu-west-1:1:abc/v1/PUT/items/7/parts', true],
    ['arn:aws:execute-api:eu-west-1:1:abc/v1/GET/items', 'arn:aws:execute-api:eu-west-1:1:abc/v1/GET/items/7', false],
    ['arn:aws:execute-api:*:1:abc/v1/GET/', 'arn:aws:execute-api:eu-west-1:1:abc/v1/GET/', true],
    ['arn:aws:execute-api:eu-west-?:1:abc/*', 'arn:aws:execute-api:eu-west-1:1:abc/v1/GET/', true],
    ['arn:aws:execute-api:eu-west-1:1:abc/v1/get/items', 'arn:aws:execute-api:eu-west-1:1:abc/v1/GET/items', false],
    // A `*` stays inside its part: it never spans the colons between region, account and resource.
    ['arn:aws:execute-api:*:abc/v1/GET/items', 'arn:aws:execute-api:eu-west-1:1:abc/v1/GET/items', false],
    // A pattern of fewer parts matches no ARN, even when every part it has matches.
    ['arn:aws:execute-api:eu-west-1', 'arn:aws:execute-api:eu-west-1:1:abc/v1/GET/items', false],
    // The sixth part, the resource, may hold colons: a `*` there covers them, a literal must match them all.
    ['arn:aws:lambda:eu-west-1:1:function:*', 'arn:aws:lambda:eu-west-1:1:function:fn:live', true],
    ['arn:aws:lambda:eu-west-1:1:function:fn:live', 'arn:aws:lambda:eu-west-1:1:function:fn:live', true],
    ['arn:aws:lambda:eu-west-1:1:function:fn', 'arn:aws:lambda:eu-west-1:1:function:fn:live', false],
    ['arn:aws:lambda:*:*:*', 'arn:aws:lambda:eu-west-1:1:function:fn:live', true],
  ])('%s matches %s: %s', (pattern, arn, matches) => {
    expect(arnLike(pattern, arn)).toBe(matches);
  });
});
