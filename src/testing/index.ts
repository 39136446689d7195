import { arnLike, requestArn } from '../apigw/arns';
import { ANY_VERBS } from '../apigw/http-methods';
import { methodKey, parseMethodKey } from '../apigw/method-keys';
import { replacePathVariables } from '../apigw/paths';
import { describeCaching, describeThrottle, functionOf, qualifiedName, routeTable, sortedRoutes } from '../model/route-table';
import { parseStack, readStack, readStackJson, terraformBlocks, terraformTypes } from '../model/stack-model';
import { keepCaptures, matchValue } from './match';
import type { ApiModel, FunctionModel, PermissionModel, RouteModel, StackModel } from '../model/stack-model';

// Jest matchers for a synthesized stack: `import 'lambda-rest-api/testing'` in a jest setup file adds them
// to `expect`, or `expect.extend(matchers)` does it by hand. Each takes what `Testing.synth(stack)` returns
// (the Terraform JSON as a string), its parse, or a stack folder such as `cdktf.out/stacks/prod`.

/** What `toHaveRoute` checks besides the method and path; each field left out is not checked. */
export interface RouteExpectation {
  /** The function the integration invokes: its name (`items-prod-get-item`) or its construct id (`get-item`). */
  readonly function?: unknown;
  /** The integration type: `AWS_PROXY`, `AWS`, `HTTP`, `HTTP_PROXY` or `MOCK`. */
  readonly integration?: unknown;
  /** `NONE`, `AWS_IAM`, `CUSTOM` or `COGNITO_USER_POOLS`. */
  readonly authorization?: unknown;
  readonly apiKeyRequired?: unknown;
}

export interface ThrottleExpectation {
  readonly rateLimit?: unknown;
  readonly burstLimit?: unknown;
}

export interface CacheExpectation {
  readonly ttlSeconds?: unknown;
  readonly encrypted?: unknown;
}

/** A synthesized stack as the matchers take it. */
export type SynthesizedStack = string | object;

type MatcherContext = jest.MatcherContext;
type MatcherResult = jest.CustomMatcherResult;

// Tests usually run several matchers on one synth: parse each string once.
let lastParsed: { source: string; model: StackModel } | undefined;

/** The stack model of what a matcher received, or a message saying what it should have been. */
function modelOf(received: unknown): StackModel | string {
  if (typeof received === 'object' && received !== null) return parseStack(received);
  if (typeof received !== 'string') {
    return `expected the Terraform JSON of a stack (Testing.synth(stack)) or a stack folder, but received ${typeof received}`;
  }
  if (lastParsed?.source === received) return lastParsed.model;
  try {
    const model = received.trimStart().startsWith('{') ? parseStack(received) : readStack(received);
    lastParsed = { source: received, model };
    return model;
  } catch (error) {
    return `could not read the stack: ${(error as Error).message}`;
  }
}

/** `GET /items/{id}` → its method and path, upper-casing the method as API Gateway does. */
function parseRoute(route: string): { httpMethod: string; path: string } {
  return parseMethodKey('lambda-rest-api/testing', route);
}

function routesMatching(model: StackModel, httpMethod: string, path: string): { api: ApiModel; route: RouteModel }[] {
  return model.apis.flatMap((api) =>
    api.routes.filter((route) => route.httpMethod === httpMethod && route.resourcePath === path).map((route) => ({ api, route })),
  );
}

/** The route `routeKey` (`'GET /items'`) names, as `GET /items`, and where the stack has it; a route it lacks is unusable. */
function existingRoutes(model: StackModel, routeKey: string): { name: string; found: { api: ApiModel; route: RouteModel }[] } {
  const { httpMethod, path } = parseRoute(routeKey);
  const name = methodKey(httpMethod, path);
  const found = routesMatching(model, httpMethod, path);
  if (found.length === 0) return unusable(`expected the stack to have the route ${name}, but it has:\n${routeList(model)}`);
  return { name, found };
}

function routeList(model: StackModel): string {
  return model.apis.length === 0 ? '(no REST API in this stack)' : routeTable(model).trimEnd();
}

/** A function's name (`items-prod-get-item`) or its `LambdaHandler`'s construct id (`get-item`). */
function functionIs(context: MatcherContext, fn: FunctionModel | undefined, expected: unknown): boolean {
  if (!fn) return context.equals(undefined, expected);
  return [fn.functionName, ...handlerIds(fn)].some((name) => context.equals(name, expected));
}

/**
 * What the handler's construct id may be. `Testing.synth` leaves out the construct paths, so it is read from
 * the address cdktf gives the function, `<scopes and id joined by _>_Function_<hash>`: every `_`-separated tail.
 */
