import type { ApiMethod } from '../api-method';

/** How API Gateway answers for one status code of a non-proxy integration. */
export interface IntegrationResponseConfig {
  /** The HTTP status code sent to the client, for example `'400'`. */
  readonly statusCode: string;
  /**
   * Regular expression (Java syntax) matched against the backend's error; for Lambda, its `errorMessage`.
   * @default - the default response, used when no other pattern matches
   */
  readonly selectionPattern?: string;
  /**
   * Mapping templates for the response body, keyed by content type.
   * @default - the backend's answer is passed through unchanged
   */
  readonly responseTemplates?: Record<string, string>;
  /**
   * Response headers, keyed `method.response.header.<name>`, with mapping expressions as values (`'static'` in
   * single quotes, or `integration.response.header.<name>`); the method response declares each.
   * @default - no headers beyond the backend's
   */
  readonly responseParameters?: Record<string, string>;
}

/** What a method needs to know to create its `aws_api_gateway_integration` and responses. */
export interface IntegrationConfig {
  readonly type: 'AWS' | 'AWS_PROXY' | 'HTTP' | 'HTTP_PROXY' | 'MOCK';
  /** The backend's URI; for Lambda, the function's `invoke_arn`. */
  readonly uri?: string;
  /** The verb API Gateway uses to call the backend; Lambda is always invoked with POST. */
  readonly integrationHttpMethod?: string;
  readonly requestTemplates?: Record<string, string>;
  readonly requestParameters?: Record<string, string>;
  readonly passthroughBehavior?: 'WHEN_NO_MATCH' | 'WHEN_NO_TEMPLATES' | 'NEVER';
  readonly timeoutMilliseconds?: number;
  /** Responses of a non-proxy integration; a proxy integration has none (the backend answers directly). */
  readonly responses?: IntegrationResponseConfig[];
}

/** A backend for an API method. A new kind of backend is a new class implementing this, with no edits to `ApiMethod`. */
export interface IIntegration {
  /** Called once per method the integration is attached to; asks the backend for the rights it needs. */
  bind(method: ApiMethod): IntegrationConfig;
}
