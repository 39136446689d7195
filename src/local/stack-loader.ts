import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ApiModel, FunctionModel, readStack, RouteModel, StackModel } from '../model/stack-model';
import { LOCAL_AUTHORIZER_TYPES, LocalAuthorizers } from './authorizer';
import { fingerprint, localFunction, resolveExpressions } from './function-environment';
import { FunctionPool, LocalFunction } from './function-pool';
import type { HttpAnswer } from './gateway-errors';
import { integrationFor } from './integrations';
import { stableId } from './request-context';
import { ResponseCache } from './response-cache';
import { Router } from './router';
import { TokenBucket } from './token-bucket';
import { UsagePlans } from './usage-plans';

// Reading a synthesized stack folder into what the local API serves: one ServedApi per stage, one function pool
// per function. A reload reuses what did not change: the pools of functions whose code and settings are the same,
// and usage plans (their quotas and generated keys) that are the same.

/** One API of the stack, as served: its routes and the state of its throttles, cache and usage plans. */
export interface ServedApi {
  readonly model: ApiModel;
  readonly apiId: string;
  /** The id of the stage's deployment: `requestContext.deploymentId`. */
  readonly deploymentId: string;
  readonly router: Router;
  readonly throttles: Map<RouteModel, TokenBucket>;
  readonly cache: ResponseCache<HttpAnswer>;
  readonly usagePlans: UsagePlans;
  readonly authorizers: LocalAuthorizers;
}

/** A function's pool and the fingerprint of what it runs. */
export interface ServedFunction {
  readonly pool: FunctionPool;
  readonly fingerprint: string;
}

/** Everything one load of the stack serves. */
export interface ServedStack {
  readonly stack: StackModel;
  /** By stage name: the first path segment of a request. */
  readonly apis: Map<string, ServedApi>;
  /** By the function's Terraform address. */
  readonly functions: Map<string, ServedFunction>;
}

/** What one (re)load changed, for the log. */
export interface LoadReport {
  readonly routes: number;
  readonly restartedFunctions: string[];
  readonly warnings: string[];
}

export interface LoadOptions {
  /** The folder to read: the served copy of the stack folder. */
  readonly stackDir: string;
  /** The stack folder as the user named it, where the functions' externals (`@aws-sdk/*`) resolve from. */
  readonly homeDir: string;
  readonly variables: Record<string, string>;
  readonly environment: Record<string, string>;
  readonly now: () => number;
  readonly newPool: (fn: LocalFunction) => FunctionPool;
  /**
   * Refuse a stack whose functions' bundled code is missing (a reload of a half-written or emptied folder), rather
   * than serve it with those routes answering 502.
   * @default false
   */
  readonly requireCode?: boolean;
}

/**
 * Reads the stack folder and builds what it serves, reusing from `previous` the pools of functions that did not
 * change; the pools of functions that changed or left are drained (they stop once their invocations end).
 */
export function loadStack(options: LoadOptions, previous?: ServedStack): { served: ServedStack; report: LoadReport } {
  const stack = readStack(options.stackDir);
  const warnings: string[] = [];
  const modulesDir = findModulesDir(options.homeDir);
  const variables = { ...variablesFromEnv(process.env), ...options.variables };
  const functions = new Map<string, ServedFunction>();
  const restartedFunctions: string[] = [];
  if (options.requireCode) {
    const missing = Object.values(stack.functions).filter((fn) => !fn.codePath || !existsSync(join(options.stackDir, fn.codePath)));
    if (missing.length > 0) throw new Error(`no bundled code for ${missing.map((fn) => `${fn.functionName} (${fn.codePath ?? 'none'})`).join(', ')}`);
  }
  for (const fn of Object.values(stack.functions)) {
    warnings.push(...notEmulated(fn));
    if (!fn.codePath || !existsSync(join(options.stackDir, fn.codePath))) {
      warnings.push(`${fn.functionName}: no bundled code at ${fn.codePath ?? '(none)'}; its routes answer 502`);
      continue;
    }
    const { fn: local, unresolved } = localFunction(stack, fn, { variables, environment: options.environment, modulesDir, hostEnv: process.env });
    for (const expression of unresolved) {
      warnings.push(`${fn.functionName}: environment ${expression} has no local value; pass --var <name>=<value> or --env <NAME>=<value>`);
    }
    const digest = fingerprint(local);
    const current = previous?.functions.get(fn.address);
    if (current && current.fingerprint === digest) {
      functions.set(fn.address, current);
      continue;
    }
    if (current) restartedFunctions.push(fn.functionName);
    functions.set(fn.address, { pool: options.newPool(local), fingerprint: digest });
  }
  // Functions that changed or left the stack stop once their running invocations end.
  for (const [address, entry] of previous?.functions ?? []) if (functions.get(address) !== entry) entry.pool.drain();

  const apis = new Map<string, ServedApi>();
  for (const model of stack.apis) {
    if (apis.has(model.stage.name)) {
      warnings.push(`${model.address}: stage "${model.stage.name}" is also another API's; only the first is served`);
      continue;
    }
    if (model.stage.canary) {
      warnings.push(
        `${model.name}: its stage canary (${model.stage.canary.percentTraffic}% of requests to the canary deployment) is not emulated: every request is served by the stack as synthesized`,
      );
    }
    warnings.push(...routeWarnings(model));
    apis.set(model.stage.name, {
      model,
      // API ids are 10 lower-case letters and digits; a stable one per API keeps local URLs and logs steady.
      apiId: stableId(model.address),
      // A new one per load, as each deployment has its own id: 6 lower-case letters and digits.
      deploymentId: stableId(`${model.address}/${Date.now()}/${Math.random()}`, 6),
      router: new Router(model.routes),
      throttles: new Map(
        model.routes.flatMap((route) =>
          route.settings.throttling ? [[route, new TokenBucket(route.settings.throttling.rateLimit, route.settings.throttling.burstLimit, options.now)] as const] : [],
        ),
      ),
      cache: new ResponseCache<HttpAnswer>(options.now),
      authorizers: new LocalAuthorizers(options.now),
      usagePlans: usagePlansFor(model, stack, variables, options.now, previous?.apis.get(model.stage.name)),
    });
  }
  return {
    served: { stack, apis, functions },
    report: { routes: stack.apis.reduce((count, api) => count + api.routes.length, 0), restartedFunctions, warnings },
  };
}

