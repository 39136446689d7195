import { PathSegment, resourcePathSegments } from '../apigw/paths';
import type { RouteModel } from '../model/stack-model';

/** A request matched to a route: the route, and the values of its path variables. */
export interface RouteMatch {
  readonly route: RouteModel;
  /**
   * Path variables as API Gateway passes them: still percent-encoded (`test%2Balias` stays so; recorded against AWS
   * in localstack/localstack test_apigateway_lambda.snapshot.json, "invocation-payload-with-path-encoded-email";
   * serverless/serverless#5037: `%40` arrives as `%40`); `{proxy+}` holds the rest of the path, inner `//` included.
   */
  readonly pathParameters: Record<string, string>;
}

// Specificity of one segment of a resource path: API Gateway prefers a literal to `{param}`, and `{param}` to `{proxy+}`.
const LITERAL = 2;
const VARIABLE = 1;
const GREEDY = 0;

interface Segment {
  readonly rank: number;
  /** The literal, or the variable's name. */
  readonly text: string;
}

interface Resource {
  readonly segments: Segment[];
  /** Routes of this resource by verb, `ANY` included. */
  readonly methods: Map<string, RouteModel>;
}

/**
 * Finds the route of a request as API Gateway does: first the most specific resource whose path matches
 * (segment by segment, literal > `{param}` > `{proxy+}`), then its method (the verb, else `ANY`). A resource
 * without the method does not fall back to a less specific one: the request gets 403.
 */
export class Router {
  private readonly resources: Resource[];
  /**
   * Resources of literal paths only, such as `/items`, looked up without a scan: a fast path to what the scan would
   * find, since a literal resource outranks every one with a variable. A mutant that only leaves this map empty or
   * misses it is equivalent (marked below); one that puts another resource in it is not (router.test.ts).
   */
  private readonly literal = new Map<string, Resource>();

  constructor(routes: readonly RouteModel[]) {
    const byPath = new Map<string, Resource>();
    for (const route of routes) {
      const resource = byPath.get(route.resourcePath) ?? { segments: parseResourcePath(route.resourcePath), methods: new Map() };
      resource.methods.set(route.httpMethod, route);
      byPath.set(route.resourcePath, resource);
    }
    // Most specific first, so the first resource that matches is the one API Gateway picks.
    this.resources = [...byPath.values()].sort((a, b) => compareSpecificity(b.segments, a.segments));
    // Stryker disable next-line BlockStatement: equivalent, an empty fast path
    for (const [path, resource] of byPath) {
      // Stryker disable next-line ConditionalExpression,ArrowFunction: equivalent as false, a literal resource left to the scan
      if (resource.segments.every((segment) => segment.rank === LITERAL)) this.literal.set(path, resource);
    }
  }

  /** The route for `httpMethod` on `path` (below the stage, such as `/items/7`), or undefined: 403 Missing Authentication Token. */
  public match(httpMethod: string, path: string): RouteMatch | undefined {
    const parts = splitPath(path);
    // Stryker disable next-line all: equivalent, a key that misses the fast path leaves the path to the scan
    const exact = parts.includes('') ? undefined : this.literal.get(parts.length === 0 ? '/' : `/${parts.join('/')}`);
    // Stryker disable next-line ConditionalExpression: equivalent as false, the scan finds the same resource
    if (exact) return methodOf(exact, httpMethod, {});
    for (const resource of this.resources) {
      const pathParameters = matchSegments(resource.segments, parts);
      if (pathParameters) return methodOf(resource, httpMethod, pathParameters);
    }
    return undefined;
  }
}

function methodOf(resource: Resource, httpMethod: string, pathParameters: Record<string, string>): RouteMatch | undefined {
  // HEAD is a verb of its own in API Gateway: a GET method does not answer it (only ANY or HEAD does).
  const route = resource.methods.get(httpMethod) ?? resource.methods.get('ANY');
  return route && { route, pathParameters };
}

function parseResourcePath(resourcePath: string): Segment[] {
  return resourcePathSegments(resourcePath).map(rankedSegment);
}

function rankedSegment(segment: PathSegment): Segment {
  if (segment.kind === 'literal') return { rank: LITERAL, text: segment.text };
  return { rank: segment.kind === 'greedy' ? GREEDY : VARIABLE, text: segment.name };
}

/**
 * The request path's segments, still encoded. One trailing slash is the same resource (`/items/` is `/items`); an
 * empty segment inside (`/a//b`) is kept, for only a `{proxy+}` takes it, as on API Gateway
 * ("invocation-payload-with-double-slash" in the recording above: `/proxy-value//double-slash` reaches `/{proxy+}`).
 */
function splitPath(path: string): string[] {
  const parts = path.split('/').slice(1);
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const pathParameters: Record<string, string> = {};
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index];
    if (segment.rank === GREEDY) {
      // `{proxy+}` needs at least one segment: `/` itself is not below it.
      if (index >= parts.length) return undefined;
      pathParameters[segment.text] = parts.slice(index).join('/');
      return pathParameters;
    }
    const part = parts[index];
    // Stryker disable next-line ConditionalExpression: equivalent as false, a path shorter than the resource fails the length check below
    if (part === undefined) return undefined;
    if (part === '') return undefined;
    if (segment.rank === LITERAL) {
      if (decode(part) !== segment.text) return undefined;
    } else {
      pathParameters[segment.text] = part;
    }
  }
  return segments.length === parts.length ? pathParameters : undefined;
}

function compareSpecificity(a: Segment[], b: Segment[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    if (a[index].rank !== b[index].rank) return a[index].rank - b[index].rank;
  }
  // Equal ranks as far as the shorter one goes: the two never match one path (a {proxy+} can only end a path, and a
  // path without one matches only paths of its length), so their order does not matter.
  return 0;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
