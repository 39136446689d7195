import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { customUrls, functionOf, qualifiedName, sortedRoutes } from '../model/route-table';
import { API_REFERENCE_PATH } from './api-reference';
import { findProjectRoot, HotReload } from './hot-reload';
import { LoadReport, LocalApi, LocalApiOptions } from './local-api';

// Running a LocalApi the way `lambda-rest-api serve` and `npm start` do: the project's local config (its stand-ins),
// the start banner, hot reload, and a clean stop on SIGINT or SIGTERM.

/** What a project's local config starts for one stack: its stand-ins, and how the functions reach them. */
export interface LocalSetup {
  /** Terraform variables for the functions' environments; `--var` overrides them. */
  readonly variables?: Record<string, string>;
  /** Environment variables of every function; `--env` overrides them. */
  readonly environment?: Record<string, string>;
  /** Lines for the start banner: where the stand-ins are, what they hold. */
  readonly banner?: readonly string[];
  /** Stops the stand-ins, after the API has stopped. */
  stop?(): Promise<void>;
}

/**
 * A project's local config: a module named `local-api.config.ts` (or `.js`) next to its `cdktf.json`, whose
 * default export starts the local stand-ins of the AWS services its handlers call (an S3 stand-in, say) and says
 * how the functions reach them. `lambda-rest-api serve` and `npm start` both use it, for any stack of the project.
 */
export interface LocalConfig {
  start(stack: { readonly name: string; readonly stackDir: string }): Promise<LocalSetup>;
}

/** The file names a project's local config may have, next to its `cdktf.json`. */
export const LOCAL_CONFIG_FILES = ['local-api.config.ts', 'local-api.config.js'];

/** The local config of a project, next to its cdktf.json, if it has one. */
export function findLocalConfig(projectRoot: string): string | undefined {
  return LOCAL_CONFIG_FILES.map((name) => join(projectRoot, name)).find((file) => existsSync(file));
}

function loadLocalConfig(file: string): LocalConfig {
  // A .ts config loads through the TypeScript loader the CLI runs under in a checkout (tsx), or, for an installed
  // package that runs compiled JavaScript, through the project's own tsx.
  if (file.endsWith('.ts') && !('.ts' in require.extensions)) {
    try {
      (createRequire(file)('tsx/cjs/api') as { register: () => void }).register();
    } catch {
      throw new Error(`${file} is TypeScript, and the project has no tsx to load it: install tsx, or write ${LOCAL_CONFIG_FILES[1]}`);
    }
  }
  const loaded = require(file) as { default?: LocalConfig } & Partial<LocalConfig>;
  const config = loaded.default ?? loaded;
  if (typeof config.start !== 'function') throw new Error(`${file}: its default export must have start(stack), which starts the local stand-ins`);
  return config as LocalConfig;
}

export interface ServeOptions extends Omit<LocalApiOptions, 'log'> {
  /**
   * The project whose sources hot reload watches and whose local config it starts.
   * @default - the folder of the nearest cdktf.json above the stack folder, else above the working directory
   */
  readonly projectRoot?: string;
  /**
   * Reload on changes to the stack folder and the project's sources.
   * @default true
   */
  readonly watch?: boolean;
  /**
   * Use the project's local config (`local-api.config.ts` next to `cdktf.json`), when it has one.
   * @default true
   */
  readonly useConfig?: boolean;
  /**
   * Where the banner, the access log and reloads go.
   * @default - this process's stdout
   */
  readonly log?: (line: string) => void;
}

/**
 * Serves a stack until SIGINT or SIGTERM (or until the process that started it ends): starts the project's
 * stand-ins, the API and hot reload, prints the banner, and on a signal stops all of them. Resolves with the
 * exit code: 0 after a stop, 1 when the API could not start.
 */
export async function serveStack(options: ServeOptions, signals: NodeJS.EventEmitter = process): Promise<number> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const projectRoot = options.projectRoot ?? findProjectRoot(options.stackDir) ?? findProjectRoot(process.cwd());
  const configFile = options.useConfig === false || projectRoot === undefined ? undefined : findLocalConfig(projectRoot);
  let setup: LocalSetup = {};
  try {
    if (configFile) setup = await loadLocalConfig(configFile).start({ name: stackName(options.stackDir), stackDir: options.stackDir });
  } catch (error) {
    process.stderr.write(`serve: the local config ${configFile} failed to start: ${(error as Error).message}\n`);
    return 1;
  }
  const api = new LocalApi({
    ...options,
    variables: { ...setup.variables, ...options.variables },
    environment: { ...setup.environment, ...options.environment },
    log,
  });
  try {
    const report = await api.start();
    log(describe(api, report));
    if (configFile) log(`local config: ${configFile}`);
    for (const line of setup.banner ?? []) log(line);
  } catch (error) {
    process.stderr.write(`serve: ${(error as Error).message}\n`);
    await api.stop();
    await setup.stop?.();
    return 1;
  }
  await serveUntilStopped(api, { stackDir: options.stackDir, projectRoot, watch: options.watch ?? true, log }, signals);
  await setup.stop?.();
  return 0;
}

