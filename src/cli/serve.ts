import { parseArgs } from 'node:util';
import { DEFAULT_HOST, DEFAULT_PORT, LocalApi, LoadReport } from '../local/local-api';
import { findProjectRoot, HotReload } from '../local/hot-reload';
import { functionOf, sortedRoutes } from '../model/route-table';

const USAGE = `usage: lambda-rest-api serve <stackDir> [--port N] [--host H] [--var name=value]... [--env NAME=value]... [--no-watch]

  --port N            port to listen on; 0 picks a free one (default ${DEFAULT_PORT})
  --host H            address to listen on (default ${DEFAULT_HOST})
  --var name=value    a Terraform variable that function environments reference (also TF_VAR_name)
  --env NAME=value    an environment variable of every function, over the stack's
  --no-watch          do not reload when the stack or the project's sources change`;

/** `lambda-rest-api serve <stackDir>`: serves a synthesized stack until SIGINT or SIGTERM. */
export async function run(args: string[], signals: NodeJS.EventEmitter = process): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        var: { type: 'string', multiple: true },
        env: { type: 'string', multiple: true },
        'no-watch': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  const problems = [
    positionals.length !== 1 && `expected one stack folder, got ${positionals.length}: ${positionals.join(' ') || '(none)'}`,
    !(Number.isInteger(port) && port >= 0 && port <= 65535) && `--port "${values.port}" is not a port; use 0 to 65535`,
    ...[...(values.var ?? []), ...(values.env ?? [])].filter((pair) => !/^[^=]+=/.test(pair)).map((pair) => `"${pair}" is not name=value`),
  ].filter((problem): problem is string => typeof problem === 'string');
  if (problems.length) {
    process.stderr.write(`${problems.join('\n')}\n${USAGE}\n`);
    return 2;
  }

  const stackDir = positionals[0];
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const api = new LocalApi({ stackDir, port, host: values.host, variables: pairs(values.var), environment: pairs(values.env), log });
  let report: LoadReport;
  try {
    report = await api.start();
  } catch (error) {
    process.stderr.write(`serve: ${(error as Error).message}\n`);
    return 1;
  }
  log(describe(api, report));
  await serveUntilStopped(api, { stackDir, watch: !values['no-watch'], log }, signals);
  return 0;
}

/**
 * Reloads the running API on changes (unless `watch` is false) until SIGINT or SIGTERM, then stops it: the
 * server closes and every worker ends.
 */
export async function serveUntilStopped(
  api: LocalApi,
  options: { stackDir: string; watch: boolean; log: (line: string) => void },
  signals: NodeJS.EventEmitter = process,
): Promise<void> {
  const { stackDir, log } = options;
  const projectRoot = findProjectRoot(stackDir);
  const hotReload = options.watch ? new HotReload(api, { stackDir, projectRoot, log }) : undefined;
  hotReload?.start();
  if (hotReload) log(`watching ${projectRoot ? 'the stack folder and the project sources (functions/, src/, main.ts)' : 'the stack folder'}; changes reload without a restart`);

  await new Promise<void>((resolveStop) => {
    const stop = (signal: string) => {
      log(`${signal}: stopping`);
      resolveStop();
    };
    signals.once('SIGINT', () => stop('SIGINT'));
    signals.once('SIGTERM', () => stop('SIGTERM'));
  });
  hotReload?.close();
  await api.stop();
}

function pairs(list: string[] | undefined): Record<string, string> {
  return Object.fromEntries((list ?? []).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

/** The start banner: where each stage is served, its routes (method, path, function), API keys and warnings. */
export function describe(api: LocalApi, report: LoadReport): string {
  const stack = api.model;
  const lines: string[] = [];
  for (const model of stack.apis) {
    lines.push(`${model.name}: ${api.url}/${model.stage.name}`);
    const rows = sortedRoutes(model).map((route) => {
      const target = functionOf(stack, route)?.functionName ?? route.integration.type;
      const notes = [route.integration.type === 'AWS' && `custom integration${route.integration.invocationType === 'Event' ? ', async' : ''}`, route.apiKeyRequired && 'API key']
        .filter(Boolean)
        .join(', ');
      return [route.httpMethod, `/${model.stage.name}${route.resourcePath === '/' ? '' : route.resourcePath}`, notes ? `${target} (${notes})` : target];
    });
    const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column].length)));
    for (const row of rows) lines.push(`  ${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}`);
  }
  lines.push(...api.describeApiKeys());
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  return lines.join('\n');
}
