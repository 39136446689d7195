import {
  coveringPattern,
  DEFAULT_INVOKE_PERMISSIONS,
  estimatePolicyBytes,
  InvokeGrant,
  InvokePermissions,
  planInvokeStatements,
  POLICY_BUDGET_BYTES,
  policyBytes,
  policyStatement,
  statementsAt,
} from '../../../src/constructs/lambda-handler/invoke-permissions';
import { Testing } from 'cdktf';
import { LambdaIntegration } from '../../../src/constructs/integrations/lambda-integration';
import { BenchStack, RESOURCES_PER_FUNCTION } from '../../../bench/bench-stack';
import { terraformPolicies } from '../../../bench/policy';
import { api, handler, resources, synth, Synthesized, testApp } from '../../support/helpers';

const EXEC = 'arn:exec-a';
const VERBS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

function grant(httpMethod: string, path: string, api = 'A', executionArn = EXEC): InvokeGrant {
  return { apiKey: `stack/${api}`, executionArn, stage: 'v1', httpMethod, path };
}

/** `httpMethod` on `/r0` ... `/r<count - 1>`. */
function routes(count: number, httpMethod = 'GET', executionArn = EXEC): InvokeGrant[] {
  return Array.from({ length: count }, (_, i) => grant(httpMethod, `/r${i}`, 'A', executionArn));
}

const arnsOf = (statements: { sourceArn: string }[]) => statements.map((statement) => statement.sourceArn).sort();

describe('statementsAt', () => {
  test('gives one statement per verb and path at method scope', () => {
    const statements = statementsAt('method', [grant('GET', '/items'), grant('POST', '/items')]);

    expect(arnsOf(statements)).toEqual(['arn:exec-a/v1/GET/items', 'arn:exec-a/v1/POST/items']);
  });

  test('turns ANY and path variables into * at method scope', () => {
    const statements = statementsAt('method', [grant('ANY', '/'), grant('GET', '/items/{id}'), grant('ANY', '/{proxy+}')]);

    expect(arnsOf(statements)).toEqual(['arn:exec-a/v1/*/', 'arn:exec-a/v1/*/*', 'arn:exec-a/v1/GET/items/*']);
  });

  test('merges the verbs of a path into * at path scope', () => {
    const statements = statementsAt('path', [grant('GET', '/items'), grant('POST', '/items'), grant('GET', '/items/{id}')]);

    expect(arnsOf(statements)).toEqual(['arn:exec-a/v1/*/items', 'arn:exec-a/v1/*/items/*']);
  });

  test('gives one statement per API stage, with the one verb and path of the function, at function scope', () => {
    const statements = statementsAt('function', [grant('GET', '/items/{id}')]);

    expect(arnsOf(statements)).toEqual(['arn:exec-a/v1/GET/items/*']);
  });

  test('covers several paths with their longest common prefix and *, at function scope', () => {
    const statements = statementsAt('function', [grant('GET', '/items'), grant('PUT', '/items/{id}')]);

    expect(arnsOf(statements)).toEqual(['arn:exec-a/v1/*/items*']);
  });

  test('keeps the verb when every route of the function has the same one, at function scope', () => {
    const statements = statementsAt('function', [grant('GET', '/items'), grant('GET', '/items/{id}')]);

    expect(arnsOf(statements)).toEqual(['arn:exec-a/v1/GET/items*']);
  });

  test('turns ANY into * at function scope', () => {
    const statements = statementsAt('function', [grant('ANY', '/'), grant('ANY', '/{proxy+}')]);

    expect(arnsOf(statements)).toEqual(['arn:exec-a/v1/*/*']);
  });

  test('gives one statement per stage of an API at function scope', () => {
    const grants = [grant('GET', '/items'), { ...grant('GET', '/items'), stage: 'v2' }];

    expect(arnsOf(statementsAt('function', grants))).toEqual(['arn:exec-a/v1/GET/items', 'arn:exec-a/v2/GET/items']);
  });

  test.each(['method', 'path', 'function'] as const)('never merges the grants of two APIs at %s scope', (scope) => {
    const grants = [grant('GET', '/items', 'A', 'arn:exec-a'), grant('GET', '/items', 'B', 'arn:exec-b')];

    const statements = statementsAt(scope, grants);

    expect(statements).toHaveLength(2);
    expect(statements.filter((statement) => statement.sourceArn.startsWith('arn:exec-a/'))).toHaveLength(1);
    expect(statements.filter((statement) => statement.sourceArn.startsWith('arn:exec-b/'))).toHaveLength(1);
  });

  test('gives unique statement ids of 1 to 100 letters, digits, "_" or "-"', () => {
    const longPath = `/${'segment/'.repeat(20)}{id}`;
    const grants = [grant('ANY', '/'), grant('ANY', '/{proxy+}'), grant('GET', '/items'), grant('GET', '/items/{id}'), grant('GET', longPath)];

    const ids = statementsAt('method', grants).map((statement) => statement.statementId);

    expect(new Set(ids).size).toBe(grants.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{1,100}$/);
  });

  test('sorts statements by statement id, whatever order the routes came in', () => {
    const ids = statementsAt('method', ['/c', '/a', '/e', '/b', '/d'].map((path) => grant('GET', path))).map((s) => s.statementId.slice(0, 14));

    expect(ids).toEqual(['apigw-v1-GET-a', 'apigw-v1-GET-b', 'apigw-v1-GET-c', 'apigw-v1-GET-d', 'apigw-v1-GET-e']);
  });

  test('sorts statements by statement id', () => {
    const ids = statementsAt('method', [grant('PUT', '/b'), grant('GET', '/c'), grant('DELETE', '/a')]).map((s) => s.statementId);

    expect(ids).toEqual([...ids].sort());
  });

  test('gives the same statements whatever the order of the grants', () => {
    const grants = [grant('GET', '/items'), grant('POST', '/items'), grant('GET', '/items/{id}'), grant('ANY', '/')];

    expect(statementsAt('method', [...grants].reverse())).toEqual(statementsAt('method', grants));
  });

  test('sorts statement ids in code-point order, whatever the locale', () => {
    const ids = statementsAt('method', [grant('GET', '/a'), grant('GET', '/B')]).map((s) => s.statementId);

    expect(ids).toEqual([...ids].sort());
  });
});

