import { Token } from 'cdktf';
import { ValidationError } from '../apigw/errors';
import {
  CACHE_CLUSTER_SIZES_GB,
  LOG_RETENTION_PERIODS_DAYS,
  MAX_AUTHORIZER_TTL_SECONDS,
  MAX_CACHE_TTL_SECONDS,
  QUOTA_PERIODS,
} from '../apigw/limits';

// Pure checks of user input. Each returns nothing or throws an Error whose message names the construct
// path, what is wrong, the value received and the fix. Values that are tokens (known only at apply) are
// skipped by the callers, never here.

export function checkStageName(where: string, stageName: string): void {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(stageName)) {
    throw new ValidationError(
      `${where}: stage name "${stageName}" is not valid; use 1 to 128 letters, digits, "_" or "-" (for example "prod")`,
    );
  }
}

export function checkThrottling(where: string, rateLimit: number, burstLimit: number): void {
  if (!(Number.isFinite(rateLimit) && rateLimit > 0)) {
    throw new ValidationError(`${where}: throttling rateLimit ${rateLimit} must be a number of requests per second above 0`);
  }
  if (!(Number.isInteger(burstLimit) && burstLimit >= 0)) {
    throw new ValidationError(`${where}: throttling burstLimit ${burstLimit} must be a whole number of requests, 0 or more`);
  }
}

export function checkCacheSize(where: string, sizeGb: number): void {
  if (!(CACHE_CLUSTER_SIZES_GB as readonly number[]).includes(sizeGb)) {
    throw new ValidationError(
      `${where}: cache cluster size ${sizeGb} GB is not one API Gateway offers; use one of ${CACHE_CLUSTER_SIZES_GB.join(', ')}`,
    );
  }
}

export function checkCacheTtl(where: string, ttlSeconds: number): void {
  if (!(Number.isInteger(ttlSeconds) && ttlSeconds >= 0 && ttlSeconds <= MAX_CACHE_TTL_SECONDS)) {
    throw new ValidationError(
      `${where}: cache ttlSeconds ${ttlSeconds} must be a whole number from 0 to ${MAX_CACHE_TTL_SECONDS}`,
    );
  }
}

/** Checks that `value` is a whole number in [min, max]; `what` names it with its unit. */
export function checkWholeNumberInRange(where: string, what: string, value: number, min: number, max: number, fix = ''): void {
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    throw new ValidationError(`${where}: ${what} ${value} must be a whole number from ${min} to ${max}${fix ? `; ${fix}` : ''}`);
  }
}

export function checkFunctionName(where: string, name: string): void {
  if (Token.isUnresolved(name)) {
    throw new ValidationError(`${where}: the function name must be known at synth, since it names the bundle folder; pass a plain string`);
  }
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
    throw new ValidationError(
      `${where}: function name "${name}" (${name.length} characters) is not valid; Lambda allows 1 to 64 letters, digits, "-" and "_": shorten the name prefix or the construct id`,
    );
  }
}

