import 'lambda-rest-api/testing';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { Capture, Match, routesOf } from 'lambda-rest-api/testing';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { api, handler, newStack, Synthesized } from '../support/helpers';

/** What a user's test holds: the string `Testing.synth(stack)` returns. */
function synthesizeExample(): string {
  const stack = newStack();
  const rest = api(stack, {
    throttling: { rateLimit: 100, burstLimit: 50 },
    cacheCluster: { sizeGb: 0.5 },
    methodOverrides: { 'GET /items': { caching: { ttlSeconds: 300 } } },
  });
  const items = rest.root.addResource('items');
  items.addMethod('GET', new LambdaIntegration(handler(stack, 'list-items')));
  items.addResource('{id}').addMethod('GET', new LambdaIntegration(handler(stack, 'get-item')), { authorization: 'AWS_IAM', apiKeyRequired: true });
  rest.root.addResource('events').addMethod('POST', new LambdaIntegration(handler(stack, 'record-event'), { proxy: false }));
  rest.root.addProxy(new LambdaIntegration(handler(stack, 'fallback')));
  return Testing.synth(stack);
}

/** The same stack with the permissions replaced by `sourceArns` (after the API's execution ARN), all for `get-item`. */
function withPermissions(synthesized: string, sourceArns: string[]): Synthesized {
  const tf = JSON.parse(synthesized) as Synthesized;
  const [first] = Object.values(tf.resource.aws_lambda_permission).filter((p) => p.function_name.includes('get-item'));
  const executionArn = first.source_arn.replace(/\}.*$/, '}');
  tf.resource.aws_lambda_permission = Object.fromEntries(sourceArns.map((arn, i) => [`p${i}`, { ...first, source_arn: `${executionArn}${arn}` }]));
  return tf;
}

const stack = synthesizeExample();

describe('toHaveRoute', () => {
  test('passes for a route the stack has, with its function by name or construct id', () => {
    expect(stack).toHaveRoute('GET', '/items/{id}', { function: 'stack-get-item' });
    expect(stack).toHaveRoute('GET', '/items/{id}', { function: 'get-item' });
    expect(stack).toHaveRoute('get', '/items', { function: expect.stringMatching(/list-items$/) });
  });

  test('checks the integration type, authorization and API key', () => {
    expect(stack).toHaveRoute('GET', '/items/{id}', { integration: 'AWS_PROXY', authorization: 'AWS_IAM', apiKeyRequired: true });
    expect(stack).toHaveRoute('POST', '/events', { integration: 'AWS', authorization: 'NONE', apiKeyRequired: false });
    expect(stack).toHaveRoute('ANY', '/{proxy+}', { function: 'fallback' });
    expect(stack).not.toHaveRoute('GET', '/items', { apiKeyRequired: true });
  });

  test('fails for a missing route, listing the routes the stack has', () => {
    expect(() => expect(stack).toHaveRoute('DELETE', '/items/{id}')).toThrow(
      /expected the stack to have the route DELETE \/items\/\{id\}, but it has:\n[\s\S]*METHOD +PATH[\s\S]*GET +\/items\/\{id\} +AWS_PROXY +stack-get-item +AWS_IAM +required/,
    );
  });

  test('fails for a route that differs, naming each field that does', () => {
    expect(() => expect(stack).toHaveRoute('GET', '/items', { function: 'get-item', authorization: 'NONE' })).toThrow(
      /the route GET \/items with[\s\S]*but it differs:\n {2}function: expected "get-item", received "stack-list-items"\n\nThe stack's routes:/,
    );
  });

  test('fails under .not for a route the stack has', () => {
    expect(() => expect(stack).not.toHaveRoute('POST', '/events')).toThrow(/expected the stack not to have the route POST \/events, but it has:/);
  });

  test('reads a stack folder as well as the synthesized string or its parse', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'testing-matchers-'));
    try {
      fs.writeFileSync(path.join(dir, 'cdk.tf.json'), stack);

      expect(dir).toHaveRoute('GET', '/items');
      expect(JSON.parse(stack)).toHaveRoute('ANY', '/');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fails when given neither Terraform JSON nor a stack folder, under .not too', () => {
    expect(() => expect(42).toHaveRoute('GET', '/')).toThrow(/expected the Terraform JSON of a stack \(Testing\.synth\(stack\)\) or a stack folder, but received number/);
    expect(() => expect('no/such/folder').not.toHaveRoute('GET', '/')).toThrow(/could not read the stack: no\/such\/folder: no cdk\.tf\.json here/);
  });

  test('fails when the route is not "METHOD /path"', () => {
    expect(() => expect(stack).toThrottle('/items')).toThrow(/method key "\/items" must look like "GET \/items\/\{id\}"/);
  });
});

