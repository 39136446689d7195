import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, relative, sep } from 'node:path';

export interface S3StandInOptions {
  /** Buckets that exist; requests to any other answer 404 NoSuchBucket. */
  readonly buckets: string[];
  /**
   * Port on 127.0.0.1; 0 picks a free one.
   * @default 0
   */
  readonly port?: number;
  /**
   * Folder that keeps the objects across runs, as `<dir>/<bucket>/<key>`.
   * @default - objects live in memory and are gone when the stand-in stops
   */
  readonly dir?: string;
}

interface StoredObject {
  readonly body: Buffer;
  readonly contentType: string;
  readonly lastModified: Date;
}

/** Where the objects live: in memory, or in a folder. */
interface ObjectStore {
  get(bucket: string, key: string): StoredObject | undefined;
  put(bucket: string, key: string, object: StoredObject): void;
  delete(bucket: string, key: string): void;
  /** Every key of the bucket, in S3's order (UTF-8 binary order). */
  keys(bucket: string): string[];
}

/** S3's own limit on keys per ListObjectsV2 page, and its default. */
const MAX_KEYS = 1000;
const XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';
const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/**
 * A small S3-compatible server on loopback for the example app's handlers: ListObjectsV2 (prefix, max-keys,
 * continuation-token, start-after), GetObject (404 NoSuchKey), PutObject and DeleteObject, in path style (what the
 * AWS SDK sends to an IP-address endpoint) or virtual-host style. Point a handler at it with the SDK's standard
 * `AWS_ENDPOINT_URL_S3=<endpoint>` and any credentials: it does not check signatures.
 * XML as the S3 API Reference documents it (ListObjectsV2, Error responses).
 */
export class S3StandIn {
  /** `http://127.0.0.1:<port>`, for `AWS_ENDPOINT_URL_S3`. */
  public readonly endpoint: string;

