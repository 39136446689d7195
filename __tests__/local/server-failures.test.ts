import * as fs from 'node:fs';
import * as path from 'node:path';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { RestApi } from '../../src/constructs/rest-api/rest-api';
import { call, FixtureStack, fixtureHandler, serve, Served, synthFixture } from './server-helpers';

// Failing handlers get their worker replaced; the server keeps answering.
let fixture: FixtureStack;
let served: Served;

beforeAll(async () => {
  fixture = synthFixture((stack) => {
    const misbehave = fixtureHandler(stack, 'misbehave', { source: 'misbehave', timeoutSeconds: 1 });
    const api = new RestApi(stack, 'Api', { stageName: 'test' });
    api.root.addResource('misbehave').addMethod('GET', new LambdaIntegration(misbehave));
    api.root.addResource('slow').addMethod('GET', new LambdaIntegration(misbehave));
  });
  // The constructs refuse an integration that stops waiting before its function may end; that is the very
  // case of API Gateway's 504, so the test writes the integration timeout into the stack itself.
  const file = path.join(fixture.stackDir, 'cdk.tf.json');
  const tf = JSON.parse(fs.readFileSync(file, 'utf8'));
  const [slowIntegration] = Object.values<any>(tf.resource.aws_api_gateway_integration).filter((block) => block['//'].metadata.path.includes('/slow/'));
  slowIntegration.timeout_milliseconds = 100;
  fs.writeFileSync(file, JSON.stringify(tf));
  served = await serve(fixture.stackDir);
});

afterAll(async () => {
  await served?.api.stop();
  fixture?.remove();
});

const get = (path: string) => call(`${served.base}/test${path}`);
const INTERNAL_SERVER_ERROR = '{"message": "Internal server error"}';

describe('LocalApi failures', () => {
  test('fails when the handler throws: 502 Internal server error, and the next request is served', async () => {
    const failed = await get('/misbehave?mode=throw');
    expect([failed.status, failed.text, failed.headers.get('x-amzn-errortype')]).toEqual([502, INTERNAL_SERVER_ERROR, 'InternalServerErrorException']);
    expect((await get('/misbehave')).json).toEqual({ mode: 'ok' });
  });

  test("fails when the handler's error is logged with its type and message", async () => {
    await get('/misbehave?mode=throw');
    expect(served.logs).toContain('local-misbehave: Error: handler failed on purpose');
  });

  test('fails when the handler exits its process: 502, and a new worker serves the next request', async () => {
    const failed = await get('/misbehave?mode=exit');
    expect([failed.status, failed.text]).toEqual([502, INTERNAL_SERVER_ERROR]);
    expect((await get('/misbehave')).json).toEqual({ mode: 'ok' });
  });

  test('fails when the handler loops forever: 502 at its 1 s timeout, and the next request is served', async () => {
    const failed = await get('/misbehave?mode=loop');
    expect([failed.status, failed.text]).toEqual([502, INTERNAL_SERVER_ERROR]);
    expect(served.logs.some((line) => /^local-misbehave: Sandbox\.Timedout: .* Task timed out after 1\.00 seconds$/.test(line))).toBe(true);
    expect((await get('/misbehave')).json).toEqual({ mode: 'ok' });
  });

  test('fails when the body of the proxy response is not a string: 502', async () => {
    const failed = await get('/misbehave?mode=malformed');
    expect([failed.status, failed.text]).toEqual([502, INTERNAL_SERVER_ERROR]);
  });

  test('fails when the proxy response has a key API Gateway does not know: 502', async () => {
    const failed = await get('/misbehave?mode=extra-key');
    expect([failed.status, failed.text]).toEqual([502, INTERNAL_SERVER_ERROR]);
  });

  test('fails when the function outlasts the integration timeout: 504 Endpoint request timed out', async () => {
    const failed = await get('/slow?mode=sleep&ms=400');
    expect([failed.status, failed.text, failed.headers.get('x-amzn-errortype')]).toEqual([504, '{"message": "Endpoint request timed out"}', 'InternalServerErrorException']);
  });

  // Recorded against AWS: localstack/localstack test_apigateway_lambda.snapshot.json, "invoke-api-b64-encoded-true".
  test('a base64 body with isBase64Encoded reaches the client as base64 text when the API has no binary media types', async () => {
    const response = await fetch(`${served.base}/test/misbehave?mode=binary`, { headers: { accept: 'image/png' } });
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(await response.text()).toBe(Buffer.from([137, 80, 78, 71]).toString('base64'));
  });

  test('concurrent requests share a few long-lived workers, not one per request', async () => {
    await Promise.all(Array.from({ length: 20 }, () => get('/misbehave')));
    const { 'local-misbehave': workers } = served.api.workers();
    expect(workers).toBeGreaterThanOrEqual(1);
    expect(workers).toBeLessThanOrEqual(4);
  });
});