describe('toThrottle', () => {
  test('passes with the throttling in force, from the stage or the method', () => {
    expect(stack).toThrottle('GET /items', { rateLimit: 100, burstLimit: 50 });
    expect(stack).toThrottle('ANY /{proxy+}', { rateLimit: 100 });
    expect(stack).toThrottle('POST /events');
  });

  test('fails with other limits, saying the ones in force', () => {
    expect(() => expect(stack).toThrottle('GET /items', { rateLimit: 10, burstLimit: 5 })).toThrow(
      /expected GET \/items to be throttled with \{"burstLimit": 5, "rateLimit": 10\}, but it is throttled at 100\/s, burst 50\n\nThe stack's routes:/,
    );
  });

  test('fails for a route with only the account limits, and passes under .not', () => {
    const unthrottled = synthesizeUnthrottled();

    expect(() => expect(unthrottled).toThrottle('GET /')).toThrow(/expected GET \/ to be throttled, but it is not throttled/);
    expect(unthrottled).not.toThrottle('GET /');
  });

  test('fails for a missing route, under .not too, listing the routes', () => {
    expect(() => expect(stack).toThrottle('GET /nothing')).toThrow(/expected the stack to have the route GET \/nothing, but it has:\n[\s\S]*POST +\/events/);
    expect(() => expect(stack).not.toThrottle('GET /nothing')).toThrow(/expected the stack to have the route GET \/nothing/);
  });
});

function synthesizeUnthrottled(): string {
  const bare = newStack();
  api(bare).root.addMethod('GET', new LambdaIntegration(handler(bare, 'fn')));
  return Testing.synth(bare);
}

describe('toCache', () => {
  test('passes for a cached route, with its TTL and encryption', () => {
    expect(stack).toCache('GET /items', { ttlSeconds: 300 });
    expect(stack).toCache('GET /items', { ttlSeconds: 300, encrypted: true });
  });

  test('passes under .not for a route that is not cached', () => {
    expect(stack).not.toCache('GET /items/{id}');
  });

  test('fails with another TTL, saying the one in force', () => {
    expect(() => expect(stack).toCache('GET /items', { ttlSeconds: 60 })).toThrow(/expected GET \/items to be cached with \{"ttlSeconds": 60\}, but it is cached for 300 s/);
  });

  test('fails under .not for a cached route', () => {
    expect(() => expect(stack).not.toCache('GET /items')).toThrow(/expected GET \/items not to be cached, but it is cached for 300 s/);
  });
});

