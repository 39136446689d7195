import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { MAX_PAYLOAD_BYTES } from '../apigw/limits';
import type { HttpAnswer } from './gateway-errors';
import type { LocalRequest } from './proxy-event';

// The HTTP side of the local API: reads a request (its stage, path, query, headers and body), asks the pipeline
// for API Gateway's answer and writes it with API Gateway's own headers.

/** Answers one request: `stage` is the first segment of the path, `request.path` what follows it. */
export type Answerer = (stage: string, request: LocalRequest, bodyTooLarge: boolean, requestId: string) => Promise<HttpAnswer>;

/** Listens on `port` and `host` and answers every request through `answer`. */
export async function listen(port: number, host: string, answer: Answerer, log: (line: string) => void): Promise<Server> {
  const server = createServer((incoming, response) => void handle(incoming, response, answer, log));
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

async function handle(incoming: IncomingMessage, response: ServerResponse, answerer: Answerer, log: (line: string) => void): Promise<void> {
  const requestId = randomUUID();
  let answer: HttpAnswer;
  try {
    const url = incoming.url ?? '/';
    const queryStart = url.indexOf('?');
    const fullPath = queryStart < 0 ? url : url.slice(0, queryStart);
    const stageEnd = fullPath.indexOf('/', 1);
    const stage = decodeURIComponent(fullPath.slice(1, stageEnd < 0 ? undefined : stageEnd));
    const body = await readBody(incoming);
    const request: LocalRequest = {
      httpMethod: incoming.method ?? 'GET',
      path: stageEnd < 0 ? '/' : fullPath.slice(stageEnd),
      query: queryStart < 0 ? '' : url.slice(queryStart + 1),
      rawHeaders: incoming.rawHeaders,
      body: body ?? EMPTY_BODY,
      sourceIp: (incoming.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    };
    answer = await answerer(stage, request, body === undefined, requestId);
  } catch (error) {
    log(`${incoming.method} ${incoming.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
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
