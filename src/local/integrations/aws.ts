import { lambdaEvent, renderMappingTemplate, selectRequestTemplate } from '../mapping-template';
import { IntegrationRequest, IntegrationResult, LocalIntegration, mappingInput, withTimeout } from './integration';
import { integrationAnswer } from './non-proxy-response';

/**
 * `AWS` to Lambda: the custom integration. The request template (VTL) makes the event; the function's result,
 * or Lambda's error document selected by its `errorMessage`, goes through the integration responses. An `Event`
 * invocation is queued and answered at once.
 */
export const awsIntegration: LocalIntegration = {
  types: ['AWS'],
  served: true,
  async integrate(input: IntegrationRequest): Promise<IntegrationResult> {
    const { request, parts, match, context } = input;
    const integration = match.route.integration;
    const pool = input.pool(integration.functionAddress);
    if (!pool) return { gatewayError: 'DEFAULT_5XX' };
    const template = selectRequestTemplate(integration.requestTemplates, parts.contentType, integration.passthroughBehavior);
    if (typeof template === 'object') return { gatewayError: 'UNSUPPORTED_MEDIA_TYPE' };
    const text = request.body.toString('utf8');
    const event = lambdaEvent(template === undefined ? text : renderMappingTemplate(template, mappingInput(input, text)));
    if (integration.invocationType === 'Event') {
      // Lambda queues an asynchronous invocation and answers at once; the function runs on its own.
      void pool.invoke(event, context.requestId).then((invocation) => invocation.ok || input.logFailure(pool, invocation));
      return integrationAnswer(input, undefined, '', mappingInput(input, ''));
    }
    const invocation = await withTimeout(pool.invoke(event, context.requestId), integration.timeoutMs);
    if (invocation === 'timeout') return { gatewayError: 'INTEGRATION_TIMEOUT' };
    // A function error reaches the integration responses as Lambda's error document, selected by its errorMessage.
    return invocation.ok
      ? integrationAnswer(input, undefined, invocation.payload, mappingInput(input, invocation.payload))
      : integrationAnswer(input, invocation.error.errorMessage, JSON.stringify(invocation.error), mappingInput(input, JSON.stringify(invocation.error)));
  },
};
