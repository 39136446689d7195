import { DEFAULT_PORT } from '../local/local-api';
import { parsePort, serveStack } from '../local/serve';
import { joinDashValues, parseCommand, usageError } from './usage';

/** `lambda-rest-api serve <stackDir>`: serves a synthesized stack until SIGINT or SIGTERM. */
export async function run(args: string[], signals: NodeJS.EventEmitter = process): Promise<number> {
  const parsed = parseCommand(
    'serve',
    joinDashValues(args, ['--port']),
    {
      port: { type: 'string' },
      host: { type: 'string' },
      var: { type: 'string', multiple: true },
      env: { type: 'string', multiple: true },
      'no-watch': { type: 'boolean' },
      'no-config': { type: 'boolean' },
    },
    { count: 1, what: 'one stack folder' },
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const port = values.port === undefined ? DEFAULT_PORT : parsePort(values.port);
  const notPairs = [...(values.var ?? []), ...(values.env ?? [])].filter((pair) => !/^[^=]+=/.test(pair));
  if (port === undefined) return usageError('serve', `--port "${values.port}" is not a port; use 0 to 65535 (0 picks a free one)`);
  if (notPairs.length) return usageError('serve', `"${notPairs[0]}" is not name=value; write --var name=value or --env NAME=value`);

  return serveStack(
    {
      stackDir: positionals[0],
      port,
      host: values.host,
      variables: pairs(values.var),
      environment: pairs(values.env),
      watch: !values['no-watch'],
      useConfig: !values['no-config'],
    },
    signals,
  );
}

function pairs(list: string[] | undefined): Record<string, string> {
  return Object.fromEntries((list ?? []).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}
