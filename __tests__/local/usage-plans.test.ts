import { quotaPeriodStart, UsagePlans } from '../../src/local/usage-plans';
import type { UsagePlanModel } from '../../src/model/stack-model';

// API keys, usage plan throttling and quotas as API Gateway applies them:
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html and
// https://docs.aws.amazon.com/apigateway/latest/api/API_QuotaSettings.html (offset: requests subtracted in the first period).

// The gateway errors of GATEWAY_ERRORS: 403 Forbidden, 429 Too Many Requests and 429 Limit Exceeded.
const FORBIDDEN = { ok: false, error: 'INVALID_API_KEY' };
const TOO_MANY_REQUESTS = { ok: false, error: 'THROTTLED' };
const LIMIT_EXCEEDED = { ok: false, error: 'QUOTA_EXCEEDED' };
const OK = { ok: true };

const route = { apiKeyRequired: true, resourcePath: '/items/{id}', httpMethod: 'GET' };
const other = { apiKeyRequired: true, resourcePath: '/items', httpMethod: 'GET' };

function plan(overrides: Partial<UsagePlanModel> = {}): UsagePlanModel {
  return {
    address: 'aws_api_gateway_usage_plan.basic',
    name: 'basic',
    methodThrottling: {},
    apiKeys: [{ address: 'aws_api_gateway_api_key.partner', name: 'partner', value: 'partner-key-0123456789', enabled: true }],
    ...overrides,
  };
}

function clock(iso = '2026-03-04T10:00:00Z') {
  let nowMs = Date.parse(iso);
  return { now: () => nowMs, advance: (ms: number) => (nowMs += ms), set: (at: string) => (nowMs = Date.parse(at)) };
}

function admitMany(plans: UsagePlans, count: number, target = route, key = 'partner-key-0123456789') {
  return Array.from({ length: count }, () => plans.admit(target, key));
}

describe('UsagePlans: API keys', () => {
  test('a method that requires no API key admits any request', () => {
    expect(new UsagePlans([plan()], 'HEADER').admit({ ...route, apiKeyRequired: false })).toEqual(OK);
  });

  test('a known, enabled key is admitted', () => {
    expect(new UsagePlans([plan()], 'HEADER').admit(route, 'partner-key-0123456789')).toEqual(OK);
  });

  test('a missing key is 403 Forbidden', () => {
    expect(new UsagePlans([plan()], 'HEADER').admit(route)).toEqual(FORBIDDEN);
  });

  test('an unknown key is 403 Forbidden', () => {
    expect(new UsagePlans([plan()], 'HEADER').admit(route, 'guessed')).toEqual(FORBIDDEN);
  });

  test('a disabled key is 403 Forbidden', () => {
    const disabled = plan({ apiKeys: [{ address: 'aws_api_gateway_api_key.old', name: 'old', value: 'old-key-0123456789abc', enabled: false }] });
    expect(new UsagePlans([disabled], 'HEADER').admit(route, 'old-key-0123456789abc')).toEqual(FORBIDDEN);
  });

  test('a key whose value Terraform leaves to AWS gets 40 generated letters and digits that work', () => {
    const plans = new UsagePlans([plan({ apiKeys: [{ address: 'aws_api_gateway_api_key.gen', name: 'gen', enabled: true }] })], 'HEADER');
    const [key] = plans.keys;
    expect(key).toEqual({ id: expect.stringMatching(/^[0-9a-f]{10}$/), name: 'gen', usagePlan: 'basic', value: expect.stringMatching(/^[A-Za-z0-9]{40}$/), generated: true, enabled: true });
    expect(plans.admit(route, key.value)).toEqual(OK);
  });

  test('a key whose value is a Terraform reference gets a generated value too', () => {
    const plans = new UsagePlans([plan({ apiKeys: [{ address: 'a', name: 'ref', value: '${random_password.key.result}', enabled: true }] })], 'HEADER');
    expect(plans.keys[0]).toMatchObject({ generated: true, value: expect.stringMatching(/^[A-Za-z0-9]{40}$/) });
  });

  test('keys lists every key with its id, plan and value', () => {
    expect(new UsagePlans([plan()], 'HEADER').keys).toEqual([
      { id: expect.stringMatching(/^[0-9a-f]{10}$/), name: 'partner', usagePlan: 'basic', value: 'partner-key-0123456789', generated: false, enabled: true },
    ]);
  });

  test("a key's id is stable for its Terraform address, and keyId finds it by value", () => {
    const [first, second] = [new UsagePlans([plan()], 'HEADER'), new UsagePlans([plan()], 'HEADER')];
    expect(first.keys[0].id).toBe(second.keys[0].id);
    expect(first.keyId('partner-key-0123456789')).toBe(first.keys[0].id);
    expect(first.keyId('guessed')).toBeUndefined();
  });

  test('describeKeys tells a client to send a HEADER key as x-api-key', () => {
    expect(new UsagePlans([plan()], 'HEADER').describeKeys()).toEqual([
      'API key "partner" (usage plan "basic"): partner-key-0123456789; send it in the x-api-key header',
    ]);
  });

  test('describeKeys marks generated and disabled keys, and AUTHORIZER keys come from the authorizer', () => {
    const plans = new UsagePlans([plan({ apiKeys: [{ address: 'a', name: 'gen', enabled: false }] })], 'AUTHORIZER');
    expect(plans.describeKeys()[0]).toMatch(
      /^API key "gen" \(usage plan "basic"\): [A-Za-z0-9]{40} \(made up for this run: Terraform leaves the value to AWS\) \(disabled\); return it as the Lambda authorizer's usageIdentifierKey$/,
    );
  });
});

