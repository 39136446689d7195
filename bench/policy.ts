import { PolicyStatement, policyBytes, policyStatement, WORST_CASE_ARN_PARTS } from '../src/constructs/lambda-handler/invoke-permissions';

// Each function's Lambda resource policy as its synthesized permissions would render it (GetPolicy), with every
// part that is known only at apply at its longest, so the sizes are upper bounds in any account and region.

export { policyBytes };

/** The longest name Lambda allows a function (64 characters): what a generated or unknown name may take. */
const LONGEST_FUNCTION_NAME = 'f'.repeat(64);
/** The longest statement id Lambda allows (100 characters): CloudFormation generates one from the stack and logical id. */
const LONGEST_STATEMENT_ID = 's'.repeat(100);

const { partition, region, account, apiId } = WORST_CASE_ARN_PARTS;
const functionArn = (name: string) => `arn:${partition}:lambda:${region}:${account}:function:${name}`;

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
    const statements = policies.get(target[1]) ?? [];
    statements.push(
      policyStatement({
        statementId: permission.statement_id,
        principal: permission.principal,
        action: permission.action,
        functionArn: functionArn(typeof name === 'string' && !name.includes('${') ? name : LONGEST_FUNCTION_NAME),
        sourceAccount: permission.source_account && worstTerraformValue(address, permission.source_account),
        sourceArn: permission.source_arn && worstTerraformValue(address, permission.source_arn),
      }),
    );
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
    const worst = (value: unknown) => (value === undefined ? undefined : worstCloudFormationValue(logicalId, value, resources));
    const statements = policies.get(target) ?? [];
    statements.push(
      policyStatement({
        statementId: LONGEST_STATEMENT_ID,
        principal: properties.Principal,
        action: properties.Action,
        functionArn: functionArn(LONGEST_FUNCTION_NAME),
        sourceAccount: worst(properties.SourceAccount),
        sourceArn: worst(properties.SourceArn),
      }),
    );
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
