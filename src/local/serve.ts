import { API_REFERENCE_PATH } from './api-reference';
import { findProjectRoot, HotReload } from './hot-reload';
import type { LoadReport, LocalApi } from './local-api';
import { customUrls, functionOf, qualifiedName, sortedRoutes } from '../model/route-table';

// Running a started LocalApi the way `lambda-rest-api serve` and `npm start` do: its banner, hot reload, and a
// clean stop on SIGINT or SIGTERM.

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

/** The start banner: where each stage is served, its routes (method, path, function), API keys and warnings. */
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
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  return lines.join('\n');
}

/** A port, 0 to 65535, from text such as `--port 3000` or `PORT=3000`; undefined when the text is not one. */
export function parsePort(text: string): number | undefined {
  const port = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  return port <= 65535 ? port : undefined;
}