function handlerIds(fn: FunctionModel): string[] {
  if (fn.constructPath) return fn.constructPath.split('/').slice(-2, -1);
  const match = /^aws_lambda_function\.(.+)_Function_[0-9A-F]{8}$/.exec(fn.address);
  if (!match) return [];
  const parts = match[1].split('_');
  return parts.map((_, i) => parts.slice(i).join('_'));
}

/** Input that proves nothing either way (unreadable, or no such route) fails with and without `.not`. */
function unusable(message: string): never {
  throw new Error(message);
}

/**
 * The execute-api ARNs of requests a route answers, as API Gateway signs them when it invokes the function:
 * the real verb (every verb for `ANY`), and a sample value for each path variable (two segments for a
 * greedy one), so that only a wildcard covers it.
 */
function requestArns(api: ApiModel, route: RouteModel): string[] {
  const verbs = route.httpMethod === 'ANY' ? ANY_VERBS : [route.httpMethod];
  const greedySamples = route.resourcePath.includes('+}') ? ['sample-a', 'sample-a/sample-b'] : ['sample-a'];
  const paths = greedySamples.map((greedy) => replacePathVariables(route.resourcePath, (_, isGreedy) => (isGreedy ? greedy : 'sample-value')));
  const apiExecutionArn = `\${${api.address}.execution_arn}`;
  return verbs.flatMap((verb) => paths.map((path) => requestArn(apiExecutionArn, api.stage.name, verb, path)));
}

/**
 * An `apigateway.amazonaws.com` permission to invoke what the route calls (the function, or the alias it names: each
 * alias has its own resource policy), whose source ARN (if any) matches every one of `arns`.
 */
function covers(permission: PermissionModel, route: RouteModel, arns: string[]): boolean {
  const invokes = ['lambda:InvokeFunction', 'lambda:*'].includes(permission.action) && permission.principal === 'apigateway.amazonaws.com';
  const samePolicy = permission.qualifier === route.integration.qualifier;
  return invokes && samePolicy && arns.every((arn) => permission.sourceArn === undefined || arnLike(permission.sourceArn, arn));
}

/** IAM's `ArnLike` match of a permission's source ARN, as `toGrantInvoke` uses it. */
export { arnLike } from '../apigw/arns';
export { Capture, Match } from './match';

/** A resource or data source type: its name (`aws_lambda_function`), or its cdktf class (`LambdaFunction`), as cdktf's own matchers take it. */
export type TerraformType = string | { readonly tfResourceType: string };

/**
 * The Terraform JSON of what a matcher received (a string, its parse, or a stack folder), or a message saying
 * what it should have been.
 */
function terraformOf(received: unknown): string | object | { problem: string } {
  if (typeof received === 'object' && received !== null) return received;
  if (typeof received !== 'string') return { problem: `expected the Terraform JSON of a stack (Testing.synth(stack)) or a stack folder, but received ${typeof received}` };
  if (received.trimStart().startsWith('{')) return received;
  try {
    return readStackJson(received);
  } catch (error) {
    return { problem: `could not read the stack: ${(error as Error).message}` };
  }
}

function typeName(type: TerraformType): string {
  return typeof type === 'string' ? type : type.tfResourceType;
}

/** `toHaveResourceLike` and `toHaveDataSourceLike`: some block of the type matches `properties`, partially. */
function blockMatcher(context: MatcherContext, kind: 'resource' | 'data', received: unknown, type: TerraformType, properties: Record<string, unknown>): MatcherResult {
  const terraform = terraformOf(received);
  if (typeof terraform === 'object' && 'problem' in terraform) return unusable(String(terraform.problem));
  const name = typeName(type);
  const what = kind === 'data' ? 'data source' : 'resource';
  let blocks;
  try {
    blocks = terraformBlocks(terraform, kind, name);
  } catch (error) {
    return unusable(`could not read the stack: ${(error as Error).message}`);
  }
  const results = blocks.map((block) => ({ block, result: matchValue(properties, block.properties) }));
  const matched = results.filter(({ result }) => result.mismatches.length === 0);
  keepCaptures(results.map(({ result }) => result), matched.map(({ result }) => result));
  const wanted = `${what} ${name}${Object.keys(properties).length ? ` with ${context.utils.printExpected(properties)}` : ''}`;
  if (matched.length > 0) {
    return { pass: true, message: () => `expected no ${wanted}, but ${matched.map(({ block }) => block.address).join(', ')} ${matched.length === 1 ? 'matches' : 'match'}` };
  }
  if (blocks.length === 0) {
    const types = terraformTypes(terraform, kind);
    return { pass: false, message: () => `expected a ${wanted}, but the stack has no ${name}; its ${what} types are: ${types.join(', ') || '(none)'}` };
  }
  // The block that came closest: the fewest mismatches.
  const closest = [...results].sort((a, b) => a.result.mismatches.length - b.result.mismatches.length)[0];
  const lines = closest.result.mismatches.slice(0, 8).map((mismatch) => `  ${mismatch.path}: ${mismatch.message}`);
  const more = closest.result.mismatches.length > 8 ? `\n  ...and ${closest.result.mismatches.length - 8} more` : '';
  return {
    pass: false,
    message: () => `expected a ${wanted}, but none of the ${blocks.length} matches; the closest, ${closest.block.address}, differs at:\n${lines.join('\n')}${more}`,
  };
}

