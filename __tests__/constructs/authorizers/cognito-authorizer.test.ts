import { TerraformStack } from 'cdktf';
import { CognitoAuthorizer, CognitoAuthorizerProps } from '../../../src/constructs/authorizers/cognito-authorizer';
import { LambdaIntegration } from '../../../src/constructs/integrations/lambda-integration';
import { api, handler, newStack, only, resources, synth } from '../../support/helpers';

const POOL = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123';

function authorized(stack: TerraformStack, props: Partial<CognitoAuthorizerProps> = {}, scopes?: string[]): CognitoAuthorizer {
  const restApi = api(stack);
  const authorizer = new CognitoAuthorizer(stack, 'Users', { api: restApi, userPoolArns: [POOL], ...props });
  restApi.root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')), { authorizer, authorizationScopes: scopes });
  return authorizer;
}

const build = (props: Partial<CognitoAuthorizerProps>) => () => authorized(newStack(), props);

describe('CognitoAuthorizer', () => {
  test('accepts tokens of the user pools in the Authorization header, caching verdicts 300 s, and needs no invoke permission', () => {
    const tf = synth((stack) => authorized(stack));

    expect(only(tf, 'aws_api_gateway_authorizer')).toEqual({
      rest_api_id: expect.stringMatching(/^\$\{aws_api_gateway_rest_api\.Api_RestApi_\w+\.id\}$/),
      name: 'Users',
      type: 'COGNITO_USER_POOLS',
      provider_arns: [POOL],
      identity_source: 'method.request.header.Authorization',
      authorizer_result_ttl_in_seconds: 300,
    });
    expect(resources(tf, 'aws_lambda_permission').filter((p) => p.source_arn.includes('/authorizers/'))).toEqual([]);
  });

  test('is used by the method as COGNITO_USER_POOLS authorization, with OAuth scopes', () => {
    const tf = synth((stack) => authorized(stack, {}, ['items/read']));

    expect(only(tf, 'aws_api_gateway_method')).toMatchObject({
      authorization: 'COGNITO_USER_POOLS',
      authorizer_id: expect.stringMatching(/^\$\{aws_api_gateway_authorizer\.Users_Authorizer_\w+\.id\}$/),
      authorization_scopes: ['items/read'],
    });
  });

  test('takes another header, a TTL and a name', () => {
    const tf = synth((stack) => authorized(stack, { identitySource: 'method.request.header.X-Id-Token', resultsCacheTtlSeconds: 3600, name: 'staff' }));

    expect(only(tf, 'aws_api_gateway_authorizer')).toMatchObject({
      identity_source: 'method.request.header.X-Id-Token',
      authorizer_result_ttl_in_seconds: 3600,
      name: 'staff',
    });
  });

  test('fails when no user pool is given', () => {
    expect(build({ userPoolArns: [] })).toThrow(/^stack\/Users: userPoolArns is empty; pass the ARN of at least one Cognito user pool$/);
  });

  test('fails when a user pool ARN is not one', () => {
    expect(build({ userPoolArns: ['eu-west-1_AbCdEf123'] })).toThrow(/^stack\/Users: "eu-west-1_AbCdEf123" is not a Cognito user pool ARN/);
  });

  test('fails when the identity source is not a header', () => {
    expect(build({ identitySource: 'method.request.querystring.token' })).toThrow(/^stack\/Users: a TOKEN authorizer reads one header/);
  });

  test('fails when the TTL is above 3600', () => {
    expect(build({ resultsCacheTtlSeconds: 7200 })).toThrow(/^stack\/Users: resultsCacheTtlSeconds 7200 must be a whole number from 0 to 3600/);
  });
});
