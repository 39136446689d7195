import { parseArgs, ParseArgsConfig } from 'node:util';
import { DEFAULT_HOST, DEFAULT_PORT } from '../local/local-api';
import { NotAStackFolder } from '../model/stack-model';
import { ROUTE_FORMATS } from '../model/route-table';

// What each command takes, written once: its own --help and the top-level usage both print it, so the two cannot
// disagree on an option.

export interface CommandUsage {
  /** The command and every argument and option it takes. */
  readonly synopsis: string;
  readonly summary: string;
  /** Each option and what it does, when the synopsis does not say enough. */
  readonly options: readonly string[];
}

export const USAGES = {
  serve: {
    synopsis: 'serve <stackDir> [--port N] [--host H] [--var name=value]... [--env NAME=value]... [--no-watch] [--no-config]',
    summary: 'run a synthesized stack on this machine',
    options: [
      `--port N            port to listen on, 0 to 65535; 0 picks a free one (default ${DEFAULT_PORT})`,
      `--host H            address to listen on (default ${DEFAULT_HOST})`,
      '--var name=value    a Terraform variable that function environments reference (also TF_VAR_name)',
      '--env NAME=value    an environment variable of every function, over the stack\'s',
      '--no-watch          do not reload when the stack or the project\'s sources change',
      '--no-config         do not start the project\'s local config (local-api.config.ts next to cdktf.json), its stand-ins',
    ],
  },
  routes: {
    synopsis: `routes <stackDir> [--format ${ROUTE_FORMATS.join('|')}]`,
    summary: 'print the routes of a synthesized stack',
    options: [
      '--format, -f F      table (default), markdown, or mermaid for a diagram of routes, functions and what their roles may touch',
    ],
  },
  openapi: {
    synopsis: 'openapi <stackDir> [--format json|yaml] [--no-aws-extensions] [--stage <name>]',
    summary: 'print the OpenAPI 3.0 document of the REST API of a synthesized stack: paths, methods, parameters, models, security schemes, responses',
    options: [
      '--format, -f F      json (default) or yaml',
      "--no-aws-extensions leave out API Gateway's x-amazon-apigateway-* extensions: a document for clients only",
      '--stage <name>      the API of this stage, when the stack has several APIs',
    ],
  },
  diff: {
    synopsis: 'diff <stackDirA> <stackDirB> [--exit-code]',
    summary: 'what changes from one synthesis of a stack to another: routes, settings, functions, permissions, roles',
    options: ['--exit-code         exit with 1 when the stacks differ (as git diff --exit-code), 0 when they do not'],
  },
} as const satisfies Record<string, CommandUsage>;

export type CommandName = keyof typeof USAGES;

/** `lambda-rest-api <command> --help`: the synopsis, what it does, its options. */
export function commandHelp(name: CommandName): string {
  const usage: CommandUsage = USAGES[name];
  return [`usage: lambda-rest-api ${usage.synopsis}`, '', `${usage.summary[0].toUpperCase()}${usage.summary.slice(1)}.`, '', ...usage.options.map((line) => `  ${line}`), ''].join('\n');
}

/** `lambda-rest-api --help`: every command with every option it takes. */
export function topLevelHelp(): string {
  const lines = Object.values(USAGES).map((usage: CommandUsage) => `  lambda-rest-api ${usage.synopsis}\n      ${usage.summary}`);
  return `usage:\n${lines.join('\n')}\n\nlambda-rest-api <command> --help tells more about a command.\n`;
}

/** A usage error as one line: what is wrong, and where the usage is. */
export function usageError(name: CommandName, problem: string): number {
  process.stderr.write(`${name}: ${problem}; see lambda-rest-api ${name} --help\n`);
  return 2;
}

/**
 * `args` with a negative number joined to its option (`--port -1` → `--port=-1`), so parseArgs hands it
 * over to be checked instead of calling it ambiguous.
 */
export function joinDashValues(args: readonly string[], valueOptions: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (valueOptions.includes(args[i]) && i + 1 < args.length && /^-\d/.test(args[i + 1])) {
      joined.push(`${args[i]}=${args[i + 1]}`);
      i++;
    } else {
      joined.push(args[i]);
    }
  }
  return joined;
}

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<T extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: T }>>;

/**
 * The arguments of command `name`, read with parseArgs, or the exit code when there is nothing to run: 0 after
 * `--help`, 2 after a usage error (an unknown option, or not `folders` stack folders), each one line.
 */
export function parseCommand<T extends Options>(name: CommandName, args: string[], options: T, folders: { count: number; what: string }): Parsed<T> | number {
  let parsed: Parsed<T>;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { ...options, help: { type: 'boolean', short: 'h' } } }) as typeof parsed;
  } catch (error) {
    return usageError(name, (error as Error).message);
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(commandHelp(name));
    return 0;
  }
  const { positionals } = parsed;
  if (positionals.length !== folders.count) {
    return usageError(name, `expected ${folders.what}, got ${positionals.length}${positionals.length ? `: ${positionals.join(' ')}` : ''}`);
  }
  return parsed;
}

/**
 * What a command that reads stack folders exits with when `read` throws: 2 and the usage line for a folder that is
 * not a synthesized stack, 1 and the message for a stack it cannot read.
 */
export function readFailure(name: CommandName, error: unknown): number {
  if (error instanceof NotAStackFolder) return usageError(name, error.message);
  process.stderr.write(`${name}: ${(error as Error).message}\n`);
  return 1;
}
