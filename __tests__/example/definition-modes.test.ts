import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { ApiStack } from '../../example/api-stack';
import { ENVIRONMENTS } from '../../example/environments';
import { S3StandIn } from '../../example/s3-stand-in';
import { openApiDocument } from '../../src/model/openapi';
import { routeDiagram, routeMarkdown } from '../../src/model/route-table';
import { readStack, StackModel } from '../../src/model/stack-model';
import { routesOf } from '../../src/testing';
import { checkConformance } from '../support/schema-conformance';
import { call, serve, Served } from '../local/server-helpers';

// The prod example synthesized twice, its API defined by resources and by an OpenAPI body: the stack model, the
// route table, the matchers, the export and the local API must not tell them apart.
const DEFINITIONS = ['resources', 'openapi'] as const;
type Definition = (typeof DEFINITIONS)[number];
const TOKEN = 'local-writer-token-0123456789';
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-rest-api-definitions-'));
const stackDir = (definition: Definition) => path.join(outdir, definition, 'stacks', 'prod');
for (const definition of DEFINITIONS) {
  const app = new App({ outdir: path.join(outdir, definition) });
  new ApiStack(app, 'prod', { ...ENVIRONMENTS.prod, definition });
  app.synth();
}
const models = Object.fromEntries(DEFINITIONS.map((definition) => [definition, readStack(stackDir(definition))])) as Record<Definition, StackModel>;
const tfOf = (definition: Definition) => JSON.parse(fs.readFileSync(path.join(stackDir(definition), 'cdk.tf.json'), 'utf8'));

afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

describe('the prod example in both definitions', () => {
  test('the OpenAPI one has 5 API Gateway resources where the resources one has one per path, method, integration...', () => {
    const count = (definition: Definition) => Object.entries(tfOf(definition).resource).filter(([type]) => type.startsWith('aws_api_gateway_')).reduce((n, [, blocks]) => n + Object.keys(blocks as object).length, 0);

    expect(Object.keys(tfOf('openapi').resource).filter((type) => /_(resource|method|integration|model|request_validator|authorizer)$/.test(type))).toEqual([]);
    expect(count('openapi')).toBeLessThan(count('resources'));
  });

  test.each(DEFINITIONS)('conforms to the pinned provider schema (%s)', (definition) => {
    expect(checkConformance(tfOf(definition))).toEqual([]);
  });

  test('read as the same stack model: routes, settings, functions, usage plans, gateway responses', () => {
    const { permissions: resourcesPermissions, names: resourcesNames, ...resources } = models.resources;
    const { permissions: openApiPermissions, names: openApiNames, ...openapi } = models.openapi;

    expect({ ...openapi, dir: undefined }).toEqual({ ...resources, dir: undefined });
    // The physical names of the resources both have; the body holds the authorizer, models and validator instead.
    const bodyOnly = /^aws_api_gateway_(authorizer|model|request_validator)\./;
    expect(openApiNames).toEqual(Object.fromEntries(Object.entries(resourcesNames).filter(([address]) => !bodyOnly.test(address))));
    expect(Object.keys(resourcesNames).filter((address) => bodyOnly.test(address))).toHaveLength(4);
    expect(openapi.apis[0].routes.map((route) => `${route.httpMethod} ${route.resourcePath} ${route.requestValidator?.name ?? '-'}`)).toEqual([
      'ANY / -',
      'POST /events body',
      'GET /items -',
      'GET /items/{id} -',
      'PUT /items/{id} body',
      'ANY /{proxy+} -',
    ]);
    // The one difference: an authorizer API Gateway creates from the body has no id at synth.
    const authorizerSource = (permissions: typeof resourcesPermissions) => permissions.find((p) => p.statementId?.startsWith('apigw-authorizer-'))?.sourceArn;
    expect(openApiPermissions.filter((p) => !p.statementId?.startsWith('apigw-authorizer-'))).toEqual(resourcesPermissions.filter((p) => !p.statementId?.startsWith('apigw-authorizer-')));
    expect([authorizerSource(resourcesPermissions), authorizerSource(openApiPermissions)]).toEqual([
      expect.stringMatching(/\/authorizers\/\$\{aws_api_gateway_authorizer\.WriterAuthorizer_\w+\.id\}$/),
      expect.stringMatching(/\.execution_arn\}\/authorizers\/\*$/),
    ]);
  });

  test("prod's aliases, arm64 and KMS key hold in both: every route and the authorizer call the prod alias, read from the body too", () => {
    const targets = (definition: Definition) => {
      const api = models[definition].apis[0];
      return [...api.routes.map((route) => route.integration), ...api.routes.flatMap((route) => (route.authorizer ? [route.authorizer] : []))].map(
        (target) => `${models[definition].functions[target.functionAddress!]?.functionName}:${target.qualifier}`,
      );
    };
    const functions = (definition: Definition) => Object.values(models[definition].functions).map((fn) => [fn.functionName, fn.architecture, Object.keys(fn.aliases)]);
    const encrypted = (definition: Definition) =>
      Object.values(tfOf(definition).resource.aws_cloudwatch_log_group as Record<string, { kms_key_id?: string }>).every((group) => /^\$\{aws_kms_key\.Key_\w+\.arn\}$/.test(group.kms_key_id ?? ''));

    expect(targets('openapi')).toEqual(targets('resources'));
    expect(new Set(targets('openapi'))).toEqual(new Set(['items-prod-fallback:prod', 'items-prod-record-event:prod', 'items-prod-list-items:prod', 'items-prod-get-item:prod', 'items-prod-put-item:prod', 'items-prod-authorizer:prod']));
    expect(functions('openapi')).toEqual(functions('resources'));
    expect(functions('openapi').every(([, architecture, aliases]) => architecture === 'arm64' && String(aliases) === 'prod')).toBe(true);
    expect([encrypted('resources'), encrypted('openapi')]).toEqual([true, true]);
  });

  test('the same route table, diagram, matcher routes and exported document', () => {
    const views = (definition: Definition) => [routeMarkdown(models[definition]), routeDiagram(models[definition]), routesOf(stackDir(definition)), openApiDocument(models[definition], models[definition].apis[0])];

    expect(views('openapi')).toEqual(views('resources'));
  });
});

