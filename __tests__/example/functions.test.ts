import { NoSuchKey } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as authorizer from '../../functions/authorizer';
import { createHandler as createFallback, routesFrom } from '../../functions/fallback';
import * as getItem from '../../functions/get-item';
import * as listItems from '../../functions/list-items';
import * as putItem from '../../functions/put-item';
import * as recordEvent from '../../functions/record-event';
import { clientError } from '../../functions/shared/client-error';
import type { S3Send } from '../../functions/shared/items';

const BUCKET = 'items-bucket';
const NOW = new Date('2026-01-01T12:00:00.000Z');
const clock = () => NOW;

interface SentCommand {
  readonly input: object;
  readonly constructor: { readonly name: string };
}

/** A stand-in for S3Client: `answer` plays S3's part, and `sent()` lists the commands it was given. */
function fakeS3(answer: (command: SentCommand) => unknown = () => ({})) {
  const send = jest.fn(async (command: SentCommand) => answer(command));
  const sent = () => send.mock.calls.map(([command]) => ({ command: command.constructor.name, input: command.input }));
  return { s3: { send } as unknown as S3Send, send, sent };
}

function s3Error(name: string, httpStatusCode: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });
}

function proxyEvent(overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    httpMethod: 'GET',
    path: '/items',
    pathParameters: null,
    queryStringParameters: null,
    headers: {},
    body: null,
    isBase64Encoded: false,
    ...overrides,
  } as APIGatewayProxyEvent;
}

function bodyOf(result: { body: string }): unknown {
  return JSON.parse(result.body);
}

