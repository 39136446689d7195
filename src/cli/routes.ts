import { parseArgs } from 'node:util';
import { formatRoutes, ROUTE_FORMATS, RouteFormat } from '../model/route-table';
import { readStack } from '../model/stack-model';

const USAGE = `usage: lambda-rest-api routes <stackDir> [--format ${ROUTE_FORMATS.join('|')}]

Prints the routes of a synthesized stack (cdktf.out/stacks/<stack>): method, path, integration,
function, authorization, API key, and the throttling and caching in force.
`;

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
    return usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1) return usageError(`expected one stack folder, got ${positionals.length}`);
  const format = values.format as RouteFormat;
  if (!ROUTE_FORMATS.includes(format)) return usageError(`--format "${values.format}" is not one of ${ROUTE_FORMATS.join(', ')}`);

  try {
    process.stdout.write(formatRoutes(readStack(positionals[0]), format));
    return 0;
  } catch (error) {
    process.stderr.write(`routes: ${(error as Error).message}\n`);
    return 1;
  }
}

function usageError(message: string): number {
  process.stderr.write(`routes: ${message}\n${USAGE}`);
  return 2;
}
