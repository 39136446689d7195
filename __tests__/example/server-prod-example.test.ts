import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { ApiStack, ROUTES } from '../../example/api-stack';
import { ENVIRONMENTS } from '../../example/environments';
import { S3StandIn } from '../../example/s3-stand-in';
import { call, serve, Served } from '../local/server-helpers';

// The example app's prod stack, synthesized as `npm run synth` does and served with its real handlers: writes go
// through the TOKEN authorizer of functions/authorizer and need the clients' API key; S3 is the local stand-in.
const BUCKET = 'items-local';
const TOKEN = 'local-writer-token-0123456789';
let outdir: string;
let s3: S3StandIn;
let served: Served;
let apiKey: string;

beforeAll(async () => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-rest-api-prod-'));
  const app = new App({ outdir });
  new ApiStack(app, 'prod', ENVIRONMENTS.prod);
  app.synth();
  s3 = await S3StandIn.start({ buckets: [BUCKET] });
  served = await serve(path.join(outdir, 'stacks', 'prod'), {
    variables: { items_bucket_name: BUCKET, writer_token_sha256: createHash('sha256').update(TOKEN).digest('hex') },
    environment: { AWS_ENDPOINT_URL_S3: s3.endpoint, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
  });
  apiKey = served.api.apiKeys()[0].value;
});

afterAll(async () => {
  await served?.api.stop();
  await s3?.close();
  fs.rmSync(outdir, { recursive: true, force: true });
});

const put = (headers: Record<string, string>) =>
  call(`${served.base}/prod/items/pen-1`, { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: '{"name":"pen","price":1.5}' });

describe('LocalApi serving the prod example', () => {
  test('the writer authorizer is run, not warned about: the one warning that names it is about its alias', () => {
    expect(served.api.reload().warnings.filter((warning) => /authoriz/i.test(warning))).toEqual([
      "items-prod-authorizer: its aliases (prod) run the function's current code, invoked without the alias in context.invokedFunctionArn: published versions, weighted routing between versions and provisioned concurrency are not emulated",
    ]);
  });

  test('fails when a PUT has no bearer token: 401, even with the API key', async () => {
    const { status, text } = await put({ 'x-api-key': apiKey });
    expect([status, text]).toEqual([401, '{"message":"Unauthorized"}']);
  });

  test('fails when the bearer token is not a configured one: 401 from the authorizer function', async () => {
    const { status } = await put({ 'x-api-key': apiKey, authorization: 'Bearer not-the-writer-token-42' });
    expect(status).toBe(401);
    expect(served.logs).toContain('PUT /items/pen-1: authorizer "WriterAuthorizer" answered 401: the function threw "Unauthorized"');
  });

  test('fails when a valid token comes without the API key: 403 Forbidden', async () => {
    const { status, text } = await put({ authorization: `Bearer ${TOKEN}` });
    expect([status, text]).toEqual([403, '{"message":"Forbidden"}']);
  });

  test('another path reaches the fallback, whose 404 lists the routes the stack gave it', async () => {
    const { status, json } = await call(`${served.base}/prod/nowhere`, { headers: { 'x-api-key': apiKey } });
    expect([status, json]).toEqual([404, { message: 'no route for GET /nowhere', routes: ROUTES.map((route) => route.route) }]);
  });

  test('a valid token and the API key reach put-item, which stores the item in the S3 stand-in', async () => {
    const written = await put({ 'x-api-key': apiKey, authorization: `Bearer ${TOKEN}` });
    const read = await call(`${served.base}/prod/items/pen-1`, { headers: { 'x-api-key': apiKey } });
    expect([written.status, written.json]).toEqual([200, { id: 'pen-1', name: 'pen', price: 1.5, updatedAt: expect.any(String) }]);
    expect([read.status, read.json]).toEqual([200, written.json]);
  });
});