let consoleError: jest.SpyInstance;
let consoleLog: jest.SpyInstance;
beforeEach(() => {
  consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  consoleLog = jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

describe('list-items', () => {
  test('lists the first 20 items under items/ when no query is given', async () => {
    const { s3, sent } = fakeS3(() => ({ Contents: [{ Key: 'items/a.json' }, { Key: 'items/b-2.json' }] }));

    const result = await listItems.createHandler(s3, BUCKET)(proxyEvent());

    expect(sent()).toEqual([
      { command: 'ListObjectsV2Command', input: { Bucket: BUCKET, Prefix: 'items/', MaxKeys: 20, ContinuationToken: undefined } },
    ]);
    expect(result.statusCode).toBe(200);
    expect(result.headers).toEqual({ 'content-type': 'application/json' });
    expect(bodyOf(result)).toEqual({ items: [{ id: 'a' }, { id: 'b-2' }], nextCursor: null });
  });

  test('passes limit and cursor to S3 and answers the next continuation token as nextCursor', async () => {
    const { s3, sent } = fakeS3(() => ({ Contents: [{ Key: 'items/c.json' }], NextContinuationToken: 'token-2' }));

    const result = await listItems.createHandler(s3, BUCKET)(proxyEvent({ queryStringParameters: { limit: '1', cursor: 'token-1' } }));

    expect(sent()[0].input).toEqual({ Bucket: BUCKET, Prefix: 'items/', MaxKeys: 1, ContinuationToken: 'token-1' });
    expect(bodyOf(result)).toEqual({ items: [{ id: 'c' }], nextCursor: 'token-2' });
  });

  test('accepts limit 100', async () => {
    const { s3, sent } = fakeS3();

    const result = await listItems.createHandler(s3, BUCKET)(proxyEvent({ queryStringParameters: { limit: '100' } }));

    expect(result.statusCode).toBe(200);
    expect(sent()[0].input).toMatchObject({ MaxKeys: 100 });
  });

  test('skips keys that are not items/<id>.json', async () => {
    const keys = ['items/ok.json', 'items/nested/x.json', 'items/bad id.json', 'items/readme.txt', 'items/'];
    const { s3 } = fakeS3(() => ({ Contents: keys.map((Key) => ({ Key })) }));

    const result = await listItems.createHandler(s3, BUCKET)(proxyEvent());

    expect(bodyOf(result)).toEqual({ items: [{ id: 'ok' }], nextCursor: null });
  });

  test.each(['0', '101', '-1', '1.5', 'ten', ''])('answers 400 when limit is %j, naming the allowed range', async (limit) => {
    const { s3, send } = fakeS3();

    const result = await listItems.createHandler(s3, BUCKET)(proxyEvent({ queryStringParameters: { limit } }));

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({ message: `limit must be an integer from 1 to 100; got ${JSON.stringify(limit)}` });
    expect(send).not.toHaveBeenCalled();
  });

  test('answers 400 when cursor is empty', async () => {
    const { s3, send } = fakeS3();

    const result = await listItems.createHandler(s3, BUCKET)(proxyEvent({ queryStringParameters: { cursor: '' } }));

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({ message: 'cursor must not be empty; omit it for the first page' });
    expect(send).not.toHaveBeenCalled();
  });

  test('answers 400 when S3 rejects the cursor', async () => {
    const { s3 } = fakeS3(() => Promise.reject(s3Error('InvalidArgument', 400)));

    const result = await listItems.createHandler(s3, BUCKET)(proxyEvent({ queryStringParameters: { cursor: 'forged' } }));

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({ message: 'cursor is not valid; use nextCursor from a previous response' });
  });

  test('fails when S3 fails, and logs the error', async () => {
    const error = s3Error('AccessDenied', 403);
    const { s3 } = fakeS3(() => Promise.reject(error));

    await expect(listItems.createHandler(s3, BUCKET)(proxyEvent())).rejects.toBe(error);
    expect(consoleError).toHaveBeenCalledWith('ListObjectsV2 failed', error);
  });

  test('answers 500 and logs why when ITEMS_BUCKET is not set', async () => {
    delete process.env.ITEMS_BUCKET;

    const result = await listItems.handler(proxyEvent());

    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual({ message: 'internal server error' });
    expect(consoleError).toHaveBeenCalledWith('environment variable ITEMS_BUCKET is not set; set it on the function');
  });
});

describe('get-item', () => {
  const item = { id: 'abc', name: 'Lamp', price: 19.99, updatedAt: '2026-01-01T00:00:00.000Z' };
  const storedObject = () => ({ Body: { transformToString: async () => JSON.stringify(item) } });

  test('answers 200 with the item stored at items/<id>.json', async () => {
    const { s3, sent } = fakeS3(storedObject);

    const result = await getItem.createHandler(s3, BUCKET)(proxyEvent({ pathParameters: { id: 'abc' } }));

    expect(sent()).toEqual([{ command: 'GetObjectCommand', input: { Bucket: BUCKET, Key: 'items/abc.json' } }]);
    expect(result.statusCode).toBe(200);
    expect(result.headers).toEqual({ 'content-type': 'application/json' });
    expect(bodyOf(result)).toEqual(item);
  });

  test.each([['a b'], ['x'.repeat(65)], ['../secret'], [undefined]])('answers 400 when the id is %j', async (id) => {
    const { s3, send } = fakeS3(storedObject);

    const result = await getItem.createHandler(s3, BUCKET)(proxyEvent({ pathParameters: id === undefined ? null : { id } }));

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({
      message: `id ${JSON.stringify(id ?? null)} is not valid; use 1 to 64 letters, digits, "_" or "-"`,
    });
    expect(send).not.toHaveBeenCalled();
  });

  test('answers 404 when S3 answers NoSuchKey', async () => {
    const missing = new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });
    const { s3 } = fakeS3(() => Promise.reject(missing));

    const result = await getItem.createHandler(s3, BUCKET)(proxyEvent({ pathParameters: { id: 'gone' } }));

    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({ message: 'item gone not found' });
  });

  test('answers 404 when S3 answers HTTP 404 under another error name', async () => {
    const { s3 } = fakeS3(() => Promise.reject(s3Error('NotFound', 404)));

    const result = await getItem.createHandler(s3, BUCKET)(proxyEvent({ pathParameters: { id: 'gone' } }));

    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({ message: 'item gone not found' });
  });

  test('answers 404 when S3 answers 403, as it does for a missing key to a role without s3:ListBucket', async () => {
    const { s3 } = fakeS3(() => Promise.reject(s3Error('AccessDenied', 403)));

    const result = await getItem.createHandler(s3, BUCKET)(proxyEvent({ pathParameters: { id: 'gone' } }));

    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({ message: 'item gone not found' });
  });

  test('fails when S3 fails otherwise, and logs the key', async () => {
    const error = s3Error('SlowDown', 503);
    const { s3 } = fakeS3(() => Promise.reject(error));

    await expect(getItem.createHandler(s3, BUCKET)(proxyEvent({ pathParameters: { id: 'abc' } }))).rejects.toBe(error);
    expect(consoleError).toHaveBeenCalledWith('GetObject items/abc.json failed', error);
  });

  test('fails when the stored object is not JSON', async () => {
    const { s3 } = fakeS3(() => ({ Body: { transformToString: async () => 'not json' } }));

    await expect(getItem.createHandler(s3, BUCKET)(proxyEvent({ pathParameters: { id: 'abc' } }))).rejects.toThrow(SyntaxError);
  });

  test('answers 500 when ITEMS_BUCKET is not set', async () => {
    delete process.env.ITEMS_BUCKET;

    const result = await getItem.handler(proxyEvent({ pathParameters: { id: 'abc' } }));

    expect(result.statusCode).toBe(500);
    expect(consoleError).toHaveBeenCalledWith('environment variable ITEMS_BUCKET is not set; set it on the function');
  });
});

