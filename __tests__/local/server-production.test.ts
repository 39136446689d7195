import { DomainName } from '../../src/constructs/domain-name';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { LambdaAuthorizer } from '../../src/constructs/authorizers/lambda-authorizer';
import { RequestModel } from '../../src/constructs/request-model';
import { DefinitionMode, RestApi } from '../../src/constructs/rest-api/rest-api';
import { notEmulated } from '../../src/local/local-api';
import { describe as describeServed } from '../../src/local/serve';
import type { FunctionModel } from '../../src/model/stack-model';
import { call, fixtureHandler, FixtureStack, serve, Served, synthFixture } from './server-helpers';

// The local API keeps serving a stack that uses the production options (an alias per stage, a stage canary, a custom
// domain, arm64, reserved and provisioned concurrency), and says what of them it does not emulate; with its API
// defined by resources or by an OpenAPI body, whose request validation and API reference work beside them.

describe.each(['resources', 'openapi'] as DefinitionMode[])('LocalApi with the production options (%s)', (definition) => {
  let fixture: FixtureStack;
  let served: Served;
  let banner: string;

  beforeAll(async () => {
    fixture = synthFixture((stack) => {
      const api = new RestApi(stack, 'Api', { stageName: 'prod', canary: { percentTraffic: 10 }, definition });
      const hello = fixtureHandler(stack, 'hello', { source: 'hello', aliasPerStage: true, provisionedConcurrency: 1, architecture: 'arm64', reservedConcurrency: 5 });
      const authorizer = new LambdaAuthorizer(stack, 'Authorizer', { api, handler: fixtureHandler(stack, 'authorize', { source: 'authorize', aliasPerStage: true }), resultsCacheTtlSeconds: 0 });
      const price = new RequestModel(stack, 'Price', { api, schema: { type: 'object', properties: { price: { type: 'number', minimum: 0 } }, required: ['price'] } });
      api.root.addResource('hello').addMethod('GET', new LambdaIntegration(hello));
      api.root.addResource('guarded').addMethod('GET', new LambdaIntegration(hello), { authorizer });
      api.root.addResource('prices').addMethod('POST', new LambdaIntegration(hello), { requestModels: { 'application/json': price } });
      new DomainName(stack, 'Domain', { domainName: 'api.example.com', hostedZoneName: 'example.com' }).addBasePathMapping(api, { basePath: 'v1' });
    });
    served = await serve(fixture.stackDir);
    banner = describeServed(served.api, served.api.reload());
  });

  afterAll(async () => {
    await served?.api.stop();
    fixture?.remove();
  });

  test("serves a route whose integration calls the stage's alias, with the function's code", async () => {
    const { status, json } = await call(`${served.base}/prod/hello`);

    expect([status, json]).toEqual([200, { hello: 'world' }]);
  });

  test("runs a Lambda authorizer called through its alias: the function's verdict decides", async () => {
    const allowed = await call(`${served.base}/prod/guarded`, { headers: { authorization: 'Bearer allow' } });
    const denied = await call(`${served.base}/prod/guarded`, { headers: { authorization: 'Bearer deny' } });

    expect([allowed.status, denied.status]).toEqual([200, 403]);
  });

  test("validates the body before the stage's alias is called: 400 from API Gateway for a bad one, the function for a good one", async () => {
    const post = (body: string) => call(`${served.base}/prod/prices`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const [bad, good] = [await post('{"price": -1}'), await post('{"price": 1}')];

    expect([bad.status, bad.text, bad.headers.get('x-amzn-errortype')]).toEqual([400, '{"message":"Invalid request body"}', 'BadRequestException']);
    expect([good.status, good.json]).toEqual([200, { hello: 'world' }]);
  });

  test("serves the API reference: the stage's document has every route", async () => {
    const { status, json } = await call(`${served.base}/.openapi/prod.json`);

    expect([status, Object.keys(json.paths)]).toEqual([200, ['/guarded', '/hello', '/prices']]);
  });

  test('shows the custom domain URL beside the local one, the alias beside each function, and the API reference', () => {
    const lines = banner.split('\n');

    expect(lines[0]).toBe(`local-Api: ${served.base}/prod (deployed at https://api.example.com/v1/)`);
    expect(lines.filter((line) => line.includes('/prod/hello'))).toEqual(['  GET   /prod/hello    local-hello:prod']);
    expect(lines).toContain(`API reference (OpenAPI 3): ${served.base}/.openapi/`);
  });

  test('warns that the canary, the aliases and the reserved concurrency are not emulated', () => {
    const warnings = banner.split('\n').filter((line) => line.startsWith('warning: '));

    expect(warnings).toEqual([
      "warning: local-authorize: its aliases (prod) run the function's current code, invoked without the alias in context.invokedFunctionArn: published versions, weighted routing between versions and provisioned concurrency are not emulated",
      "warning: local-hello: its aliases (prod) run the function's current code, invoked without the alias in context.invokedFunctionArn: published versions, weighted routing between versions and provisioned concurrency are not emulated",
      'warning: local-hello: its reserved concurrency (5) is not enforced: it runs at most as many invocations at once as it has workers',
      'warning: local-Api: its stage canary (10% of requests to the canary deployment) is not emulated: every request is served by the stack as synthesized',
    ]);
  });
});

describe('notEmulated', () => {
  const plain: FunctionModel = {
    address: 'aws_lambda_function.fn',
    functionName: 'fn',
    handler: 'index.handler',
    runtime: 'nodejs24.x',
    timeoutSeconds: 3,
    memoryMb: 128,
    environment: {},
    tracing: 'PassThrough',
    architecture: 'x86_64',
    layers: [],
    inVpc: false,
    aliases: {},
  };

  test('has nothing to say of a function without the production options', () => {
    expect(notEmulated(plain, 'x64')).toEqual([]);
  });

  test('says that layers are not mounted, nor is the VPC joined, and failed Event invocations are not retried or delivered', () => {
    expect(notEmulated({ ...plain, layers: ['arn:layer'], inVpc: true, asyncFailures: 'dead-letter-queue' }, 'x64')).toEqual([
      "fn: its 1 layer(s) are not mounted at /opt: packages they provide load from the project's node_modules, if installed there",
      "fn: it runs on this machine's network, not in its VPC subnets and security groups",
      "fn: a failed Event invocation is logged once: Lambda's two retries and its dead-letter-queue are not emulated",
    ]);
  });

  test("says that a layer's native code may not load on another architecture, and only then", () => {
    expect(notEmulated({ ...plain, architecture: 'arm64', layers: ['arn:layer'] }, 'x64')).toContain(
      "fn: it is deployed on arm64 but runs on this machine's x64; native modules of its layers may not load",
    );
    expect(notEmulated({ ...plain, architecture: 'arm64' }, 'x64')).toEqual([]);
    expect(notEmulated({ ...plain, architecture: 'arm64', layers: ['arn:layer'] }, 'arm64')).toHaveLength(1);
  });
});
