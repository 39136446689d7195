import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { MAX_PAYLOAD_BYTES } from '../apigw/limits';
import type { HttpAnswer } from './gateway-errors';
import type { LocalRequest } from './proxy-event';
import { formatRequestTime, randomHex } from './request-context';

// The HTTP side of the local API: reads a request (its stage, path, query, headers and body), asks the pipeline
// for API Gateway's answer and writes it with API Gateway's own headers.

/** API Gateway's answer to one request, and what the access log says of it. */
export interface Answered {
  readonly answer: HttpAnswer;
  /** The function of the route's integration, if it has one. */
  readonly functionName?: string;
  /** Whether the answer came from the stage's cache; undefined when the method does not cache. */
  readonly cacheHit?: boolean;
}

/** Answers one request: `stage` is the first segment of the path. */
export type Answerer = (stage: string, request: LocalRequest, bodyTooLarge: boolean, ids: RequestIds) => Promise<Answered>;

/** Answers a path outside every stage (the API reference at `/.openapi/`), or undefined to leave it to the stages. */
export type OutsideStages = (path: string) => Answered | undefined;

/** The ids API Gateway gives a request. */
export interface RequestIds {
  readonly requestId: string;
  readonly extendedRequestId: string;
}

/**
 * Listens on `port` and `host` and answers every request through `answer` (or `outsideStages`, first), one access
 * log line each.
 */
export async function listen(
  port: number,
  host: string,
  answer: Answerer,
  log: (line: string) => void,
  accessLog: (line: string) => void,
  outsideStages: OutsideStages = () => undefined,
): Promise<Server> {
  const server = createServer((incoming, response) => void handle(incoming, response, answer, outsideStages, log, accessLog));
  // Keep-alive connections longer than a load balancer's idle timeout, as clients reuse them.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen());
  });
  return server;
}

/** Stops listening and closes every connection. */
export async function close(server: Server): Promise<void> {
  await new Promise<void>((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}

async function handle(
  incoming: IncomingMessage,
  response: ServerResponse,
  answerer: Answerer,
  outsideStages: OutsideStages,
  log: (line: string) => void,
  accessLog: (line: string) => void,
): Promise<void> {
  const started = performance.now();
  const requestId = randomUUID();
  // API Gateway's extended request id: 16 characters, like `Ab1CdEFGoAMFYxw=`, and not the request id: 11 random
  // bytes in base64. From randomUUID, whose entropy is cached, rather than randomBytes, a system call per request.
  const extendedRequestId = Buffer.from(randomHex(22), 'hex').toString('base64');
  const connection = connectionOf(incoming);
  const url = incoming.url ?? '/';
  const queryStart = url.indexOf('?');
  // Slashes before the stage are one, as on API Gateway (`//stage/x` is `/stage/x`).
  const fullPath = (queryStart < 0 ? url : url.slice(0, queryStart)).replace(/^\/+/, '/');
  const stageEnd = fullPath.indexOf('/', 1);
  const rawPath = stageEnd < 0 ? '/' : fullPath.slice(stageEnd);
  let stage = '';
  let answered: Answered;
  try {
    stage = decodeURIComponent(fullPath.slice(1, stageEnd < 0 ? undefined : stageEnd));
    const body = await readBody(incoming);
    const clientTrace = incoming.headers['x-amzn-trace-id'];
    const request: LocalRequest = {
      httpMethod: incoming.method ?? 'GET',
      // Slashes after the stage are one too in the event's path, which keeps the rest as sent.
      path: rawPath.replace(/^\/+/, '/'),
      rawPath,
      query: queryStart < 0 ? '' : url.slice(queryStart + 1),
      rawHeaders: incoming.rawHeaders,
      body: body ?? EMPTY_BODY,
      sourceIp: connection.sourceIp,
      port: connection.port,
      traceId: typeof clientTrace === 'string' && clientTrace !== '' ? clientTrace : newTraceRoot(requestId),
    };
    answered = outsideStages(fullPath) ?? (await answerer(stage, request, body === undefined, { requestId, extendedRequestId }));
  } catch (error) {
    log(`${incoming.method} ${incoming.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    answered = { answer: { statusCode: 500, headers: { 'Content-Type': 'application/json' }, body: Buffer.from('{"message": "Internal server error"}') } };
  }
  const { answer } = answered;
  // API Gateway's own response headers, in its casing (localstack/localstack test_apigateway_integrations.snapshot.json,
  // TestApiGatewayHeaderRemapping "response-headers", recorded against AWS).
  response.writeHead(answer.statusCode, {
    ...answer.headers,
    'x-amzn-RequestId': requestId,
    'x-amz-apigw-id': extendedRequestId,
    'Content-Length': answer.body.length,
  });
  response.end(incoming.method === 'HEAD' ? undefined : answer.body);
  accessLog(accessLogLine(incoming.method ?? 'GET', `/${stage}${rawPath}`, answered, performance.now() - started, requestId));
}

/**
 * One line per request, with what API Gateway's access log can say ($context.requestTime, httpMethod, path,
 * status, responseLatency, the integration's function, whether the cache answered, requestId):
 * `[01/Dec/2025:10:00:00 +0000] "GET /dev/items/1" 200 3 ms items-dev-get-item cache-miss 0f1e...`.
 */
function accessLogLine(method: string, path: string, answered: Answered, latencyMs: number, requestId: string): string {
  const cache = answered.cacheHit === undefined ? 'no-cache' : answered.cacheHit ? 'cache-hit' : 'cache-miss';
  return `[${formatRequestTime(Date.now())}] "${method} ${path}" ${answered.answer.statusCode} ${Math.round(latencyMs)} ms ${answered.functionName ?? '-'} ${cache} ${requestId}`;
}

/**
 * An X-Ray trace id, `Root=1-<epoch seconds, hex>-<24 hex digits>`, as API Gateway makes one for a request without:
 * its random digits are the request id's own (random too), which saves drawing more per request.
 */
function newTraceRoot(requestId: string): string {
  return `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${requestId.slice(0, 8)}${requestId.slice(9, 13)}${requestId.slice(24)}`;
}

/** Where a connection comes from and the port it reached: asked of the socket once, not per request on it. */
interface Connection {
  readonly sourceIp: string;
  readonly port: number;
}

const CONNECTIONS = new WeakMap<object, Connection>();

function connectionOf(incoming: IncomingMessage): Connection {
  let connection = CONNECTIONS.get(incoming.socket);
  if (!connection) {
    connection = { sourceIp: (incoming.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''), port: incoming.socket.localPort ?? 0 };
    CONNECTIONS.set(incoming.socket, connection);
  }
  return connection;
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
