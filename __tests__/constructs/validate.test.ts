import { Token } from 'cdktf';
import {
  checkAuthorizerTtl,
  checkCacheSize,
  checkCacheTtl,
  checkCorsOrigins,
  checkFunctionName,
  checkHeaderName,
  checkIdentitySources,
  checkLogRetentionDays,
  checkQuota,
  checkStageName,
  checkStageVariables,
  checkThrottling,
  checkWholeNumberInRange,
} from '../../src/constructs/validate';

const WHERE = 'stack/Api';

describe('checkStageName', () => {
  test('accepts letters, digits, "_" and "-" up to 128 characters', () => {
    expect(() => checkStageName(WHERE, 'prod_v-2')).not.toThrow();
    expect(() => checkStageName(WHERE, 'a'.repeat(128))).not.toThrow();
  });

  test.each(['', 'pro d', 'v1.0', 'a'.repeat(129)])('fails when the stage name is %p', (name) => {
    expect(() => checkStageName(WHERE, name)).toThrow(`${WHERE}: stage name "${name}" is not valid; use 1 to 128 letters`);
  });
});

describe('checkStageVariables', () => {
  test('accepts names of letters, digits and "_" with values of the allowed characters', () => {
    expect(() => checkStageVariables(WHERE, { table_name: 'items-v1', url: 'https://example.com/a?b=c&d=e' })).not.toThrow();
  });

  test('accepts a value known only at apply, such as a Terraform variable', () => {
    expect(() => checkStageVariables(WHERE, { table_name: Token.asString({ Ref: 'var.table' }) })).not.toThrow();
  });

  test('fails when a name has a "-"', () => {
    expect(() => checkStageVariables(WHERE, { 'table-name': 'x' })).toThrow(`${WHERE}: stage variable name "table-name" is not valid`);
  });

  test('fails when a value has a space or is empty', () => {
    expect(() => checkStageVariables(WHERE, { name: 'a b' })).toThrow(`${WHERE}: stage variable name="a b" is not valid`);
    expect(() => checkStageVariables(WHERE, { name: '' })).toThrow(`${WHERE}: stage variable name="" is not valid`);
  });
});

describe('checkThrottling', () => {
  test('accepts a fractional rate and a burst of 0', () => {
    expect(() => checkThrottling(WHERE, 0.5, 0)).not.toThrow();
  });

  test.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])('fails when the rate is %p', (rate) => {
    expect(() => checkThrottling(WHERE, rate, 10)).toThrow(`${WHERE}: throttling rateLimit ${rate} must be a number of requests per second above 0`);
  });

  test.each([-1, 2.5])('fails when the burst is %p', (burst) => {
    expect(() => checkThrottling(WHERE, 10, burst)).toThrow(`${WHERE}: throttling burstLimit ${burst} must be a whole number of requests, 0 or more`);
  });
});

describe('checkCacheSize', () => {
  test.each([0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237])('accepts %p GB', (size) => {
    expect(() => checkCacheSize(WHERE, size)).not.toThrow();
  });

  test('fails when the size is not one API Gateway offers, listing them', () => {
    expect(() => checkCacheSize(WHERE, 1)).toThrow(
      `${WHERE}: cache cluster size 1 GB is not one API Gateway offers; use one of 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237`,
    );
  });
});

describe('checkCacheTtl', () => {
  test('accepts 0 and 3600', () => {
    expect(() => checkCacheTtl(WHERE, 0)).not.toThrow();
    expect(() => checkCacheTtl(WHERE, 3600)).not.toThrow();
  });

  test.each([-1, 3601, 1.5])('fails when the TTL is %p', (ttl) => {
    expect(() => checkCacheTtl(WHERE, ttl)).toThrow(`${WHERE}: cache ttlSeconds ${ttl} must be a whole number from 0 to 3600`);
  });
});

describe('checkAuthorizerTtl', () => {
  test('accepts 0 and 3600', () => {
    expect(() => checkAuthorizerTtl(WHERE, 0)).not.toThrow();
    expect(() => checkAuthorizerTtl(WHERE, 3600)).not.toThrow();
  });

  test.each([-1, 3601, 1.5])('fails when the TTL is %p', (ttl) => {
    expect(() => checkAuthorizerTtl(WHERE, ttl)).toThrow(
      `${WHERE}: resultsCacheTtlSeconds ${ttl} must be a whole number from 0 to 3600; API Gateway caches answers up to 1 hour; 0 turns caching off`,
    );
  });
});

