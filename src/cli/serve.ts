import { parseArgs } from 'node:util';
import { DEFAULT_HOST, DEFAULT_PORT } from '../local/local-api';
import { LOCAL_CONFIG_FILES, serveStack } from '../local/serve';

const USAGE = `usage: lambda-rest-api serve <stackDir> [--port N] [--host H] [--var name=value]... [--env NAME=value]... [--no-watch] [--no-config]

  --port N            port to listen on; 0 picks a free one (default ${DEFAULT_PORT})
  --host H            address to listen on (default ${DEFAULT_HOST})
  --var name=value    a Terraform variable that function environments reference (also TF_VAR_name)
  --env NAME=value    an environment variable of every function, over the stack's
  --no-watch          do not reload when the stack or the project's sources change
  --no-config         do not start the project's local config (${LOCAL_CONFIG_FILES.join(' or ')} next to
                      cdktf.json), which starts its stand-ins and gives their variables`;

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
        'no-config': { type: 'boolean' },
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
