import { renderMappingTemplate, selectRequestTemplate } from '../mapping-template';
import { IntegrationRequest, IntegrationResult, LocalIntegration, mappingInput } from './integration';
import { integrationAnswer } from './non-proxy-response';

/** `MOCK`: the request template's `statusCode` selects the integration response, as for CORS preflights. */
export const mockIntegration: LocalIntegration = {
  types: ['MOCK'],
  served: true,
  async integrate(input: IntegrationRequest): Promise<IntegrationResult> {
    const integration = input.match.route.integration;
    const template = selectRequestTemplate(integration.requestTemplates, input.parts.contentType, integration.passthroughBehavior);
    if (typeof template === 'object') return { gatewayError: 'UNSUPPORTED_MEDIA_TYPE' };
    let statusCode: unknown;
    try {
      const rendered = template === undefined ? '{}' : renderMappingTemplate(template, mappingInput(input, input.request.body.toString('utf8')));
      statusCode = (JSON.parse(rendered) as { statusCode?: unknown }).statusCode;
    } catch {
      return { gatewayError: 'API_CONFIGURATION_ERROR' };
    }
    return integrationAnswer(input, String(statusCode ?? 200), '', mappingInput(input, ''));
  },
};
