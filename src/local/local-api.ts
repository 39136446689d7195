import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { executionArn, requestArn } from '../apigw/arns';
import { MAX_PAYLOAD_BYTES } from '../apigw/limits';
import { ApiModel, AuthorizerModel, FunctionModel, readStack, RouteModel, StackModel } from '../model/stack-model';
import { answerApiReference } from './api-reference';
import { Authorization, AuthorizerGrant, LOCAL_AUTHORIZER_TYPES, LocalAuthorizers } from './authorizer';
import { FunctionPool, Invocation, LocalFunction } from './function-pool';
import { DEFAULT_REGION, fingerprint, LOCAL_ACCOUNT_ID, localFunction, resolveExpressions } from './function-environment';
import { ErrorContext, ErrorDetail, GATEWAY_ERRORS, gatewayError, GatewayErrorType, HttpAnswer, mappedValue } from './gateway-errors';
import { selectIntegrationResponse } from './integration-response';
import { lambdaEvent, MappingInput, MappingTemplateError, renderMappingTemplate, selectRequestTemplate, selectResponseTemplate } from './mapping-template';
import { buildProxyEvent, headerValue, LocalRequest, readProxyResult, requestContext, RequestParts, requestParts } from './proxy-event';
import { validateRequest } from './request-validation';
import { cacheKey, ResponseCache } from './response-cache';
import { RouteMatch, Router } from './router';
import { TokenBucket } from './token-bucket';
import { LocalApiKey, UsagePlans } from './usage-plans';

export interface LocalApiOptions {
  /** The synthesized stack folder, `cdktf.out/stacks/<stack>`. */
  readonly stackDir: string;
  /**
   * Port to listen on; 0 picks a free one.
   * @default 3000
   */
  readonly port?: number;
  /**
   * Address to listen on.
   * @default '127.0.0.1'
   */
  readonly host?: string;
  /**
   * Values of Terraform variables that function environments reference (`${var.x}`).
   * @default - `TF_VAR_<name>` of this process, else each variable's default
   */
  readonly variables?: Record<string, string>;
  /**
   * Environment variables of every function, over the stack's (like `sam local --env-vars`).
   * @default - none
   */
  readonly environment?: Record<string, string>;
  /**
   * Workers each function may run at once.
   * @default - the machine's parallelism, 2 to 4
   */
  readonly maxWorkersPerFunction?: number;
  /**
   * Where the emulator's own messages go (start, reloads, warnings).
   * @default - this process's stdout
   */
  readonly log?: (line: string) => void;
  /**
   * Where the functions' output goes, line by line.
   * @default - this process's stdout, prefixed with the function name
   */
  readonly functionLog?: (functionName: string, line: string) => void;
  /**
   * Clock of throttling, caching and quotas, in ms.
   * @default Date.now
   */
  readonly now?: () => number;
}

export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';

/** One API of the stack, as served: its routes and the state of its throttles, cache and usage plans. */
interface ServedApi {
  readonly model: ApiModel;
  readonly apiId: string;
  readonly router: Router;
  readonly throttles: Map<RouteModel, TokenBucket>;
  readonly cache: ResponseCache<HttpAnswer>;
  readonly usagePlans: UsagePlans;
  readonly authorizers: LocalAuthorizers;
}

/** `$context` of a request: the proxy event's requestContext, with the authorizer's answer once there is one. */
type RequestContext = ReturnType<typeof requestContext> & { readonly authorizer?: Record<string, unknown> };

/** What one (re)load changed, for the log. */
export interface LoadReport {
  readonly routes: number;
  readonly restartedFunctions: string[];
  readonly warnings: string[];
}

/**
 * A synthesized stack served on this machine with API Gateway's behaviour: `http://<host>:<port>/<stage>/<path>`
 * runs the bundled handlers in long-lived worker threads, one pool per function.
 */
export class LocalApi {
  private readonly options: LocalApiOptions;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private server?: Server;
  private apis = new Map<string, ServedApi>();
  private pools = new Map<string, { pool: FunctionPool; fingerprint: string }>();
  private stack?: StackModel;

  constructor(options: LocalApiOptions) {
    this.options = { ...options, stackDir: resolve(options.stackDir) };
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
  }

  /** The stack as last loaded. */
  public get model(): StackModel {
    if (!this.stack) throw new Error('the local API has not loaded its stack yet; call start()');
    return this.stack;
  }