describe('toGrantInvoke', () => {
  test('passes for each function from its own routes, by name or construct id', () => {
    expect(stack).toGrantInvoke('get-item', 'GET /items/{id}');
    expect(stack).toGrantInvoke('stack-list-items', 'GET /items');
    expect(stack).toGrantInvoke('record-event', 'POST /events');
    expect(stack).toGrantInvoke('fallback', 'ANY /{proxy+}');
    expect(stack).toGrantInvoke('fallback', 'ANY /');
  });

  test("passes under .not for another function's route", () => {
    expect(stack).not.toGrantInvoke('get-item', 'GET /items');
    expect(stack).not.toGrantInvoke('list-items', 'GET /items/{id}');
  });

  test('matches wildcards as ArnLike does: one permission for all of a stage covers every route', () => {
    const wide = withPermissions(stack, ['/v1/*/*']);

    expect(wide).toGrantInvoke('get-item', 'GET /items/{id}');
    expect(wide).toGrantInvoke('get-item', 'POST /events');
    expect(wide).toGrantInvoke('get-item', 'ANY /{proxy+}');
  });

  test('needs a wildcard for each path variable, and every verb for ANY', () => {
    expect(withPermissions(stack, ['/v1/GET/items'])).not.toGrantInvoke('get-item', 'GET /items/{id}');
    expect(withPermissions(stack, ['/v1/GET/items/*'])).not.toGrantInvoke('get-item', 'ANY /{proxy+}');
    expect(withPermissions(stack, ['/v1/GET/*'])).not.toGrantInvoke('get-item', 'ANY /{proxy+}');
    expect(withPermissions(stack, ['/v1/*/*'])).toGrantInvoke('get-item', 'ANY /{proxy+}');
    expect(withPermissions(stack, ['/v1/G?T/items/*'])).toGrantInvoke('get-item', 'GET /items/{id}');
  });

  test('takes no permission of another stage, and one with no source ARN as any source', () => {
    expect(withPermissions(stack, ['/v2/*/*'])).not.toGrantInvoke('get-item', 'GET /items/{id}');
    const anySource = withPermissions(stack, ['/v1/*/*']);
    for (const permission of Object.values(anySource.resource.aws_lambda_permission)) delete permission.source_arn;

    expect(anySource).toGrantInvoke('get-item', 'GET /items/{id}');
  });

  test('fails listing the permissions the function has', () => {
    expect(() => expect(stack).toGrantInvoke('get-item', 'GET /items')).toThrow(
      /expected API Gateway to be allowed to invoke stack-get-item for GET \/items, but stack-get-item has these permissions:\n {2}apigateway\.amazonaws\.com lambda:InvokeFunction from \$\{aws_api_gateway_rest_api\.[^.]+\.execution_arn\}\/v1\/GET\/items\/\*/,
    );
  });

  test('fails under .not when the permissions cover the route, listing them', () => {
    expect(() => expect(stack).not.toGrantInvoke('get-item', 'GET /items/{id}')).toThrow(
      /expected API Gateway not to be allowed to invoke stack-get-item for GET \/items\/\{id\}, but stack-get-item has these permissions:\n {2}apigateway\.amazonaws\.com lambda:InvokeFunction from /,
    );
  });

  test('fails for an unknown function, listing the functions', () => {
    expect(() => expect(stack).toGrantInvoke('nothing', 'GET /items')).toThrow(
      /expected a function "nothing", but the stack's functions are: stack-fallback, stack-get-item, stack-list-items, stack-record-event/,
    );
  });

  test('fails for a route the stack does not have', () => {
    expect(() => expect(stack).toGrantInvoke('get-item', 'DELETE /items/{id}')).toThrow(/expected the stack to have the route DELETE \/items\/\{id\}/);
  });

  describe('with an alias per stage', () => {
    const aliased = (() => {
      const aliasStack = newStack();
      api(aliasStack).root.addResource('items').addMethod('GET', new LambdaIntegration(handler(aliasStack, 'list-items', { aliasPerStage: true })));
      return JSON.parse(Testing.synth(aliasStack)) as Synthesized;
    })();

    test("passes through the permission of the stage's alias, which the integration calls", () => {
      expect(aliased).toGrantInvoke('list-items', 'GET /items');
    });

    test("fails when the permission is the function's own, not the alias's: each alias has its own resource policy", () => {
      const unqualified = structuredClone(aliased);
      for (const permission of Object.values(unqualified.resource.aws_lambda_permission)) delete permission.qualifier;

      expect(() => expect(unqualified).toGrantInvoke('list-items', 'GET /items')).toThrow(
        /^expected API Gateway to be allowed to invoke stack-list-items:v1 for GET \/items, but stack-list-items has these permissions:\n {2}apigateway\.amazonaws\.com lambda:InvokeFunction from /,
      );
    });

    test('names the alias of each permission in its message', () => {
      expect(() => expect(aliased).not.toGrantInvoke('list-items', 'GET /items')).toThrow(/lambda:InvokeFunction on alias v1 from /);
    });
  });
});

describe('routesOf', () => {
  test('lists every route, sorted by path and method', () => {
    expect(routesOf(stack)).toEqual(['ANY /', 'POST /events', 'GET /items', 'GET /items/{id}', 'ANY /{proxy+}']);
  });
});