export const matchers = {
  /**
   * The stack has a resource of the type (`'aws_lambda_function'` or cdktf's `LambdaFunction`) whose properties
   * match, partially: keys left out are not checked, at any depth; arrays match item by item. `Match` and `Capture`,
   * and jest's asymmetric matchers, work anywhere inside.
   */
  toHaveResourceLike(this: MatcherContext, received: unknown, type: TerraformType, properties: Record<string, unknown> = {}): MatcherResult {
    return blockMatcher(this, 'resource', received, type, properties);
  },

  /** As `toHaveResourceLike`, for a data source (`'aws_iam_policy_document'` or `DataAwsIamPolicyDocument`). */
  toHaveDataSourceLike(this: MatcherContext, received: unknown, type: TerraformType, properties: Record<string, unknown> = {}): MatcherResult {
    return blockMatcher(this, 'data', received, type, properties);
  },

  /** The stack has the route `httpMethod path`, with the function, integration, authorization and API key given. */
  toHaveRoute(this: MatcherContext, received: unknown, httpMethod: string, path: string, expected: RouteExpectation = {}): MatcherResult {
    const model = modelOf(received);
    if (typeof model === 'string') return unusable(model);
    const route = parseRoute(methodKey(httpMethod, path));
    const name = methodKey(route.httpMethod, route.path);
    const found = routesMatching(model, route.httpMethod, route.path);
    if (found.length === 0) {
      return { pass: false, message: () => `expected the stack to have the route ${name}, but it has:\n${routeList(model)}` };
    }
    const checks: [string, (candidate: RouteModel) => unknown, (candidate: RouteModel) => boolean][] = [];
    if ('function' in expected) {
      checks.push(['function', (r) => functionOf(model, r)?.functionName ?? r.integration.functionAddress, (r) => functionIs(this, functionOf(model, r), expected.function)]);
    }
    if ('integration' in expected) checks.push(['integration', (r) => r.integration.type, (r) => this.equals(r.integration.type, expected.integration)]);
    if ('authorization' in expected) checks.push(['authorization', (r) => r.authorization, (r) => this.equals(r.authorization, expected.authorization)]);
    if ('apiKeyRequired' in expected) checks.push(['apiKeyRequired', (r) => r.apiKeyRequired, (r) => this.equals(r.apiKeyRequired, expected.apiKeyRequired)]);

    const matching = found.filter(({ route: candidate }) => checks.every(([, , ok]) => ok(candidate)));
    const wanted = checks.length ? ` with ${this.utils.printExpected(expected)}` : '';
    if (matching.length > 0) {
      return { pass: true, message: () => `expected the stack not to have the route ${name}${wanted}, but it has:\n${routeList(model)}` };
    }
    const differences = found.flatMap(({ route: candidate }) =>
      checks
        .filter(([, , ok]) => !ok(candidate))
        .map(([field, actual]) => `  ${field}: expected ${this.utils.printExpected((expected as Record<string, unknown>)[field])}, received ${this.utils.printReceived(actual(candidate))}`),
    );
    return {
      pass: false,
      message: () => `expected the route ${name}${wanted}, but it differs:\n${differences.join('\n')}\n\nThe stack's routes:\n${routeList(model)}`,
    };
  },

  /** Throttling in force for the route (`'GET /items'`): the method's own settings, else the stage's. */
  toThrottle(this: MatcherContext, received: unknown, routeKey: string, expected: ThrottleExpectation = {}): MatcherResult {
    return settingsMatcher(this, received, routeKey, 'throttled', (route) => route.settings.throttling, expected, (t) => `at ${describeThrottle(t)}`);
  },

  /** Caching in force for the route (`'GET /items'`); needs the stage's cache cluster. */
  toCache(this: MatcherContext, received: unknown, routeKey: string, expected: CacheExpectation = {}): MatcherResult {
    return settingsMatcher(this, received, routeKey, 'cached', (route) => route.settings.caching, expected, (c) => `for ${describeCaching(c)}`);
  },

  /**
   * API Gateway may invoke the function (its name or construct id) for every request of the route
   * (`'GET /items/{id}'`): some Lambda permission's source ARN covers it, wildcards matched as `ArnLike` does.
   */
  toGrantInvoke(this: MatcherContext, received: unknown, functionName: unknown, routeKey: string): MatcherResult {
    const model = modelOf(received);
    if (typeof model === 'string') return unusable(model);
    const fn = Object.values(model.functions).find((candidate) => functionIs(this, candidate, functionName));
    if (!fn) {
      const names = Object.values(model.functions).map((candidate) => candidate.functionName).sort();
      return unusable(`expected a function ${this.utils.printExpected(functionName)}, but the stack's functions are: ${names.join(', ') || '(none)'}`);
    }
    const { name, found } = existingRoutes(model, routeKey);
    const permissions = model.permissions.filter((permission) => permission.functionAddress === fn.address);
    const granted = found.some(({ api, route }) => permissions.some((permission) => covers(permission, route, requestArns(api, route))));
    const listed = permissions
      .map((permission) => `  ${permission.principal} ${permission.action}${permission.qualifier ? ` on alias ${permission.qualifier}` : ''} from ${permission.sourceArn ?? '(any source)'}`)
      .sort();
    const list = `${fn.functionName} has ${listed.length ? `these permissions:\n${listed.join('\n')}` : 'no permissions'}`;
    return {
      pass: granted,
      message: () => `expected API Gateway${granted ? ' not' : ''} to be allowed to invoke ${qualifiedName(fn.functionName, found[0].route)} for ${name}, but ${list}`,
    };
  },
};