describe('put-item', () => {
  const put = (s3: S3Send, overrides: Partial<APIGatewayProxyEvent>) =>
    putItem.createHandler(s3, BUCKET, clock)(proxyEvent({ httpMethod: 'PUT', pathParameters: { id: 'abc' }, ...overrides }));
  const putBody = (s3: S3Send, body: unknown) => put(s3, { body: JSON.stringify(body) });

  test('stores the item as JSON at items/<id>.json and answers 200 with it', async () => {
    const { s3, sent } = fakeS3();

    const result = await putBody(s3, { name: 'Lamp', price: 19.99 });

    const stored = { id: 'abc', name: 'Lamp', price: 19.99, updatedAt: '2026-01-01T12:00:00.000Z' };
    expect(sent()).toEqual([
      {
        command: 'PutObjectCommand',
        input: { Bucket: BUCKET, Key: 'items/abc.json', Body: JSON.stringify(stored), ContentType: 'application/json' },
      },
    ]);
    expect(result.statusCode).toBe(200);
    expect(result.headers).toEqual({ 'content-type': 'application/json' });
    expect(bodyOf(result)).toEqual(stored);
  });

  test('stores the name trimmed', async () => {
    const { s3 } = fakeS3();

    const result = await putBody(s3, { name: '  Lamp  ', price: 0 });

    expect(bodyOf(result)).toMatchObject({ name: 'Lamp', price: 0 });
  });

  test('reads a base64-encoded body', async () => {
    const { s3 } = fakeS3();
    const body = Buffer.from(JSON.stringify({ name: 'Lamp', price: 5 })).toString('base64');

    const result = await put(s3, { body, isBase64Encoded: true });

    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({ name: 'Lamp', price: 5 });
  });

  test.each([0, 0.29, 12.5, 19.99, 1000000])('accepts price %p', async (price) => {
    const { s3 } = fakeS3();

    const result = await putBody(s3, { name: 'Lamp', price });

    expect(result.statusCode).toBe(200);
  });

  test('answers 400 when the id is not valid', async () => {
    const { s3, send } = fakeS3();

    const result = await put(s3, { pathParameters: { id: 'a/b' }, body: JSON.stringify({ name: 'Lamp', price: 1 }) });

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({ message: 'id "a/b" is not valid; use 1 to 64 letters, digits, "_" or "-"' });
    expect(send).not.toHaveBeenCalled();
  });

  test.each([null, ''])('answers 400 when the body is %j', async (body) => {
    const { s3, send } = fakeS3();

    const result = await put(s3, { body });

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({ message: 'request body is required: {"name": string, "price": number}' });
    expect(send).not.toHaveBeenCalled();
  });

  test('answers 400 when the body is not JSON', async () => {
    const { s3, send } = fakeS3();

    const result = await put(s3, { body: '{"name": "Lamp",' });

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({ message: 'request body must be JSON' });
    expect(send).not.toHaveBeenCalled();
  });

  test.each([[[]], ['Lamp'], [null]])('answers 400 when the body is %j rather than an object', async (body) => {
    const { s3, send } = fakeS3();

    const result = await putBody(s3, body);

    expect(bodyOf(result)).toEqual({ message: 'invalid item', errors: ['body must be a JSON object with "name" and "price"'] });
    expect(send).not.toHaveBeenCalled();
  });

  test.each([[undefined], [''], ['   '], ['x'.repeat(201)], [42]])('answers 400 when name is %j', async (name) => {
    const { s3, send } = fakeS3();

    const result = await putBody(s3, { name, price: 1 });

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({ message: 'invalid item', errors: ['name must be a non-empty string of at most 200 characters'] });
    expect(send).not.toHaveBeenCalled();
  });

  test.each([[undefined], [null], ['12'], [-1], [1.005], [0.1 + 0.2], [1e-7]])('answers 400 when price is %j', async (price) => {
    const { s3, send } = fakeS3();

    const result = await putBody(s3, { name: 'Lamp', price });

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({ message: 'invalid item', errors: ['price must be a number >= 0 with at most 2 decimals'] });
    expect(send).not.toHaveBeenCalled();
  });

  test('answers 400 listing every problem, unknown fields included', async () => {
    const { s3, send } = fakeS3();

    const result = await putBody(s3, { name: '', price: -1, color: 'red', updatedAt: 'now' });

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({
      message: 'invalid item',
      errors: [
        'unknown field "color"; allowed fields are name, price',
        'unknown field "updatedAt"; allowed fields are name, price',
        'name must be a non-empty string of at most 200 characters',
        'price must be a number >= 0 with at most 2 decimals',
      ],
    });
    expect(send).not.toHaveBeenCalled();
  });

  test('fails when S3 fails', async () => {
    const error = s3Error('AccessDenied', 403);
    const { s3 } = fakeS3(() => Promise.reject(error));

    await expect(putBody(s3, { name: 'Lamp', price: 1 })).rejects.toBe(error);
  });

  test('answers 500 when ITEMS_BUCKET is not set', async () => {
    delete process.env.ITEMS_BUCKET;

    const result = await putItem.handler(proxyEvent({ httpMethod: 'PUT', pathParameters: { id: 'abc' }, body: '{}' }));

    expect(result.statusCode).toBe(500);
    expect(consoleError).toHaveBeenCalledWith('environment variable ITEMS_BUCKET is not set; set it on the function');
  });
});