/** What the local API cannot check or serve on a route, said once at load. */
function routeWarnings(model: ApiModel): string[] {
  const warnings: string[] = [];
  for (const route of model.routes) {
    if (route.authorizer && !LOCAL_AUTHORIZER_TYPES.has(route.authorizer.type)) {
      warnings.push(
        `${route.httpMethod} ${route.resourcePath}: its ${route.authorizer.type} authorizer "${route.authorizer.name}" needs the user pool's keys from AWS, so it is not checked locally: ` +
          'every request reaches the integration, with or without a token, and has no requestContext.authorizer',
      );
    } else if (route.authorization === 'AWS_IAM') {
      warnings.push(
        `${route.httpMethod} ${route.resourcePath}: AWS_IAM authorization needs AWS to verify SigV4 signatures, so they are not checked locally: ` +
          'an unsigned request gets 403 Missing Authentication Token, a signed one reaches the integration unverified, and requestContext.identity has no caller',
      );
    }
    if (!integrationFor(route.integration.type).served) {
      warnings.push(`${route.httpMethod} ${route.resourcePath}: ${route.integration.type} integrations are not served locally; the route answers 500`);
    }
  }
  return warnings;
}

/** Node.js names the architectures Lambda calls `x86_64` and `arm64` `x64` and `arm64` (`process.arch`). */
const NODE_ARCH: Record<string, string> = { x86_64: 'x64', arm64: 'arm64' };

/** What the local API does not do of a function's deployed configuration, one warning each. */
export function notEmulated(fn: FunctionModel, hostArch: string = process.arch): string[] {
  const warnings: string[] = [];
  const aliases = Object.values(fn.aliases);
  if (aliases.length) {
    warnings.push(
      `${fn.functionName}: its aliases (${aliases.map((alias) => alias.name).join(', ')}) run the function's current code, invoked without the alias in context.invokedFunctionArn: published versions, weighted routing between versions and provisioned concurrency are not emulated`,
    );
  }
  if (fn.layers.length) {
    warnings.push(`${fn.functionName}: its ${fn.layers.length} layer(s) are not mounted at /opt: packages they provide load from the project's node_modules, if installed there`);
  }
  if (fn.inVpc) warnings.push(`${fn.functionName}: it runs on this machine's network, not in its VPC subnets and security groups`);
  // The bundle is plain JavaScript; only a layer can bring native code that depends on the architecture.
  if (fn.layers.length && NODE_ARCH[fn.architecture] !== hostArch) {
    warnings.push(`${fn.functionName}: it is deployed on ${fn.architecture} but runs on this machine's ${hostArch}; native modules of its layers may not load`);
  }
  if (fn.reservedConcurrency !== undefined) {
    warnings.push(`${fn.functionName}: its reserved concurrency (${fn.reservedConcurrency}) is not enforced: it runs at most as many invocations at once as it has workers`);
  }
  if (fn.asyncFailures) {
    warnings.push(`${fn.functionName}: a failed Event invocation is logged once: Lambda's two retries and its ${fn.asyncFailures} are not emulated`);
  }
  return warnings;
}

/** The same usage plans keep their state, and the values made up for keys Terraform leaves to AWS, across reloads. */
function usagePlansFor(model: ApiModel, stack: StackModel, variables: Record<string, string>, now: () => number, current?: ServedApi): UsagePlans {
  if (current && JSON.stringify(current.model.usagePlans) === JSON.stringify(model.usagePlans)) return current.usagePlans;
  // Key values usually come from a sensitive variable (`${var.x}`): --var or TF_VAR_x gives them locally.
  const plans = model.usagePlans.map((plan) => ({
    ...plan,
    apiKeys: plan.apiKeys.map((key) => ({ ...key, value: key.value && resolveExpressions(key.value, stack, variables, () => undefined) })),
  }));
  return new UsagePlans(plans, model.apiKeySource, now);
}

/** `TF_VAR_<name>` values, as Terraform reads them. */
export function variablesFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).flatMap(([name, value]) => (name.startsWith('TF_VAR_') && value !== undefined ? [[name.slice(7), value]] : [])));
}

/** The folder above the stack folder that has `node_modules` (else this package), where the functions' externals resolve from. */
function findModulesDir(stackDir: string): string {
  for (let dir = stackDir; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) return dir;
  }
  return join(__dirname, '..', '..');
}
