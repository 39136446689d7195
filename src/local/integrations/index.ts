import { awsIntegration } from './aws';
import { awsProxyIntegration } from './aws-proxy';
import type { LocalIntegration } from './integration';
import { mockIntegration } from './mock';
import { unsupportedIntegration } from './unsupported';

export type { IntegrationRequest, IntegrationResult, LocalIntegration } from './integration';

const INTEGRATIONS: readonly LocalIntegration[] = [awsProxyIntegration, awsIntegration, mockIntegration, unsupportedIntegration];
const BY_TYPE = new Map(INTEGRATIONS.flatMap((integration) => integration.types.map((type) => [type, integration] as const)));

/** The module that serves an integration type; a type the local API does not know is served as unsupported. */
export function integrationFor(type: string): LocalIntegration {
  return BY_TYPE.get(type) ?? unsupportedIntegration;
}
