import { TerraformStack } from 'cdktf';
import { LambdaAuthorizer } from '../../../src/constructs/authorizers/lambda-authorizer';
import { LambdaIntegration } from '../../../src/constructs/integrations/lambda-integration';
import { LambdaHandler, LambdaHandlerProps } from '../../../src/constructs/lambda-handler/lambda-handler';
import { RestApi } from '../../../src/constructs/rest-api/rest-api';
import { checkAliasSettings } from '../../../src/constructs/lambda-handler/aliases';
import { api, handler, newStack, only, resources, synth } from '../../support/helpers';

/** A handler with `props` behind GET /items of an API with stage v1. */
function behindApi(stack: TerraformStack, props: Partial<LambdaHandlerProps> = {}): LambdaHandler {
  const fn = handler(stack, 'fn', { aliasPerStage: true, ...props });
  api(stack).root.addResource('items').addMethod('GET', new LambdaIntegration(fn));
  return fn;
}

const FUNCTION_NAME = /^\$\{aws_lambda_function\.fn_Function_\w+\.function_name\}$/;
const ALIAS_V1 = /^\$\{aws_lambda_alias\.fn_Aliasv1_\w+\.name\}$/;

describe('LambdaHandler aliasPerStage', () => {
  test('publishes no version and makes no alias by default; integrations call the function', () => {
    const tf = synth((stack) => behindApi(stack, { aliasPerStage: undefined }));

    expect([only(tf, 'aws_lambda_function').publish, resources(tf, 'aws_lambda_alias')]).toEqual([undefined, []]);
    expect(only(tf, 'aws_api_gateway_integration').uri).toMatch(/^\$\{aws_lambda_function\.fn_Function_\w+\.invoke_arn\}$/);
    expect(only(tf, 'aws_lambda_permission')).not.toHaveProperty('qualifier');
  });

  test('publishes a version at each change', () => {
    const tf = synth((stack) => behindApi(stack));

    expect(only(tf, 'aws_lambda_function').publish).toBe(true);
  });

  test("gives the API's stage an alias named after it, on the latest version", () => {
    const tf = synth((stack) => behindApi(stack));

    expect(only(tf, 'aws_lambda_alias')).toEqual({
      name: 'v1',
      description: 'Stage v1 of the API',
      function_name: expect.stringMatching(FUNCTION_NAME),
      function_version: expect.stringMatching(/^\$\{aws_lambda_function\.fn_Function_\w+\.version\}$/),
    });
  });

  test("has the integration call the stage's alias", () => {
    const tf = synth((stack) => behindApi(stack));

    expect(only(tf, 'aws_api_gateway_integration').uri).toMatch(/^\$\{aws_lambda_alias\.fn_Aliasv1_\w+\.invoke_arn\}$/);
  });

  test("scopes the invoke permission to the stage's alias, with its source ARN and account", () => {
    const tf = synth((stack) => behindApi(stack));

    expect(only(tf, 'aws_lambda_permission')).toEqual({
      statement_id: expect.stringMatching(/^apigw-v1-GET-items-[0-9a-f]{8}$/),
      action: 'lambda:InvokeFunction',
      function_name: expect.stringMatching(FUNCTION_NAME),
      qualifier: expect.stringMatching(ALIAS_V1),
      principal: 'apigateway.amazonaws.com',
      source_arn: expect.stringMatching(/execution_arn\}\/v1\/GET\/items$/),
      source_account: '${data.aws_caller_identity.CallerIdentity.account_id}',
    });
  });

  test('gives two APIs with two stages an alias each, and each alias its own permission', () => {
    const tf = synth((stack) => {
      const fn = behindApi(stack);
      new RestApi(stack, 'Beta', { stageName: 'beta' }).root.addResource('items').addMethod('GET', new LambdaIntegration(fn));
    });

    expect(resources(tf, 'aws_lambda_alias').map((alias) => alias.name).sort()).toEqual(['beta', 'v1']);
    expect(resources(tf, 'aws_lambda_permission').map((permission) => [permission.qualifier.replace(/_[0-9A-F]{8}\.name\}$/, ''), permission.source_arn.replace(/^.*execution_arn\}/, '')]).sort()).toEqual([
      ['${aws_lambda_alias.fn_Aliasbeta', '/beta/GET/items'],
      ['${aws_lambda_alias.fn_Aliasv1', '/v1/GET/items'],
    ]);
  });

  test('shares one alias between two APIs with the same stage name', () => {
    const tf = synth((stack) => {
      const fn = behindApi(stack);
      new RestApi(stack, 'Admin', { stageName: 'v1' }).root.addResource('items').addMethod('GET', new LambdaIntegration(fn));
    });

    expect(resources(tf, 'aws_lambda_alias').map((alias) => alias.name)).toEqual(['v1']);
    expect(resources(tf, 'aws_lambda_permission').map((permission) => permission.qualifier)).toEqual([expect.stringMatching(ALIAS_V1), expect.stringMatching(ALIAS_V1)]);
  });

  test("has a Lambda authorizer call the alias of its API's stage, and scopes its permission to it", () => {
    const tf = synth((stack) => {
      const restApi = api(stack);
      const authorizer = new LambdaAuthorizer(stack, 'Authorizer', { api: restApi, handler: handler(stack, 'fn', { aliasPerStage: true }) });
      restApi.root.addMethod('GET', new LambdaIntegration(handler(stack, 'other')), { authorizer });
    });

    expect(only(tf, 'aws_api_gateway_authorizer').authorizer_uri).toMatch(/^\$\{aws_lambda_alias\.fn_Aliasv1_\w+\.invoke_arn\}$/);
    expect(resources(tf, 'aws_lambda_permission').find((permission) => permission.statement_id.startsWith('apigw-authorizer'))!.qualifier).toMatch(ALIAS_V1);
  });

  test('exposes the invoke target of an API: the alias and its name, or the function', () => {
    const stack = newStack();
    const restApi = api(stack);

    const aliased = handler(stack, 'fn', { aliasPerStage: true }).invokeTargetFor(restApi);
    const plain = handler(stack, 'plain').invokeTargetFor(restApi);

    expect([typeof aliased.invokeArn, typeof aliased.qualifier, plain.qualifier]).toEqual(['string', 'string', undefined]);
  });

  test("fails when the stage's name cannot name an alias", () => {
    const stack = newStack();
    const fn = handler(stack, 'fn', { aliasPerStage: true });
    const numbered = new RestApi(stack, 'Api', { stageName: '2024' });

    expect(() => numbered.root.addMethod('GET', new LambdaIntegration(fn))).toThrow(
      'stack/fn: stage "2024" cannot name a Lambda alias (letters, digits, "-" and "_", not only digits); rename the stage or leave aliasPerStage off',
    );
  });

  describe('provisionedConcurrency', () => {
    test('keeps the given number of environments initialized on each alias', () => {
      const tf = synth((stack) => behindApi(stack, { provisionedConcurrency: 3 }));

      expect(only(tf, 'aws_lambda_provisioned_concurrency_config')).toEqual({
        function_name: expect.stringMatching(FUNCTION_NAME),
        qualifier: expect.stringMatching(ALIAS_V1),
        provisioned_concurrent_executions: 3,
      });
    });

    test('provisions nothing by default', () => {
      const tf = synth((stack) => behindApi(stack));

      expect(resources(tf, 'aws_lambda_provisioned_concurrency_config')).toEqual([]);
    });

    test('fails when the aliases together would need more than the reserved concurrency', () => {
      const stack = newStack();
      const fn = behindApi(stack, { provisionedConcurrency: 3, reservedConcurrency: 5 });
      const beta = new RestApi(stack, 'Beta', { stageName: 'beta' });

      expect(() => beta.root.addMethod('GET', new LambdaIntegration(fn))).toThrow(
        'stack/fn: 2 stage aliases with provisionedConcurrency 3 each need 6, over reservedConcurrency 5; raise reservedConcurrency or lower provisionedConcurrency',
      );
    });
  });

  describe('trafficShift', () => {
    test("keeps the previous version's weight on the alias, the rest going to the new version", () => {
      const tf = synth((stack) => behindApi(stack, { trafficShift: { previousVersion: '7', previousVersionWeight: 0.9 } }));

      expect(only(tf, 'aws_lambda_alias')).toMatchObject({
        function_version: expect.stringMatching(/\.version\}$/),
        routing_config: { additional_version_weights: { '7': 0.9 } },
      });
    });
  });

  describe('async failures with aliases', () => {
    test("send each alias's failed invocations to the destination through an event invoke config of that alias", () => {
      const tf = synth((stack) => behindApi(stack, { asyncFailures: 'on-failure-destination' }));

      expect(only(tf, 'aws_lambda_function_event_invoke_config')).toEqual({
        function_name: expect.stringMatching(FUNCTION_NAME),
        qualifier: expect.stringMatching(ALIAS_V1),
        destination_config: { on_failure: { destination: expect.stringMatching(/^\$\{aws_sqs_queue\.fn_FailedInvocations_\w+\.arn\}$/) } },
      });
    });
  });
});

