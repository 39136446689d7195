import { Token } from 'cdktf';
import { Construct } from 'constructs';
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { ec2Arn } from '../arn';
import { ValidationError } from '../../apigw/errors';
import { MAX_LAMBDA_VPC_SECURITY_GROUPS, MAX_LAMBDA_VPC_SUBNETS } from '../../apigw/limits';

// A handler in a VPC: the subnets and security groups of its network interfaces, and the EC2 rights Lambda uses,
// through the function's role, to create and remove them ("Giving Lambda functions access to resources in an Amazon
// VPC": the actions of AWSLambdaVPCAccessExecutionRole).

/** What Lambda does to a function's network interfaces, scoped to them, the function's subnets and security groups. */
export const VPC_INTERFACE_ACTIONS = ['ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'];
/** Describe actions have no resource type (IAM service authorization reference for EC2), so they name "*". */
export const VPC_DESCRIBE_ACTIONS = ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'];

export function checkVpc(where: string, subnetIds: readonly string[] | undefined, securityGroupIds: readonly string[] | undefined): void {
  if ((subnetIds === undefined) !== (securityGroupIds === undefined)) {
    const missing = subnetIds === undefined ? 'vpcSubnetIds' : 'vpcSecurityGroupIds';
    throw new ValidationError(`${where}: a function in a VPC needs both vpcSubnetIds and vpcSecurityGroupIds, but ${missing} is missing; give both or neither`);
  }
  if (subnetIds === undefined || securityGroupIds === undefined) return;
  checkIds(where, 'vpcSubnetIds', subnetIds, /^subnet-[0-9a-f]+$/, MAX_LAMBDA_VPC_SUBNETS, 'subnet-0123456789abcdef0');
  checkIds(where, 'vpcSecurityGroupIds', securityGroupIds, /^sg-[0-9a-f]+$/, MAX_LAMBDA_VPC_SECURITY_GROUPS, 'sg-0123456789abcdef0');
}

function checkIds(where: string, what: string, ids: readonly string[], pattern: RegExp, max: number, example: string): void {
  if (Token.isUnresolved(ids)) return;
  if (ids.length === 0 || ids.length > max) {
    throw new ValidationError(`${where}: ${what} lists ${ids.length}; Lambda takes 1 to ${max}`);
  }
  for (const id of ids) {
    if (!Token.isUnresolved(id) && !pattern.test(id)) throw new ValidationError(`${where}: ${what} has "${id}", which is not an id such as "${example}"`);
  }
}

/** The role statements a function in these subnets and security groups needs. */
export function vpcStatements(scope: Construct, subnetIds: string[], securityGroupIds: string[]): DataAwsIamPolicyDocumentStatement[] {
  const each = (ids: string[], type: string) => (Token.isUnresolved(ids) ? [ec2Arn(scope, `${type}/*`)] : ids.map((id) => ec2Arn(scope, `${type}/${id}`)));
  return [
    {
      sid: 'ManageNetworkInterfaces',
      effect: 'Allow',
      actions: VPC_INTERFACE_ACTIONS,
      resources: [ec2Arn(scope, 'network-interface/*'), ...each(subnetIds, 'subnet'), ...each(securityGroupIds, 'security-group')],
    },
    { sid: 'DescribeNetworkInterfaces', effect: 'Allow', actions: VPC_DESCRIBE_ACTIONS, resources: ['*'] },
  ];
}
