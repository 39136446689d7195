import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { validate } from '@readme/openapi-parser';
import { parse } from 'yaml';
import { run } from '../../src/cli/openapi';
import { main } from '../../src/cli/main';
import { ApiStack } from '../../example/api-stack';
import { ENVIRONMENTS } from '../../example/environments';
import { testApp } from '../support/helpers';
import { capture, CommandResult } from '../support/cli';

/** Runs `openapi` with `args`, capturing what it writes. */
const openapi = (...args: string[]): Promise<CommandResult> => capture(() => run(args));

// The example's prod stack, with its API key, Lambda authorizer, models, validators and custom integration.
const stackDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-openapi-'));
fs.writeFileSync(path.join(stackDir, 'cdk.tf.json'), Testing.synth(new ApiStack(testApp(), 'prod', ENVIRONMENTS.prod)));
afterAll(() => fs.rmSync(stackDir, { recursive: true, force: true }));

describe('lambda-rest-api openapi', () => {
  test('prints a valid OpenAPI 3.0 document (a maintained parser validates it)', async () => {
    const { code, stdout, stderr } = await openapi(stackDir);
    const document = JSON.parse(stdout);

    expect([code, stderr]).toEqual([0, '']);
    expect(await validate(document)).toMatchObject({ valid: true });
  });

  test("the document has the API's real paths and methods, ANY as API Gateway's extension", async () => {
    const document = JSON.parse((await openapi(stackDir)).stdout);

    expect(Object.fromEntries(Object.entries(document.paths).map(([p, item]) => [p, Object.keys(item as object)]))).toEqual({
      '/': ['x-amazon-apigateway-any-method'],
      '/events': ['post'],
      '/items': ['get'],
      '/items/{id}': ['get', 'put'],
      '/{proxy+}': ['x-amazon-apigateway-any-method'],
    });
  });

  test('parameters, request models, security schemes and responses', async () => {
    const document = JSON.parse((await openapi(stackDir)).stdout);
    const put = document.paths['/items/{id}'].put;

    expect(put.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(put.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Item' });
    expect(put.security).toEqual([{ WriterAuthorizer: [], api_key: [] }]);
    expect(Object.keys(document.components.schemas)).toEqual(['Item', 'ItemEvent']);
    expect(Object.keys(document.components.securitySchemes)).toEqual(['api_key', 'WriterAuthorizer']);
    expect(Object.keys(document.paths['/events'].post.responses)).toEqual(['200', '400', '404', '500']);
    // A proxy integration declares no response; OpenAPI wants one.
    expect(put.responses).toEqual({ default: { description: expect.stringMatching(/^The integration's answer/) } });
    // The greedy variable is named as its path template spells it.
    expect(document.paths['/{proxy+}']['x-amazon-apigateway-any-method'].parameters[0].name).toBe('proxy+');
  });

  test('names the stage in its server, with the API id and region as variables', async () => {
    const document = JSON.parse((await openapi(stackDir)).stdout);

    expect(document.servers).toEqual([
      {
        url: 'https://{restApiId}.execute-api.{region}.amazonaws.com/prod',
        description: 'Stage prod',
        variables: { restApiId: { default: 'restApiId', description: expect.any(String) }, region: { default: 'eu-west-1' } },
      },
    ]);
  });

  test('--no-aws-extensions: no x-amazon-apigateway key, ANY as each verb it stands for; still valid', async () => {
    const { stdout } = await openapi(stackDir, '--no-aws-extensions');
    const document = JSON.parse(stdout);

    expect(stdout).not.toContain('x-amazon-apigateway');
    expect(Object.keys(document.paths['/{proxy+}'])).toEqual(['get', 'post', 'put', 'delete', 'patch', 'head', 'options']);
    expect(await validate(document)).toMatchObject({ valid: true });
  });

  test('--format yaml prints the same document as YAML', async () => {
    const [json, yaml] = [await openapi(stackDir), await openapi(stackDir, '--format', 'yaml')];

    expect(parse(yaml.stdout)).toEqual(JSON.parse(json.stdout));
  });

  test('--stage picks the API', async () => {
    expect((await openapi(stackDir, '--stage', 'prod')).code).toBe(0);
  });

  test('fails when no API has the stage, naming the stages', async () => {
    expect(await openapi(stackDir, '--stage', 'dev')).toEqual({ code: 1, stdout: '', stderr: 'openapi: no REST API has the stage "dev"; pick one with --stage <name> (stages: prod)\n' });
  });

  test('fails when the format is not json or yaml', async () => {
    const { code, stderr } = await openapi(stackDir, '--format', 'xml');

    expect([code, stderr]).toEqual([2, 'openapi: --format "xml" is not one of json, yaml; see lambda-rest-api openapi --help\n']);
  });

  test('fails when the folder has no synthesized stack: a usage error, one line', async () => {
    const { code, stderr } = await openapi(path.join(stackDir, 'missing'));

    expect([code, stderr]).toEqual([2, expect.stringMatching(/^openapi: .*missing.*; see lambda-rest-api openapi --help\n$/)]);
  });

  test('prints its usage with --help', async () => {
    const { code, stdout } = await openapi('--help');

    expect([code, stdout.split('\n')[0]]).toEqual([0, 'usage: lambda-rest-api openapi <stackDir> [--format json|yaml] [--no-aws-extensions] [--stage <name>]']);
  });

  test('fails without a stack folder', async () => {
    expect((await openapi()).code).toBe(2);
  });

  test('is a command of lambda-rest-api', async () => {
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main(['openapi', stackDir])).toBe(0);
    } finally {
      stdout.mockRestore();
    }
  });
});
