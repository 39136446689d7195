import { ApiGatewayAccountRole } from '../../src/constructs/api-gateway-account-role';
import { newStack, only, synth } from '../support/helpers';

describe('ApiGatewayAccountRole', () => {
  const tf = synth((stack) => new ApiGatewayAccountRole(stack, 'AccountRole'));

  test("sets the account's CloudWatch role once the role's policy exists", () => {
    expect(only(tf, 'aws_api_gateway_account')).toEqual({
      cloudwatch_role_arn: expect.stringMatching(/^\$\{aws_iam_role\.AccountRole_\w+\.arn\}$/),
      depends_on: [expect.stringMatching(/^aws_iam_role_policy\.AccountRole_Policy_\w+$/)],
    });
  });

  test('creates the role <prefix>-apigateway-cloudwatch, which only API Gateway may assume', () => {
    expect(only(tf, 'aws_iam_role')).toMatchObject({
      name: 'stack-apigateway-cloudwatch',
      assume_role_policy: expect.stringMatching(/^\$\{data\.aws_iam_policy_document\.AccountRole_TrustPolicy_\w+\.json\}$/),
    });
    const trust = Object.entries(tf.data.aws_iam_policy_document).find(([id]) => id.startsWith('AccountRole_TrustPolicy'))![1];
    expect(trust.statement).toEqual([
      { sid: 'ApiGatewayAssumesRole', effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['apigateway.amazonaws.com'] }] },
    ]);
  });

  test("lets the role do what AmazonAPIGatewayPushToCloudWatchLogs allows, on this account and region's log groups only", () => {
    const document = Object.entries(tf.data.aws_iam_policy_document).find(([id]) => id.startsWith('AccountRole_PolicyDocument'))![1];

    expect(document.statement).toEqual([
      {
        sid: 'WriteApiGatewayLogs',
        effect: 'Allow',
        actions: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:DescribeLogGroups',
          'logs:DescribeLogStreams',
          'logs:PutLogEvents',
          'logs:GetLogEvents',
          'logs:FilterLogEvents',
        ],
        resources: [
          'arn:${data.aws_partition.Partition.partition}:logs:${data.aws_region.Region.region}:${data.aws_caller_identity.CallerIdentity.account_id}:log-group:*',
        ],
      },
    ]);
  });

  test('takes a role name', () => {
    const named = synth((stack) => new ApiGatewayAccountRole(stack, 'AccountRole', { roleName: 'apigw-logs' }));

    expect(only(named, 'aws_iam_role').name).toBe('stack-apigw-logs');
  });

  test('is found from any construct of its stack', () => {
    const stack = newStack();
    const role = new ApiGatewayAccountRole(stack, 'AccountRole');

    expect(ApiGatewayAccountRole.of(stack)).toBe(role);
  });

  test('fails when the stack already has one', () => {
    const stack = newStack();
    new ApiGatewayAccountRole(stack, 'AccountRole');

    expect(() => new ApiGatewayAccountRole(stack, 'Again')).toThrow(
      /^stack\/Again: the stack already sets API Gateway's account role in stack\/AccountRole; it is one setting per account and region, so create it once$/,
    );
  });

  test('fails when the role name is not one IAM allows', () => {
    expect(() => new ApiGatewayAccountRole(newStack(), 'AccountRole', { roleName: 'a b' })).toThrow(/^stack\/AccountRole: role name "stack-a b" is not valid/);
  });
});
