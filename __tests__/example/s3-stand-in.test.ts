import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { S3StandIn } from '../../example/s3-stand-in';

// Driven through the real AWS SDK for JavaScript v3, which sends path-style requests to an IP-address endpoint.
// Shapes and errors as in the S3 API Reference (ListObjectsV2, GetObject, Error responses).

const BUCKET = 'items-bucket';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

function client(endpoint: string): S3Client {
  return new S3Client({ region: 'eu-west-1', endpoint, credentials });
}

async function failure(promise: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as S3ServiceException;
  }
  throw new Error('expected S3 to refuse the request');
}

describe('S3StandIn in memory', () => {
  let standIn: S3StandIn;
  let s3: S3Client;

  beforeAll(async () => {
    standIn = await S3StandIn.start({ buckets: [BUCKET] });
    s3 = client(standIn.endpoint);
    for (const id of ['b', 'a', 'c', 'd', 'e']) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `items/${id}.json`, Body: JSON.stringify({ id }), ContentType: 'application/json' }));
    }
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'other/x.txt', Body: 'x' }));
  });

  afterAll(async () => {
    s3.destroy();
    await standIn.close();
  });

  test('listens on a free port of 127.0.0.1', () => {
    expect(standIn.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('GetObject returns what PutObject stored, with its content type, length and MD5 ETag', async () => {
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'items/a.json' }));
    expect([await object.Body!.transformToString(), object.ContentType, object.ETag, object.ContentLength]).toEqual([
      '{"id":"a"}',
      'application/json',
      `"${createHash('md5').update('{"id":"a"}').digest('hex')}"`,
      10,
    ]);
  });

  test('GetObject of a missing key fails with 404 NoSuchKey', async () => {
    const error = await failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'items/none.json' })));
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['NoSuchKey', 404]);
  });

  test('a bucket that does not exist fails with 404 NoSuchBucket', async () => {
    const error = await failure(s3.send(new GetObjectCommand({ Bucket: 'other-bucket', Key: 'k' })));
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['NoSuchBucket', 404]);
  });

  test('ListObjectsV2 lists the keys under a prefix in order, with their sizes', async () => {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'items/' }));
    expect(page.Contents?.map(({ Key, Size }) => [Key, Size])).toEqual([
      ['items/a.json', 10],
      ['items/b.json', 10],
      ['items/c.json', 10],
      ['items/d.json', 10],
      ['items/e.json', 10],
    ]);
    expect([page.KeyCount, page.IsTruncated, page.NextContinuationToken]).toEqual([5, false, undefined]);
  });

  test('ListObjectsV2 pages by max-keys and continues from the continuation token', async () => {
    const first = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'items/', MaxKeys: 2 }));
    const second = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'items/', MaxKeys: 2, ContinuationToken: first.NextContinuationToken }));
    const third = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'items/', MaxKeys: 2, ContinuationToken: second.NextContinuationToken }));
    expect([first, second, third].map((page) => [page.Contents?.map((object) => object.Key), page.IsTruncated])).toEqual([
      [['items/a.json', 'items/b.json'], true],
      [['items/c.json', 'items/d.json'], true],
      [['items/e.json'], false],
    ]);
  });

  test('ListObjectsV2 starts after StartAfter', async () => {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'items/', StartAfter: 'items/c.json' }));
    expect(page.Contents?.map((object) => object.Key)).toEqual(['items/d.json', 'items/e.json']);
  });

  test('ListObjectsV2 fails with 400 InvalidArgument for a continuation token it did not issue', async () => {
    const error = await failure(s3.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: 'made-up' })));
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['InvalidArgument', 400]);
  });

  test('DeleteObject removes the object', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'tmp/gone', Body: 'x' }));
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'tmp/gone' }));
    const error = await failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'tmp/gone' })));
    expect(error.name).toBe('NoSuchKey');
  });

  test("keys with spaces and characters outside ASCII round-trip", async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'odd/a b+é.txt', Body: 'odd' }));
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'odd/a b+é.txt' }));
    expect(await object.Body!.transformToString()).toBe('odd');
  });

  test('the SDK finds it through AWS_ENDPOINT_URL_S3, as handlers started with that variable do', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_S3;
    process.env.AWS_ENDPOINT_URL_S3 = standIn.endpoint;
    const fromEnvironment = new S3Client({ region: 'eu-west-1', credentials });
    try {
      const object = await fromEnvironment.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'items/b.json' }));
      expect(await object.Body!.transformToString()).toBe('{"id":"b"}');
    } finally {
      fromEnvironment.destroy();
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_S3;
      else process.env.AWS_ENDPOINT_URL_S3 = saved;
    }
  });
});

describe('S3StandIn in a folder', () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3-stand-in-'));
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('keeps objects as files under <dir>/<bucket>/<key>, across restarts', async () => {
    const first = await S3StandIn.start({ buckets: [BUCKET], dir });
    const writer = client(first.endpoint);
    await writer.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'items/7.json', Body: '{"id":"7"}' }));
    writer.destroy();
    await first.close();

    const second = await S3StandIn.start({ buckets: [BUCKET], dir });
    const reader = client(second.endpoint);
    try {
      const page = await reader.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'items/' }));
      const object = await reader.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'items/7.json' }));
      expect([page.Contents?.map((entry) => entry.Key), await object.Body!.transformToString(), object.ContentType]).toEqual([
        ['items/7.json'],
        '{"id":"7"}',
        'application/json',
      ]);
      expect(fs.readFileSync(path.join(dir, BUCKET, 'items', '7.json'), 'utf8')).toBe('{"id":"7"}');
    } finally {
      reader.destroy();
      await second.close();
    }
  });
});