function settingsMatcher<T extends object>(
  context: MatcherContext,
  received: unknown,
  routeKey: string,
  what: 'throttled' | 'cached',
  settingOf: (route: RouteModel) => T | undefined,
  expected: Partial<Record<keyof T, unknown>>,
  describe: (setting: T) => string,
): MatcherResult {
  const model = modelOf(received);
  if (typeof model === 'string') return unusable(model);
  const { name, found } = existingRoutes(model, routeKey);
  const settings = found.map(({ route }) => settingOf(route));
  const fits = (setting: T) => Object.entries(expected).every(([field, value]) => context.equals(setting[field as keyof T], value));
  const pass = settings.some((setting) => setting !== undefined && fits(setting));
  const wanted = Object.keys(expected).length ? ` with ${context.utils.printExpected(expected)}` : '';
  const actual = settings.map((setting) => (setting ? `it is ${what} ${describe(setting)}` : `it is not ${what}`)).join('; ');
  return {
    pass,
    message: () => `expected ${name}${pass ? ' not' : ''} to be ${what}${wanted}, but ${actual}\n\nThe stack's routes:\n${routeList(model)}`,
  };
}

/** Every route of every API of the stack, sorted; for tests that list them. */
export function routesOf(stack: SynthesizedStack): string[] {
  const model = modelOf(stack);
  if (typeof model === 'string') throw new Error(model);
  return model.apis.flatMap((api) => sortedRoutes(api).map((route) => methodKey(route.httpMethod, route.resourcePath)));
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /** A resource of the type (`'aws_lambda_function'` or `LambdaFunction`) matches `properties` partially; `Match` and `Capture` work inside. */
      toHaveResourceLike(type: TerraformType, properties?: Record<string, unknown>): R;
      /** A data source of the type (`'aws_iam_policy_document'` or `DataAwsIamPolicyDocument`) matches `properties` partially. */
      toHaveDataSourceLike(type: TerraformType, properties?: Record<string, unknown>): R;
      /** The stack has the route `httpMethod path`; `expected` checks its function, integration, authorization and API key. */
      toHaveRoute(httpMethod: string, path: string, expected?: RouteExpectation): R;
      /** The route (`'GET /items'`) is throttled, at the rate and burst given. */
      toThrottle(route: string, expected?: ThrottleExpectation): R;
      /** The route (`'GET /items'`) is cached, for the TTL given. */
      toCache(route: string, expected?: CacheExpectation): R;
      /** API Gateway may invoke the function (name or construct id) for every request of the route (`'GET /items/{id}'`). */
      toGrantInvoke(functionName: string, route: string): R;
    }
  }
}

// One import in a jest setup file adds the matchers to the `expect` jest provides as a global.
if (typeof expect !== 'undefined' && typeof expect.extend === 'function') expect.extend(matchers);
