import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { FunctionModel, StackModel } from '../model/stack-model';
import type { LocalFunction } from './function-pool';

/** The AWS documentation's example account: the local API has no account, and ARNs need one. */
export const LOCAL_ACCOUNT_ID = '123456789012';
/** Lambda's default region when the stack's provider names none. */
export const DEFAULT_REGION = 'us-east-1';
// The host's credentials stand in for the function's role, as `sam local` does; nothing else of the host leaks in.
const HOST_CREDENTIALS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];

export interface EnvironmentInputs {
  /** Terraform variable values (`--var`, `TF_VAR_<name>`), over the variables' defaults. */
  readonly variables: Record<string, string>;
  /** Variables for every function (`--env`), over the stack's. */
  readonly environment: Record<string, string>;
  /** Where externals such as `@aws-sdk/*` are found if the stack folder is outside the project. */
  readonly modulesDir?: string;
  /** The host's environment, for its AWS credentials. */
  readonly hostEnv: NodeJS.ProcessEnv;
}

/** A function of the stack, ready to run locally, and what could not be resolved in its environment. */
export function localFunction(stack: StackModel, fn: FunctionModel, inputs: EnvironmentInputs): { fn: LocalFunction; unresolved: string[] } {
  if (!stack.dir || !fn.codePath) throw new Error(`${fn.address}: its bundled code is not in the stack folder (no archive_file source_dir)`);
  const codeDir = resolve(stack.dir, fn.codePath);
  const region = stack.region ?? DEFAULT_REGION;
  const unresolved: string[] = [];
  const own = Object.fromEntries(
    Object.entries(fn.environment).map(([name, value]) => [name, resolveExpressions(String(value), stack, inputs.variables, (expression) => unresolved.push(`${name}=${expression}`))]),
  );
  // Credentials given with --env replace the host's as a whole: a host session token must not outlive its key.
  const hostCredentials = inputs.environment.AWS_ACCESS_KEY_ID === undefined ? HOST_CREDENTIALS.filter((name) => inputs.hostEnv[name]) : [];
  const credentials = Object.fromEntries(hostCredentials.map((name) => [name, inputs.hostEnv[name]!]));
  const environment: Record<string, string> = {
    // Lambda's runtime variables ("Defined runtime environment variables").
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.functionName}`,
    LAMBDA_TASK_ROOT: codeDir,
    _HANDLER: fn.handler,
    LANG: 'en_US.UTF-8',
    PATH: '/usr/local/bin:/usr/bin/:/bin',
    // The handlers run on this machine's Node.js, not the runtime the stack names (the start banner says so once):
    // the AWS SDK's 9-line NodeVersionSupportWarning about this machine's version would repeat it in every worker.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...credentials,
    ...own,
    ...inputs.environment,
  };
  return {
    fn: {
      functionName: fn.functionName,
      codeDir,
      handler: fn.handler,
      runtime: fn.runtime,
      timeoutSeconds: fn.timeoutSeconds,
      memoryMb: fn.memoryMb,
      environment,
      region,
      accountId: LOCAL_ACCOUNT_ID,
      fallbackModulesDir: inputs.modulesDir,
    },
    unresolved,
  };
}

/** `${var.x}` from the given values, else the variable's default; other expressions stay as they are and are reported. */
export function resolveExpressions(value: string, stack: StackModel, variables: Record<string, string>, report: (expression: string) => void): string {
  return value.replace(/\$\{([^}]*)\}/g, (expression, inner: string) => {
    const name = /^var\.([A-Za-z0-9_-]+)$/.exec(inner.trim())?.[1];
    const resolved = name === undefined ? undefined : (variables[name] ?? stack.variables[name]?.default);
    if (resolved === undefined) {
      report(expression);
      return expression;
    }
    return String(resolved);
  });
}

/**
 * A digest of what a function runs: its code files (by their path in the code folder) and its settings; a reload
 * restarts the function when it changes. Where the code folder is does not count: each load serves a copy of its
 * own, and the same code in another copy is the same function.
 */
export function fingerprint(fn: LocalFunction): string {
  const { codeDir, environment, ...settings } = fn;
  const { LAMBDA_TASK_ROOT: _taskRoot, ...variables } = environment;
  const hash = createHash('sha1').update(JSON.stringify({ ...settings, environment: variables }));
  const files = (readdirSync(codeDir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name))
    .sort();
  for (const file of files) hash.update(relative(codeDir, file)).update(readFileSync(file));
  return hash.digest('hex');
}
