import type { ApiMethod } from '../api-method';
import type { IIntegration, IntegrationConfig, IntegrationResponseConfig } from './integration';
import type { LambdaHandler } from '../lambda-handler/lambda-handler';
import { DEFAULT_INTEGRATION_TIMEOUT_MS } from '../../apigw/defaults';
import { INTEGRATION_TIMEOUT_RANGE_MS } from '../../apigw/limits';
import { checkProps, propsShape } from '../props';
import { checkWholeNumberInRange } from '../validate';
import { ValidationError } from '../../apigw/errors';

export interface LambdaIntegrationOptions {
  /**
   * `true`: Lambda proxy integration (`AWS_PROXY`): the function gets the whole request and returns
   * `{ statusCode, headers, body }`. `false`: custom integration (`AWS`): the function gets the request
   * body as its event, and its result (or error) is mapped to the response.
   * @default true
   */
  readonly proxy?: boolean;
  /**
   * `RequestResponse` waits for the function; `Event` queues the invocation and answers 202 at once
   * (custom integrations only: a proxy integration needs the function's answer).
   * @default 'RequestResponse'
   */
  readonly invocationType?: 'RequestResponse' | 'Event';
  /**
   * Milliseconds API Gateway waits for the function, 50 to 29,000.
   * @default 29000
   */
  readonly timeoutMs?: number;
  /**
   * Request mapping templates of a custom integration, keyed by content type.
   * @default - `application/json` bodies pass through unchanged; other content types get 415
   */
  readonly requestTemplates?: Record<string, string>;
  /**
   * Client-error statuses of a custom integration. The function selects one by throwing an error whose
   * message starts with `[<status>]`, such as `[404] item 7 not found`; any other error becomes 500.
   * @default [400, 404]
   */
  readonly errorStatusCodes?: number[];
}

const LAMBDA_INTEGRATION_OPTIONS = propsShape<LambdaIntegrationOptions>('LambdaIntegrationOptions', {
  proxy: true,
  invocationType: true,
  timeoutMs: true,
  requestTemplates: true,
  errorStatusCodes: true,
});

export const DEFAULT_ERROR_STATUS_CODES = [400, 404];

/** The request body, as JSON, is the function's event (the AWS guide's custom-integration passthrough). */
export const PASSTHROUGH_JSON_TEMPLATE = "$input.json('$')";
/** A client error's body: the function's error message, JSON-encoded by API Gateway itself. */
export const CLIENT_ERROR_TEMPLATE = '{"message": $input.json(\'$.errorMessage\')}';
/** A server error's body; the function's message is logged, never sent to the client. */
export const SERVER_ERROR_TEMPLATE = '{"message": "Internal server error"}';

/** Sends a method's requests to a `LambdaHandler`. */
export class LambdaIntegration implements IIntegration {
  private readonly proxy: boolean;
  private readonly invocationType: 'RequestResponse' | 'Event';
  private readonly timeoutMs: number;
  private readonly errorStatusCodes: number[];

  constructor(
    private readonly handler: LambdaHandler,
    private readonly options: LambdaIntegrationOptions = {},
  ) {
    checkProps(`${handler.node.path} (LambdaIntegration)`, options, LAMBDA_INTEGRATION_OPTIONS);
    this.proxy = options.proxy ?? true;
    this.invocationType = options.invocationType ?? 'RequestResponse';
    this.timeoutMs = options.timeoutMs ?? DEFAULT_INTEGRATION_TIMEOUT_MS;
    this.errorStatusCodes = options.errorStatusCodes ?? DEFAULT_ERROR_STATUS_CODES;
    this.validate(`${handler.node.path} (LambdaIntegration)`);
  }

  public bind(method: ApiMethod): IntegrationConfig {
    this.handler.grantInvoke(method.api, method.httpMethod, method.resource.path);
    const common = {
      // The function, or the alias of the API's stage when the handler has one per stage.
      uri: this.handler.invokeTargetFor(method.api).invokeArn,
      // Lambda's Invoke API is a POST, whatever the client's verb.
      integrationHttpMethod: 'POST',
      timeoutMilliseconds: this.options.timeoutMs,
    };
    if (this.proxy) return { type: 'AWS_PROXY', ...common };
    const asynchronous = this.invocationType === 'Event';
    return {
      type: 'AWS',
      ...common,
      requestTemplates: this.options.requestTemplates ?? { 'application/json': PASSTHROUGH_JSON_TEMPLATE },
      passthroughBehavior: 'WHEN_NO_TEMPLATES',
      requestParameters: asynchronous ? { 'integration.request.header.X-Amz-Invocation-Type': "'Event'" } : undefined,
      responses: asynchronous ? [{ statusCode: '202' }] : this.synchronousResponses(),
    };
  }

  private synchronousResponses(): IntegrationResponseConfig[] {
    const clientErrors = this.errorStatusCodes.map((status) => ({
      statusCode: String(status),
      // Anchored and [\s\S], so a message matches one pattern only, even across lines.
      selectionPattern: `^\\[${status}\\][\\s\\S]*`,
      responseTemplates: { 'application/json': CLIENT_ERROR_TEMPLATE },
    }));
    const excluded = this.errorStatusCodes.join('|');
    return [
      { statusCode: '200' },
      ...clientErrors,
      {
        statusCode: '500',
        selectionPattern: excluded ? `^(?!\\[(?:${excluded})\\])[\\s\\S]+` : '^[\\s\\S]+',
        responseTemplates: { 'application/json': SERVER_ERROR_TEMPLATE },
      },
    ];
  }

  private validate(where: string): void {
    checkWholeNumberInRange(where, 'timeoutMs', this.timeoutMs, ...INTEGRATION_TIMEOUT_RANGE_MS, "API Gateway's integration timeout is 50 ms to 29 s");
    if (!['RequestResponse', 'Event'].includes(this.invocationType)) {
      throw new ValidationError(`${where}: invocationType "${this.invocationType}" is not valid; use 'RequestResponse' or 'Event'`);
    }
    if (this.proxy && this.invocationType === 'Event') {
      throw new ValidationError(`${where}: invocationType 'Event' needs a custom integration, since a proxy integration returns the function's answer; set proxy: false`);
    }
    const customOnly = (['requestTemplates', 'errorStatusCodes'] as const).filter((option) => this.options[option] !== undefined);
    if (this.proxy && customOnly.length) {
      throw new ValidationError(`${where}: ${customOnly.join(' and ')} apply only to a custom integration, and this one is a proxy; set proxy: false or remove them`);
    }
    for (const status of this.errorStatusCodes) {
      checkWholeNumberInRange(where, 'error status code', status, 400, 499, 'use client-error statuses; every other error becomes 500');
    }
    if (new Set(this.errorStatusCodes).size !== this.errorStatusCodes.length) {
      throw new ValidationError(`${where}: errorStatusCodes [${this.errorStatusCodes.join(', ')}] repeat a status; list each once`);
    }
    if (this.invocationType === 'RequestResponse' && this.handler.timeoutSeconds * 1000 > this.timeoutMs) {
      // A function runs at least 1 s, so below that only a longer wait can fit it.
      const fix =
        this.timeoutMs < 1000
          ? `raise timeoutMs to ${this.handler.timeoutSeconds * 1000} or more`
          : `set the handler's timeoutSeconds to ${Math.floor(this.timeoutMs / 1000)} or less`;
      throw new ValidationError(
        `${where}: the function may run ${this.handler.timeoutSeconds} s, but API Gateway stops waiting after ${this.timeoutMs / 1000} s ` +
          `and answers 504; ${fix}, or use invocationType 'Event'`,
      );
    }
  }
}