describe('statement ids', () => {
  // A statement id is part of the permission's identity: Terraform replaces a permission whose id changes, so ids
  // must keep their value from release to release.
  test('are the stage, the verb (ANY for *) and the path in letters and dashes, then 8 hex digits of the grant', () => {
    const statements = statementsAt('method', [grant('ANY', '/'), grant('GET', '/items/{id}/tags'), grant('POST', '/items')]);

    expect(statements).toEqual([
      { statementId: 'apigw-v1-ANY-c993a997', sourceArn: 'arn:exec-a/v1/*/' },
      { statementId: 'apigw-v1-GET-items-tags-6fadf87e', sourceArn: 'arn:exec-a/v1/GET/items/*/tags' },
      { statementId: 'apigw-v1-POST-items-c7dbede3', sourceArn: 'arn:exec-a/v1/POST/items' },
    ]);
  });

  test('at function scope, name the covering verb and pattern', () => {
    expect(statementsAt('function', [grant('GET', '/items'), grant('GET', '/items/{id}')])).toEqual([
      { statementId: 'apigw-v1-GET-items-e20abe6c', sourceArn: 'arn:exec-a/v1/GET/items*' },
    ]);
  });

  test('at function scope, ANY routes only are every verb, *', () => {
    expect(statementsAt('function', [grant('ANY', '/'), grant('ANY', '/{proxy+}')])).toEqual([{ statementId: expect.stringMatching(/^apigw-v1-ANY-/), sourceArn: 'arn:exec-a/v1/*/*' }]);
    expect(statementsAt('function', [grant('ANY', '/'), grant('ANY', '/{proxy+}')])[0].statementId).toBe(statementsAt('path', [grant('ANY', '/*')])[0].statementId);
  });

  test('cut the readable part at 90 characters, before the hash', () => {
    const [statement] = statementsAt('method', [grant('GET', `/${'a'.repeat(120)}`)]);

    expect(statement.statementId).toMatch(new RegExp(`^apigw-v1-GET-${'a'.repeat(77)}-[0-9a-f]{8}$`));
  });
});