  /** The base URL of the server, such as `http://127.0.0.1:3000`. */
  public get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('the local API is not listening; call start()');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  /** Loads the stack and listens. */
  public async start(): Promise<LoadReport> {
    const report = this.load();
    const server = createServer((request, response) => void this.handle(request, response));
    // Keep-alive connections longer than a load balancer's idle timeout, as clients reuse them.
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? DEFAULT_PORT, this.options.host ?? DEFAULT_HOST, () => resolveListen());
    });
    this.server = server;
    return report;
  }

  /**
   * Reads the stack folder again and swaps in its routes and settings; functions whose code or settings
   * changed get new workers (the old ones finish what they run), the others keep theirs. Throttles, cache
   * and quotas start over, as after a new deployment.
   */
  public reload(): LoadReport {
    return this.load();
  }

  /** Stops listening, closes connections and terminates every worker. */
  public async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    }
    await Promise.all([...this.pools.values()].map(({ pool }) => pool.close()));
    this.pools.clear();
  }

  private load(): LoadReport {
    const stack = readStack(this.options.stackDir);
    const warnings: string[] = [];
    const modulesDir = findModulesDir(this.options.stackDir);
    const variables = { ...variablesFromEnv(process.env), ...this.options.variables };
    const pools = new Map<string, { pool: FunctionPool; fingerprint: string }>();
    const restartedFunctions: string[] = [];
    for (const fn of Object.values(stack.functions)) {
      warnings.push(...notEmulated(fn));
      if (!fn.codePath || !existsSync(join(this.options.stackDir, fn.codePath))) {
        warnings.push(`${fn.functionName}: no bundled code at ${fn.codePath ?? '(none)'}; its routes answer 502`);
        continue;
      }
      const { fn: local, unresolved } = localFunction(stack, fn, {
        variables,
        environment: this.options.environment ?? {},
        modulesDir,
        hostEnv: process.env,
      });
      for (const expression of unresolved) {
        warnings.push(`${fn.functionName}: environment ${expression} has no local value; pass --var <name>=<value> or --env <NAME>=<value>`);
      }
      const digest = fingerprint(local);
      const current = this.pools.get(fn.address);
      if (current && current.fingerprint === digest) {
        pools.set(fn.address, current);
        continue;
      }
      if (current) restartedFunctions.push(fn.functionName);
      pools.set(fn.address, { pool: this.newPool(local), fingerprint: digest });
    }
    // Functions that changed or left the stack stop once their running invocations end.
    for (const [address, entry] of this.pools) if (pools.get(address) !== entry) entry.pool.drain();

    const apis = new Map<string, ServedApi>();
    for (const model of stack.apis) {
      if (apis.has(model.stage.name)) {
        warnings.push(`${model.address}: stage "${model.stage.name}" is also another API's; only the first is served`);
        continue;
      }
      if (model.stage.canary) {
        warnings.push(
          `${model.name}: its stage canary (${model.stage.canary.percentTraffic}% of requests to the canary deployment) is not emulated: every request is served by the stack as synthesized`,
        );
      }
      for (const route of model.routes) {
        if (route.authorizer && !LOCAL_AUTHORIZER_TYPES.has(route.authorizer.type)) {
          warnings.push(
            `${route.httpMethod} ${route.resourcePath}: its ${route.authorizer.type} authorizer "${route.authorizer.name}" needs the user pool's keys from AWS, so it is not checked locally: ` +
              'every request reaches the integration, with or without a token, and has no requestContext.authorizer',
          );
        } else if (route.authorization === 'AWS_IAM') {
          warnings.push(
            `${route.httpMethod} ${route.resourcePath}: AWS_IAM authorization needs AWS to verify SigV4 signatures, so it is not checked locally: ` +
              'every request reaches the integration, signed or not, and requestContext.identity has no caller',
          );
        }
        if (!['AWS_PROXY', 'AWS', 'MOCK'].includes(route.integration.type)) {
          warnings.push(`${route.httpMethod} ${route.resourcePath}: ${route.integration.type} integrations are not served locally; the route answers 500`);
        }
      }
      apis.set(model.stage.name, {
        model,
        // API ids are 10 lower-case letters and digits; a stable one per API keeps local URLs and logs steady.
        apiId: createHash('sha1').update(model.address).digest('hex').slice(0, 10),
        router: new Router(model.routes),
        throttles: new Map(
          model.routes.flatMap((route) =>
            route.settings.throttling ? [[route, new TokenBucket(route.settings.throttling.rateLimit, route.settings.throttling.burstLimit, this.now)] as const] : [],
          ),
        ),
        cache: new ResponseCache<HttpAnswer>(this.now),
        authorizers: new LocalAuthorizers(this.now),
        usagePlans: this.usagePlansFor(model, stack, variables),
      });
    }
    this.stack = stack;
    this.apis = apis;
    this.pools = pools;
    return { routes: stack.apis.reduce((count, api) => count + api.routes.length, 0), restartedFunctions, warnings };
  }

  /** Workers running now, by function name. */
  public workers(): Record<string, number> {
    return Object.fromEntries([...this.pools.values()].map(({ pool }) => [pool.fn.functionName, pool.size]));
  }

  /** The API keys the stages accept, with the values to send. */
  public apiKeys(): LocalApiKey[] {
    return [...this.apis.values()].flatMap((served) => served.usagePlans.keys);
  }

  /** The API keys each stage accepts, one line each, for the start banner. */
  public describeApiKeys(): string[] {
    return [...this.apis.values()].flatMap((served) => served.usagePlans.describeKeys());
  }

  /** The same usage plans keep their state, and the values made up for keys Terraform leaves to AWS, across reloads. */
  private usagePlansFor(model: ApiModel, stack: StackModel, variables: Record<string, string>): UsagePlans {
    const current = this.apis.get(model.stage.name);
    if (current && JSON.stringify(current.model.usagePlans) === JSON.stringify(model.usagePlans)) return current.usagePlans;
    // Key values usually come from a sensitive variable (`${var.x}`): --var or TF_VAR_x gives them locally.
    const plans = model.usagePlans.map((plan) => ({
      ...plan,
      apiKeys: plan.apiKeys.map((key) => ({ ...key, value: key.value && resolveExpressions(key.value, stack, variables, () => undefined) })),
    }));
    return new UsagePlans(plans, model.apiKeySource, this.now);
  }

  private newPool(fn: LocalFunction): FunctionPool {
    return new FunctionPool(fn, { maxWorkers: this.options.maxWorkersPerFunction, log: this.options.functionLog });
  }

  private async handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    let answer: HttpAnswer;
    try {
      answer = await this.answer(incoming, requestId);
    } catch (error) {
      this.log(`${incoming.method} ${incoming.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      answer = { statusCode: 500, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"message": "Internal server error"}') };
    }
    response.writeHead(answer.statusCode, {
      ...answer.headers,
      'x-amzn-requestid': requestId,
      // API Gateway's extended request id: base64 of 12 bytes.
      'x-amz-apigw-id': Buffer.from(requestId.replace(/-/g, '').slice(0, 24), 'hex').toString('base64'),
      'content-length': answer.body.length,
    });
    response.end(incoming.method === 'HEAD' ? undefined : answer.body);
  }

  private async answer(incoming: IncomingMessage, requestId: string): Promise<HttpAnswer> {
    const url = incoming.url ?? '/';
    const queryStart = url.indexOf('?');
    const fullPath = queryStart < 0 ? url : url.slice(0, queryStart);
    // The API reference, outside every stage (src/local/api-reference.ts).
    const reference = answerApiReference(fullPath, this.model);
    if (reference) return reference;
    const stageEnd = fullPath.indexOf('/', 1);
    const stage = decodeURIComponent(fullPath.slice(1, stageEnd < 0 ? undefined : stageEnd));
    const served = this.apis.get(stage);
    const body = await readBody(incoming);
    const request: LocalRequest = {
      httpMethod: incoming.method ?? 'GET',
      path: stageEnd < 0 ? '/' : fullPath.slice(stageEnd),
      query: queryStart < 0 ? '' : url.slice(queryStart + 1),
      rawHeaders: incoming.rawHeaders,
      body: body ?? EMPTY_BODY,
      sourceIp: (incoming.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    };
    const parts = requestParts(request);
    const fail = (type: GatewayErrorType, context: Record<string, unknown> = {}, match?: RouteMatch, detail?: ErrorDetail) =>
      gatewayError(type, served?.model.gatewayResponses ?? [], errorContext(parts, context, match, served), detail);

    if (body === undefined) return fail('REQUEST_TOO_LARGE');
    const match = served?.router.match(request.httpMethod, request.path);
    if (!served || !match) return fail('MISSING_AUTHENTICATION_TOKEN');

    const { model, usagePlans } = served;
    let context: RequestContext = requestContext(request, parts, match, {
      requestId,
      apiId: served.apiId,
      stage: model.stage.name,
      accountId: LOCAL_ACCOUNT_ID,
      requestTimeEpoch: this.now(),
      domainName: headerValue(parts.headers, 'host') ?? 'localhost',
    });

    // The authorizer runs before the usage plan is checked ("After the Lambda authorizer logs, API Gateway verifies
    // the usage plan": repost.aws knowledge center "api-gateway-logs"), and may supply the API key.
    const authorizer = match.route.authorizer;
    let authorization: AuthorizerGrant | undefined;
    if (authorizer && LOCAL_AUTHORIZER_TYPES.has(authorizer.type)) {
      const result = await this.authorize(authorizer, request, parts, match, context, served);
      if (!result.ok) return fail(result.error, context, match);
      authorization = result;
      context = { ...context, authorizer: result.authorizer };
    }
    const apiKey = model.apiKeySource === 'AUTHORIZER' ? authorization?.usageIdentifierKey : headerValue(parts.headers, 'x-api-key');
    if (match.route.apiKeyRequired) context = { ...context, identity: { ...context.identity, apiKey: apiKey ?? null } };

    if (match.route.apiKeyRequired) {
      const admitted = usagePlans.admit(match.route, apiKey);
      if (!admitted.ok) return fail(admitted.error, context, match);
    }
    if (served.throttles.get(match.route)?.tryTake() === false) return fail('THROTTLED', context, match);
    // The method's request validator, before the cache and the integration (src/local/request-validation.ts).
    const invalid = validateRequest(match.route, parts, match.pathParameters, request.body);
    if (invalid) return fail(invalid.type, context, match, invalid);

    // The stage model already limits stage-wide caching to GET, as API Gateway does; a method's own setting caches any verb.
    const caching = match.route.settings.caching;
    const cacheable = caching !== undefined && caching.ttlSeconds > 0;
    const key = cacheable ? cacheKey(match.route, { httpMethod: request.httpMethod, pathParameters: match.pathParameters, querystring: parts.query, headers: parts.headers }) : '';
    if (cacheable) {
      const cached = served.cache.get(key);
      if (cached) return cached;
    }

    const integrated = await this.integrate(request, parts, match, context, served);
    if ('gatewayError' in integrated) return fail(integrated.gatewayError, context, match);
    // API Gateway caches the endpoint's response whatever its status (its caching docs set no status rule), but
    // never its own errors, which are not the endpoint's.
    if (cacheable) served.cache.set(key, integrated, caching.ttlSeconds);
    return integrated;
  }

  /** Runs the route's Lambda authorizer through its function's workers; failures are logged with their reason. */
  private async authorize(authorizer: AuthorizerModel, request: LocalRequest, parts: RequestParts, match: RouteMatch, context: RequestContext, served: ServedApi): Promise<Authorization> {
    const { model } = served;
    const stack = this.model;
    const apiArn = executionArn({ partition: 'aws', region: stack.region ?? DEFAULT_REGION, accountId: LOCAL_ACCOUNT_ID, apiId: served.apiId });
    const arn = requestArn(apiArn, model.stage.name, request.httpMethod, request.path);
    const pool = authorizer.functionAddress === undefined ? undefined : this.pools.get(authorizer.functionAddress)?.pool;
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
      (event) => (pool ? pool.invoke(event, context.requestId) : Promise.resolve({ ok: false, error: { errorType: 'Runtime.Unavailable', errorMessage: `${authorizer.functionAddress ?? 'its function'} has no bundled code` } })),
    );
    if (!result.ok) this.log(`${request.httpMethod} ${request.path}: authorizer "${authorizer.name}" answered ${GATEWAY_ERRORS[result.error].statusCode}: ${result.reason}`);
    return result;
  }

  private async integrate(
    request: LocalRequest,
    parts: RequestParts,
    match: RouteMatch,
    context: RequestContext,
    served: ServedApi,
  ): Promise<HttpAnswer | { gatewayError: GatewayErrorType }> {
    const integration = match.route.integration;
    const { model } = served;
    const mapping = (body: string): MappingInput => ({
      body,
      params: { path: match.pathParameters, querystring: parts.query, header: parts.headers },
      stageVariables: model.stage.variables,
      context,
    });
    try {
      if (integration.type === 'MOCK') return mockAnswer(match.route, parts, mapping(request.body.toString('utf8')));
      const pool = integration.functionAddress === undefined ? undefined : this.pools.get(integration.functionAddress)?.pool;
      if (integration.type === 'AWS_PROXY') {
        if (!pool) return { gatewayError: 'DEFAULT_5XX' };
        const event = buildProxyEvent(request, parts, match, context, { stageVariables: model.stage.variables, binaryMediaTypes: model.binaryMediaTypes });
        const invocation = await withTimeout(pool.invoke(event, context.requestId), integration.timeoutMs);
        if (invocation === 'timeout') return { gatewayError: 'INTEGRATION_TIMEOUT' };
        const answer = invocation.ok ? readProxyResult(invocation.payload) : undefined;
        if (!answer) this.logFailure(pool, invocation);
        return answer ?? { gatewayError: 'DEFAULT_5XX' };
      }
      if (integration.type === 'AWS') {
        if (!pool) return { gatewayError: 'DEFAULT_5XX' };
        const template = selectRequestTemplate(integration.requestTemplates, parts.contentType, integration.passthroughBehavior);
        if (typeof template === 'object') return { gatewayError: 'UNSUPPORTED_MEDIA_TYPE' };
        const text = request.body.toString('utf8');
        const event = lambdaEvent(template === undefined ? text : renderMappingTemplate(template, mapping(text)));
        if (integration.invocationType === 'Event') {
          // Lambda queues an asynchronous invocation and answers at once; the function runs on its own.
          void pool.invoke(event, context.requestId).then((invocation) => invocation.ok || this.logFailure(pool, invocation));
          return integrationAnswer(match.route, undefined, '', parts, mapping);
        }
        const invocation = await withTimeout(pool.invoke(event, context.requestId), integration.timeoutMs);
        if (invocation === 'timeout') return { gatewayError: 'INTEGRATION_TIMEOUT' };
        // A function error reaches the integration responses as Lambda's error document, selected by its errorMessage.
        return invocation.ok
          ? integrationAnswer(match.route, undefined, invocation.payload, parts, mapping)
          : integrationAnswer(match.route, invocation.error.errorMessage, JSON.stringify(invocation.error), parts, mapping);
      }
      return { gatewayError: 'API_CONFIGURATION_ERROR' };
    } catch (error) {
      if (error instanceof MappingTemplateError) {
        return { statusCode: error.status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ message: error.message })) };
      }
      throw error;
    }
  }

  private logFailure(pool: FunctionPool, invocation: Invocation): void {
    const detail = invocation.ok ? `malformed Lambda proxy response: ${invocation.payload.slice(0, 500)}` : `${invocation.error.errorType}: ${invocation.error.errorMessage}`;
    this.log(`${pool.fn.functionName}: ${detail}`);
  }
}

/**
 * A non-proxy integration's answer through the integration response selected by `selector` (the Lambda error's
 * message; the status code for MOCK) or, without one, the default response, its template applied.
 */
function integrationAnswer(route: RouteModel, selector: string | undefined, payload: string, parts: RequestParts, mapping: (body: string) => MappingInput): HttpAnswer | { gatewayError: GatewayErrorType } {
  const responses = route.integration.responses;
  // A success is matched as the empty string, so a `.*` pattern catches it before the default response, as on AWS.
  const selected = selectIntegrationResponse(responses, selector);
  // No response to select: API Gateway calls that a configuration error.
  if (!selected) return { gatewayError: 'API_CONFIGURATION_ERROR' };
  const base = mapping(payload);
  // A response template may override the status and headers (`#set($context.responseOverride.status = 400)`).
  const override: { status?: unknown; header: Record<string, unknown> } = { header: {} };
  const input = { ...base, context: { ...base.context, responseOverride: override } };
  const template = selectResponseTemplate(selected.responseTemplates, headerValue(parts.headers, 'accept'));
  const body = template === undefined ? payload : renderMappingTemplate(template, input);
  const headers: Record<string, string | string[]> = { 'content-type': 'application/json' };
  for (const [target, source] of Object.entries(selected.responseParameters)) {
    const name = /^method\.response\.header\.(.+)$/.exec(target)?.[1];
    const value = name && mappedValue(source, { requestHeaders: parts.headers, requestQuery: parts.query, requestPath: input.params.path, stageVariables: input.stageVariables });
    if (name && value !== undefined) headers[name.toLowerCase()] = value;
  }
  for (const [name, value] of Object.entries(override.header)) headers[name.toLowerCase()] = String(value);
  const status = Number(override.status ?? selected.statusCode);
  return { statusCode: Number.isInteger(status) ? status : Number(selected.statusCode), headers, body: Buffer.from(body) };
}

/** A MOCK integration: the request template's `statusCode` selects the integration response, as for CORS preflights. */
function mockAnswer(route: RouteModel, parts: RequestParts, input: MappingInput): HttpAnswer | { gatewayError: GatewayErrorType } {
  const template = selectRequestTemplate(route.integration.requestTemplates, parts.contentType, route.integration.passthroughBehavior);
  if (typeof template === 'object') return { gatewayError: 'UNSUPPORTED_MEDIA_TYPE' };
  let statusCode: unknown;
  try {
    statusCode = (JSON.parse(template === undefined ? '{}' : renderMappingTemplate(template, input)) as { statusCode?: unknown }).statusCode;
  } catch {
    return { gatewayError: 'API_CONFIGURATION_ERROR' };
  }
  return integrationAnswer(route, String(statusCode ?? 200), '', parts, () => ({ ...input, body: '' }));
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

const EMPTY_BODY = Buffer.alloc(0);

/** The body, or undefined once it passes API Gateway's 10 MB: the rest is not read. */
async function readBody(incoming: IncomingMessage): Promise<Buffer | undefined> {
  // Most requests have no body: skip the stream machinery on the hot path.
  if (incoming.headers['content-length'] === undefined && incoming.headers['transfer-encoding'] === undefined) return EMPTY_BODY;
  if (Number(incoming.headers['content-length'] ?? 0) > MAX_PAYLOAD_BYTES) {
    incoming.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) {
      incoming.resume();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((done) => (timer = setTimeout(() => done('timeout'), timeoutMs)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Node.js names the architectures Lambda calls `x86_64` and `arm64` `x64` and `arm64` (`process.arch`). */
const NODE_ARCH: Record<string, string> = { x86_64: 'x64', arm64: 'arm64' };

/** What the local API does not do of a function's deployed configuration, one warning each. */
export function notEmulated(fn: FunctionModel, hostArch: string = process.arch): string[] {
  const warnings: string[] = [];
  const aliases = Object.values(fn.aliases);
  if (aliases.length) {
    warnings.push(
      `${fn.functionName}: its aliases (${aliases.map((alias) => alias.name).join(', ')}) run the function's current code, invoked without the alias in context.invokedFunctionArn: published versions, weighted routing between versions and provisioned concurrency are not emulated`,
    );
  }
  if (fn.layers.length) {
    warnings.push(`${fn.functionName}: its ${fn.layers.length} layer(s) are not mounted at /opt: packages they provide load from the project's node_modules, if installed there`);
  }
  if (fn.inVpc) warnings.push(`${fn.functionName}: it runs on this machine's network, not in its VPC subnets and security groups`);
  // The bundle is plain JavaScript; only a layer can bring native code that depends on the architecture.
  if (fn.layers.length && NODE_ARCH[fn.architecture] !== hostArch) {
    warnings.push(`${fn.functionName}: it is deployed on ${fn.architecture} but runs on this machine's ${hostArch}; native modules of its layers may not load`);
  }
  if (fn.reservedConcurrency !== undefined) {
    warnings.push(`${fn.functionName}: its reserved concurrency (${fn.reservedConcurrency}) is not enforced: it runs at most as many invocations at once as it has workers`);
  }
  if (fn.asyncFailures) {
    warnings.push(`${fn.functionName}: a failed Event invocation is logged once: Lambda's two retries and its ${fn.asyncFailures} are not emulated`);
  }
  return warnings;
}

/** `TF_VAR_<name>` values, as Terraform reads them. */
export function variablesFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).flatMap(([name, value]) => (name.startsWith('TF_VAR_') && value !== undefined ? [[name.slice(7), value]] : [])));
}

/** The folder above the stack folder that has `node_modules` (else this package), where the functions' externals resolve from. */
function findModulesDir(stackDir: string): string {
  for (let dir = stackDir; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) return dir;
  }
  return join(__dirname, '..', '..');
}
