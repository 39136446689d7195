import {
  AuthorizerOutput,
  evaluatePolicy,
  identityValues,
  IdentityRequest,
  LocalAuthorizers,
  PolicyStatement,
  readAuthorizerOutput,
} from '../../src/local/authorizer';
import type { Invocation } from '../../src/local/function-pool';
import type { AuthorizerModel } from '../../src/model/stack-model';

// Behaviour from the API Gateway developer guide ("Input to" and "Output from an API Gateway Lambda authorizer")
// and the repost.aws knowledge center articles on 401 and 403 answers of Lambda authorizers.

const ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/test/PUT/items/7';

function request(overrides: Partial<IdentityRequest> = {}): IdentityRequest {
  return { headers: {}, query: {}, stageVariables: {}, context: {}, ...overrides };
}

function authorizerModel(overrides: Partial<AuthorizerModel> = {}): AuthorizerModel {
  return {
    address: 'aws_api_gateway_authorizer.writers',
    name: 'writers',
    type: 'TOKEN',
    functionAddress: 'aws_lambda_function.auth',
    identitySource: 'method.request.header.Authorization',
    resultTtlSeconds: 300,
    providerArns: [],
    ...overrides,
  };
}

function policy(effect: 'Allow' | 'Deny', resource: string | string[], action: string | string[] = 'execute-api:Invoke') {
  return { Version: '2012-10-17', Statement: [{ Effect: effect, Action: action, Resource: resource }] };
}

const answer = (value: unknown): Invocation => ({ ok: true, payload: JSON.stringify(value) });
const thrown = (errorMessage: string): Invocation => ({ ok: false, error: { errorType: 'Error', errorMessage } });

describe('identityValues', () => {
  test('reads a header whatever the case of its name', () => {
    expect(identityValues(authorizerModel(), request({ headers: { authorization: 'Bearer x' } }))).toEqual({ values: ['Bearer x'] });
  });

  test('reads headers, query strings, stage variables and context variables in the listed order', () => {
    const sources = 'method.request.header.X-Tenant, method.request.querystring.key,stageVariables.env,context.identity.sourceIp';
    const values = identityValues(
      { identitySource: sources },
      request({ headers: { 'X-Tenant': 't1' }, query: { key: 'k' }, stageVariables: { env: 'dev' }, context: { identity: { sourceIp: '127.0.0.1' } } }),
    );
    expect(values).toEqual({ values: ['t1', 'k', 'dev', '127.0.0.1'] });
  });

  test('names the first source that is missing', () => {
    expect(identityValues({ identitySource: 'method.request.header.A,method.request.querystring.q' }, request({ headers: { A: '1' } }))).toEqual({
      missing: 'method.request.querystring.q',
    });
  });

  test('an empty value counts as missing', () => {
    expect(identityValues(authorizerModel(), request({ headers: { Authorization: '' } }))).toEqual({ missing: 'method.request.header.Authorization' });
  });
});

