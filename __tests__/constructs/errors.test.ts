import { TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { reportSynthErrors } from '../../src/constructs/report-synth-errors';
import { ValidationError } from '../../src/apigw/errors';
import { api, testApp } from '../support/helpers';

describe('reportSynthErrors', () => {
  let consoleError: jest.SpyInstance;
  beforeEach(() => {
    consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    process.exitCode = undefined;
  });
  afterEach(() => {
    consoleError.mockRestore();
    process.exitCode = undefined;
  });

  test('prints bad input as one message, without a stack trace, and sets exit code 1', () => {
    reportSynthErrors(() => {
      throw new ValidationError('stack/Api: stage name "a b" is not valid');
    });

    expect(consoleError).toHaveBeenCalledWith('synth failed: stack/Api: stage name "a b" is not valid');
    expect(process.exitCode).toBe(1);
  });

  test("prints cdktf's failed validations as one message", () => {
    reportSynthErrors(() => {
      throw new Error('Validation failed with the following errors:\n  [stack/Api] the API has no method');
    });

    expect(consoleError).toHaveBeenCalledWith('synth failed: Validation failed with the following errors:\n  [stack/Api] the API has no method');
  });

  test("recognizes the error cdktf itself throws when a validation fails at synth, whose text is cdktf's own", () => {
    const app = testApp();
    const stack = new TerraformStack(app, 'stack');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    api(stack);

    reportSynthErrors(() => app.synth());

    expect(consoleError).toHaveBeenCalledTimes(1);
    expect(consoleError.mock.calls[0][0]).toMatch(/^synth failed: Validation failed with the following errors:\n {2}\[stack\/Api\] the API has no method, /);
    expect(process.exitCode).toBe(1);
  });

  test('keeps the whole error of anything else, which is a bug to report', () => {
    const bug = new TypeError('x is undefined');

    reportSynthErrors(() => {
      throw bug;
    });

    expect(consoleError).toHaveBeenCalledWith(bug);
    expect(process.exitCode).toBe(1);
  });

  test('leaves the exit code alone when synth succeeds', () => {
    const synthesize = jest.fn();

    reportSynthErrors(synthesize);

    expect(synthesize).toHaveBeenCalledTimes(1);
    expect(consoleError).not.toHaveBeenCalled();
    expect(process.exitCode).toBeUndefined();
  });
});
