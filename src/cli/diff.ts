import { diffStacks, formatDiff } from '../model/stack-diff';
import { readStack, StackModel } from '../model/stack-model';
import { parseCommand, readFailure } from './usage';

/** `lambda-rest-api diff <stackDirA> <stackDirB> [--exit-code]`: what changes from A to B, for review before deploying. */
export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand('diff', args, { 'exit-code': { type: 'boolean' } }, { count: 2, what: 'two stack folders, the one before and the one after' });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;

  let stacks: StackModel[];
  try {
    stacks = positionals.map((dir) => readStack(dir));
  } catch (error) {
    return readFailure('diff', error);
  }
  const changes = diffStacks(stacks[0], stacks[1]);
  process.stdout.write(formatDiff(changes));
  return values['exit-code'] && changes.length > 0 ? 1 : 0;
}
