import { TokenBucket } from '../../src/local/token-bucket';

// API Gateway throttles with a token bucket: burst is its size, rate its refill per second
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html).

function clock(startMs = 1_000_000) {
  let nowMs = startMs;
  return { now: () => nowMs, advance: (ms: number) => (nowMs += ms) };
}

function takeAll(bucket: TokenBucket, count: number): boolean[] {
  return Array.from({ length: count }, () => bucket.tryTake());
}

describe('TokenBucket', () => {
  test('a full bucket admits a burst of burstLimit requests at once, then throttles', () => {
    const bucket = new TokenBucket(10, 5, clock().now);
    expect(takeAll(bucket, 6)).toEqual([true, true, true, true, true, false]);
  });

  test('refills rateLimit tokens per second', () => {
    const time = clock();
    const bucket = new TokenBucket(10, 5, time.now);
    takeAll(bucket, 5);
    time.advance(300);
    expect(takeAll(bucket, 4)).toEqual([true, true, true, false]);
  });

  test('refills fractions of a token over time', () => {
    const time = clock();
    const bucket = new TokenBucket(2, 1, time.now);
    bucket.tryTake();
    time.advance(250);
    expect(bucket.tryTake()).toBe(false);
    time.advance(250);
    expect(bucket.tryTake()).toBe(true);
  });

  test('never holds more than burstLimit tokens, however long it stays idle', () => {
    const time = clock();
    const bucket = new TokenBucket(100, 3, time.now);
    time.advance(60_000);
    expect(takeAll(bucket, 4)).toEqual([true, true, true, false]);
  });

  test('a steady stream at the rate is never throttled', () => {
    const time = clock();
    const bucket = new TokenBucket(10, 1, time.now);
    const admitted = Array.from({ length: 50 }, () => {
      time.advance(100);
      return bucket.tryTake();
    });
    expect(admitted.every(Boolean)).toBe(true);
  });

  test('a burst of 0 throttles every request', () => {
    const time = clock();
    const bucket = new TokenBucket(10, 0, time.now);
    time.advance(1000);
    expect(bucket.tryTake()).toBe(false);
  });

  test('a rate of 0 never refills: the burst is all a client ever gets', () => {
    const time = clock();
    const bucket = new TokenBucket(0, 2, time.now);
    const burst = takeAll(bucket, 3);
    time.advance(3_600_000);
    expect([...burst, bucket.tryTake()]).toEqual([true, true, false, false]);
  });

  test('a clock that goes back refills nothing', () => {
    const time = clock();
    const bucket = new TokenBucket(10, 1, time.now);
    bucket.tryTake();
    time.advance(-5000);
    expect(bucket.tryTake()).toBe(false);
  });

  test('fails when the rate or burst is negative or not a number', () => {
    expect(() => new TokenBucket(-1, 5)).toThrow('token bucket: rate -1/s and burst 5 must be numbers from 0');
    expect(() => new TokenBucket(1, Number.NaN)).toThrow('token bucket: rate 1/s and burst NaN must be numbers from 0');
  });
});
