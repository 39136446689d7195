import { WORST_CASE_ARN_PARTS } from '../src/invoke-permissions';

// Each function's Lambda resource policy as its synthesized permissions would render it (GetPolicy), with every
// part that is known only at apply at its longest, so the sizes are upper bounds in any account and region.

/** One statement of a Lambda resource policy, as GetPolicy returns it. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal: { readonly Service: string };
  readonly Action: string;
  readonly Resource: string;
  readonly Condition: Record<string, Record<string, string>>;
}

/** The longest name Lambda allows a function (64 characters): what a generated or unknown name may take. */
const LONGEST_FUNCTION_NAME = 'f'.repeat(64);
/** The longest statement id Lambda allows (100 characters): CloudFormation generates one from the stack and logical id. */
const LONGEST_STATEMENT_ID = 's'.repeat(100);

const { partition, region, account, apiId } = WORST_CASE_ARN_PARTS;
const functionArn = (name: string) => `arn:${partition}:lambda:${region}:${account}:function:${name}`;

/** The bytes of a policy holding `statements`, as Lambda stores it. */
export function policyBytes(statements: readonly PolicyStatement[]): number {
  return Buffer.byteLength(JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements }));
}

/** The largest policy of `policies` (by function): its bytes and its number of statements. */
export function largestPolicy(policies: ReadonlyMap<string, PolicyStatement[]>): { bytes: number; statements: number } {
  let largest = { bytes: 0, statements: 0 };
  for (const statements of policies.values()) {
    const bytes = policyBytes(statements);
    if (bytes > largest.bytes) largest = { bytes, statements: statements.length };
  }
  return largest;
}

type Block = Record<string, any>;

/** The resource policy of each function of a synthesized `cdk.tf.json`, keyed by the function's resource name. */
export function terraformPolicies(tf: { resource?: Record<string, Record<string, Block>> }): Map<string, PolicyStatement[]> {
  const functions = tf.resource?.aws_lambda_function ?? {};
  const policies = new Map<string, PolicyStatement[]>();
  for (const [address, permission] of Object.entries(tf.resource?.aws_lambda_permission ?? {})) {
    const target = /^\$\{aws_lambda_function\.([^.}]+)\.(function_name|arn)\}$/.exec(permission.function_name);
    if (!target) throw new Error(`aws_lambda_permission.${address}: function_name ${permission.function_name} names no aws_lambda_function`);
    const name = functions[target[1]]?.function_name;
    const condition: Record<string, Record<string, string>> = {};
    if (permission.source_account) condition.StringEquals = { 'AWS:SourceAccount': worstTerraformValue(address, permission.source_account) };
    if (permission.source_arn) condition.ArnLike = { 'AWS:SourceArn': worstTerraformValue(address, permission.source_arn) };
    const statements = policies.get(target[1]) ?? [];
    statements.push({
      Sid: permission.statement_id,
      Effect: 'Allow',
      Principal: { Service: permission.principal },
      Action: permission.action,
      Resource: functionArn(typeof name === 'string' && !name.includes('${') ? name : LONGEST_FUNCTION_NAME),
      Condition: condition,
    });
    policies.set(target[1], statements);
  }
  return policies;
}

/** `value` with the references a permission may hold replaced by their longest values. */
function worstTerraformValue(address: string, value: string): string {
  const worst = value
    .replace(/\$\{aws_api_gateway_rest_api\.[^.}]+\.execution_arn\}/g, `arn:${partition}:execute-api:${region}:${account}:${apiId}`)
    .replace(/\$\{data\.aws_caller_identity\.[^.}]+\.account_id\}/g, account);
  if (worst.includes('${')) throw new Error(`aws_lambda_permission.${address}: no longest value known for ${value}`);
  return worst;
}

/** The resource policy of each function of a synthesized CloudFormation template, keyed by the function's logical id. */
export function cloudFormationPolicies(template: { Resources?: Record<string, Block> }): Map<string, PolicyStatement[]> {
  const resources = template.Resources ?? {};
  const policies = new Map<string, PolicyStatement[]>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::Lambda::Permission') continue;
    const properties = resource.Properties;
    const target = properties.FunctionName?.['Fn::GetAtt']?.[0];
    if (typeof target !== 'string') throw new Error(`${logicalId}: FunctionName ${JSON.stringify(properties.FunctionName)} names no function`);
    const condition: Record<string, Record<string, string>> = {};
    if (properties.SourceAccount) condition.StringEquals = { 'AWS:SourceAccount': worstCloudFormationValue(logicalId, properties.SourceAccount, resources) };
    if (properties.SourceArn) condition.ArnLike = { 'AWS:SourceArn': worstCloudFormationValue(logicalId, properties.SourceArn, resources) };
    const statements = policies.get(target) ?? [];
    statements.push({
      Sid: LONGEST_STATEMENT_ID,
      Effect: 'Allow',
      Principal: { Service: properties.Principal },
      Action: properties.Action,
      Resource: functionArn(LONGEST_FUNCTION_NAME),
      Condition: condition,
    });
    policies.set(target, statements);
  }
  return policies;
}

/** A CloudFormation value (a string, `Ref` or `Fn::Join`) with what is known only at deploy at its longest. */
function worstCloudFormationValue(logicalId: string, value: unknown, resources: Record<string, Block>): string {
  if (typeof value === 'string') return value;
  const intrinsic = value as Block;
  if (intrinsic['Fn::Join']) {
    const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => worstCloudFormationValue(logicalId, part, resources)).join(separator);
  }
  const ref = intrinsic.Ref;
  if (ref === 'AWS::Partition') return partition;
  if (ref === 'AWS::Region') return region;
  if (ref === 'AWS::AccountId') return account;
  const target = typeof ref === 'string' ? resources[ref] : undefined;
  if (target?.Type === 'AWS::ApiGateway::RestApi') return apiId;
  if (target?.Type === 'AWS::ApiGateway::Stage') return target.Properties.StageName;
  throw new Error(`${logicalId}: no longest value known for ${JSON.stringify(value)}`);
}
