import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { openApiDocument } from '../model/openapi';
import { NotAStackFolder, readStack } from '../model/stack-model';
import { commandHelp, usageError } from './usage';

const FORMATS = ['json', 'yaml'] as const;

/** `lambda-rest-api openapi <stackDir> [--format json|yaml] [--no-aws-extensions] [--stage <name>]` */
export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'json' },
        'no-aws-extensions': { type: 'boolean' },
        stage: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return usageError('openapi', (error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(commandHelp('openapi'));
    return 0;
  }
  if (positionals.length !== 1) return usageError('openapi', `expected one stack folder, got ${positionals.length}`);
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
    if (error instanceof NotAStackFolder) return usageError('openapi', error.message);
    process.stderr.write(`openapi: ${(error as Error).message}\n`);
    return 1;
  }
}