describe('fallback', () => {
  const routes = ['GET /a', 'GET /a/{id}', 'PUT /a/{id}', 'POST /b'];
  const fallback = createFallback(routes);

  test('answers 404 naming the method, the path and the routes that exist', async () => {
    const result = await fallback(proxyEvent({ httpMethod: 'DELETE', path: '/a/abc/extra' }));

    expect(result.statusCode).toBe(404);
    expect(result.headers).toEqual({ 'content-type': 'application/json' });
    expect(bodyOf(result)).toEqual({ message: 'no route for DELETE /a/abc/extra', routes });
  });

  test('answers HEAD with 404 and an empty body', async () => {
    const result = await fallback(proxyEvent({ httpMethod: 'HEAD', path: '/nowhere' }));

    expect(result).toEqual({ statusCode: 404, headers: { 'content-type': 'application/json' }, body: '' });
  });

  test('answers OPTIONS with 204 and the methods of the routes', async () => {
    const result = await fallback(proxyEvent({ httpMethod: 'OPTIONS', path: '/nowhere' }));

    expect(result).toEqual({ statusCode: 204, headers: { allow: 'GET, PUT, POST, OPTIONS' }, body: '' });
  });

  test('reads the routes from the JSON list the stack puts in ROUTES', () => {
    expect(routesFrom('["GET /a","POST /b"]')).toEqual(['GET /a', 'POST /b']);
  });

  test.each([undefined, '', 'GET /a', '{"GET /a":1}', '[1]'])('lists no route when ROUTES is %j', (variable) => {
    expect(routesFrom(variable)).toEqual([]);
  });
});

