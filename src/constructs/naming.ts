import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';

/** Context key that holds the prefix of every physical name in a stack (`ApiStack` sets it). */
export const NAME_PREFIX_CONTEXT = 'lambda-rest-api:namePrefix';

/**
 * The physical name of a resource: `${prefix}-${name}`, where the prefix comes from the stack's
 * `lambda-rest-api:namePrefix` context, or is the stack's id, so two stacks in one account never clash.
 */
export function physicalName(scope: IConstruct, name: string): string {
  const stack = TerraformStack.of(scope);
  const prefix = (stack.node.tryGetContext(NAME_PREFIX_CONTEXT) as string | undefined) ?? stack.node.id;
  return prefix ? `${prefix}-${name}` : name;
}