describe('UsagePlans: a key in several plans', () => {
  // A key belongs to one plan per stage (API Gateway refuses a second one); the local API keeps the first plan that names it.
  const limited = plan({ name: 'limited', quota: { limit: 1, offset: 0, period: 'DAY' } });
  const open = plan({ address: 'aws_api_gateway_usage_plan.open', name: 'open' });

  test('is held by the first plan that names it: its quota applies, not the later plan', () => {
    expect(admitMany(new UsagePlans([limited, open], 'HEADER', clock().now), 2)).toEqual([OK, LIMIT_EXCEEDED]);
  });

  test('is listed once, with the first plan', () => {
    expect(new UsagePlans([open, limited], 'HEADER').keys.map((key) => key.usagePlan)).toEqual(['open']);
  });
});

describe('UsagePlans: throttling', () => {
  test("the plan's burst is per key; past it, 429 Too Many Requests", () => {
    const plans = new UsagePlans([plan({ throttling: { rateLimit: 1, burstLimit: 2 } })], 'HEADER', clock().now);
    expect(admitMany(plans, 3)).toEqual([OK, OK, TOO_MANY_REQUESTS]);
  });

  test("each key has its own bucket of the plan's throttle", () => {
    const keys = [
      { address: 'a', name: 'a', value: 'key-a-0123456789abcdef', enabled: true },
      { address: 'b', name: 'b', value: 'key-b-0123456789abcdef', enabled: true },
    ];
    const plans = new UsagePlans([plan({ throttling: { rateLimit: 1, burstLimit: 1 }, apiKeys: keys })], 'HEADER', clock().now);
    expect([plans.admit(route, 'key-a-0123456789abcdef'), plans.admit(route, 'key-b-0123456789abcdef')]).toEqual([OK, OK]);
  });

  test("the plan's bucket refills at its rate", () => {
    const time = clock();
    const plans = new UsagePlans([plan({ throttling: { rateLimit: 2, burstLimit: 1 } })], 'HEADER', time.now);
    admitMany(plans, 1);
    time.advance(500);
    expect(admitMany(plans, 2)).toEqual([OK, TOO_MANY_REQUESTS]);
  });

  test('a per-method throttle inside the plan limits that method only', () => {
    const plans = new UsagePlans([plan({ methodThrottling: { '/items/{id}/GET': { rateLimit: 1, burstLimit: 1 } } })], 'HEADER', clock().now);
    expect([...admitMany(plans, 2), ...admitMany(plans, 2, other)]).toEqual([OK, TOO_MANY_REQUESTS, OK, OK]);
  });

  test("a per-method throttle does not lift the plan's own throttle, which still applies to the key", () => {
    const limited = plan({ throttling: { rateLimit: 1, burstLimit: 2 }, methodThrottling: { '/items/{id}/GET': { rateLimit: 100, burstLimit: 100 } } });
    const plans = new UsagePlans([limited], 'HEADER', clock().now);
    expect(admitMany(plans, 3)).toEqual([OK, OK, TOO_MANY_REQUESTS]);
  });
});