describe('readAuthorizerOutput', () => {
  const valid = { principalId: 'user-1', policyDocument: policy('Allow', ARN) };

  test('reads the principal and the statements', () => {
    expect(readAuthorizerOutput(JSON.stringify(valid))).toEqual({
      principalId: 'user-1',
      statements: [{ effect: 'Allow', actions: ['execute-api:Invoke'], notActions: false, resources: [ARN], notResources: false }],
      context: {},
      usageIdentifierKey: undefined,
    });
  });

  test('stringifies context numbers and booleans and keeps null, as API Gateway passes them on', () => {
    const output = readAuthorizerOutput(JSON.stringify({ ...valid, context: { name: 'ann', count: 1, admin: true, none: null } })) as AuthorizerOutput;
    expect(output.context).toEqual({ name: 'ann', count: '1', admin: 'true', none: null });
  });

  test('reads a single Statement object and usageIdentifierKey', () => {
    const output = readAuthorizerOutput(
      JSON.stringify({ principalId: 'p', policyDocument: { Statement: { Effect: 'Deny', Action: ['execute-api:*'], Resource: ['*'] } }, usageIdentifierKey: 'key-1' }),
    ) as AuthorizerOutput;
    expect([output.statements.length, output.statements[0].effect, output.usageIdentifierKey]).toEqual([1, 'Deny', 'key-1']);
  });

  test.each([
    ['null', 'the answer is null, not an object with principalId and policyDocument'],
    [JSON.stringify({ policyDocument: policy('Allow', '*') }), 'principalId is missing or not a string'],
    [JSON.stringify({ principalId: 'p' }), 'policyDocument is missing or not an object'],
    [JSON.stringify({ principalId: 'p', policyDocument: {} }), 'policyDocument: a Statement is not an object'],
    [JSON.stringify({ principalId: 'p', policyDocument: policy('Permit' as 'Allow', '*') }), 'policyDocument: Effect "Permit" is neither "Allow" nor "Deny"'],
    [JSON.stringify({ principalId: 'p', policyDocument: { Statement: [{ Effect: 'Allow', Resource: '*' }] } }), 'policyDocument: a Statement has no Action (a string or a list of strings)'],
    [JSON.stringify({ principalId: 'p', policyDocument: { Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke' }] } }), 'policyDocument: a Statement has no Resource (a string or a list of strings)'],
    [JSON.stringify({ ...valid, context: { user: { id: 1 } } }), 'context.user is an object; only strings, numbers and booleans may be context values'],
    [JSON.stringify({ ...valid, context: { roles: ['a'] } }), 'context.roles is an array; only strings, numbers and booleans may be context values'],
    [JSON.stringify({ ...valid, usageIdentifierKey: 7 }), 'usageIdentifierKey is not a string'],
    ['not json', 'the answer is not JSON'],
  ])('fails when the answer is %s', (payload, reason) => {
    expect(readAuthorizerOutput(payload)).toBe(reason);
  });
});

describe('evaluatePolicy', () => {
  const statement = (effect: 'Allow' | 'Deny', resources: string[], actions = ['execute-api:Invoke']): PolicyStatement => ({
    effect,
    actions,
    notActions: false,
    resources,
    notResources: false,
  });

  test('an Allow of the exact method ARN allows it', () => {
    expect(evaluatePolicy([statement('Allow', [ARN])], ARN)).toBe('ALLOW');
  });

  test('an Allow of the whole stage (`/test/*`) allows every method of it', () => {
    expect(evaluatePolicy([statement('Allow', ['arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/test/*'])], ARN)).toBe('ALLOW');
  });

  test('* in the middle of the ARN spans segments and ? matches one character', () => {
    expect(evaluatePolicy([statement('Allow', ['arn:aws:execute-api:*:abcdef1234/*/PUT/items/?'])], ARN)).toBe('ALLOW');
  });

  test('a Deny that matches wins over an Allow', () => {
    expect(evaluatePolicy([statement('Allow', ['*']), statement('Deny', ['arn:aws:execute-api:*/PUT/*'])], ARN)).toBe('EXPLICIT_DENY');
  });

  test('an Allow of another method is an implicit deny', () => {
    expect(evaluatePolicy([statement('Allow', [ARN.replace('/PUT/', '/GET/')])], ARN)).toBe('IMPLICIT_DENY');
  });

  test('resources match with case, actions without', () => {
    expect(evaluatePolicy([statement('Allow', [ARN.toLowerCase()])], ARN)).toBe('IMPLICIT_DENY');
    expect(evaluatePolicy([statement('Allow', [ARN], ['EXECUTE-API:invoke'])], ARN)).toBe('ALLOW');
  });

  test('execute-api:* and * actions apply; other actions do not', () => {
    expect(evaluatePolicy([statement('Allow', [ARN], ['execute-api:*'])], ARN)).toBe('ALLOW');
    expect(evaluatePolicy([statement('Allow', [ARN], ['*'])], ARN)).toBe('ALLOW');
    expect(evaluatePolicy([statement('Allow', [ARN], ['execute-api:ManageConnections'])], ARN)).toBe('IMPLICIT_DENY');
  });

  test('NotResource applies to every ARN but the listed ones', () => {
    const notResource: PolicyStatement = { ...statement('Deny', [ARN]), notResources: true };
    expect(evaluatePolicy([statement('Allow', ['*']), notResource], ARN)).toBe('ALLOW');
    expect(evaluatePolicy([statement('Allow', ['*']), notResource], ARN.replace('/7', '/8'))).toBe('EXPLICIT_DENY');
  });
});

describe('LocalAuthorizers.authorize', () => {
  const allowStage = { principalId: 'writer-1', policyDocument: policy('Allow', 'arn:aws:execute-api:*:abcdef1234/test/*'), context: { writer: 'w1', level: 3 } };

  function setup(answers: Invocation[], model: Partial<AuthorizerModel> = {}) {
    let clock = 1_000_000;
    const authorizers = new LocalAuthorizers(() => clock);
    const events: Record<string, unknown>[] = [];
    const invoke = async (event: Record<string, unknown>) => {
      events.push(event);
      return answers.shift() ?? thrown('no answer left');
    };
    const run = (overrides: { token?: string; arn?: string; headers?: Record<string, string> } = {}) =>
      authorizers.authorize(
        authorizerModel(model),
        {
          ...request({ headers: overrides.headers ?? (overrides.token === undefined ? {} : { Authorization: overrides.token }) }),
          methodArn: overrides.arn ?? ARN,
          event: () => ({ resource: '/items/{id}', path: '/items/7' }),
        },
        invoke,
      );
    return { run, events, advance: (ms: number) => (clock += ms) };
  }

  test('a TOKEN authorizer gets type, authorizationToken and methodArn', async () => {
    const { run, events } = setup([answer(allowStage)]);
    await run({ token: 'Bearer abc' });
    expect(events).toEqual([{ type: 'TOKEN', authorizationToken: 'Bearer abc', methodArn: ARN }]);
  });

  test('a REQUEST authorizer gets type, methodArn and the request fields', async () => {
    const { run, events } = setup([answer(allowStage)], { type: 'REQUEST' });
    await run({ token: 'Bearer abc' });
    expect(events).toEqual([{ type: 'REQUEST', methodArn: ARN, resource: '/items/{id}', path: '/items/7' }]);
  });

  test("an allowed request carries the principal, the context's values as strings and the usage key", async () => {
    const { run } = setup([answer({ ...allowStage, usageIdentifierKey: 'key-1' })]);
    const result = await run({ token: 'Bearer abc' });
    expect(result).toEqual({
      ok: true,
      authorizer: { writer: 'w1', level: '3', principalId: 'writer-1', integrationLatency: expect.any(Number) },
      usageIdentifierKey: 'key-1',
    });
  });

  test('fails when the identity source is missing: 401 without calling the function', async () => {
    const { run, events } = setup([answer(allowStage)]);
    expect(await run()).toEqual({ ok: false, error: 'UNAUTHORIZED', reason: 'identity source method.request.header.Authorization is missing or empty' });
    expect(events).toHaveLength(0);
  });

  test('fails when the token does not match identityValidationExpression: 401 without calling the function', async () => {
    const { run, events } = setup([answer(allowStage)], { identityValidationExpression: 'Bearer [a-z]+' });
    expect(await run({ token: 'Bearer ABC' })).toMatchObject({ ok: false, error: 'UNAUTHORIZED' });
    expect(events).toHaveLength(0);
  });

  test('a token that matches identityValidationExpression reaches the function', async () => {
    const { run } = setup([answer(allowStage)], { identityValidationExpression: 'Bearer [a-z]+' });
    expect(await run({ token: 'Bearer abc' })).toMatchObject({ ok: true });
  });

  test('fails when the function throws "Unauthorized": 401', async () => {
    const { run } = setup([thrown('Unauthorized')]);
    expect(await run({ token: 'x' })).toEqual({ ok: false, error: 'UNAUTHORIZED', reason: 'the function threw "Unauthorized"' });
  });

  test('fails when the function throws anything else: 500 AuthorizerConfigurationException', async () => {
    const { run } = setup([thrown('token expired')]);
    expect(await run({ token: 'x' })).toEqual({ ok: false, error: 'AUTHORIZER_CONFIGURATION_ERROR', reason: 'the function failed: Error: token expired' });
  });

  test('fails when the answer is malformed: 500', async () => {
    const { run } = setup([answer({ principalId: 'p' })]);
    expect(await run({ token: 'x' })).toEqual({ ok: false, error: 'AUTHORIZER_CONFIGURATION_ERROR', reason: 'malformed answer: policyDocument is missing or not an object' });
  });

  test('fails when the policy denies the method: 403 with an explicit deny', async () => {
    const { run } = setup([answer({ principalId: 'p', policyDocument: policy('Deny', ARN) })]);
    expect(await run({ token: 'x' })).toEqual({ ok: false, error: 'ACCESS_DENIED_EXPLICITLY', reason: `the policy denies ${ARN}` });
  });

  test('fails when the policy does not allow the method: 403', async () => {
    const { run } = setup([answer({ principalId: 'p', policyDocument: policy('Allow', ARN.replace('PUT', 'GET')) })]);
    expect(await run({ token: 'x' })).toEqual({ ok: false, error: 'ACCESS_DENIED', reason: `the policy does not allow ${ARN}` });
  });

  test('the answer is cached per token for the TTL: the function runs once', async () => {
    const { run, events } = setup([answer(allowStage)]);
    await run({ token: 'a' });
    const second = await run({ token: 'a' });
    expect(events).toHaveLength(1);
    expect(second).toMatchObject({ ok: true, authorizer: { principalId: 'writer-1', integrationLatency: 0 } });
  });

  test('another token is another cache entry', async () => {
    const { run, events } = setup([answer(allowStage), answer(allowStage)]);
    await run({ token: 'a' });
    await run({ token: 'b' });
    expect(events).toHaveLength(2);
  });

  test("a cached policy is evaluated against each request's method ARN", async () => {
    const { run } = setup([answer({ principalId: 'p', policyDocument: policy('Allow', ARN) })]);
    expect(await run({ token: 'a' })).toMatchObject({ ok: true });
    expect(await run({ token: 'a', arn: ARN.replace('/7', '/8') })).toMatchObject({ ok: false, error: 'ACCESS_DENIED' });
  });

  test('the function runs again once the TTL has passed', async () => {
    const { run, events, advance } = setup([answer(allowStage), answer(allowStage)], { resultTtlSeconds: 60 });
    await run({ token: 'a' });
    advance(60_000);
    await run({ token: 'a' });
    expect(events).toHaveLength(2);
  });

  test('a TTL of 0 caches nothing', async () => {
    const { run, events } = setup([answer(allowStage), answer(allowStage)], { resultTtlSeconds: 0 });
    await run({ token: 'a' });
    await run({ token: 'a' });
    expect(events).toHaveLength(2);
  });

  test('a refusal is not cached: the next request calls the function again', async () => {
    const { run, events } = setup([thrown('Unauthorized'), answer(allowStage)]);
    await run({ token: 'a' });
    expect(await run({ token: 'a' })).toMatchObject({ ok: true });
    expect(events).toHaveLength(2);
  });
});
