/** `lambda-rest-api <command> ...`: one module per command, each exporting `run(args): Promise<number | void>`. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run(args: string[]): Promise<number | void> }> }> = {
  serve: { summary: 'serve <stackDir> [--port N] [--host H]   run a synthesized stack on this machine', load: () => import('./serve') },
  routes: { summary: 'routes <stackDir> [--format table|markdown|mermaid]   print the routes of a synthesized stack', load: () => import('./routes') },
  openapi: {
    summary: 'openapi <stackDir> [--format json|yaml] [--no-aws-extensions]   print the OpenAPI 3 document of a synthesized stack',
    load: () => import('./openapi'),
  },
};

export async function main(argv: string[]): Promise<number | void> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    const usage = Object.values(COMMANDS).map((entry) => `  lambda-rest-api ${entry.summary}`).join('\n');
    process.stderr.write(`${name === undefined || name === '--help' ? '' : `unknown command "${name}"\n`}usage:\n${usage}\n`);
    return name === '--help' ? 0 : 2;
  }
  return (await command.load()).run(args);
}
