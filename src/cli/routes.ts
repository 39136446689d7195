import { formatRoutes, ROUTE_FORMATS, RouteFormat } from '../model/route-table';
import { readStack } from '../model/stack-model';
import { parseCommand, readFailure, usageError } from './usage';

/** `lambda-rest-api routes <stackDir> [--format table|markdown|mermaid]` */
export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand('routes', args, { format: { type: 'string', short: 'f', default: 'table' } }, { count: 1, what: 'one stack folder' });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const format = values.format as RouteFormat;
  if (!ROUTE_FORMATS.includes(format)) return usageError('routes', `--format "${values.format}" is not one of ${ROUTE_FORMATS.join(', ')}`);

  try {
    process.stdout.write(formatRoutes(readStack(positionals[0]), format));
    return 0;
  } catch (error) {
    return readFailure('routes', error);
  }
}
