import { ValidationError } from './errors';

// The grammar of a REST API resource path: literal parts of letters, digits and `:._-`, or a variable `{name}`,
// or a greedy variable `{name+}` that matches the rest of the path (the rule aws-cdk's `Resource` enforces, which
// matches what CreateResource accepts; "Set up a proxy integration with a proxy resource" for `{proxy+}`).
// Every reader and writer of a path variable goes through this file.

const LITERAL_PART = /^[A-Za-z0-9:._-]+$/;
const VARIABLE_PART = /^\{([A-Za-z0-9:._-]+)(\+?)\}$/;
/** A path variable anywhere in a resource path, greedy or not. */
const ANY_VARIABLE = /\{[A-Za-z0-9:._-]+\+?\}/g;

/** One part of a resource path: a literal, a variable (`{id}`) or a greedy variable (`{proxy+}`). */
export type PathSegment =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'variable' | 'greedy'; readonly name: string };

/** What a path part declares: its variable's name, if it is one, and whether that variable is greedy. */
export interface PathPart {
  readonly variable?: string;
  readonly greedy: boolean;
}

/** Reads one path part, or fails with the construct path, the part and the fix. */
export function parsePathPart(where: string, part: string): PathPart {
  if (part.includes('/')) {
    throw new ValidationError(`${where}: path part "${part}" must not contain "/"; use resourceForPath('${part}') for nested paths`);
  }
  const segment = pathSegment(part);
  if (segment) return segment.kind === 'literal' ? { greedy: false } : { variable: segment.name, greedy: segment.kind === 'greedy' };
  throw new ValidationError(
    `${where}: path part "${part}" is not valid; use letters, digits, ":", ".", "_" and "-", or a variable such as "{id}" or "{proxy+}"`,
  );
}

/** One path part as a segment, or undefined when API Gateway would refuse it. */
export function pathSegment(part: string): PathSegment | undefined {
  if (LITERAL_PART.test(part)) return { kind: 'literal', text: part };
  const variable = VARIABLE_PART.exec(part);
  if (!variable) return undefined;
  return { kind: variable[2] === '+' ? 'greedy' : 'variable', name: variable[1] };
}

/**
 * The segments of a resource path such as `/items/{id}` (none for `/`). A part outside the grammar, which only a
 * hand-written stack can hold, reads as a literal, so the path still matches itself.
 */
export function resourcePathSegments(resourcePath: string): PathSegment[] {
  return resourcePath
    .split('/')
    .filter((part) => part !== '')
    .map((part) => pathSegment(part) ?? { kind: 'literal', text: part });
}

/** The path of a child resource: `/items` below `/`, `/items/{id}` below `/items`. */
export function childPath(parentPath: string, pathPart: string): string {
  return parentPath === '/' ? `/${pathPart}` : `${parentPath}/${pathPart}`;
}

/** A resource path with every path variable (`{id}`, `{proxy+}`) replaced by what `replace` gives for it. */
export function replacePathVariables(resourcePath: string, replace: (variable: string, greedy: boolean) => string): string {
  return resourcePath.replace(ANY_VARIABLE, (part) => {
    const segment = pathSegment(part) as Extract<PathSegment, { name: string }>;
    return replace(segment.name, segment.kind === 'greedy');
  });
}

/** A resource path as execute-api ARNs match it: every path variable becomes `*`. */
export function pathPattern(resourcePath: string): string {
  return replacePathVariables(resourcePath, () => '*');
}
