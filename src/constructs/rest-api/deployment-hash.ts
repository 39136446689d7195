import { createHash } from 'node:crypto';
import { IResolveContext, TerraformDataSource, TerraformResource, Token, Tokenization } from 'cdktf';
import { ANY_TOKEN_MARKER, LIST_TOKEN_MARKER } from '../cdktf-internals';

// The deployment's `triggers`: a hash of everything that defines the deployed API, so any change to a resource,
// method, integration or gateway response makes a new deployment (API Gateway serves a stage's last deployment,
// not the API's current state).

/** What defines the deployed API, and what must exist before a deployment is made. */
export class ApiDefinition {
  private readonly elements: (TerraformResource | TerraformDataSource)[] = [];
  /** Plain `type.name` addresses, as cdktf writes them for `dependsOn`. */
  public readonly deployAfter: string[] = [];

  /** Adds an element whose change must redeploy; `deployAfter` when API Gateway refuses to deploy without it. */
  public add(element: TerraformResource | TerraformDataSource, deployAfter = false): void {
    this.elements.push(element);
    if (deployAfter && element instanceof TerraformResource) {
      this.deployAfter.push(`${element.terraformResourceType}.${element.friendlyUniqueId}`);
    }
  }

  /** The SHA-1 of the resolved definition, for a Lazy value. */
  public hash(context: IResolveContext): string {
    // cdktf's first, "preparing" pass only looks for cross-stack references, and every element of the definition
    // shows its own in its own resolution; the value is thrown away.
    if (context.preparing) return '';
    const resolved = new Map<string, unknown>();
    const definition = this.elements.map((element) => resolveTokens(element.toTerraform(), context, resolved));
    return createHash('sha1').update(JSON.stringify(definition)).digest('hex');
  }
}

/**
 * `value` as `context.resolve(value)` gives it, for far less work: cdktf's resolver makes a context for every key
 * and value, tokens or not, while a definition repeats the same few strings (attribute names, the API's id, each
 * resource's id) thousands of times. Each distinct string is resolved once; lists, maps and objects that are
 * tokens themselves go to cdktf as they are.
 */
export function resolveTokens(value: unknown, context: IResolveContext, resolved = new Map<string, unknown>()): unknown {
  if (typeof value === 'string') {
    if (!resolved.has(value)) resolved.set(value, context.resolve(value));
    return resolved.get(value);
  }
  if (typeof value === 'number') return Token.isUnresolved(value) ? context.resolve(value) : value;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) {
    if (value.some((item) => (typeof item === 'string' && item.includes(LIST_TOKEN_MARKER)) || (typeof item === 'number' && Token.isUnresolved(item)))) {
      return context.resolve(value);
    }
    return value.map((item) => resolveTokens(item, context, resolved)).filter((item) => item !== undefined);
  }
  if (Tokenization.isResolvable(value) || Object.keys(value).some((key) => key.includes(ANY_TOKEN_MARKER))) return context.resolve(value);
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const resolvedItem = resolveTokens(item, context, resolved);
    if (resolvedItem !== undefined) result[resolveTokens(key, context, resolved) as string] = resolvedItem;
  }
  return result;
}
