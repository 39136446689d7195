import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';

// ARNs that no resource attribute gives are built here, from the partition and account the provider
// runs in, so no `arn:aws:` literal pins the code to one partition.

/** The stack's one data source of `type`, with id `id`, created on first use. */
function stackDataSource<T extends Construct>(scope: Construct, type: new (scope: Construct, id: string) => T, id: string): T {
  const stack = TerraformStack.of(scope);
  return (stack.node.tryFindChild(id) as T | undefined) ?? new type(stack, id);
}

/** The partition the provider runs in, from the stack's one `aws_partition` data source. */
export function partitionOf(scope: Construct): string {
  return stackDataSource(scope, DataAwsPartition, 'Partition').partition;
}

/** The account the provider runs in, from the stack's one `aws_caller_identity` data source. */
export function accountIdOf(scope: Construct): string {
  return stackDataSource(scope, DataAwsCallerIdentity, 'CallerIdentity').accountId;
}

/** ARN of an S3 bucket, or of the objects matching `keyPattern` inside it (S3 ARNs carry no region or account). */
export function s3Arn(scope: Construct, bucketName: string, keyPattern?: string): string {
  const bucket = `arn:${partitionOf(scope)}:s3:::${bucketName}`;
  return keyPattern === undefined ? bucket : `${bucket}/${keyPattern}`;
}

/** The provider's region, from the stack's one `aws_region` data source. */
export function regionOf(scope: Construct): string {
  return stackDataSource(scope, DataAwsRegion, 'Region').region;
}

/** ARN of the log groups matching `namePattern` (such as `*`) in the provider's account and region. */
export function logGroupArn(scope: Construct, namePattern: string): string {
  return `arn:${partitionOf(scope)}:logs:${regionOf(scope)}:${accountIdOf(scope)}:log-group:${namePattern}`;
}

/** The account's root principal, `arn:<partition>:iam::<account>:root`: in a key policy, it lets IAM policies of the account grant use of the key. */
export function accountRootArn(scope: Construct): string {
  return `arn:${partitionOf(scope)}:iam::${accountIdOf(scope)}:root`;
}

/** ARN of EC2 resources of the provider's account and region, such as `network-interface/*` or `subnet/<id>`. */
export function ec2Arn(scope: Construct, resource: string): string {
  return `arn:${partitionOf(scope)}:ec2:${regionOf(scope)}:${accountIdOf(scope)}:${resource}`;
}

/** The regional service principal of CloudWatch Logs, `logs.<region>.amazonaws.com`, which encrypts log groups with KMS keys. */
export function logsServicePrincipal(scope: Construct): string {
  return `logs.${regionOf(scope)}.amazonaws.com`;
}