describe('path and method scope', () => {
  test('the same path with GET and POST is one statement for every verb at path scope', () => {
    expect(arnsOf(statementsAt('path', [grant('GET', '/items'), grant('POST', '/items')]))).toEqual(['arn:exec-a/v1/*/items']);
  });

  test('ANY and an explicit verb on one path are two statements at method scope', () => {
    expect(arnsOf(statementsAt('method', [grant('ANY', '/items'), grant('GET', '/items')]))).toEqual(['arn:exec-a/v1/*/items', 'arn:exec-a/v1/GET/items']);
  });

  test('grants of one route given twice are one statement', () => {
    expect(statementsAt('method', [grant('GET', '/items'), grant('GET', '/items')])).toHaveLength(1);
  });
});

describe('coveringPattern', () => {
  test.each([
    [['/items/*'], '/items/*'],
    [['/'], '/'],
    [['/items', '/items/*'], '/items*'],
    [['/items/*', '/items/*/tags'], '/items/*'],
    [['/a', '/b'], '/*'],
    [['/', '/*'], '/*'],
    [['/r10', '/r11', '/r19'], '/r1*'],
  ])('covers %j with %s', (paths, pattern) => {
    expect(coveringPattern(paths)).toBe(pattern);
  });
});

describe('estimatePolicyBytes', () => {
  test('is an upper bound on the policy Lambda stores for a real execution ARN', () => {
    const executionArn = 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5';
    const grants = [...routes(30, 'GET', executionArn), grant('ANY', '/{proxy+}', 'A', executionArn)];
    const statements = statementsAt('method', grants);
    const stored = statements.map((statement) =>
      policyStatement({
        statementId: statement.statementId,
        principal: 'apigateway.amazonaws.com',
        action: 'lambda:InvokeFunction',
        functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:stack-fn',
        sourceAccount: '123456789012',
        sourceArn: statement.sourceArn,
      }),
    );

    const estimate = estimatePolicyBytes('stack-fn', statements, grants);

    expect(policyBytes(stored)).toBeLessThan(estimate);
  });

  test('does not depend on the length of the execution ARN token', () => {
    const short = routes(5, 'GET', 'x');
    const long = routes(5, 'GET', `\${TfToken[TOKEN.${'9'.repeat(40)}]}`);

    expect(estimatePolicyBytes('stack-fn', statementsAt('method', long), long)).toBe(
      estimatePolicyBytes('stack-fn', statementsAt('method', short), short),
    );
  });
});

