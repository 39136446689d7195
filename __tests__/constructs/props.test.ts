import { TerraformStack, TerraformVariable } from 'cdktf';
import { ValidationError } from '../../src/apigw/errors';
import { ApiGatewayAccountRole } from '../../src/constructs/api-gateway-account-role';
import { ApiKey } from '../../src/constructs/api-key';
import { ApiMethod } from '../../src/constructs/api-method';
import { ApiResource } from '../../src/constructs/api-resource';
import { CognitoAuthorizer } from '../../src/constructs/authorizers/cognito-authorizer';
import { LambdaAuthorizer } from '../../src/constructs/authorizers/lambda-authorizer';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { checkProps, closestName, eachValue, propsShape } from '../../src/constructs/props';
import { RequestModel } from '../../src/constructs/request-model';
import { UsagePlan } from '../../src/constructs/usage-plan';
import { WebAcl } from '../../src/constructs/web-acl';
import { api, handler, newStack } from '../support/helpers';

interface Inner {
  readonly rate: number;
  readonly burst?: number;
}
interface Outer {
  readonly name?: string;
  readonly inner?: Inner;
  readonly byKey?: Record<string, Inner>;
}
const INNER = propsShape<Inner>('Inner', { rate: true, burst: true });
const OUTER = propsShape<Outer>('Outer', { name: true, inner: INNER, byKey: eachValue(INNER) });

describe('propsShape', () => {
  test('fails the build when a prop of the interface is missing from the list, or the list has one the interface lacks', () => {
    // @ts-expect-error `burst` is missing: a new prop cannot be forgotten.
    propsShape<Inner>('Inner', { rate: true });
    // @ts-expect-error `color` is not a prop of Inner.
    propsShape<Inner>('Inner', { rate: true, burst: true, color: true });

    expect(propsShape<Inner>('Inner', { rate: true, burst: true })).toEqual({ name: 'Inner', props: { rate: true, burst: true } });
  });
});

describe('checkProps', () => {
  test('accepts known props, nested ones and maps of them', () => {
    expect(() => checkProps('stack/x', { name: 'a', inner: { rate: 1 }, byKey: { a: { rate: 1, burst: 2 } } }, OUTER)).not.toThrow();
  });

  test('accepts nothing to check: undefined, and values that are not objects', () => {
    expect(() => checkProps('stack/x', undefined, OUTER)).not.toThrow();
    expect(() => checkProps('stack/x', { inner: false, byKey: 'all' }, OUTER)).not.toThrow();
  });

  test('leaves tokens, arrays and class instances alone', () => {
    const stack = newStack();
    const token = new TerraformVariable(stack, 'v', { type: 'string' }).stringValue;

    expect(() => checkProps('stack/x', { inner: [{ color: 1 }], byKey: new Map([['a', 1]]), name: token }, OUTER)).not.toThrow();
  });

  test('fails when a prop is unknown, naming the path, the prop, the value and the one meant', () => {
    expect(() => checkProps('stack/x', { nmae: 'a' }, OUTER)).toThrow(new ValidationError('stack/x: unknown prop "nmae" (received "a"); did you mean "name"?'));
  });

  test('fails when a prop is unknown and none is close, listing the props the interface takes', () => {
    expect(() => checkProps('stack/x', { color: 3 }, OUTER)).toThrow(new ValidationError('stack/x: unknown prop "color" (received 3); Outer takes name, inner, byKey'));
  });

  test('fails when a nested prop is unknown, naming it by its path', () => {
    expect(() => checkProps('stack/x', { inner: { rate: 1, brust: 2 } }, OUTER)).toThrow(
      new ValidationError('stack/x: unknown prop "inner.brust" (received 2); did you mean "inner.burst"?'),
    );
  });

  test('fails when a value of a map has an unknown prop, naming its key', () => {
    expect(() => checkProps('stack/x', { byKey: { 'GET /a': { rates: 1 } } }, OUTER)).toThrow(
      new ValidationError('stack/x: unknown prop "byKey["GET /a"].rates" (received 1); did you mean "byKey["GET /a"].rate"?'),
    );
  });

  test('fails when an item of an array has an unknown prop, naming its index', () => {
    const LIST = propsShape<{ readonly items?: Inner[] }>('List', { items: eachValue(INNER) });

    expect(() => checkProps('stack/x', { items: [{ rate: 1 }, { rate: 2, brust: 3 }] }, LIST)).toThrow(
      new ValidationError('stack/x: unknown prop "items[1].brust" (received 3); did you mean "items[1].burst"?'),
    );
  });

  test('fails on an unknown prop even when its value is undefined, as a spread object can leave it', () => {
    expect(() => checkProps('stack/x', { nmae: undefined }, OUTER)).toThrow(/unknown prop "nmae" \(received undefined\)/);
  });

  test('shows a construct in a value by its path, and a long value cut short', () => {
    const stack = newStack();
    const fn = handler(stack, 'fn');

    expect(() => checkProps('stack/x', { handlr: fn }, OUTER)).toThrow('stack/x: unknown prop "handlr" (received stack/fn); Outer takes name, inner, byKey');
    expect(() => checkProps('stack/x', { extra: { fn, text: 'a'.repeat(100) } }, OUTER)).toThrow(
      `stack/x: unknown prop "extra" (received {"fn":"stack/fn","text":"${'a'.repeat(52)}...); Outer takes name, inner, byKey`,
    );
  });
});

