import { buildProxyEvent, headerValue, readProxyResult, TRACE_ID } from '../proxy-event';
import { randomHex } from '../request-context';
import { IntegrationRequest, IntegrationResult, LocalIntegration, withTimeout } from './integration';

/**
 * `AWS_PROXY`: the Lambda proxy integration. The request becomes the payload format 1.0 event, and the
 * function's answer, checked as API Gateway checks it, becomes the HTTP answer; a function that fails,
 * answers a malformed proxy result or has no code is an integration failure (502), one that outlasts the
 * integration timeout a 504.
 */
export const awsProxyIntegration: LocalIntegration = {
  types: ['AWS_PROXY'],
  served: true,
  async integrate(input: IntegrationRequest): Promise<IntegrationResult> {
    const { request, parts, match, context, api } = input;
    const integration = match.route.integration;
    const pool = input.pool(integration.functionAddress);
    if (!pool) return { gatewayError: 'INTEGRATION_FAILURE' };
    const event = buildProxyEvent(request, parts, match, context, { stageVariables: api.stage.variables, binaryMediaTypes: api.binaryMediaTypes });
    const invocation = await withTimeout(pool.invoke(event, context.requestId), integration.timeoutMs);
    if (invocation === 'timeout') return { gatewayError: 'INTEGRATION_TIMEOUT' };
    const answer = invocation.ok ? readProxyResult(invocation.payload, { accept: headerValue(parts.headers, 'accept'), binaryMediaTypes: api.binaryMediaTypes }) : undefined;
    if (!answer) {
      input.logFailure(pool, invocation);
      return { gatewayError: 'INTEGRATION_FAILURE' };
    }
    // A proxy answer echoes the request's trace id, with a parent segment when the client sent none
    // (localstack/localstack test_apigateway_common.snapshot.json, test_invocation_trace_id: AWS_PROXY answers have
    // X-Amzn-Trace-Id, MOCK ones do not).
    answer.headers[TRACE_ID] = request.traceId.includes(';Parent=') ? request.traceId : `${request.traceId};Parent=${randomHex(16)};Sampled=0`;
    return answer;
  },
};