describe('the local API answers the prod example the same in both definitions', () => {
  let s3: S3StandIn;
  const served: Partial<Record<Definition, Served>> = {};
  const apiKeys: Partial<Record<Definition, string>> = {};
  const answers: Partial<Record<Definition, Answered[]>> = {};

  beforeAll(async () => {
    s3 = await S3StandIn.start({ buckets: DEFINITIONS.map((definition) => `items-${definition}`) });
    for (const definition of DEFINITIONS) {
      served[definition] = await serve(stackDir(definition), {
        variables: { items_bucket_name: `items-${definition}`, writer_token_sha256: createHash('sha256').update(TOKEN).digest('hex') },
        environment: { AWS_ENDPOINT_URL_S3: s3.endpoint, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
      });
      apiKeys[definition] = served[definition]!.api.apiKeys()[0].value;
    }
    // Once each: the clients' usage plan allows a burst of 20 requests.
    for (const definition of DEFINITIONS) answers[definition] = await answersOf(definition);
  });

  afterAll(async () => {
    for (const definition of DEFINITIONS) await served[definition]?.api.stop();
    await s3?.close();
  });

  /** Every kind of request the example answers: routes, keys, the authorizer, validation, the fallback. */
  const REQUESTS: { name: string; path: string; method?: string; body?: string; key?: boolean; token?: boolean; contentType?: string }[] = [
    { name: 'no API key', path: '/items' },
    { name: 'list, empty', path: '/items', key: true },
    { name: 'put without a token', path: '/items/pen', method: 'PUT', body: '{"name":"pen","price":1.5}', key: true },
    { name: 'put a valid item', path: '/items/pen', method: 'PUT', body: '{"name":"pen","price":1.5}', key: true, token: true },
    { name: 'put without price', path: '/items/pen', method: 'PUT', body: '{"name":"pen"}', key: true, token: true },
    { name: 'put a negative price', path: '/items/pen', method: 'PUT', body: '{"name":"pen","price":-1}', key: true, token: true },
    { name: 'put an unknown field', path: '/items/pen', method: 'PUT', body: '{"name":"pen","price":1,"color":"red"}', key: true, token: true },
    { name: 'put a blank name', path: '/items/pen', method: 'PUT', body: '{"name":"  ","price":1}', key: true, token: true },
    { name: 'put not JSON', path: '/items/pen', method: 'PUT', body: 'pen', key: true, token: true },
    { name: 'put three decimals: the function refuses it', path: '/items/pen', method: 'PUT', body: '{"name":"pen","price":1.005}', key: true, token: true },
    { name: 'put text: no model, the function answers', path: '/items/pen', method: 'PUT', body: 'pen', key: true, token: true, contentType: 'text/plain' },
    { name: 'get the item', path: '/items/pen', key: true },
    { name: 'list, one item', path: '/items', key: true },
    { name: 'event, valid', path: '/events', method: 'POST', body: '{"type":"item.viewed","itemId":"pen"}', key: true, token: true },
    { name: 'event, unknown type', path: '/events', method: 'POST', body: '{"type":"item.eaten","itemId":"pen"}', key: true, token: true },
    { name: 'event, bad item id', path: '/events', method: 'POST', body: '{"type":"item.viewed","itemId":"a b"}', key: true, token: true },
    { name: 'event, empty body', path: '/events', method: 'POST', body: '', key: true, token: true },
    { name: 'event, a future timestamp: the function refuses it', path: '/events', method: 'POST', body: '{"type":"item.viewed","itemId":"pen","at":"2999-01-01T00:00:00Z"}', key: true, token: true },
    { name: 'fallback', path: '/nothing/here', key: true },
    { name: 'root', path: '/', key: true },
  ];

  interface Answered {
    readonly request: string;
    readonly status: number;
    readonly body: string;
    readonly errorType: string | null;
  }

  /** What a client sees, without what differs from one request to the next (ids, times). */
  async function answersOf(definition: Definition): Promise<Answered[]> {
    const { base } = served[definition]!;
    const answers = [];
    for (const request of REQUESTS) {
      const headers: Record<string, string> = { 'content-type': request.contentType ?? 'application/json' };
      if (request.key) headers['x-api-key'] = apiKeys[definition]!;
      if (request.token) headers.authorization = `Bearer ${TOKEN}`;
      const answer = await call(`${base}/prod${request.path}`, { method: request.method ?? 'GET', headers, body: request.body });
      const body = answer.text.replace(/"(updatedAt|eventId|receivedAt)":"[^"]*"/g, '"$1":"-"');
      answers.push({ request: request.name, status: answer.status, body, errorType: answer.headers.get('x-amzn-errortype') });
    }
    return answers;
  }

  test('every request gets the same answer', () => {
    expect(answers.openapi).toEqual(answers.resources);
    expect(answers.openapi).toHaveLength(REQUESTS.length);
  });

  test('API Gateway refuses malformed writes before the functions run, with its own 400', () => {
    const byName = Object.fromEntries(answers.openapi!.map((answer) => [answer.request, answer]));

    for (const name of ['put without price', 'put a negative price', 'put an unknown field', 'put a blank name', 'put not JSON', 'event, unknown type', 'event, bad item id', 'event, empty body']) {
      expect({ name, ...byName[name] }).toMatchObject({ name, status: 400, body: '{"message":"Invalid request body"}', errorType: 'BadRequestException' });
    }
    // What JSON Schema does not say the same way is still the functions' to refuse.
    expect(byName['put three decimals: the function refuses it']).toMatchObject({ status: 400, body: expect.stringContaining('price must be a number >= 0 with at most 2 decimals') });
    expect(byName['event, a future timestamp: the function refuses it']).toMatchObject({ status: 400, body: expect.stringContaining('at must not be more than 5 minutes in the future') });
    expect(byName['put a valid item'].status).toBe(200);
  });
});
