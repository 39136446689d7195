import { executionArn, requestArn } from '../apigw/arns';
import { AuthorizerGrant, LOCAL_AUTHORIZER_TYPES } from './authorizer';
import { DEFAULT_REGION, LOCAL_ACCOUNT_ID } from './function-environment';
import type { FunctionPool, Invocation } from './function-pool';
import { ErrorContext, ErrorDetail, GATEWAY_ERRORS, gatewayError, GatewayErrorType } from './gateway-errors';
import { integrationFor, IntegrationResult } from './integrations';
import { MappingTemplateError } from './mapping-template';
import { buildProxyEvent, headerValue, LocalRequest, RequestParts, requestParts } from './proxy-event';
import { RequestContext, requestContext, withApiKey } from './request-context';
import { validateRequest } from './request-validation';
import { cacheKey } from './response-cache';
import type { RouteMatch } from './router';
import type { Answered, RequestIds } from './server';
import type { ServedApi, ServedStack } from './stack-loader';

// The request pipeline: what API Gateway does with a request between receiving it and answering it. A request is
// routed to its stage and method, then goes through the steps in order: the Lambda authorizer, the API key and
// usage plan, throttling, the request validator, the cache and the integration. Each step either answers (a gateway error, a cached
// answer) or hands the request on to the next one; one more check is one more step in STEPS.

/** One request on its way through the steps: what is known of it so far. */
export interface PipelineRequest {
  readonly request: LocalRequest;
  readonly parts: RequestParts;
  readonly match: RouteMatch;
  readonly served: ServedApi;
  readonly stack: ServedStack;
  /** `$context`, which the authorizer step completes. */
  context: RequestContext;
  /** The authorizer's grant, once it has run. */
  authorization?: AuthorizerGrant;
  /** Whether the cache answered, once the cache step has run on a method that caches. */
  cacheHit?: boolean;
}

/**
 * What a step answers: the HTTP answer, or one of API Gateway's own errors, formatted by the pipeline (with the
 * message of this request's error, when it has one of its own, as a request validator's does).
 */
export type StepResult = IntegrationResult | { readonly gatewayError: GatewayErrorType; readonly detail?: ErrorDetail };

/** A step of the pipeline: answers the request itself, or calls `next` for the rest of the pipeline. */
export type Step = (request: PipelineRequest, next: () => Promise<StepResult>, pipeline: RequestPipeline) => Promise<StepResult>;

/**
 * The authorizer runs before the usage plan is checked ("After the Lambda authorizer logs, API Gateway verifies
 * the usage plan": repost.aws knowledge center "api-gateway-logs"), and may supply the API key.
 */
const authorize: Step = async (input, next, pipeline) => {
  const authorizer = input.match.route.authorizer;
  if (!authorizer || !LOCAL_AUTHORIZER_TYPES.has(authorizer.type)) return next();
  const { request, parts, match, served } = input;
  const { model } = served;
  const apiArn = executionArn({ partition: 'aws', region: input.stack.stack.region ?? DEFAULT_REGION, accountId: LOCAL_ACCOUNT_ID, apiId: served.apiId });
  const arn = requestArn(apiArn, model.stage.name, request.httpMethod, request.path);
  const pool = pipeline.pool(input.stack, authorizer.functionAddress);
  const context = input.context;
  const result = await served.authorizers.authorize(
    authorizer,
    {
      headers: parts.headers,
      query: parts.query,
      stageVariables: model.stage.variables,
      context,
      methodArn: arn,
      event: () => {
        // The REQUEST event is the proxy event without its body ("Input to an API Gateway Lambda authorizer").
        const { body: _body, isBase64Encoded: _isBase64Encoded, ...event } = buildProxyEvent(request, parts, match, context, {
          stageVariables: model.stage.variables,
          binaryMediaTypes: model.binaryMediaTypes,
        });
        return event;
      },
    },
    (event) =>
      pool
        ? pool.invoke(event, context.requestId)
        : Promise.resolve({ ok: false, error: { errorType: 'Runtime.Unavailable', errorMessage: `${authorizer.functionAddress ?? 'its function'} has no bundled code` } }),
  );
  if (!result.ok) {
    pipeline.log(`${request.httpMethod} ${request.path}: authorizer "${authorizer.name}" answered ${GATEWAY_ERRORS[result.error].statusCode}: ${result.reason}`);
    return { gatewayError: result.error };
  }
  input.authorization = result;
  input.context = { ...input.context, authorizer: result.authorizer };
  return next();
};

