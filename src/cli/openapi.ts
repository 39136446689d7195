import { stringify } from 'yaml';
import { openApiDocument } from '../model/openapi';
import { readStack } from '../model/stack-model';
import { parseCommand, readFailure, usageError } from './usage';

const FORMATS = ['json', 'yaml'] as const;

/** `lambda-rest-api openapi <stackDir> [--format json|yaml] [--no-aws-extensions] [--stage <name>]` */
export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(
    'openapi',
    args,
    { format: { type: 'string', short: 'f', default: 'json' }, 'no-aws-extensions': { type: 'boolean' }, stage: { type: 'string' } },
    { count: 1, what: 'one stack folder' },
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (!(FORMATS as readonly string[]).includes(values.format)) return usageError('openapi', `--format "${values.format}" is not one of ${FORMATS.join(', ')}`);

  try {
    const stack = readStack(positionals[0]);
    const apis = values.stage === undefined ? stack.apis : stack.apis.filter((api) => api.stage.name === values.stage);
    if (apis.length !== 1) {
      const stages = stack.apis.map((api) => api.stage.name).join(', ') || '(none)';
      const problem = values.stage === undefined ? `the stack has ${stack.apis.length} REST APIs` : `no REST API has the stage "${values.stage}"`;
      process.stderr.write(`openapi: ${problem}; pick one with --stage <name> (stages: ${stages})\n`);
      return 1;
    }
    const document = openApiDocument(stack, apis[0], { awsExtensions: !values['no-aws-extensions'] });
    process.stdout.write(values.format === 'yaml' ? stringify(document) : `${JSON.stringify(document, null, 2)}\n`);
    return 0;
  } catch (error) {
    return readFailure('openapi', error);
  }
}
