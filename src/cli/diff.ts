import { parseArgs } from 'node:util';
import { diffStacks, formatDiff } from '../model/stack-diff';
import { NotAStackFolder, readStack, StackModel } from '../model/stack-model';
import { commandHelp, usageError } from './usage';

/** `lambda-rest-api diff <stackDirA> <stackDirB> [--exit-code]`: what changes from A to B, for review before deploying. */
export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { 'exit-code': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    return usageError('diff', (error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(commandHelp('diff'));
    return 0;
  }
  if (positionals.length !== 2) return usageError('diff', `expected two stack folders, the one before and the one after, got ${positionals.length}`);

  let stacks: StackModel[];
  try {
    stacks = positionals.map((dir) => readStack(dir));
  } catch (error) {
    if (error instanceof NotAStackFolder) return usageError('diff', error.message);
    process.stderr.write(`diff: ${(error as Error).message}\n`);
    return 1;
  }
  const changes = diffStacks(stacks[0], stacks[1]);
  process.stdout.write(formatDiff(changes));
  return values['exit-code'] && changes.length > 0 ? 1 : 0;
}