/**
 * `AWS_IAM` methods: a request with no SigV4 signature (no `Authorization` header, no `X-Amz-Signature` query
 * parameter) gets API Gateway's 403 Missing Authentication Token, as on AWS (repost.aws knowledge center
 * "api-gateway-authentication-token-errors": the method requires IAM authorization and the request was not
 * signed). A signed request goes on unverified: the local API has no AWS to check the signature with, and says
 * so at start.
 */
const requireSignature: Step = async (input, next) => {
  if (input.match.route.authorization !== 'AWS_IAM') return next();
  const signed = headerValue(input.parts.headers, 'authorization') !== undefined || input.parts.query['X-Amz-Signature'] !== undefined;
  return signed ? next() : { gatewayError: 'MISSING_AUTHENTICATION_TOKEN' };
};

/**
 * The API key and its usage plan. With the API's apiKeySource HEADER the key is the `x-api-key` header; with
 * AUTHORIZER it is the Lambda authorizer's `usageIdentifierKey`, and an `x-api-key` header is ignored ("Choose
 * an API key source", developer guide api-gateway-api-key-source).
 */
const admitApiKey: Step = async (input, next) => {
  const { match, served } = input;
  if (!match.route.apiKeyRequired) return next();
  const apiKey = served.model.apiKeySource === 'AUTHORIZER' ? input.authorization?.usageIdentifierKey : headerValue(input.parts.headers, 'x-api-key');
  const admitted = served.usagePlans.admit(match.route, apiKey);
  input.context = { ...input.context, identity: withApiKey(input.context.identity, apiKey, served.usagePlans.keyId(apiKey)) };
  return admitted.ok ? next() : { gatewayError: admitted.error };
};

/** Stage and method throttling. */
const throttle: Step = async (input, next) => (input.served.throttles.get(input.match.route)?.tryTake() === false ? { gatewayError: 'THROTTLED' } : next());

/** The method's request validator, before the cache and the integration (src/local/request-validation.ts). */
const validate: Step = async (input, next) => {
  const invalid = validateRequest(input.match.route, input.parts, input.match.pathParameters, input.request.body);
  return invalid ? { gatewayError: invalid.type, detail: invalid } : next();
};

/**
 * The stage model already limits stage-wide caching to GET, as API Gateway does; a method's own setting caches
 * any verb. API Gateway caches the endpoint's response whatever its status (its caching docs set no status rule),
 * but never its own errors, which are not the endpoint's.
 */
const cache: Step = async (input, next) => {
  const { match, request, parts, served } = input;
  const caching = match.route.settings.caching;
  if (caching === undefined || !(caching.ttlSeconds > 0)) return next();
  const key = cacheKey(match.route, { httpMethod: request.httpMethod, pathParameters: match.pathParameters, querystring: parts.query, headers: parts.headers });
  const cached = served.cache.get(key);
  input.cacheHit = cached !== undefined;
  if (cached) return cached;
  const answer = await next();
  if (!('gatewayError' in answer)) served.cache.set(key, answer, caching.ttlSeconds);
  return answer;
};