describe('checkAliasSettings', () => {
  test('accepts no aliases, and aliases with their options', () => {
    expect(() => [
      checkAliasSettings('w', { aliasPerStage: false }),
      checkAliasSettings('w', { aliasPerStage: true, provisionedConcurrency: 2, reservedConcurrency: 2, trafficShift: { previousVersion: '1', previousVersionWeight: 0 } }),
    ]).not.toThrow();
  });

  test('fails when provisionedConcurrency or trafficShift is given without aliasPerStage', () => {
    expect(() => checkAliasSettings('w', { aliasPerStage: false, provisionedConcurrency: 1, trafficShift: { previousVersion: '1', previousVersionWeight: 0.5 } })).toThrow(
      'w: provisionedConcurrency and trafficShift act on the stage aliases, and aliasPerStage is off; set aliasPerStage: true or remove them',
    );
  });

  test.each([0, 1.5])('fails when provisionedConcurrency is %p', (provisionedConcurrency) => {
    expect(() => checkAliasSettings('w', { aliasPerStage: true, provisionedConcurrency })).toThrow(
      `w: provisionedConcurrency ${provisionedConcurrency} must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}; Lambda provisions 1 or more`,
    );
  });

  test('fails when provisionedConcurrency is over reservedConcurrency', () => {
    expect(() => checkAliasSettings('w', { aliasPerStage: true, provisionedConcurrency: 6, reservedConcurrency: 5 })).toThrow(
      'w: provisionedConcurrency 6 must be a whole number from 1 to 5; provisioned concurrency fits within reservedConcurrency',
    );
  });

  test('fails when the previous version is not a published version number', () => {
    expect(() => checkAliasSettings('w', { aliasPerStage: true, trafficShift: { previousVersion: '$LATEST', previousVersionWeight: 0.5 } })).toThrow(
      `w: trafficShift previousVersion "$LATEST" is not a published version; use its number, such as '7'`,
    );
  });

  test.each([-0.1, 1.1, Number.NaN])('fails when the previous version weight is %p', (previousVersionWeight) => {
    expect(() => checkAliasSettings('w', { aliasPerStage: true, trafficShift: { previousVersion: '3', previousVersionWeight } })).toThrow(
      `w: trafficShift previousVersionWeight ${previousVersionWeight} must be from 0 to 1, the share of invocations the previous version keeps`,
    );
  });
});