/** `dev` for `cdktf.out/stacks/dev`. */
function stackName(stackDir: string): string {
  return stackDir.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? stackDir;
}

/** How often a served process checks that the process that started it is still there, in ms. */
const PARENT_CHECK_MS = 500;
/**
 * The process that started this one, taken when this module loads (before the synth and the banner): a shell
 * that ends while the server is starting must not leave `process.ppid` already pointing at init.
 */
const STARTED_BY = process.ppid;

/**
 * Reloads the running API on changes (unless `watch` is false) until SIGINT or SIGTERM, then stops it: the
 * server closes and every worker ends. A process whose parent goes away (a shell between npm and this process
 * ended on npm's SIGTERM without passing it on) stops too, rather than serve on unowned.
 */
export async function serveUntilStopped(
  api: LocalApi,
  options: { stackDir: string; projectRoot?: string; watch: boolean; log: (line: string) => void },
  signals: NodeJS.EventEmitter = process,
): Promise<void> {
  const { stackDir, log } = options;
  const projectRoot = options.projectRoot ?? findProjectRoot(stackDir);
  const hotReload = options.watch ? new HotReload(api, { stackDir, projectRoot, log }) : undefined;
  await hotReload?.start();
  if (hotReload) log(`watching ${projectRoot ? 'the stack folder and the project' : 'the stack folder'}; changes reload without a restart`);

  await new Promise<void>((resolveStop) => {
    let parentCheck: NodeJS.Timeout | undefined;
    const stop = (reason: string) => {
      clearInterval(parentCheck);
      log(`${reason}: stopping`);
      resolveStop();
    };
    signals.once('SIGINT', () => stop('SIGINT'));
    signals.once('SIGTERM', () => stop('SIGTERM'));
    if (signals === process) {
      // The parent is probed by pid (signal 0 fails once it has exited): process.ppid does not change after it is read.
      const parent = STARTED_BY;
      parentCheck = setInterval(() => {
        try {
          process.kill(parent, 0);
        } catch {
          stop('the process that started this one ended');
        }
      }, PARENT_CHECK_MS);
      parentCheck.unref();
    }
  });
  hotReload?.close();
  await api.stop();
}

/**
 * The start banner: where each stage is served, its routes (method, path, function), API keys, the Node.js that
 * runs the handlers against the runtime the stack names (said once), and warnings.
 */
export function describe(api: LocalApi, report: LoadReport): string {
  const stack = api.model;
  const lines: string[] = [];
  for (const model of stack.apis) {
    const deployed = model.customDomains.length ? ` (deployed at ${customUrls(model)})` : '';
    lines.push(`${model.name}: ${api.url}/${model.stage.name}${deployed}`);
    const rows = sortedRoutes(model).map((route) => {
      const fn = functionOf(stack, route);
      const target = fn ? qualifiedName(fn.functionName, route) : route.integration.type;
      const notes = [route.integration.type === 'AWS' && `custom integration${route.integration.invocationType === 'Event' ? ', async' : ''}`, route.apiKeyRequired && 'API key']
        .filter(Boolean)
        .join(', ');
      return [route.httpMethod, `/${model.stage.name}${route.resourcePath === '/' ? '' : route.resourcePath}`, notes ? `${target} (${notes})` : target];
    });
    const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column].length)));
    for (const row of rows) lines.push(`  ${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}`);
  }
  lines.push(`API reference (OpenAPI 3): ${api.url}${API_REFERENCE_PATH}`);
  lines.push(...api.describeApiKeys());
  const runtimes = [...new Set(Object.values(stack.functions).map((fn) => fn.runtime))].sort();
  if (runtimes.length > 0) {
    lines.push(`handlers run on this machine's Node.js ${process.version}; the stack names ${runtimes.join(', ')}`);
  }
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  return lines.join('\n');
}

/** A port, 0 to 65535, from text such as `--port 3000` or `PORT=3000`; undefined when the text is not one. */
export function parsePort(text: string): number | undefined {
  const port = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  return port <= 65535 ? port : undefined;
}
