import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';

/**
 * The TOKEN authorizer of the write routes: `Authorization: Bearer <token>` passes when the token's SHA-256
 * is one of `WRITER_TOKEN_SHA256` (comma-separated hex digests). Only digests are configured, so the function's
 * environment and the Terraform state never hold a usable token.
 */

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]{16,512}=*)$/;
const DIGEST = /^[0-9a-f]{64}$/;

/** API Gateway answers 401 when a TOKEN authorizer throws exactly this message (Lambda authorizer docs). */
export const UNAUTHORIZED = 'Unauthorized';

export function sha256(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Parses the configured digests; a malformed entry is a deployment mistake, reported by name. */
export function parseDigests(value: string): Buffer[] {
  const entries = value.split(',').map((entry) => entry.trim().toLowerCase()).filter(Boolean);
  if (entries.length === 0 || entries.some((entry) => !DIGEST.test(entry))) {
    throw new Error('WRITER_TOKEN_SHA256 must be a comma-separated list of SHA-256 hex digests (64 characters each)');
  }
  return entries.map((entry) => Buffer.from(entry, 'hex'));
}

/**
 * The stage-wide ARN the answer allows: API Gateway caches the answer per token (result TTL) and reuses it
 * for every method of this authorizer, so a policy naming only `methodArn` would deny the caller's next route.
 * `arn:<partition>:execute-api:<region>:<account>:<api id>/<stage>/<verb>/<path>` becomes `.../<stage>/*`.
 */
export function stageArn(methodArn: string): string {
  const [apiArn, stage] = methodArn.split('/');
  return `${apiArn}/${stage}/*`;
}

export function createHandler(digests: Buffer[]) {
  return async (event: APIGatewayTokenAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
    const token = BEARER.exec(event.authorizationToken ?? '')?.[1];
    if (!token) throw new Error(UNAUTHORIZED);
    const digest = sha256(token);
    // Compared in constant time, so response timing does not reveal how much of a digest matched.
    const match = digests.find((known) => timingSafeEqual(known, digest));
    if (!match) throw new Error(UNAUTHORIZED);
    const writer = match.toString('hex').slice(0, 12);
    return {
      principalId: `writer-${writer}`,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: stageArn(event.methodArn) }],
      },
      context: { writer },
    };
  };
}

let configured: ReturnType<typeof createHandler> | undefined;

/** Reads `WRITER_TOKEN_SHA256` on the first call, so that importing the module (as tests do) needs no environment. */
export async function handler(event: APIGatewayTokenAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  configured ??= createHandler(parseDigests(process.env.WRITER_TOKEN_SHA256 ?? ''));
  return configured(event);
}
