import { pathPattern } from './paths';

// execute-api ARNs, the resource of `execute-api:Invoke` and the source API Gateway names when it invokes a
// function: `arn:<partition>:execute-api:<region>:<account>:<api id>/<stage>/<VERB>/<resource path>`
// ("Control access for invoking an API": execute-api:Invoke resource format), and how IAM matches them.

/** The parts of an API's execution ARN, when they are known (the local API, policy size estimates). */
export interface ExecutionArnParts {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly apiId: string;
}

/** `arn:<partition>:execute-api:<region>:<account>:<api id>`, what `aws_api_gateway_rest_api.execution_arn` holds. */
export function executionArn(parts: ExecutionArnParts): string {
  return `arn:${parts.partition}:execute-api:${parts.region}:${parts.accountId}:${parts.apiId}`;
}

/** The ARN of one request, as API Gateway signs it: its real verb and the path it was sent to. */
export function requestArn(apiExecutionArn: string, stage: string, httpMethod: string, path: string): string {
  return `${apiExecutionArn}/${stage}/${httpMethod}${path}`;
}

/**
 * The execute-api ARN pattern of a method, as a Lambda permission's `source_arn` needs it: `ANY` and every path
 * variable (`{id}`, `{proxy+}`) become `*`.
 */
export function executeApiArn(apiExecutionArn: string, stage: string, httpMethod: string, resourcePath: string): string {
  return requestArn(apiExecutionArn, stage, httpMethod === 'ANY' ? '*' : httpMethod, pathPattern(resourcePath));
}

/**
 * The source ARN of a Lambda authorizer's invocation: `<execution arn>/authorizers/<authorizer id>` (the form AWS
 * CDK's LambdaAuthorizer grants as `authorizerArn`, and what API Gateway names when it calls one).
 */
export function authorizerArn(apiExecutionArn: string, authorizerId: string): string {
  return `${apiExecutionArn}/authorizers/${authorizerId}`;
}

/** IAM's wildcards: `*` any run of characters (`/` included), `?` one character. */
export function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

/**
 * Whether `pattern` matches `arn` as IAM's `ArnLike` condition operator does: case-sensitive, each of the six
 * colon-separated parts on its own, `*` for any run of characters and `?` for one (IAM User Guide, "IAM JSON
 * policy elements: Condition operators", ARN condition operators). The sixth part, the resource, may hold colons.
 */
export function arnLike(pattern: string, arn: string): boolean {
  const patternParts = arnParts(pattern);
  const valueParts = arnParts(arn);
  if (patternParts.length !== valueParts.length) return false;
  return patternParts.every((part, i) => wildcardMatch(part, valueParts[i], false));
}

/** The parts of an ARN: the first five, then the resource with its colons (`function:name:alias`). */
function arnParts(value: string): string[] {
  const split = value.split(':');
  return [...split.slice(0, 5), split.slice(5).join(':')];
}