/** The route's integration, through the module of its type. */
const integrate: Step = async (input, _next, pipeline) => {
  try {
    return await integrationFor(input.match.route.integration.type).integrate({
      request: input.request,
      parts: input.parts,
      match: input.match,
      context: input.context,
      api: input.served.model,
      pool: (address) => pipeline.pool(input.stack, address),
      logFailure: (pool, invocation) => pipeline.logFailure(pool, invocation),
    });
  } catch (error) {
    if (error instanceof MappingTemplateError) {
      return { statusCode: error.status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ message: error.message })) };
    }
    throw error;
  }
};

/** The steps, in API Gateway's order; the integration is last. */
export const STEPS: readonly Step[] = [requireSignature, authorize, admitApiKey, throttle, validate, cache, integrate];

/** Routes requests and runs them through the steps, against the stack as last loaded. */
export class RequestPipeline {
  constructor(
    private readonly current: () => ServedStack,
    public readonly log: (line: string) => void,
    private readonly now: () => number,
    private readonly steps: readonly Step[] = STEPS,
  ) {}

  /** The pool of a function of `stack`, by its Terraform address. */
  public pool(stack: ServedStack, address: string | undefined): FunctionPool | undefined {
    return address === undefined ? undefined : stack.functions.get(address)?.pool;
  }

  public logFailure(pool: FunctionPool, invocation: Invocation): void {
    const detail = invocation.ok ? `malformed Lambda proxy response: ${invocation.payload.slice(0, 500)}` : `${invocation.error.errorType}: ${invocation.error.errorMessage}`;
    this.log(`${pool.fn.functionName}: ${detail}`);
  }

  /**
   * API Gateway's answer to a request: `stage` is the first segment of the path, `request.path` what follows;
   * `body` is undefined when the body was over API Gateway's limit.
   */
  public async answer(stage: string, request: LocalRequest, bodyTooLarge: boolean, ids: RequestIds): Promise<Answered> {
    const stack = this.current();
    const served = stack.apis.get(stage);
    const parts = requestParts(request);
    const fail = (type: GatewayErrorType, context: Record<string, unknown> = {}, match?: RouteMatch, detail?: ErrorDetail) => ({
      answer: gatewayError(type, served?.model.gatewayResponses ?? [], errorContext(parts, context, match, served), detail),
      functionName: functionName(stack, match),
    });

    if (bodyTooLarge) return fail('REQUEST_TOO_LARGE');
    const match = served?.router.match(request.httpMethod, request.path);
    if (!served || !match) return fail('MISSING_AUTHENTICATION_TOKEN');

    const input: PipelineRequest = {
      request,
      parts,
      match,
      served,
      stack,
      context: requestContext(request, parts, match, {
        requestId: ids.requestId,
        extendedRequestId: ids.extendedRequestId,
        apiId: served.apiId,
        deploymentId: served.deploymentId,
        stage: served.model.stage.name,
        accountId: LOCAL_ACCOUNT_ID,
        requestTimeEpoch: this.now(),
        domainName: headerValue(parts.headers, 'host') ?? 'localhost',
      }),
    };
    // One `next` for the request: each step calls it at most once, so it walks the steps in order.
    let step = 0;
    const next = (): Promise<StepResult> => this.steps[step++](input, next, this);
    const result = await next();
    if ('gatewayError' in result) return { ...fail(result.gatewayError, input.context, match, 'detail' in result ? result.detail : undefined), cacheHit: input.cacheHit };
    return { answer: result, functionName: functionName(stack, match), cacheHit: input.cacheHit };
  }
}

/** The function of a route's integration, for the access log. */
function functionName(stack: ServedStack, match: RouteMatch | undefined): string | undefined {
  const address = match?.route.integration.functionAddress;
  return address === undefined ? undefined : stack.stack.functions[address]?.functionName;
}

function errorContext(parts: RequestParts, context: Record<string, unknown>, match: RouteMatch | undefined, served: ServedApi | undefined): ErrorContext {
  return {
    context,
    requestHeaders: parts.headers,
    requestQuery: parts.query,
    requestPath: match?.pathParameters ?? {},
    stageVariables: served?.model.stage.variables ?? {},
  };
}