describe('toHaveResourceLike', () => {
  test('passes when a resource of the type holds the properties given, whatever else it holds, at any depth', () => {
    expect(stack).toHaveResourceLike('aws_lambda_function', { function_name: 'stack-get-item', tracing_config: { mode: 'Active' }, logging_config: { log_format: 'Text' } });
  });

  test("takes the type as cdktf's own matchers do, by its provider class", () => {
    expect(stack).toHaveResourceLike(LambdaFunction, { function_name: 'stack-get-item' });
    expect(stack).toHaveResourceLike(LambdaFunction);
  });

  test("takes jest's asymmetric matchers anywhere", () => {
    expect(stack).toHaveResourceLike('aws_lambda_function', { function_name: expect.stringMatching(/get-item$/), role: expect.stringMatching(/^\$\{aws_iam_role\./) });
  });

  test('matches an array item by item, with its length', () => {
    expect(stack).toHaveResourceLike('aws_api_gateway_method', { http_method: 'GET', request_parameters: { 'method.request.path.id': true } });
    expect(stack).toHaveResourceLike('aws_lambda_function', { depends_on: [expect.stringMatching(/^aws_iam_role_policy\./), expect.stringMatching(/^aws_cloudwatch_log_group\./)] });
    expect(stack).not.toHaveResourceLike('aws_lambda_function', { depends_on: [expect.stringMatching(/^aws_iam_role_policy\./)] });
  });

  test('Match.arrayWith matches some items of an array, in order', () => {
    expect(stack).toHaveResourceLike('aws_lambda_function', { depends_on: Match.arrayWith([expect.stringMatching(/^aws_cloudwatch_log_group\./)]) });
  });

  test('Match.absent wants a property left out, Match.anyValue wants it set', () => {
    expect(stack).toHaveResourceLike('aws_lambda_function', { function_name: 'stack-get-item', environment: Match.absent(), role: Match.anyValue() });
    expect(stack).not.toHaveResourceLike('aws_lambda_function', { function_name: 'stack-get-item', role: Match.absent() });
  });

  test('Match.exact wants the value and nothing more', () => {
    expect(stack).toHaveResourceLike('aws_lambda_function', { function_name: 'stack-get-item', tracing_config: Match.exact({ mode: 'Active' }) });
    expect(stack).not.toHaveResourceLike('aws_lambda_function', { logging_config: Match.exact({ log_format: 'Text' }) });
  });

  test('fails naming the closest resource and each property where it differs', () => {
    expect(() => expect(stack).toHaveResourceLike('aws_lambda_function', { function_name: 'stack-get-item', timeout: 30, tracing_config: { mode: 'PassThrough' } })).toThrow(
      /expected a resource aws_lambda_function with [\s\S]*, but none of the 4 matches; the closest, aws_lambda_function\.get-item_Function_\w+, differs at:\n {2}timeout: expected 30, received 10\n {2}tracing_config\.mode: expected "PassThrough", received "Active"$/,
    );
  });

  test('fails when the stack has no resource of the type, listing the types it has', () => {
    expect(() => expect(stack).toHaveResourceLike('aws_sqs_queue')).toThrow(/expected a resource aws_sqs_queue, but the stack has no aws_sqs_queue; its resource types are: aws_api_gateway_deployment, /);
  });

  test('with .not, fails naming the resource that matches', () => {
    expect(() => expect(stack).not.toHaveResourceLike('aws_lambda_function', { function_name: 'stack-get-item' })).toThrow(
      /expected no resource aws_lambda_function with [\s\S]*, but aws_lambda_function\.get-item_Function_\w+ matches$/,
    );
  });

  test('reads a stack folder too', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matchers-like-'));
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), stack);
    try {
      expect(dir).toHaveResourceLike('aws_lambda_function', { function_name: 'stack-get-item' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('toHaveDataSourceLike', () => {
  test('passes when a data source of the type holds the properties given', () => {
    expect(stack).toHaveDataSourceLike(DataAwsIamPolicyDocument, { statement: Match.arrayWith([{ sid: 'WriteOwnLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'] }]) });
  });

  test('fails naming the data source that came closest', () => {
    expect(() => expect(stack).toHaveDataSourceLike('aws_iam_policy_document', { statement: [{ sid: 'Nothing' }] })).toThrow(/the closest, data\.aws_iam_policy_document\.\S+, differs at:/);
  });
});

describe('Capture', () => {
  test('takes the value where it stands in the resource that matched', () => {
    const role = new Capture();

    expect(stack).toHaveResourceLike('aws_lambda_function', { function_name: 'stack-get-item', role });

    expect(role.value).toMatch(/^\$\{aws_iam_role\.get-item_Role_\w+\.arn\}$/);
  });

  test('takes one value per resource that matched, in the stack\'s order, and none from those that did not', () => {
    const name = new Capture(expect.stringMatching(/item/));

    expect(stack).toHaveResourceLike('aws_lambda_function', { function_name: name });

    expect(name.values).toEqual(['stack-get-item', 'stack-list-items']);
  });

  test('has no value when no resource matched, and says so', () => {
    const role = new Capture();

    expect(stack).not.toHaveResourceLike('aws_lambda_function', { function_name: 'nothere', role });

    expect(role.values).toEqual([]);
    expect(() => role.value).toThrow('the Capture took no value: no resource matched the assertion it was in');
  });
});