  private constructor(
    private readonly server: Server,
    private readonly buckets: Set<string>,
    private readonly store: ObjectStore,
  ) {
    this.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  public static async start(options: S3StandInOptions): Promise<S3StandIn> {
    const buckets = new Set(options.buckets);
    const store = options.dir === undefined ? memoryStore() : folderStore(options.dir);
    let standIn: S3StandIn | undefined;
    const server = createServer((request, response) => {
      standIn!.handle(request, response).catch((error: Error) => sendError(response, 500, 'InternalError', error.message));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', resolve);
    });
    standIn = new S3StandIn(server, buckets, store);
    return standIn;
  }

  public async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const { bucket, key } = this.locate(request.headers.host ?? '', url.pathname);
    if (!this.buckets.has(bucket)) return sendError(response, 404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
    const method = request.method ?? 'GET';
    if (key === '' && method === 'GET') return this.list(bucket, url.searchParams, response);
    if (key === '') return sendError(response, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    if (method === 'GET' || method === 'HEAD') return this.getObject(bucket, key, method, response);
    if (method === 'PUT') return this.putObject(bucket, key, request, response);
    if (method === 'DELETE') {
      this.store.delete(bucket, key);
      response.writeHead(204).end();
      return;
    }
    sendError(response, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }

  /** Path style `/<bucket>/<key>`, or virtual-host style `<bucket>.<host>/<key>`. */
  private locate(host: string, pathname: string): { bucket: string; key: string } {
    const hostBucket = host.split(':')[0].split('.').slice(0, -1).join('.');
    const segments = pathname.slice(1).split('/');
    if (this.buckets.has(hostBucket)) return { bucket: hostBucket, key: decodeURIComponent(pathname.slice(1)) };
    return { bucket: decodeURIComponent(segments[0]), key: segments.slice(1).map(decodeURIComponent).join('/') };
  }

  private list(bucket: string, query: URLSearchParams, response: ServerResponse): void {
    if (query.get('list-type') !== '2') {
      return sendError(response, 400, 'InvalidRequest', 'Only ListObjectsV2 (list-type=2) is supported by the local S3 stand-in.');
    }
    const prefix = query.get('prefix') ?? '';
    const maxKeysText = query.get('max-keys');
    const maxKeys = maxKeysText === null ? MAX_KEYS : Number(maxKeysText);
    if (!Number.isInteger(maxKeys) || maxKeys < 0) return sendError(response, 400, 'InvalidArgument', 'Provided max-keys not an integer or within integer range');
    const continuationToken = query.get('continuation-token');
    let after = query.get('start-after') ?? '';
    if (continuationToken !== null) {
      const decoded = decodeToken(continuationToken);
      if (decoded === undefined) return sendError(response, 400, 'InvalidArgument', 'The continuation token provided is incorrect');
      after = decoded;
    }
    const matching = this.store.keys(bucket).filter((key) => key.startsWith(prefix) && key > after);
    const page = matching.slice(0, Math.min(maxKeys, MAX_KEYS));
    const truncated = matching.length > page.length;
    const contents = page
      .map((key) => {
        const object = this.store.get(bucket, key)!;
        return (
          `<Contents><Key>${xml(key)}</Key><LastModified>${object.lastModified.toISOString()}</LastModified>` +
          `<ETag>${xml(etag(object.body))}</ETag><Size>${object.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`
        );
      })
      .join('');
    const body =
      `${XML_HEADER}<ListBucketResult xmlns="${S3_NAMESPACE}"><Name>${xml(bucket)}</Name><Prefix>${xml(prefix)}</Prefix>` +
      `<KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>` +
      (continuationToken === null ? '' : `<ContinuationToken>${xml(continuationToken)}</ContinuationToken>`) +
      (truncated ? `<NextContinuationToken>${encodeToken(page[page.length - 1])}</NextContinuationToken>` : '') +
      (query.has('start-after') ? `<StartAfter>${xml(query.get('start-after')!)}</StartAfter>` : '') +
      `${contents}</ListBucketResult>`;
    response.writeHead(200, { 'content-type': 'application/xml' }).end(body);
  }

  private getObject(bucket: string, key: string, method: string, response: ServerResponse): void {
    const object = this.store.get(bucket, key);
    if (!object) {
      if (method === 'HEAD') return void response.writeHead(404).end();
      return sendError(response, 404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
    }
    response.writeHead(200, {
      'content-type': object.contentType,
      'content-length': object.body.length,
      etag: etag(object.body),
      'last-modified': object.lastModified.toUTCString(),
    });
    response.end(method === 'HEAD' ? undefined : object.body);
  }

  private async putObject(bucket: string, key: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = decodeAwsChunked(Buffer.concat(chunks), request.headers['content-encoding'], request.headers['x-amz-content-sha256']);
    const contentType = request.headers['content-type'] ?? 'binary/octet-stream';
    this.store.put(bucket, key, { body, contentType, lastModified: new Date() });
    response.writeHead(200, { etag: etag(body) }).end();
  }
}

/**
 * The SDK may stream a body in `aws-chunked` encoding (`<hex size>;chunk-signature=...\r\n<data>\r\n`, with
 * trailing checksums), which S3 decodes before storing.
 */
function decodeAwsChunked(raw: Buffer, contentEncoding: string | undefined, contentSha256: string | string[] | undefined): Buffer {
  const chunked = String(contentEncoding ?? '').includes('aws-chunked') || String(contentSha256 ?? '').startsWith('STREAMING-');
  if (!chunked) return raw;
  const parts: Buffer[] = [];
  let at = 0;
  while (at < raw.length) {
    const lineEnd = raw.indexOf('\r\n', at);
    const size = parseInt(raw.subarray(at, lineEnd).toString('latin1').split(';')[0], 16);
    if (!(size > 0)) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function sendError(response: ServerResponse, status: number, code: string, message: string, extra: Record<string, string> = {}): void {
  const fields = Object.entries(extra).map(([name, value]) => `<${name}>${xml(value)}</${name}>`).join('');
  const body = `${XML_HEADER}<Error><Code>${code}</Code><Message>${xml(message)}</Message>${fields}<RequestId>local</RequestId></Error>`;
  response.writeHead(status, { 'content-type': 'application/xml' }).end(body);
}

function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function etag(body: Buffer): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}

function encodeToken(lastKey: string): string {
  return Buffer.from(`after:${lastKey}`, 'utf8').toString('base64url');
}

function decodeToken(token: string): string | undefined {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  return text.startsWith('after:') ? text.slice('after:'.length) : undefined;
}

function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function memoryStore(): ObjectStore {
  const buckets = new Map<string, Map<string, StoredObject>>();
  const bucket = (name: string) => buckets.get(name) ?? buckets.set(name, new Map()).get(name)!;
  return {
    get: (name, key) => bucket(name).get(key),
    put: (name, key, object) => void bucket(name).set(key, object),
    delete: (name, key) => void bucket(name).delete(key),
    keys: (name) => [...bucket(name).keys()].sort(byUtf8),
  };
}

/** Objects as files, `<dir>/<bucket>/<key>`; a key that would leave the bucket's folder is refused. */
function folderStore(dir: string): ObjectStore {
  const fileOf = (bucket: string, key: string) => {
    const file = join(dir, bucket, key);
    if (relative(join(dir, bucket), file).startsWith('..') || key.endsWith('/')) throw new Error(`key "${key}" cannot be stored as a file`);
    return file;
  };
  const walk = (folder: string): string[] =>
    readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(folder, entry.name)) : [join(folder, entry.name)],
    );
  return {
    get: (bucket, key) => {
      try {
        const file = fileOf(bucket, key);
        const body = readFileSync(file);
        return { body, contentType: key.endsWith('.json') ? 'application/json' : 'binary/octet-stream', lastModified: statSync(file).mtime };
      } catch {
        return undefined;
      }
    },
    put: (bucket, key, object) => {
      const file = fileOf(bucket, key);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, object.body);
    },
    delete: (bucket, key) => rmSync(fileOf(bucket, key), { force: true }),
    keys: (bucket) => {
      const root = join(dir, bucket);
      mkdirSync(root, { recursive: true });
      return walk(root)
        .map((file) => relative(root, file).split(sep).join('/'))
        .sort(byUtf8);
    },
  };
}