describe('checkWholeNumberInRange', () => {
  test('names the value, the range and the fix', () => {
    expect(() => checkWholeNumberInRange(WHERE, 'memoryMb', 100, 128, 10240, 'Lambda offers 128 MB to 10,240 MB')).toThrow(
      `${WHERE}: memoryMb 100 must be a whole number from 128 to 10240; Lambda offers 128 MB to 10,240 MB`,
    );
  });
});

describe('checkFunctionName', () => {
  test('accepts 64 characters of letters, digits, "-" and "_"', () => {
    expect(() => checkFunctionName(WHERE, `a-b_${'c'.repeat(60)}`)).not.toThrow();
  });

  test('fails when the name is too long, giving its length', () => {
    const name = 'f'.repeat(65);
    expect(() => checkFunctionName(WHERE, name)).toThrow(`${WHERE}: function name "${name}" (65 characters) is not valid`);
  });

  test('fails when the name has a "."', () => {
    expect(() => checkFunctionName(WHERE, 'my.fn')).toThrow(/function name "my\.fn" \(5 characters\) is not valid; Lambda allows 1 to 64/);
  });
});

describe('checks of issue 4 inputs', () => {
  const where = 'stack/X';

  test('checkLogRetentionDays accepts the CloudWatch Logs periods only', () => {
    expect(() => checkLogRetentionDays(where, 'logRetentionDays', 365)).not.toThrow();
    expect(() => checkLogRetentionDays(where, 'logRetentionDays', 366)).toThrow(/^stack\/X: logRetentionDays 366 is not a period CloudWatch Logs offers; use one of 1, 3, 5, 7, 14/);
  });

  test('checkQuota accepts a whole limit and DAY, WEEK or MONTH', () => {
    expect(() => checkQuota(where, 1, 'MONTH')).not.toThrow();
    expect(() => checkQuota(where, 1.5, 'DAY')).toThrow(/^stack\/X: quota limit 1.5 must be a whole number of requests, 1 or more$/);
    expect(() => checkQuota(where, 1, 'day')).toThrow(/^stack\/X: quota period "day" is not valid; use one of DAY, WEEK, MONTH$/);
  });

  test('checkIdentitySources accepts headers, query strings, stage variables and context for REQUEST', () => {
    expect(() =>
      checkIdentitySources(where, 'REQUEST', ['method.request.header.Auth', 'method.request.querystring.k', 'stageVariables.tenant', 'context.sourceIp']),
    ).not.toThrow();
    expect(() => checkIdentitySources(where, 'REQUEST', ['method.request.body.x'])).toThrow(/^stack\/X: identity source "method.request.body.x" is not valid/);
  });

  test('checkIdentitySources wants exactly one header for TOKEN', () => {
    expect(() => checkIdentitySources(where, 'TOKEN', ['method.request.header.Authorization'])).not.toThrow();
    expect(() => checkIdentitySources(where, 'TOKEN', [])).toThrow(/^stack\/X: a TOKEN authorizer reads one header, but identitySources is \[\]/);
  });

  test('checkCorsOrigins accepts "*" alone or specific origins with ports', () => {
    expect(() => checkCorsOrigins(where, ['*'], false)).not.toThrow();
    expect(() => checkCorsOrigins(where, ['https://a.example.com', 'http://localhost:3000'], true)).not.toThrow();
    expect(() => checkCorsOrigins(where, ['https://a.example.com', '*'], false)).toThrow(/mixes "\*" with specific origins/);
  });

  test('checkCorsOrigins accepts an origin known only at apply, such as https:// and a distribution domain', () => {
    expect(() => checkCorsOrigins(where, [`https://${Token.asString({ Ref: 'domain' })}`], true)).not.toThrow();
  });

  test('checkHeaderName accepts HTTP tokens only', () => {
    expect(() => checkHeaderName(where, 'header', 'X-Amz-Date')).not.toThrow();
    expect(() => checkHeaderName(where, 'header', 'X:Y')).toThrow(/^stack\/X: header "X:Y" is not a header name/);
  });
});