describe('the policy Lambda stores', () => {
  test('a statement names the principal, action and function, with the source account and ARN as conditions', () => {
    expect(
      policyStatement({ statementId: 's', principal: 'apigateway.amazonaws.com', action: 'lambda:InvokeFunction', functionArn: 'F', sourceAccount: '1', sourceArn: 'S' }),
    ).toEqual({
      Sid: 's',
      Effect: 'Allow',
      Principal: { Service: 'apigateway.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: 'F',
      Condition: { StringEquals: { 'AWS:SourceAccount': '1' }, ArnLike: { 'AWS:SourceArn': 'S' } },
    });
  });

  test('a statement without a source account or ARN has no condition for it', () => {
    expect(policyStatement({ statementId: 's', principal: 'p', action: 'a', functionArn: 'F' }).Condition).toEqual({});
  });

  test('policyBytes is the size of the policy document GetPolicy returns: version, id and statements', () => {
    expect(policyBytes([])).toBe(Buffer.byteLength('{"Version":"2012-10-17","Id":"default","Statement":[]}'));
  });

  test("the estimate is the policy with every part at its longest: partition aws-iso-b, an 18-character region, the API's 10-character id", () => {
    const grants = [grant('GET', '/items')];
    const statements = statementsAt('method', grants);
    const worst = policyStatement({
      statementId: statements[0].statementId,
      principal: 'apigateway.amazonaws.com',
      action: 'lambda:InvokeFunction',
      functionArn: 'arn:aws-iso-b:lambda:xx-xxxxxxxxxxxxx-1:123456789012:function:stack-fn',
      sourceAccount: '123456789012',
      sourceArn: 'arn:aws-iso-b:execute-api:xx-xxxxxxxxxxxxx-1:123456789012:abcdefghij/v1/GET/items',
    });

    expect(estimatePolicyBytes('stack-fn', statements, grants)).toBe(policyBytes([worst]));
  });
});

describe('the budget', () => {
  test("is Lambda's 20 KB less 2 KB for permissions added outside the project: 18,432 bytes", () => {
    expect(POLICY_BUDGET_BYTES).toBe(18_432);
  });

  /** Grants whose per-route policy is exactly `POLICY_BUDGET_BYTES + extra` bytes: dashes at the end of a path add one byte each. */
  function grantsOfSize(extra: number): InvokeGrant[] {
    const base = routes(40);
    const short = POLICY_BUDGET_BYTES - estimatePolicyBytes('stack-fn', statementsAt('method', base), base);
    return [...base.slice(1), grant('GET', `/r0${'-'.repeat(short + extra)}`)];
  }

  test('a policy of exactly the budget fits, one statement per route', () => {
    const plan = planInvokeStatements('stack/fn', 'stack-fn', grantsOfSize(0), 'per-route');

    expect([plan.scope, plan.statements.length, plan.estimatedBytes]).toEqual(['method', 40, POLICY_BUDGET_BYTES]);
  });

  test('a policy one byte over the budget widens to one statement per path and every verb', () => {
    expect(planInvokeStatements('stack/fn', 'stack-fn', grantsOfSize(1), 'per-route').scope).toBe('path');
  });

  test('fails when even one statement per API stage does not fit, counting the statements and their bytes at that scope', () => {
    const grants = Array.from({ length: 100 }, (_, i) => [grant('GET', '/a', `Api${i}`, `arn:exec-${i}`), grant('GET', '/b', `Api${i}`, `arn:exec-${i}`)]).flat();
    const bytes = estimatePolicyBytes('stack-fn', statementsAt('function', grants), grants);

    expect(() => planInvokeStatements('stack/fn', 'stack-fn', grants)).toThrow(
      `stack/fn: even one invoke permission per API stage (100) needs about ${bytes} bytes of resource policy, over the 18432-byte budget (Lambda allows 20 KB); split the routes over more functions`,
    );
  });
});

describe('estimatePolicyBytes of an alias', () => {
  test("counts the alias's ARN, `<function arn>:<alias>`, in every statement's Resource", () => {
    const grants = [grant('GET', '/a'), grant('GET', '/b', 'B', 'arn:exec-b')];
    const statements = statementsAt('method', grants);

    const extra = estimatePolicyBytes('stack-fn', statements, grants, 'prod') - estimatePolicyBytes('stack-fn', statements, grants);

    expect(extra).toBe(':prod'.length * statements.length);
  });
});

describe('planInvokeStatements', () => {
  test("is 'per-function' by default: one statement for all of a function's routes on an API stage", () => {
    const plan = planInvokeStatements('stack/fn', 'stack-fn', [grant('GET', '/items'), grant('POST', '/items'), grant('GET', '/items/{id}')]);

    expect(DEFAULT_INVOKE_PERMISSIONS).toBe('per-function');
    expect(plan.scope).toBe('function');
    expect(arnsOf(plan.statements)).toEqual(['arn:exec-a/v1/*/items*']);
  });

  test("gives one statement per API stage 'per-function', even for 1,000 routes", () => {
    const plan = planInvokeStatements('stack/fn', 'stack-fn', routes(1000), 'per-function');

    expect(arnsOf(plan.statements)).toEqual(['arn:exec-a/v1/GET/r*']);
    expect(plan.estimatedBytes).toBeLessThan(POLICY_BUDGET_BYTES / 10);
  });

  test("gives one statement per route 'per-route' while they fit", () => {
    const plan = planInvokeStatements('stack/fn', 'stack-fn', routes(30), 'per-route');

    expect(plan.scope).toBe('method');
    expect(plan.statements).toHaveLength(30);
    expect(plan.estimatedBytes).toBeLessThanOrEqual(POLICY_BUDGET_BYTES);
  });

  test("widens 'per-route' to one statement per path, every verb, when one per route would not fit", () => {
    const grants = VERBS.flatMap((verb) => routes(20, verb));

    const plan = planInvokeStatements('stack/fn', 'stack-fn', grants, 'per-route');

    expect(plan.scope).toBe('path');
    expect(arnsOf(plan.statements)).toEqual(Array.from({ length: 20 }, (_, i) => `arn:exec-a/v1/*/r${i}`).sort());
  });

  test("widens 'per-route' to one statement per API stage, covering every route, when one per path would not fit", () => {
    const plan = planInvokeStatements('stack/fn', 'stack-fn', routes(50), 'per-route');

    expect(plan.scope).toBe('function');
    expect(arnsOf(plan.statements)).toEqual(['arn:exec-a/v1/GET/r*']);
  });

  test("gives one statement far under the budget for 1,000 routes 'per-route'", () => {
    const plan = planInvokeStatements('stack/fn', 'stack-fn', routes(1000), 'per-route');

    expect(plan.scope).toBe('function');
    expect(arnsOf(plan.statements)).toEqual(['arn:exec-a/v1/GET/r*']);
    expect(plan.estimatedBytes).toBeLessThan(POLICY_BUDGET_BYTES / 10);
  });

  test.each(['per-function', 'per-route'] as const)('gives the same plan when called twice, %s', (permissions) => {
    expect(planInvokeStatements('stack/fn', 'stack-fn', routes(1000), permissions)).toEqual(
      planInvokeStatements('stack/fn', 'stack-fn', routes(1000), permissions),
    );
  });

  test.each(['per-function', 'per-route'] as const)('gives the same plan whatever the order of the grants, %s', (permissions) => {
    const grants = VERBS.flatMap((verb) => routes(20, verb));

    expect(planInvokeStatements('stack/fn', 'stack-fn', [...grants].reverse(), permissions)).toEqual(
      planInvokeStatements('stack/fn', 'stack-fn', grants, permissions),
    );
  });

  test.each(['per-function', 'per-route'] as const)('keeps one statement per API, %s', (permissions) => {
    const grants = [...routes(50, 'GET', 'arn:exec-a'), ...routes(50, 'GET', 'arn:exec-b').map((g) => ({ ...g, apiKey: 'stack/B' }))];

    const plan = planInvokeStatements('stack/fn', 'stack-fn', grants, permissions);

    expect(plan.scope).toBe('function');
    expect(arnsOf(plan.statements)).toEqual(['arn:exec-a/v1/GET/r*', 'arn:exec-b/v1/GET/r*']);
  });

  test('names the alias whose resource policy would overflow', () => {
    const grants = Array.from({ length: 200 }, (_, i) => grant('GET', '/items', `Api${i}`, `arn:exec-${i}`));

    expect(() => planInvokeStatements('stack/fn', 'stack-fn', grants, 'per-function', 'v1')).toThrow(
      /^stack\/fn: even one invoke permission per API stage \(200\) needs about \d+ bytes of resource policy of the alias v1, over the 18432-byte budget/,
    );
  });

  test.each(['per-function', 'per-route'] as const)('fails when even one statement per API stage does not fit, %s', (permissions: InvokePermissions) => {
    const grants = Array.from({ length: 200 }, (_, i) => grant('GET', '/items', `Api${i}`, `arn:exec-${i}`));

    expect(() => planInvokeStatements('stack/fn', 'stack-fn', grants, permissions)).toThrow(
      /^stack\/fn: even one invoke permission per API stage \(200\) needs about \d+ bytes of resource policy, over the 18432-byte budget \(Lambda allows 20 KB\); split the routes over more functions$/,
    );
  });
});

describe('LambdaHandler invoke permissions', () => {
  test('renders one permission, covering every route, for 1,000 routes on one handler', () => {
    const tf = synth((stack) => {
      const fn = handler(stack, 'fn');
      const root = api(stack).root;
      for (let i = 0; i < 1000; i++) root.addResource(`r${i}`).addMethod('GET', new LambdaIntegration(fn));
    });

    const permissions = resources(tf, 'aws_lambda_permission');
    expect(permissions).toHaveLength(1);
    expect(permissions[0].source_arn).toMatch(/^\$\{aws_api_gateway_rest_api\.Api_RestApi_\w+\.execution_arn\}\/v1\/GET\/r\*$/);
    const [policy, ...others] = terraformPolicies(tf).values();
    expect(others).toEqual([]);
    expect(policyBytes(policy)).toBeLessThan(1024);
  });

  test("renders one permission per route for 30 routes on one handler with invokePermissions 'per-route'", () => {
    const tf = synth((stack) => {
      const fn = handler(stack, 'fn', { invokePermissions: 'per-route' });
      const root = api(stack).root;
      for (let i = 0; i < 30; i++) root.addResource(`r${i}`).addMethod('GET', new LambdaIntegration(fn));
    });

    const sourceArns = resources(tf, 'aws_lambda_permission').map((permission) => permission.source_arn.replace(/^.*execution_arn\}/, ''));
    expect(sourceArns.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `/v1/GET/r${i}`).sort());
  });
});

