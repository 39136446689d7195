import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ApiGatewayAccount } from '@cdktf/provider-aws/lib/api-gateway-account';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { logGroupArn } from './arn';
import { physicalName } from './naming';
import { checkProps, propsShape } from './props';
import { ValidationError } from '../apigw/errors';

export interface ApiGatewayAccountRoleProps {
  /**
   * Name of the role, after the stack's name prefix.
   * @default 'apigateway-cloudwatch'
   */
  readonly roleName?: string;
}

const ACCOUNT_ROLE_PROPS = propsShape<ApiGatewayAccountRoleProps>('ApiGatewayAccountRoleProps', { roleName: true });

export const DEFAULT_ACCOUNT_ROLE_NAME = 'apigateway-cloudwatch';

// What API Gateway does with the role: the actions of the AWS managed policy AmazonAPIGatewayPushToCloudWatchLogs
// (AWS managed policy reference), here scoped to this account's log groups instead of "*".
export const ACCOUNT_ROLE_LOG_ACTIONS = [
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:DescribeLogGroups',
  'logs:DescribeLogStreams',
  'logs:PutLogEvents',
  'logs:GetLogEvents',
  'logs:FilterLogEvents',
];

const accountRoleByStack = new WeakMap<TerraformStack, ApiGatewayAccountRole>();

/**
 * The role API Gateway uses to write execution and access logs to CloudWatch Logs, set in the account's API
 * Gateway settings (`aws_api_gateway_account`). Without it, a stage with logging fails to deploy with
 * "CloudWatch Logs role ARN must be set in account settings to enable logging".
 *
 * It is one setting per account and region, shared by every API there: create it in one stack only, and
 * only if nothing else (another stack, the console, AWS CDK's `cloudWatchRole`) manages it. Destroying the stack
 * resets the setting (hashicorp/aws 6.x always does, hashicorp/terraform-provider-aws#42226), which stops the
 * execution and access logs of every API in the account and region. The API's stages and method settings in
 * the same stack are created after it.
 */
export class ApiGatewayAccountRole extends Construct {
  /** The account-role in `scope`'s stack, if one was created there. */
  public static of(scope: IConstruct): ApiGatewayAccountRole | undefined {
    return accountRoleByStack.get(TerraformStack.of(scope));
  }

  public readonly roleArn: string;
  /** The `aws_api_gateway_account` resource, for `dependsOn`. */
  public readonly account: ApiGatewayAccount;

  constructor(scope: Construct, id: string, props: ApiGatewayAccountRoleProps = {}) {
    super(scope, id);
    checkProps(this.node.path, props, ACCOUNT_ROLE_PROPS);
    const stack = TerraformStack.of(this);
    const existing = accountRoleByStack.get(stack);
    if (existing) {
      throw new ValidationError(
        `${this.node.path}: the stack already sets API Gateway's account role in ${existing.node.path}; it is one setting per account and region, so create it once`,
      );
    }
    accountRoleByStack.set(stack, this);
    const roleName = physicalName(this, props.roleName ?? DEFAULT_ACCOUNT_ROLE_NAME);
    if (!/^[\w+=,.@-]{1,64}$/.test(roleName)) {
      throw new ValidationError(`${this.node.path}: role name "${roleName}" is not valid; IAM allows 1 to 64 letters, digits and "+=,.@_-"`);
    }

    const trust = new DataAwsIamPolicyDocument(this, 'TrustPolicy', {
      statement: [
        {
          sid: 'ApiGatewayAssumesRole',
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          // No aws:SourceAccount condition: AWS documents none for this role (AWS::ApiGateway::Account example),
          // and a condition API Gateway does not send would silently stop every API's logs.
          principals: [{ type: 'Service', identifiers: ['apigateway.amazonaws.com'] }],
        },
      ],
    });
    const role = new IamRole(this, 'Role', {
      name: roleName,
      description: 'Lets API Gateway write the execution and access logs of every REST API in this account and region',
      assumeRolePolicy: trust.json,
    });
    const document = new DataAwsIamPolicyDocument(this, 'PolicyDocument', {
      statement: [
        {
          sid: 'WriteApiGatewayLogs',
          effect: 'Allow',
          actions: ACCOUNT_ROLE_LOG_ACTIONS,
          // Every API of the account and region logs through this one role, to log groups it names itself.
          resources: [logGroupArn(this, '*')],
        },
      ],
    });
    const policy = new IamRolePolicy(this, 'Policy', { role: role.id, name: 'push-to-cloudwatch-logs', policy: document.json });
    this.roleArn = role.arn;
    // API Gateway checks the role when the setting is made, so the policy must be attached first.
    this.account = new ApiGatewayAccount(this, 'Account', { cloudwatchRoleArn: this.roleArn, dependsOn: [policy] });
  }
}
