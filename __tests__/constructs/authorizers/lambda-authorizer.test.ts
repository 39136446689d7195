import { TerraformStack } from 'cdktf';
import { LambdaAuthorizer, LambdaAuthorizerProps } from '../../../src/constructs/authorizers/lambda-authorizer';
import { LambdaIntegration } from '../../../src/constructs/integrations/lambda-integration';
import { api, handler, newStack, only, resources, synth } from '../../support/helpers';

/** An authorizer from `props` on an API (stage v1) whose GET / uses it. */
function authorized(stack: TerraformStack, props: Partial<LambdaAuthorizerProps> = {}): LambdaAuthorizer {
  const restApi = api(stack);
  const authorizer = new LambdaAuthorizer(stack, 'Auth', { api: restApi, handler: handler(stack, 'authorizer'), ...props });
  restApi.root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')), { authorizer });
  return authorizer;
}

const build = (props: Partial<LambdaAuthorizerProps>) => () => authorized(newStack(), props);

describe('LambdaAuthorizer', () => {
  describe('defaults', () => {
    const tf = synth((stack) => authorized(stack));

    test('is a TOKEN authorizer on the Authorization header that calls its function and caches answers 300 s', () => {
      expect(only(tf, 'aws_api_gateway_authorizer')).toEqual({
        rest_api_id: expect.stringMatching(/^\$\{aws_api_gateway_rest_api\.Api_RestApi_\w+\.id\}$/),
        name: 'Auth',
        type: 'TOKEN',
        authorizer_uri: expect.stringMatching(/^\$\{aws_lambda_function\.authorizer_Function_\w+\.invoke_arn\}$/),
        identity_source: 'method.request.header.Authorization',
        authorizer_result_ttl_in_seconds: 300,
      });
    });

    test("lets API Gateway invoke the function for this authorizer only: <execution_arn>/authorizers/<id>, from this account", () => {
      const permission = resources(tf, 'aws_lambda_permission').find((p) => p.source_arn.includes('/authorizers/'))!;

      expect(permission).toEqual({
        statement_id: expect.stringMatching(/^apigw-authorizer-[0-9a-f]{12}$/),
        action: 'lambda:InvokeFunction',
        function_name: expect.stringMatching(/^\$\{aws_lambda_function\.authorizer_Function_\w+\.arn\}$/),
        principal: 'apigateway.amazonaws.com',
        source_arn: expect.stringMatching(
          /^\$\{aws_api_gateway_rest_api\.Api_RestApi_\w+\.execution_arn\}\/authorizers\/\$\{aws_api_gateway_authorizer\.Auth_Authorizer_\w+\.id\}$/,
        ),
        source_account: '${data.aws_caller_identity.CallerIdentity.account_id}',
      });
    });

    test('is used by the method as CUSTOM authorization', () => {
      expect(only(tf, 'aws_api_gateway_method')).toMatchObject({
        authorization: 'CUSTOM',
        authorizer_id: expect.stringMatching(/^\$\{aws_api_gateway_authorizer\.Auth_Authorizer_\w+\.id\}$/),
      });
    });
  });

  test('a REQUEST authorizer reads several identity sources, comma-separated', () => {
    const tf = synth((stack) =>
      authorized(stack, { type: 'REQUEST', identitySources: ['method.request.header.X-Tenant', 'method.request.querystring.key', 'context.sourceIp'] }),
    );

    expect(only(tf, 'aws_api_gateway_authorizer')).toMatchObject({
      type: 'REQUEST',
      identity_source: 'method.request.header.X-Tenant,method.request.querystring.key,context.sourceIp',
    });
  });

  test('takes a token validation regex, a cache TTL of 0 and a name', () => {
    const tf = synth((stack) => authorized(stack, { tokenValidationRegex: '^Bearer .+$', resultsCacheTtlSeconds: 0, name: 'bearer' }));

    expect(only(tf, 'aws_api_gateway_authorizer')).toMatchObject({
      identity_validation_expression: '^Bearer .+$',
      authorizer_result_ttl_in_seconds: 0,
      name: 'bearer',
    });
  });

  test('changes the redeployment trigger when it changes', () => {
    const trigger = (ttl: number) => only(synth((stack) => authorized(stack, { resultsCacheTtlSeconds: ttl })), 'aws_api_gateway_deployment').triggers.redeployment;

    expect(trigger(60)).not.toBe(trigger(120));
  });

  test.each([-1, 3601, 1.5])('fails when resultsCacheTtlSeconds is %s', (ttl) => {
    expect(build({ resultsCacheTtlSeconds: ttl })).toThrow(
      new RegExp(`^stack/Auth: resultsCacheTtlSeconds ${ttl} must be a whole number from 0 to 3600; API Gateway caches answers up to 1 hour`),
    );
  });

  test('fails when a TOKEN authorizer reads more than one source', () => {
    expect(build({ identitySources: ['method.request.header.A', 'method.request.header.B'] })).toThrow(
      /^stack\/Auth: a TOKEN authorizer reads one header, but identitySources is \[method.request.header.A, method.request.header.B\]/,
    );
  });

  test('fails when a TOKEN authorizer reads something other than a header', () => {
    expect(build({ identitySources: ['method.request.querystring.token'] })).toThrow(/a TOKEN authorizer reads one header/);
  });

  test('fails when an identity source is not a mapping expression', () => {
    expect(build({ type: 'REQUEST', identitySources: ['Authorization'] })).toThrow(
      /^stack\/Auth: identity source "Authorization" is not valid; use "method.request.header.<name>"/,
    );
  });

  test('fails when a REQUEST authorizer caches answers without identity sources (CreateAuthorizer needs identitySource then)', () => {
    expect(build({ type: 'REQUEST', identitySources: [] })).toThrow(
      'stack/Auth: a REQUEST authorizer that caches answers (resultsCacheTtlSeconds 300) needs identity sources to key them, but identitySources is []; list at least one, such as "method.request.header.Authorization", or set resultsCacheTtlSeconds to 0',
    );
  });

  test('a REQUEST authorizer without identity sources is allowed when it does not cache', () => {
    expect(build({ type: 'REQUEST', identitySources: [], resultsCacheTtlSeconds: 0 })).not.toThrow();
  });

  test('fails when the type is neither TOKEN nor REQUEST', () => {
    expect(build({ type: 'COGNITO' as 'TOKEN' })).toThrow(/^stack\/Auth: type "COGNITO" is not valid; use 'TOKEN' or 'REQUEST'$/);
  });

  test('fails when a REQUEST authorizer has a token validation regex', () => {
    expect(build({ type: 'REQUEST', tokenValidationRegex: '.+' })).toThrow(/^stack\/Auth: tokenValidationRegex applies only to a TOKEN authorizer/);
  });

  test('fails when the token validation regex does not compile', () => {
    expect(build({ tokenValidationRegex: '([' })).toThrow(/^stack\/Auth: tokenValidationRegex "\(\[" is not a regular expression/);
  });
});