describe('record-event', () => {
  const context = { awsRequestId: 'request-1' };
  const record = (event: unknown) => recordEvent.createHandler(clock)(event, context);

  test('accepts the event and answers with the request id and the time it was received', async () => {
    const result = await record({ type: 'item.viewed', itemId: 'abc', at: '2026-01-01T11:59:00Z' });

    expect(result).toEqual({
      accepted: true,
      eventId: 'request-1',
      type: 'item.viewed',
      itemId: 'abc',
      receivedAt: '2026-01-01T12:00:00.000Z',
    });
  });

  test('records the event as one JSON log line', async () => {
    await record({ type: 'item.purchased', itemId: 'abc', at: '2026-01-01T11:59:00Z' });

    expect(consoleLog).toHaveBeenCalledTimes(1);
    expect(JSON.parse(consoleLog.mock.calls[0][0])).toEqual({
      message: 'event recorded',
      accepted: true,
      eventId: 'request-1',
      type: 'item.purchased',
      itemId: 'abc',
      receivedAt: '2026-01-01T12:00:00.000Z',
      at: '2026-01-01T11:59:00Z',
    });
  });

  test.each(['item.viewed', 'item.purchased', 'item.shared'])('accepts type %s without "at"', async (type) => {
    await expect(record({ type, itemId: 'abc' })).resolves.toMatchObject({ accepted: true, type });
  });

  test.each(['2026-01-01T12:05:00Z', '2026-01-01T14:04:59.999+02:00'])('accepts "at" up to 5 minutes ahead: %s', async (at) => {
    await expect(record({ type: 'item.shared', itemId: 'abc', at })).resolves.toMatchObject({ accepted: true });
  });

  test('fails when type is not a known event type', async () => {
    await expect(record({ type: 'item.deleted', itemId: 'abc' })).rejects.toThrow(
      '[400] type must be one of item.viewed, item.purchased, item.shared; got "item.deleted"',
    );
  });

  test('fails when itemId is not a valid id', async () => {
    await expect(record({ type: 'item.viewed', itemId: 'a b' })).rejects.toThrow(
      '[400] itemId must be 1 to 64 letters, digits, "_" or "-"; got "a b"',
    );
  });

  test.each([['yesterday'], ['2026-01-01'], ['2026-02-30T00:00:00Z'], ['2026-01-01T24:00:00Z'], ['2026-13-01T00:00:00Z'], [1767225600000]])(
    'fails when "at" is %j',
    async (at) => {
      await expect(record({ type: 'item.viewed', itemId: 'abc', at })).rejects.toThrow(
        `[400] at must be an ISO-8601 timestamp such as 2026-01-01T00:00:00Z; got ${JSON.stringify(at)}`,
      );
    },
  );

  test('fails when "at" is more than 5 minutes in the future', async () => {
    await expect(record({ type: 'item.viewed', itemId: 'abc', at: '2026-01-01T12:05:00.001Z' })).rejects.toThrow(
      '[400] at must not be more than 5 minutes in the future; got 2026-01-01T12:05:00.001Z',
    );
  });

  test.each([[null], [[]], ['item.viewed']])('fails when the body is %j rather than an object', async (event) => {
    await expect(record(event)).rejects.toThrow('[400] request body must be a JSON object with "type" and "itemId"');
  });

  test('fails with every problem on one line, so selection patterns match', async () => {
    const error = await record({ type: 'bad\ntype', itemId: 'a\nb' }).catch((e: Error) => e);

    expect((error as Error).message).toBe(
      '[400] type must be one of item.viewed, item.purchased, item.shared; got "bad\\ntype"; ' +
        'itemId must be 1 to 64 letters, digits, "_" or "-"; got "a\\nb"',
    );
  });

  test('logs nothing when the event is rejected', async () => {
    await record({ type: 'nope', itemId: 'abc' }).catch(() => undefined);

    expect(consoleLog).not.toHaveBeenCalled();
  });
});

describe('clientError', () => {
  test('prefixes the message with the status that API Gateway selects on', () => {
    expect(clientError(404, 'item abc not found').message).toBe('[404] item abc not found');
  });

  test('keeps the message on one line', () => {
    expect(clientError(400, 'first\n  second\r\nthird').message).toBe('[400] first second third');
  });
});

describe('authorizer', () => {
  const TOKEN = 'writer-token-0123456789abcdef';
  const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/PUT/items/7';
  const tokenEvent = (authorizationToken: string) => ({ type: 'TOKEN' as const, methodArn: METHOD_ARN, authorizationToken });
  const allow = authorizer.createHandler([authorizer.sha256(TOKEN), authorizer.sha256('another-writer-token-xyz')]);

  test('allows a bearer token whose SHA-256 is configured, on the whole stage, naming the writer', async () => {
    const writer = authorizer.sha256(TOKEN).toString('hex').slice(0, 12);

    await expect(allow(tokenEvent(`Bearer ${TOKEN}`))).resolves.toEqual({
      principalId: `writer-${writer}`,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/*' }],
      },
      context: { writer },
    });
  });

  test.each([
    ['an unknown token', 'Bearer unknown-token-0123456789'],
    ['a token without the Bearer scheme', TOKEN],
    ['a token that is too short', 'Bearer short'],
    ['an empty header', ''],
  ])('answers Unauthorized (401) to %s', async (_case, header) => {
    await expect(allow(tokenEvent(header))).rejects.toThrow(/^Unauthorized$/);
  });

  test('reads the digests comma-separated, in any case, around spaces', () => {
    const hex = authorizer.sha256(TOKEN).toString('hex');

    expect(authorizer.parseDigests(` ${hex.toUpperCase()} ,${hex}`)).toEqual([authorizer.sha256(TOKEN), authorizer.sha256(TOKEN)]);
  });

  test.each(['', 'abc', 'x'.repeat(64)])('fails when WRITER_TOKEN_SHA256 is %p', (value) => {
    expect(() => authorizer.parseDigests(value)).toThrow(/^WRITER_TOKEN_SHA256 must be a comma-separated list of SHA-256 hex digests/);
  });

  test('handler reads WRITER_TOKEN_SHA256 from the environment', async () => {
    process.env.WRITER_TOKEN_SHA256 = authorizer.sha256(TOKEN).toString('hex');
    try {
      await expect(authorizer.handler(tokenEvent(`Bearer ${TOKEN}`))).resolves.toMatchObject({ principalId: expect.stringMatching(/^writer-/) });
    } finally {
      delete process.env.WRITER_TOKEN_SHA256;
    }
  });
});
