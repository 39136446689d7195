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

/**
 * `$context` of a non-proxy integration's templates: the request's, with `requestOverride` (header, querystring,
 * path) and `responseOverride` (status, header) that the request template and then the response template may set
 * and read, one object for both (recorded against AWS: localstack/localstack
 * tests/aws/services/apigateway/test_apigateway_integrations.snapshot.json,
 * test_integration_mock_with_response_override_in_request_template and
 * test_integration_mock_with_request_overrides_in_response_template).
 */
export interface TemplateContext extends Record<string, unknown> {
  readonly requestOverride: { header: Record<string, unknown>; querystring: Record<string, unknown>; path: Record<string, unknown> };
  readonly responseOverride: { status?: unknown; header: Record<string, unknown> };
}

export function templateContext(request: IntegrationRequest): TemplateContext {
  return { ...request.context, requestOverride: { header: {}, querystring: {}, path: {} }, responseOverride: { header: {} } };
}

/** `$input`, `$util`, `$context` and `$stageVariables` of the route's mapping templates, for a payload. */
export function mappingInput(request: IntegrationRequest, body: string, context: TemplateContext): MappingInput & { readonly context: TemplateContext } {
  return {
    body,
    params: { path: request.match.pathParameters, querystring: request.parts.query, header: request.parts.headers },
    stageVariables: request.api.stage.variables,
    context,
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