describe('closestName', () => {
  test.each([
    ['throttle', 'throttling'],
    ['timeoutSecond', 'timeoutSeconds'],
    ['timeout', 'timeoutSeconds'],
    ['stage_name', 'stageName'],
    ['memory', 'memoryMb'],
    ['Tracing', 'tracing'],
    ['ttl', 'ttlSeconds'],
  ])('finds %s meant as %s', (name, meant) => {
    expect(closestName(name, ['throttling', 'timeoutSeconds', 'stageName', 'memoryMb', 'tracing', 'ttlSeconds'])).toBe(meant);
  });

  test('finds nothing when no name is close', () => {
    expect(closestName('color', ['throttling', 'timeoutSeconds', 'stageName'])).toBeUndefined();
    expect(closestName('xy', ['idle', 'width'])).toBeUndefined();
  });
});

describe('every construct and options bag rejects props it does not know', () => {
  // Each builds with one misspelt prop (JavaScript, or a spread object, where TypeScript does not see it).
  const cases: [string, (stack: TerraformStack) => unknown, string][] = [
    ['RestApi', (stack) => api(stack, { throttle: { rateLimit: 1, burstLimit: 1 } } as object), 'stack/Api: unknown prop "throttle" (received {"rateLimit":1,"burstLimit":1}); did you mean "throttling"?'],
    ['RestApi throttling', (stack) => api(stack, { throttling: { rate: 1, burstLimit: 1 } } as never), 'stack/Api: unknown prop "throttling.rate" (received 1); did you mean "throttling.rateLimit"?'],
    ['RestApi caching', (stack) => api(stack, { caching: { ttl: 1 } } as never), 'stack/Api: unknown prop "caching.ttl" (received 1); did you mean "caching.ttlSeconds"?'],
    ['RestApi cacheCluster', (stack) => api(stack, { cacheCluster: { size: 0.5 } } as never), 'stack/Api: unknown prop "cacheCluster.size" (received 0.5); did you mean "cacheCluster.sizeGb"?'],
    [
      'RestApi methodOverrides',
      (stack) => api(stack, { methodOverrides: { 'GET /a': { throttle: { rateLimit: 1, burstLimit: 1 } } } } as never),
      'stack/Api: unknown prop "methodOverrides["GET /a"].throttle" (received {"rateLimit":1,"burstLimit":1}); did you mean "methodOverrides["GET /a"].throttling"?',
    ],
    ['RestApi cors', (stack) => api(stack, { cors: { allowOrigin: ['*'] } } as never), 'stack/Api: unknown prop "cors.allowOrigin" (received ["*"]); did you mean "cors.allowOrigins"?'],
    ['RestApi canary', (stack) => api(stack, { canary: { percent: 10 } } as never), 'stack/Api: unknown prop "canary.percent" (received 10); did you mean "canary.percentTraffic"?'],
    ['RestApi definition', (stack) => api(stack, { definitions: 'openapi' } as object), 'stack/Api: unknown prop "definitions" (received "openapi"); did you mean "definition"?'],
    ['RestApi resourcesPerApiQuota', (stack) => api(stack, { resourcesPerApi: 400 } as object), 'stack/Api: unknown prop "resourcesPerApi" (received 400); did you mean "resourcesPerApiQuota"?'],
    ['LambdaHandler', (stack) => handler(stack, 'fn', { timeoutSecond: 5 } as object), 'stack/fn: unknown prop "timeoutSecond" (received 5); did you mean "timeoutSeconds"?'],
    [
      'LambdaHandler policyStatements',
      (stack) => handler(stack, 'fn', { policyStatements: [{ action: ['s3:GetObject'], resources: ['*'] }] } as never),
      'stack/fn: unknown prop "policyStatements[0].action" (received ["s3:GetObject"]); did you mean "policyStatements[0].actions"?',
    ],
    [
      'LambdaIntegrationOptions',
      (stack) => new LambdaIntegration(handler(stack, 'fn'), { timeout: 100 } as object),
      'stack/fn (LambdaIntegration): unknown prop "timeout" (received 100); did you mean "timeoutMs"?',
    ],
    [
      'MethodOptions',
      (stack) => api(stack).root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')), { apiKey: true } as object),
      'stack/Api/Root/GET: unknown prop "apiKey" (received true); did you mean "apiKeyRequired"?',
    ],
    [
      'MethodOptions requestModels',
      (stack) => api(stack).root.addMethod('POST', new LambdaIntegration(handler(stack, 'fn')), { requestModel: {} } as object),
      'stack/Api/Root/POST: unknown prop "requestModel" (received {}); did you mean "requestModels"?',
    ],
    [
      'MethodOptions requiredQueryStrings',
      (stack) => api(stack).root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')), { requiredQueryString: ['q'] } as object),
      'stack/Api/Root/GET: unknown prop "requiredQueryString" (received ["q"]); did you mean "requiredQueryStrings"?',
    ],
    [
      'MethodOptions requiredHeaders',
      (stack) => api(stack).root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')), { requiredHeader: ['X-Client'] } as object),
      'stack/Api/Root/GET: unknown prop "requiredHeader" (received ["X-Client"]); did you mean "requiredHeaders"?',
    ],
    [
      'MethodOptions requestValidator',
      (stack) => api(stack).root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')), { validator: 'BODY' } as object),
      'stack/Api/Root/GET: unknown prop "validator" (received "BODY"); did you mean "requestValidator"?',
    ],
    ['RequestModel', (stack) => new RequestModel(stack, 'Item', { api: api(stack), schemas: {} } as never), 'stack/Item: unknown prop "schemas" (received {}); did you mean "schema"?'],
    [
      'ApiMethodProps',
      (stack) => {
        const rest = api(stack);
        return new ApiMethod(rest.root, 'GET', { resource: rest.root, httpMethod: 'GET', integration: new LambdaIntegration(handler(stack, 'fn')), option: {} } as never);
      },
      'stack/Api/Root/GET: unknown prop "option" (received {}); did you mean "options"?',
    ],
    [
      'ApiResourceProps',
      (stack) => new ApiResource(stack, 'R', { api: api(stack), resourceID: 'x' } as never),
      'stack/R: unknown prop "resourceID" (received "x"); did you mean "resourceId"?',
    ],
    ['addCorsPreflight CorsOptions', (stack) => api(stack).root.addCorsPreflight({ allowOrigins: ['*'], maxAge: 5 } as never), 'stack/Api/Root: unknown prop "maxAge" (received 5); did you mean "maxAgeSeconds"?'],
    [
      'LambdaAuthorizer',
      (stack) => new LambdaAuthorizer(stack, 'Auth', { api: api(stack), handler: handler(stack, 'fn'), cacheTtlSeconds: 0 } as never),
      'stack/Auth: unknown prop "cacheTtlSeconds" (received 0); did you mean "resultsCacheTtlSeconds"?',
    ],
    [
      'CognitoAuthorizer',
      (stack) => new CognitoAuthorizer(stack, 'Auth', { api: api(stack), userPoolArn: [] } as never),
      'stack/Auth: unknown prop "userPoolArn" (received []); did you mean "userPoolArns"?',
    ],
    [
      'UsagePlan quota',
      (stack) => new UsagePlan(stack, 'Plan', { api: api(stack), quota: { limit: 1, period: 'DAY', count: 1 } } as never),
      'stack/Plan: unknown prop "quota.count" (received 1); QuotaSettings takes limit, period',
    ],
    [
      'UsagePlan methodThrottling',
      (stack) => new UsagePlan(stack, 'Plan', { api: api(stack), methodThrottling: { 'GET /': { rateLimit: 1, burst: 1 } } } as never),
      'stack/Plan: unknown prop "methodThrottling["GET /"].burst" (received 1); did you mean "methodThrottling["GET /"].burstLimit"?',
    ],
    ['ApiKey', (stack) => new ApiKey(stack, 'Key', { enable: false } as object), 'stack/Key: unknown prop "enable" (received false); did you mean "enabled"?'],
    ['WebAcl', (stack) => new WebAcl(stack, 'Acl', { api: api(stack), rateLimit: 100 } as never), 'stack/Acl: unknown prop "rateLimit" (received 100); did you mean "rateLimitPerIp"?'],
    ['ApiGatewayAccountRole', (stack) => new ApiGatewayAccountRole(stack, 'Role', { name: 'x' } as object), 'stack/Role: unknown prop "name" (received "x"); did you mean "roleName"?'],
  ];

  test.each(cases)('fails when %s has an unknown prop', (_name, build, message) => {
    expect(() => build(newStack())).toThrow(new ValidationError(message));
  });
});
