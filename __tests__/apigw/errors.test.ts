import { ValidationError } from '../../src/apigw/errors';

describe('ValidationError', () => {
  test('is an Error named ValidationError, with the message it was given', () => {
    const error = new ValidationError('stack/Api: bad value');
    expect([error instanceof Error, error.name, error.message, String(error)]).toEqual([true, 'ValidationError', 'stack/Api: bad value', 'ValidationError: stack/Api: bad value']);
  });
});
