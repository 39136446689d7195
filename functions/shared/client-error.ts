export type ClientErrorStatus = 400 | 404;

/**
 * An error for a non-proxy integration. API Gateway picks the HTTP status by matching
 * `[400]`/`[404]` at the start of the message, and its selection patterns do not match
 * across newlines, so the message is flattened to one line.
 */
export function clientError(status: ClientErrorStatus, message: string): Error {
  return new Error(`[${status}] ${message.replace(/\s*[\r\n]+\s*/g, ' ')}`);
}
