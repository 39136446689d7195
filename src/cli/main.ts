import { topLevelHelp, USAGES } from './usage';

/** `lambda-rest-api <command> ...`: one module per command, each exporting `run(args): Promise<number | void>`. */
const COMMANDS: Record<keyof typeof USAGES, () => Promise<{ run(args: string[]): Promise<number | void> }>> = {
  serve: () => import('./serve'),
  routes: () => import('./routes'),
  diff: () => import('./diff'),
  openapi: () => import('./openapi'),
};

export async function main(argv: string[]): Promise<number | void> {
  const [name, ...args] = argv;
  const load = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name as keyof typeof COMMANDS] : undefined;
  if (load) return (await load()).run(args);
  if (name === '--help' || name === '-h' || name === undefined) {
    (name === undefined ? process.stderr : process.stdout).write(topLevelHelp());
    return name === undefined ? 2 : 0;
  }
  process.stderr.write(`lambda-rest-api: unknown command "${name}"; use one of ${Object.keys(COMMANDS).join(', ')} (lambda-rest-api --help lists their options)\n`);
  return 2;
}
