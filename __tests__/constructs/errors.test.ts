import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { reportSynthErrors } from '../../src/constructs/report-synth-errors';
import { RestApi } from '../../src/constructs/rest-api/rest-api';
import { handler, newStack } from '../support/helpers';
import { ValidationError } from '../../src/apigw/errors';

describe('reportSynthErrors', () => {
  let consoleError: jest.SpyInstance;
  let consoleLog: jest.SpyInstance;
  beforeEach(() => {
    consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    consoleLog = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    process.exitCode = undefined;
  });
  afterEach(() => {
    consoleError.mockRestore();
    consoleLog.mockRestore();
    process.exitCode = undefined;
  });

  test('prints bad input as one message, without a stack trace, and sets exit code 1', () => {
    reportSynthErrors(() => {
      throw new ValidationError('stack/Api: stage name "a b" is not valid');
    });

    expect(consoleError).toHaveBeenCalledWith('synth failed: stack/Api: stage name "a b" is not valid');
    expect(process.exitCode).toBe(1);
  });

  test("prints each of cdktf's failed validations (its own, such as a missing provider, and the constructs') as one line with its construct path, without cdktf's advice to skip them", () => {
    const stack = newStack();
    new RestApi(stack, 'Api');
    new RestApi(stack, 'Other');

    reportSynthErrors(() => void Testing.synth(stack, true));

    expect(consoleError.mock.calls).toEqual([
      [
        "synth failed: stack: Found resources without a matching provider construct. Please make sure to add provider constructs [e.g. new RandomProvider(...)] to your stack 'stack' for the following providers: aws",
      ],
      ['synth failed: stack/Api: the API has no method, and API Gateway cannot deploy it; add one with api.root.addMethod() or addResource()'],
      ['synth failed: stack/Other: the API has no method, and API Gateway cannot deploy it; add one with api.root.addMethod() or addResource()'],
    ]);
    expect(process.exitCode).toBe(1);
  });

  test('prints a validation message of several lines on one', () => {
    reportSynthErrors(() => {
      throw new Error('Validation failed with the following errors:\n  [stack] Found resources\nwithout a provider\n\nIf you wish to ignore these validations, pass it');
    });

    expect(consoleError.mock.calls).toEqual([['synth failed: stack: Found resources without a provider']]);
  });

  test('prints two constructs with one id as one line naming the scope and the id', () => {
    const stack = newStack();
    handler(stack, 'health');

    reportSynthErrors(() => void handler(stack, "health"));

    expect(consoleError.mock.calls).toEqual([
      ['synth failed: stack (TerraformStack) already has a construct with the id "health"; give the new one another id (ids name the Terraform resources, so keep the existing one\'s)'],
    ]);
  });

  test('prints the stacks it wrote and where, when given the app it synthesized', () => {
    const outdir = fs.mkdtempSync(path.join(process.cwd(), 'cdktf.test-'));
    try {
      const app = new App({ outdir });
      for (const name of ['dev', 'prod']) new TerraformStack(app, name);

      reportSynthErrors(() => {
        app.synth();
        return app;
      });

      expect(consoleLog.mock.calls).toEqual([[`synthesized dev, prod into ${path.basename(outdir)}/stacks/<stack>/ (cdk.tf.json, and the bundled handlers in assets/)`]]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
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
    expect(consoleLog).not.toHaveBeenCalled();
    expect(process.exitCode).toBeUndefined();
  });
});
