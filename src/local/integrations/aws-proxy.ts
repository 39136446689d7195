import { buildProxyEvent, readProxyResult } from '../proxy-event';
import { IntegrationRequest, IntegrationResult, LocalIntegration, withTimeout } from './integration';

/**
 * `AWS_PROXY`: the Lambda proxy integration. The request becomes the payload format 1.0 event, and the
 * function's answer, checked as API Gateway checks it, becomes the HTTP answer; a function that fails,
 * answers a malformed proxy result or has no code is a 502, one that outlasts the integration timeout a 504.
 */
export const awsProxyIntegration: LocalIntegration = {
  types: ['AWS_PROXY'],
  served: true,
  async integrate(input: IntegrationRequest): Promise<IntegrationResult> {
    const { request, parts, match, context, api } = input;
    const integration = match.route.integration;
    const pool = input.pool(integration.functionAddress);
    if (!pool) return { gatewayError: 'DEFAULT_5XX' };
    const event = buildProxyEvent(request, parts, match, context, { stageVariables: api.stage.variables, binaryMediaTypes: api.binaryMediaTypes });
    const invocation = await withTimeout(pool.invoke(event, context.requestId), integration.timeoutMs);
    if (invocation === 'timeout') return { gatewayError: 'INTEGRATION_TIMEOUT' };
    const answer = invocation.ok ? readProxyResult(invocation.payload) : undefined;
    if (!answer) input.logFailure(pool, invocation);
    return answer ?? { gatewayError: 'DEFAULT_5XX' };
  },
};
