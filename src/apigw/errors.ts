/** Bad input, found at synth time: the message names the construct path, the value received and the fix. */
export class ValidationError extends Error {
  public readonly name = 'ValidationError';
}