describe('the benchmark API (bench/bench-stack.ts): GET and POST on every route, 10 routes per function', () => {
  const ROUTE_TYPES = ['aws_api_gateway_resource', 'aws_api_gateway_method', 'aws_api_gateway_integration'];
  const synthBench = (routes: number) => JSON.parse(Testing.synth(new BenchStack(testApp(), 'bench', { resources: routes, definition: 'resources' }))) as Synthesized;
  const count = (tf: Synthesized, types = Object.keys(tf.resource)) => types.reduce((sum, type) => sum + resources(tf, type).length, 0);
  /** The resources of the function `fn<index>`: those whose names (from their construct paths) start `fn<index>_`. */
  const ofFunction = (tf: Synthesized, index: number) =>
    Object.values(tf.resource).flatMap((blocks) => Object.keys(blocks)).filter((name) => name.startsWith(`fn${index}_`));
  let small: Synthesized;
  let large: Synthesized;
  beforeAll(() => {
    small = synthBench(20);
    large = synthBench(100);
  });

  test('emits 5 Terraform resources per route: the resource, and a method and an integration for each of its two verbs', () => {
    expect(count(large, ROUTE_TYPES)).toBe(5 * 100);
    expect(count(small, ROUTE_TYPES)).toBe(5 * 20);
  });

  test('emits the same number of resources for every function, one invoke permission among them', () => {
    const perFunction = ofFunction(large, 0).length;

    for (let i = 0; i < 100 / RESOURCES_PER_FUNCTION; i++) expect(ofFunction(large, i)).toHaveLength(perFunction);
    expect(resources(large, 'aws_lambda_permission')).toHaveLength(100 / RESOURCES_PER_FUNCTION);
  });

  test('emits nothing else that grows with the API: 5 per route, a fixed number per function, and a fixed rest', () => {
    const perFunction = ofFunction(large, 0).length;
    const rest = (tf: Synthesized, routes: number) => count(tf) - 5 * routes - perFunction * (routes / RESOURCES_PER_FUNCTION);

    expect(rest(large, 100)).toBe(rest(small, 20));
  });

  test("keeps every function's resource policy far under Lambda's 20 KB, scoped to the API's execution ARN", () => {
    const policies = terraformPolicies(large);

    expect(policies.size).toBe(100 / RESOURCES_PER_FUNCTION);
    for (const statements of policies.values()) expect(policyBytes(statements)).toBeLessThan(1024);
    for (const permission of resources(large, 'aws_lambda_permission')) {
      expect(permission.source_arn).toMatch(/^\$\{aws_api_gateway_rest_api\.Api_RestApi_\w+\.execution_arn\}\/prod\/\*\/r\d*\*$/);
    }
  });
});
