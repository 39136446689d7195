import { renderMappingTemplate, selectRequestTemplate } from '../mapping-template';
import { IntegrationRequest, IntegrationResult, LocalIntegration, mappingInput, templateContext } from './integration';
import { integrationAnswer } from './non-proxy-response';

/** `MOCK`: the request template's `statusCode` selects the integration response, as for CORS preflights. */
export const mockIntegration: LocalIntegration = {
  types: ['MOCK'],
  served: true,
  async integrate(input: IntegrationRequest): Promise<IntegrationResult> {
    const integration = input.match.route.integration;
    const template = selectRequestTemplate(integration.requestTemplates, input.parts.contentType, integration.passthroughBehavior);
    if (typeof template === 'object') return { gatewayError: 'UNSUPPORTED_MEDIA_TYPE' };
    const templates = templateContext(input);
    const rendered = template === undefined ? '{}' : renderMappingTemplate(template, mappingInput(input, input.request.body.toString('utf8'), templates));
    return integrationAnswer(input, String(mockStatusCode(rendered) ?? 200), '', mappingInput(input, '', templates));
  },
};

/**
 * The `statusCode` a MOCK request template renders. API Gateway reads it from JSON that need not be strict: CDK's
 * own CORS template is `{statusCode: 200}`, and AWS answers it 200 (recorded against AWS: localstack/localstack
 * tests/aws/services/apigateway/test_apigateway_integrations.py, test_integration_mock_with_path_param).
 */
export function mockStatusCode(rendered: string): string | number | undefined {
  try {
    const parsed = JSON.parse(rendered) as { statusCode?: unknown };
    if (typeof parsed.statusCode === 'number' || typeof parsed.statusCode === 'string') return parsed.statusCode;
  } catch {
    // Not strict JSON: read the key the lenient way, quoted or not.
  }
  return /["']?statusCode["']?\s*:\s*["']?(\d{3})\b/.exec(rendered)?.[1];
}
