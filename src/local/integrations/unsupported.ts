import type { IntegrationResult, LocalIntegration } from './integration';

/** `HTTP` and `HTTP_PROXY`: not served locally (they would call the network); such a route answers 500. */
export const unsupportedIntegration: LocalIntegration = {
  types: ['HTTP', 'HTTP_PROXY'],
  served: false,
  async integrate(): Promise<IntegrationResult> {
    return { gatewayError: 'API_CONFIGURATION_ERROR' };
  },
};
