import { lambdaEvent, renderMappingTemplate, selectRequestTemplate } from '../mapping-template';
import { IntegrationRequest, IntegrationResult, LocalIntegration, mappingInput, templateContext, withTimeout } from './integration';
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
    if (!pool) return { gatewayError: 'INTEGRATION_FAILURE' };
    const template = selectRequestTemplate(integration.requestTemplates, parts.contentType, integration.passthroughBehavior);
    if (typeof template === 'object') return { gatewayError: 'UNSUPPORTED_MEDIA_TYPE' };
    const text = request.body.toString('utf8');
    const templates = templateContext(input);
    const event = lambdaEvent(template === undefined ? text : renderMappingTemplate(template, mappingInput(input, text, templates)));
    if (integration.invocationType === 'Event') {
      // Lambda queues an asynchronous invocation and answers at once; the function runs on its own.
      void pool.invoke(event, context.requestId).then((invocation) => invocation.ok || input.logFailure(pool, invocation));
      return integrationAnswer(input, undefined, '', mappingInput(input, '', templates));
    }
    const invocation = await withTimeout(pool.invoke(event, context.requestId), integration.timeoutMs);
    if (invocation === 'timeout') return { gatewayError: 'INTEGRATION_TIMEOUT' };
    // A function error reaches the integration responses as Lambda's error document, selected by its errorMessage.
    const payload = invocation.ok ? invocation.payload : JSON.stringify(invocation.error);
    return integrationAnswer(input, invocation.ok ? undefined : invocation.error.errorMessage, payload, mappingInput(input, payload, templates));
  },
};
