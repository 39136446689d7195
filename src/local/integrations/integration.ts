import type { ApiModel } from '../../model/stack-model';
import type { FunctionPool, Invocation } from '../function-pool';
import type { GatewayErrorType, HttpAnswer } from '../gateway-errors';
import type { MappingInput } from '../mapping-template';
import type { LocalRequest, RequestParts } from '../proxy-event';
import type { RequestContext } from '../request-context';
import type { RouteMatch } from '../router';

/**
 * One request as an integration sees it: the request, its route, its `$context` and the API that serves it,
 * with the function pools of the stack. What `IIntegration.bind` is to the constructs, `LocalIntegration` is
 * to the local API: one module per integration type, and the pipeline does not know which it calls.
 */
export interface IntegrationRequest {
  readonly request: LocalRequest;
  readonly parts: RequestParts;
  readonly match: RouteMatch;
  readonly context: RequestContext;
  readonly api: ApiModel;
  /** The pool of a function of the stack, by its Terraform address; undefined when it has no bundled code. */
  readonly pool: (functionAddress: string | undefined) => FunctionPool | undefined;
  /** Reports an invocation that failed, with its function, for the log. */
  readonly logFailure: (pool: FunctionPool, invocation: Invocation) => void;
}

/** What an integration answers: the HTTP answer, or one of API Gateway's own errors. */
export type IntegrationResult = HttpAnswer | { readonly gatewayError: GatewayErrorType };

/** An integration type as the local API runs it (`AWS_PROXY`, `AWS`, `MOCK`, or one it does not serve). */
export interface LocalIntegration {
  /** The integration types this module serves. */
  readonly types: readonly string[];
  /** Whether the local API serves it; the others are warned about at load. */
  readonly served: boolean;
  integrate(request: IntegrationRequest): Promise<IntegrationResult>;
}

/** `$input`, `$util`, `$context` and `$stageVariables` of the route's mapping templates, for a payload. */
export function mappingInput(request: IntegrationRequest, body: string): MappingInput {
  return {
    body,
    params: { path: request.match.pathParameters, querystring: request.parts.query, header: request.parts.headers },
    stageVariables: request.api.stage.variables,
    context: request.context,
  };
}

/** Waits for `promise` at most `timeoutMs`: API Gateway's integration timeout. */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((done) => (timer = setTimeout(() => done('timeout'), timeoutMs)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