describe('checkWholeNumberInRange without a fix', () => {
  test('names the value and the range, and ends there', () => {
    expect(() => checkWholeNumberInRange(WHERE, 'timeoutSeconds', 0, 1, 900)).toThrow(new RegExp(`^${WHERE}: timeoutSeconds 0 must be a whole number from 1 to 900$`));
  });

  test('accepts both ends of the range', () => {
    expect(() => checkWholeNumberInRange(WHERE, 'timeoutSeconds', 1, 1, 900)).not.toThrow();
    expect(() => checkWholeNumberInRange(WHERE, 'timeoutSeconds', 900, 1, 900)).not.toThrow();
  });
});

describe('checkFunctionName of a token', () => {
  test('fails when the name is known only at apply: it names the bundle folder', () => {
    expect(() => checkFunctionName(WHERE, Token.asString({ Ref: 'var.name' }))).toThrow(
      `${WHERE}: the function name must be known at synth, since it names the bundle folder; pass a plain string`,
    );
  });
});

describe('checkQuota limits', () => {
  test('fails when the limit is 0: a quota lets at least one request through', () => {
    expect(() => checkQuota(WHERE, 0, 'DAY')).toThrow(`${WHERE}: quota limit 0 must be a whole number of requests, 1 or more`);
  });
});

// CreateAuthorizer `identitySource`: a TOKEN authorizer reads one header; a REQUEST authorizer headers, query strings,
// stage variables or context variables, each spelled out in full.
describe('checkIdentitySources: the whole source is checked', () => {
  test.each(['method.request.header.Auth extra', 'xmethod.request.querystring.key', 'stageVariables.tenant.id', 'method.request.path.id'])(
    'fails when a REQUEST source is %p',
    (source) => {
      expect(() => checkIdentitySources(WHERE, 'REQUEST', [source])).toThrow(`${WHERE}: identity source "${source}" is not valid`);
    },
  );

  test.each([
    [['method.request.header.A', 'method.request.header.B']],
    [['context.method.request.header.Authorization']],
    [['method.request.header.Authorization extra']],
    [['method.request.querystring.token']],
  ])('fails when a TOKEN authorizer reads %j, which is not exactly one header, listing what it was given', (sources) => {
    expect(() => checkIdentitySources(WHERE, 'TOKEN', sources)).toThrow(
      `${WHERE}: a TOKEN authorizer reads one header, but identitySources is [${sources.join(', ')}]; use one source such as "method.request.header.Authorization"`,
    );
  });
});

// An origin is a scheme, a host and an optional port (RFC 6454), as browsers send it in `Origin`.
describe('checkCorsOrigins: each origin', () => {
  test('fails when the list is empty', () => {
    expect(() => checkCorsOrigins(WHERE, [], false)).toThrow(
      `${WHERE}: cors allowOrigins is empty; list the origins that may call the API, such as "https://app.example.com", or "*"`,
    );
  });

  test('fails when "*" is mixed with specific origins, listing them', () => {
    expect(() => checkCorsOrigins(WHERE, ['*', 'https://a.example.com'], false)).toThrow(
      `${WHERE}: cors allowOrigins [*, https://a.example.com] mixes "*" with specific origins, and "*" already allows every origin; use ["*"] or only the specific origins`,
    );
  });

  test('fails when "*" comes with credentials, which the Fetch standard forbids', () => {
    expect(() => checkCorsOrigins(WHERE, ['*'], true)).toThrow(
      `${WHERE}: cors allowOrigins "*" with allowCredentials true is rejected by browsers (the Fetch standard forbids it); list the specific origins instead`,
    );
  });

  test.each(['https://app.example.com/', 'https://app.example.com/path', 'Origin: https://app.example.com', 'app.example.com', 'https://app.example.com:123456'])(
    'fails when an origin is %p',
    (origin) => {
      expect(() => checkCorsOrigins(WHERE, ['https://ok.example.com', origin], false)).toThrow(
        `${WHERE}: cors origin "${origin}" is not an origin; use a scheme, host and optional port with no path or trailing "/", such as "https://app.example.com"`,
      );
    },
  );
});
