import * as path from 'node:path';
import { App } from 'cdktf';
import { ValidationError } from '../apigw/errors';
import { validationFailures } from './cdktf-internals';

/**
 * Runs `synthesize` and reports how it went in a line or two instead of a stack trace from inside cdktf.
 *
 * - Bad input (a `ValidationError`, the checks that run through cdktf's validation, two constructs with one id)
 *   prints one line per problem, `synth failed: <construct path>: <what is wrong>; <the fix>`, and sets exit code 1.
 *   Any other error keeps its stack: that is a bug to report.
 * - When `synthesize` returns the `App` it synthesized, success prints the stacks it wrote and where:
 *   `synthesized dev, prod into cdktf.out/stacks/<stack>/ (cdk.tf.json, and the bundled handlers in assets/)`.
 */
export function reportSynthErrors(synthesize: () => App | void): void {
  let app: App | void;
  try {
    app = synthesize();
  } catch (error) {
    const problems = synthProblems(error);
    if (problems) {
      for (const problem of problems) console.error(`synth failed: ${problem}`);
    } else {
      console.error(error);
    }
    process.exitCode = 1;
    return;
  }
  if (app instanceof App) console.log(describeSynthesized(app));
}

/** `synthesized dev, prod into cdktf.out/stacks/<stack>/ (...)`, with the output folder relative to the working directory. */
export function describeSynthesized(app: App): string {
  const stacks = Object.values(app.manifest.stacks);
  const stacksFolder = relative(path.resolve(app.outdir, path.dirname(stacks[0]?.workingDirectory ?? 'stacks/x')));
  if (stacks.length === 0) return `synthesized no stack into ${relative(app.outdir)}: the app adds none`;
  return `synthesized ${stacks.map((stack) => stack.name).join(', ')} into ${stacksFolder}/<stack>/ (cdk.tf.json, and the bundled handlers in assets/)`;
}

function relative(target: string): string {
  return path.relative(process.cwd(), path.resolve(target)).split(path.sep).join('/') || '.';
}

/**
 * The problems bad input caused, one line each, or undefined for any other error: cdktf's failed validations
 * (read in cdktf-internals.ts), and a duplicate id, which constructs reports as `There is already a Construct with name '<id>' in
 * <class> [<scope id>]`.
 */
export function synthProblems(error: unknown): string[] | undefined {
  if (error instanceof ValidationError) return [oneLine(error.message)];
  if (!(error instanceof Error)) return undefined;
  const failures = validationFailures(error);
  if (failures) return failures.map(({ path: where, message }) => oneLine(`${where}: ${message}`));
  const duplicate = /^There is already a Construct with name '(.*)' in (\w+)(?: \[(.*)\])?$/.exec(error.message);
  if (duplicate) {
    const [, id, type, scope] = duplicate;
    return [`${scope ? `${scope} (${type})` : `the ${type}`} already has a construct with the id "${id}"; give the new one another id (ids name the Terraform resources, so keep the existing one's)`];
  }
  return undefined;
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}
