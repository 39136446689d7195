import type { GatewayErrorType, HttpAnswer } from '../gateway-errors';
import { mappedValue } from '../gateway-errors';
import { selectIntegrationResponse } from '../integration-response';
import { MappingInput, renderMappingTemplate, selectResponseTemplate } from '../mapping-template';
import { headerValue } from '../proxy-event';
import type { IntegrationRequest, TemplateContext } from './integration';

/**
 * A non-proxy integration's answer (`AWS`, `MOCK`) through the integration response selected by `selector`
 * (the Lambda error's message; the status code for MOCK) or, without one, the default response, its template
 * and header mappings applied.
 */
export function integrationAnswer(
  request: IntegrationRequest,
  selector: string | undefined,
  payload: string,
  input: MappingInput & { readonly context: TemplateContext },
): HttpAnswer | { gatewayError: GatewayErrorType } {
  const { parts } = request;
  const responses = request.match.route.integration.responses;
  // A success is matched as the empty string, so a `.*` pattern catches it before the default response, as on AWS.
  const selected = selectIntegrationResponse(responses, selector);
  // No response to select: API Gateway calls that a configuration error.
  if (!selected) return { gatewayError: 'API_CONFIGURATION_ERROR' };
  // The request or the response template may override the status and headers (`#set($context.responseOverride.status = 400)`).
  const override = input.context.responseOverride;
  const template = selectResponseTemplate(selected.responseTemplates, headerValue(parts.headers, 'accept'));
  const body = template === undefined ? payload : renderMappingTemplate(template, input);
  const headers: Record<string, string | string[]> = { 'Content-Type': 'application/json' };
  const setHeader = (name: string, value: string) => {
    const existing = Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
    if (existing !== undefined) delete headers[existing];
    headers[name] = value;
  };
  for (const [target, source] of Object.entries(selected.responseParameters)) {
    const name = /^method\.response\.header\.(.+)$/.exec(target)?.[1];
    const value = name && mappedValue(source, { requestHeaders: parts.headers, requestQuery: parts.query, requestPath: input.params.path, stageVariables: input.stageVariables });
    if (name && value !== undefined) setHeader(name, value);
  }
  for (const [name, value] of Object.entries(override.header)) setHeader(name, String(value));
  const status = Number(override.status ?? selected.statusCode);
  return { statusCode: Number.isInteger(status) ? status : Number(selected.statusCode), headers, body: Buffer.from(body) };
}
