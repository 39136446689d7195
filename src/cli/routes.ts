import { parseArgs } from 'node:util';
import { formatRoutes, ROUTE_FORMATS, RouteFormat } from '../model/route-table';
import { NotAStackFolder, readStack } from '../model/stack-model';
import { commandHelp, usageError } from './usage';

/** `lambda-rest-api routes <stackDir> [--format table|markdown|mermaid]` */
export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: 'string', short: 'f', default: 'table' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    return usageError('routes', (error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(commandHelp('routes'));
    return 0;
  }
  if (positionals.length !== 1) return usageError('routes', `expected one stack folder, got ${positionals.length}`);
  const format = values.format as RouteFormat;
  if (!ROUTE_FORMATS.includes(format)) return usageError('routes', `--format "${values.format}" is not one of ${ROUTE_FORMATS.join(', ')}`);

  try {
    process.stdout.write(formatRoutes(readStack(positionals[0]), format));
    return 0;
  } catch (error) {
    if (error instanceof NotAStackFolder) return usageError('routes', error.message);
    process.stderr.write(`routes: ${(error as Error).message}\n`);
    return 1;
  }
}
