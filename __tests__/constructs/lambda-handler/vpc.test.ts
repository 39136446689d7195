import { Token } from 'cdktf';
import { checkVpc } from '../../../src/constructs/lambda-handler/vpc';
import { handler, newStack, only, synth, Synthesized } from '../../support/helpers';

const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'];
const GROUPS = ['sg-0123456789abcdef0'];
const EC2 = 'arn:${data.aws_partition.Partition.partition}:ec2:${data.aws_region.Region.region}:${data.aws_caller_identity.CallerIdentity.account_id}';
const roleStatements = (tf: Synthesized) =>
  Object.entries(tf.data.aws_iam_policy_document).find(([id]) => id.startsWith('fn_RolePolicyDocument'))![1].statement as Record<string, unknown>[];

describe('LambdaHandler in a VPC', () => {
  test('is not in a VPC by default, and its role has no EC2 rights', () => {
    const tf = synth((stack) => handler(stack, 'fn'));

    expect(only(tf, 'aws_lambda_function')).not.toHaveProperty('vpc_config');
    expect(roleStatements(tf).flatMap((statement) => statement.actions as string[]).filter((action) => action.startsWith('ec2:'))).toEqual([]);
  });

  test('places its network interfaces in the subnets and security groups it is given', () => {
    const tf = synth((stack) => handler(stack, 'fn', { vpcSubnetIds: SUBNETS, vpcSecurityGroupIds: GROUPS }));

    expect(only(tf, 'aws_lambda_function').vpc_config).toEqual({ subnet_ids: SUBNETS, security_group_ids: GROUPS });
  });

  test('lets the role manage network interfaces in those subnets and groups only, and describe them', () => {
    const tf = synth((stack) => handler(stack, 'fn', { vpcSubnetIds: SUBNETS, vpcSecurityGroupIds: GROUPS }));

    expect(roleStatements(tf).filter((statement) => String(statement.sid).includes('NetworkInterfaces'))).toEqual([
      {
        sid: 'ManageNetworkInterfaces',
        effect: 'Allow',
        actions: ['ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
        resources: [`${EC2}:network-interface/*`, `${EC2}:subnet/${SUBNETS[0]}`, `${EC2}:subnet/${SUBNETS[1]}`, `${EC2}:security-group/${GROUPS[0]}`],
      },
      // Describe actions have no resource type, so "*" is the only resource they take.
      { sid: 'DescribeNetworkInterfaces', effect: 'Allow', actions: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'], resources: ['*'] },
    ]);
  });

  test('scopes to every subnet and group of the account and region when the lists are known only at apply', () => {
    const subnets = Token.asList({ resolve: () => ['subnet-1'] });
    const groups = Token.asList({ resolve: () => ['sg-1'] });

    const tf = synth((stack) => handler(stack, 'fn', { vpcSubnetIds: subnets, vpcSecurityGroupIds: groups }));

    expect(roleStatements(tf).find((statement) => statement.sid === 'ManageNetworkInterfaces')!.resources).toEqual([
      `${EC2}:network-interface/*`,
      `${EC2}:subnet/*`,
      `${EC2}:security-group/*`,
    ]);
  });

  test('fails when only the subnets are given', () => {
    expect(() => handler(newStack(), 'fn', { vpcSubnetIds: SUBNETS })).toThrow(
      'stack/fn: a function in a VPC needs both vpcSubnetIds and vpcSecurityGroupIds, but vpcSecurityGroupIds is missing; give both or neither',
    );
  });

  test('fails when only the security groups are given', () => {
    expect(() => handler(newStack(), 'fn', { vpcSecurityGroupIds: GROUPS })).toThrow(/but vpcSubnetIds is missing; give both or neither$/);
  });
});

describe('checkVpc', () => {
  test('accepts neither, or both lists of ids, and ids known only at apply', () => {
    expect(() => [checkVpc('w', undefined, undefined), checkVpc('w', SUBNETS, GROUPS), checkVpc('w', [Token.asString({ resolve: () => 'x' })], GROUPS)]).not.toThrow();
  });

  test('fails when a subnet id does not look like one', () => {
    expect(() => checkVpc('w', ['subnet-XYZ'], GROUPS)).toThrow('w: vpcSubnetIds has "subnet-XYZ", which is not an id such as "subnet-0123456789abcdef0"');
  });

  test('fails when a security group id does not look like one', () => {
    expect(() => checkVpc('w', SUBNETS, ['group-1'])).toThrow('w: vpcSecurityGroupIds has "group-1", which is not an id such as "sg-0123456789abcdef0"');
  });

  test('fails when the subnet list is empty or has more than 16', () => {
    expect(() => checkVpc('w', [], GROUPS)).toThrow('w: vpcSubnetIds lists 0; Lambda takes 1 to 16');
    expect(() => checkVpc('w', Array.from({ length: 17 }, (_, i) => `subnet-${i}`), GROUPS)).toThrow('w: vpcSubnetIds lists 17; Lambda takes 1 to 16');
  });

  test('fails when there are more than 5 security groups', () => {
    expect(() => checkVpc('w', SUBNETS, Array.from({ length: 6 }, (_, i) => `sg-${i}`))).toThrow('w: vpcSecurityGroupIds lists 6; Lambda takes 1 to 5');
  });
});
