/**
 * API Gateway's throttle: "the token bucket algorithm, where a token counts for a request"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html). The bucket
 * holds at most `burstLimit` tokens, starts full and refills at `rateLimit` tokens per second; a request takes one
 * token or is throttled (429 Too Many Requests). A burst of 0 throttles every request.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly rateLimit: number,
    private readonly burstLimit: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(rateLimit >= 0) || !(burstLimit >= 0)) {
      throw new RangeError(`token bucket: rate ${rateLimit}/s and burst ${burstLimit} must be numbers from 0`);
    }
    this.tokens = burstLimit;
    this.refilledAt = now();
  }

  /** Takes a token for one request: false when the request is throttled. */
  public tryTake(): boolean {
    const now = this.now();
    const elapsedSeconds = Math.max(0, now - this.refilledAt) / 1000;
    this.tokens = Math.min(this.burstLimit, this.tokens + elapsedSeconds * this.rateLimit);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