describe('UsagePlans: quotas', () => {
  test('past the quota, 429 Limit Exceeded', () => {
    const plans = new UsagePlans([plan({ quota: { limit: 2, offset: 0, period: 'DAY' } })], 'HEADER', clock().now);
    expect(admitMany(plans, 3)).toEqual([OK, OK, LIMIT_EXCEEDED]);
  });

  test('a DAY quota starts again at midnight UTC', () => {
    const time = clock('2026-03-04T23:59:59Z');
    const plans = new UsagePlans([plan({ quota: { limit: 1, offset: 0, period: 'DAY' } })], 'HEADER', time.now);
    admitMany(plans, 1);
    time.set('2026-03-05T00:00:00Z');
    expect(admitMany(plans, 2)).toEqual([OK, LIMIT_EXCEEDED]);
  });

  test('a WEEK quota lasts from Sunday to Saturday, UTC', () => {
    const time = clock('2026-03-01T00:00:00Z'); // a Sunday
    const plans = new UsagePlans([plan({ quota: { limit: 1, offset: 0, period: 'WEEK' } })], 'HEADER', time.now);
    admitMany(plans, 1);
    time.set('2026-03-07T23:59:59Z');
    const sameWeek = admitMany(plans, 1);
    time.set('2026-03-08T00:00:00Z');
    expect([...sameWeek, ...admitMany(plans, 1)]).toEqual([LIMIT_EXCEEDED, OK]);
  });

  test('a MONTH quota starts again on the 1st, UTC', () => {
    const time = clock('2026-02-28T12:00:00Z');
    const plans = new UsagePlans([plan({ quota: { limit: 1, offset: 0, period: 'MONTH' } })], 'HEADER', time.now);
    admitMany(plans, 1);
    time.set('2026-03-01T00:00:00Z');
    expect(admitMany(plans, 2)).toEqual([OK, LIMIT_EXCEEDED]);
  });

  test('a MONTH quota does not start again at the start of a week: a Sunday mid-month keeps the count', () => {
    const time = clock('2026-04-02T12:00:00Z'); // a Thursday; 2026-04-05 is a Sunday
    const plans = new UsagePlans([plan({ quota: { limit: 1, offset: 0, period: 'MONTH' } })], 'HEADER', time.now);
    admitMany(plans, 1);
    time.set('2026-04-05T00:00:00Z');
    expect(admitMany(plans, 1)).toEqual([LIMIT_EXCEEDED]);
  });

  test('a WEEK quota does not start again on the 1st of a month', () => {
    const time = clock('2026-04-28T12:00:00Z'); // a Tuesday; the week runs from Sunday 2026-04-26 to Saturday 2026-05-02
    const plans = new UsagePlans([plan({ quota: { limit: 1, offset: 0, period: 'WEEK' } })], 'HEADER', time.now);
    admitMany(plans, 1);
    time.set('2026-05-01T00:00:00Z');
    expect(admitMany(plans, 1)).toEqual([LIMIT_EXCEEDED]);
  });

  test('the offset is subtracted from the limit in the first period only', () => {
    const time = clock();
    const plans = new UsagePlans([plan({ quota: { limit: 3, offset: 2, period: 'DAY' } })], 'HEADER', time.now);
    const first = admitMany(plans, 2);
    time.advance(86_400_000);
    expect([...first, ...admitMany(plans, 4)]).toEqual([OK, LIMIT_EXCEEDED, OK, OK, OK, LIMIT_EXCEEDED]);
  });

  test('a throttled request does not count towards the quota', () => {
    const time = clock();
    const plans = new UsagePlans([plan({ throttling: { rateLimit: 1, burstLimit: 1 }, quota: { limit: 2, offset: 0, period: 'DAY' } })], 'HEADER', time.now);
    const burst = admitMany(plans, 2);
    time.advance(1000);
    expect([...burst, ...admitMany(plans, 1)]).toEqual([OK, TOO_MANY_REQUESTS, OK]);
  });

  test('a refused key does not count towards the quota', () => {
    const plans = new UsagePlans([plan({ quota: { limit: 1, offset: 0, period: 'DAY' } })], 'HEADER', clock().now);
    plans.admit(route, 'guessed');
    expect(admitMany(plans, 1)).toEqual([OK]);
  });
});

describe('quotaPeriodStart', () => {
  test.each([
    ['DAY', '2026-03-04T10:11:12Z', '2026-03-04T00:00:00.000Z'],
    ['WEEK', '2026-03-04T10:11:12Z', '2026-03-01T00:00:00.000Z'],
    ['WEEK', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00.000Z'],
    ['MONTH', '2026-03-04T10:11:12Z', '2026-03-01T00:00:00.000Z'],
    ['MONTH', '2026-04-15T23:59:59Z', '2026-04-01T00:00:00.000Z'],
    ['WEEK', '2026-04-01T10:00:00Z', '2026-03-29T00:00:00.000Z'],
    ['DAY', '2026-04-01T00:00:00Z', '2026-04-01T00:00:00.000Z'],
  ] as const)('%s of %s starts at %s', (period, at, start) => {
    expect(new Date(quotaPeriodStart(period, Date.parse(at))).toISOString()).toBe(start);
  });
});