export function checkStageVariables(where: string, variables: Record<string, string>): void {
  // CreateStage: names are alphanumeric or "_", values [A-Za-z0-9-._~:/?#&=,]+; at most 64 and 512 characters.
  for (const [name, value] of Object.entries(variables)) {
    if (!/^[A-Za-z0-9_]{1,64}$/.test(name)) {
      throw new ValidationError(`${where}: stage variable name "${name}" is not valid; use 1 to 64 letters, digits or "_"`);
    }
    // A value known only at apply (a Terraform variable, another resource's name) is checked by API Gateway then.
    if (!Token.isUnresolved(value) && !/^[A-Za-z0-9\-._~:/?#&=,]{1,512}$/.test(value)) {
      throw new ValidationError(
        `${where}: stage variable ${name}="${value}" is not valid; values are 1 to 512 of the characters A-Z a-z 0-9 - . _ ~ : / ? # & = ,`,
      );
    }
  }
}

export function checkLogRetentionDays(where: string, what: string, days: number): void {
  if (!(LOG_RETENTION_PERIODS_DAYS as readonly number[]).includes(days)) {
    throw new ValidationError(
      `${where}: ${what} ${days} is not a period CloudWatch Logs offers; use one of ${LOG_RETENTION_PERIODS_DAYS.join(', ')}`,
    );
  }
}

export function checkQuota(where: string, limit: number, period: string): void {
  if (!(Number.isInteger(limit) && limit >= 1)) {
    throw new ValidationError(`${where}: quota limit ${limit} must be a whole number of requests, 1 or more`);
  }
  if (!(QUOTA_PERIODS as readonly string[]).includes(period)) {
    throw new ValidationError(`${where}: quota period "${period}" is not valid; use one of ${QUOTA_PERIODS.join(', ')}`);
  }
}

/** Checks an authorizer's `resultsCacheTtlSeconds`, the same for Lambda and Cognito authorizers. */
export function checkAuthorizerTtl(where: string, ttlSeconds: number): void {
  checkWholeNumberInRange(where, 'resultsCacheTtlSeconds', ttlSeconds, 0, MAX_AUTHORIZER_TTL_SECONDS, 'API Gateway caches answers up to 1 hour; 0 turns caching off');
}

// Where a REQUEST authorizer may read its identity from (CreateAuthorizer `identitySource`).
const IDENTITY_SOURCE = /^(method\.request\.(header|querystring)\.[A-Za-z0-9._-]+|stageVariables\.[A-Za-z0-9_]+|context\.[A-Za-z0-9._]+)$/;
const HEADER_SOURCE = /^method\.request\.header\.[A-Za-z0-9._-]+$/;

/** Checks identity sources: TOKEN reads exactly one header; REQUEST reads headers, query strings, stage variables or context. */
export function checkIdentitySources(where: string, type: 'TOKEN' | 'REQUEST', sources: readonly string[]): void {
  if (type === 'TOKEN' && (sources.length !== 1 || !HEADER_SOURCE.test(sources[0]))) {
    throw new ValidationError(
      `${where}: a TOKEN authorizer reads one header, but identitySources is [${sources.join(', ')}]; use one source such as "method.request.header.Authorization"`,
    );
  }
  for (const source of sources) {
    if (!IDENTITY_SOURCE.test(source)) {
      throw new ValidationError(
        `${where}: identity source "${source}" is not valid; use "method.request.header.<name>", "method.request.querystring.<name>", "stageVariables.<name>" or "context.<name>"`,
      );
    }
  }
}

// An origin is a scheme, a host and an optional port, with no path (RFC 6454; what browsers send in `Origin`).
const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

/** Checks CORS origins: `*` alone, or specific origins; never `*` with credentials, which browsers reject. */
export function checkCorsOrigins(where: string, origins: readonly string[], allowCredentials: boolean): void {
  if (origins.length === 0) {
    throw new ValidationError(`${where}: cors allowOrigins is empty; list the origins that may call the API, such as "https://app.example.com", or "*"`);
  }
  if (origins.includes('*') && origins.length > 1) {
    throw new ValidationError(
      `${where}: cors allowOrigins [${origins.join(', ')}] mixes "*" with specific origins, and "*" already allows every origin; use ["*"] or only the specific origins`,
    );
  }
  if (origins.includes('*') && allowCredentials) {
    throw new ValidationError(
      `${where}: cors allowOrigins "*" with allowCredentials true is rejected by browsers (the Fetch standard forbids it); list the specific origins instead`,
    );
  }
  for (const origin of origins) {
    // An origin built from a token, such as `https://${distribution.domainName}`, is known only at apply.
    if (origin !== '*' && !Token.isUnresolved(origin) && !ORIGIN.test(origin)) {
      throw new ValidationError(
        `${where}: cors origin "${origin}" is not an origin; use a scheme, host and optional port with no path or trailing "/", such as "https://app.example.com"`,
      );
    }
  }
}

/** A header name as HTTP defines it (RFC 9110 `token`). */
export function checkHeaderName(where: string, what: string, name: string): void {
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
    throw new ValidationError(`${where}: ${what} "${name}" is not a header name; use letters, digits and "-", such as "Content-Type"`);
  }
}
