import { ValidationError } from '../apigw/errors';
import { isValidationFailure } from './cdktf-internals';

/**
 * Runs `synthesize` and turns bad input into a short message on stderr and exit code 1, instead of a
 * stack trace from inside cdktf. Any other error keeps its stack: that is a bug to report.
 */
export function reportSynthErrors(synthesize: () => void): void {
  try {
    synthesize();
  } catch (error) {
    // cdktf wraps the messages of failed `addValidation` checks in a plain Error of its own.
    const isBadInput = error instanceof ValidationError || isValidationFailure(error);
    console.error(isBadInput ? `synth failed: ${(error as Error).message}` : error);
    process.exitCode = 1;
  }
}
