import 'lambda-rest-api/testing';
import { TerraformStack } from 'cdktf';
import { LambdaAuthorizer } from '../../../src/constructs/authorizers/lambda-authorizer';
import { EncryptionKey } from '../../../src/constructs/encryption-key';
import { LambdaIntegration } from '../../../src/constructs/integrations/lambda-integration';
import { LambdaHandlerProps } from '../../../src/constructs/lambda-handler/lambda-handler';
import { RequestModel } from '../../../src/constructs/request-model';
import { DefinitionMode, RestApiProps } from '../../../src/constructs/rest-api/rest-api';
import { worstCaseBodyBytes } from '../../../src/constructs/rest-api/openapi-body';
import { routeRows } from '../../../src/model/route-table';
import { parseStack } from '../../../src/model/stack-model';
import { api, handler, only, resources, synth, synthValidated, Synthesized } from '../../support/helpers';
import { checkConformance } from '../../support/schema-conformance';

// An API defined by an OpenAPI body with the production options of its functions and stage: the body calls the
// stages' aliases as the resources do, the stack model reads them back from it, and the stage (canary, logs and
// their key) does not depend on how the API is defined.

type Json = Record<string, any>;
const DEFINITIONS: readonly DefinitionMode[] = ['resources', 'openapi'];

/** `GET /items` on a handler with an alias per stage, behind a Lambda authorizer whose handler has them too; `PUT /items/{id}` validated. */
function itemsStack(definition: DefinitionMode, props: RestApiProps = {}, handlerProps: Partial<LambdaHandlerProps> = { aliasPerStage: true }) {
  return (stack: TerraformStack) => {
    const restApi = api(stack, { definition, ...props });
    const fn = new LambdaIntegration(handler(stack, 'fn', handlerProps));
    const authorizer = new LambdaAuthorizer(stack, 'Tokens', { api: restApi, handler: handler(stack, 'auth', handlerProps), resultsCacheTtlSeconds: 0 });
    const model = new RequestModel(stack, 'Item', { api: restApi, schema: { type: 'object', required: ['name'] } });
    const items = restApi.root.addResource('items');
    items.addMethod('GET', fn, { authorizer });
    items.addResource('{id}').addMethod('PUT', fn, { requestModels: { 'application/json': model } });
  };
}

const bodyOf = (tf: Synthesized): Json => JSON.parse(only(tf, 'aws_api_gateway_rest_api').body);
const ALIAS_INVOKE_ARN = (name: string) => new RegExp(`^\\$\\{aws_lambda_alias\\.${name}_Aliasv1_\\w+\\.invoke_arn\\}$`);
const ALIAS_NAME = /^\$\{aws_lambda_alias\.\w+_Aliasv1_\w+\.name\}$/;
const tfOf = Object.fromEntries(DEFINITIONS.map((definition) => [definition, synth(itemsStack(definition))])) as Record<DefinitionMode, Synthesized>;

describe("RestApi with definition 'openapi' and handlers with an alias per stage", () => {
  test("the body's integrations call the stage's alias, the same invoke ARN as the integration resources", () => {
    const paths = bodyOf(tfOf.openapi).paths;
    const bodyUris = [paths['/items'].get, paths['/items/{id}'].put].map((operation) => operation['x-amazon-apigateway-integration'].uri);

    expect(bodyUris).toEqual([expect.stringMatching(ALIAS_INVOKE_ARN('fn')), expect.stringMatching(ALIAS_INVOKE_ARN('fn'))]);
    expect(resources(tfOf.resources, 'aws_api_gateway_integration').map((integration) => integration.uri)).toEqual(bodyUris);
  });

  test("the body's Lambda authorizer calls the alias of the API's stage, as the authorizer resource does", () => {
    const authorizerUri = bodyOf(tfOf.openapi).components.securitySchemes.Tokens['x-amazon-apigateway-authorizer'].authorizerUri;

    expect(authorizerUri).toMatch(ALIAS_INVOKE_ARN('auth'));
    expect(only(tfOf.resources, 'aws_api_gateway_authorizer').authorizer_uri).toBe(authorizerUri);
  });

  test("every invoke permission is the alias's, as with resources; the authorizer's names any authorizer of the API", () => {
    const permissionsOf = (definition: DefinitionMode) =>
      resources(tfOf[definition], 'aws_lambda_permission').map(({ statement_id, qualifier, source_arn }) => ({ statement_id, qualifier, source_arn }));
    const authorizers = (definition: DefinitionMode) => permissionsOf(definition).filter((permission) => permission.statement_id.startsWith('apigw-authorizer-'));
    const routes = (definition: DefinitionMode) => permissionsOf(definition).filter((permission) => !permission.statement_id.startsWith('apigw-authorizer-'));

    expect(routes('openapi')).toEqual(routes('resources'));
    expect(routes('openapi')).toEqual([{ statement_id: expect.any(String), qualifier: expect.stringMatching(ALIAS_NAME), source_arn: expect.stringMatching(/execution_arn\}\/v1\/\*\/items\*$/) }]);
    expect(authorizers('openapi')).toEqual([
      { statement_id: authorizers('resources')[0].statement_id, qualifier: authorizers('resources')[0].qualifier, source_arn: expect.stringMatching(/execution_arn\}\/authorizers\/\*$/) },
    ]);
    expect(authorizers('openapi')[0].qualifier).toMatch(ALIAS_NAME);
  });

  test('the stack model reads the function and its alias from the body, as from the resources', () => {
    const routesOf = (definition: DefinitionMode) => parseStack(tfOf[definition]).apis[0].routes;
    const fnAddress = Object.keys(tfOf.openapi.resource.aws_lambda_function).find((name) => name.startsWith('fn_'))!;
    const authAddress = Object.keys(tfOf.openapi.resource.aws_lambda_function).find((name) => name.startsWith('auth_'))!;

    const [get, put] = routesOf('openapi');
    expect([get, put].map((route) => `${route.httpMethod} ${route.resourcePath}`)).toEqual(['GET /items', 'PUT /items/{id}']);
    expect([get.integration, put.integration]).toEqual([
      expect.objectContaining({ functionAddress: `aws_lambda_function.${fnAddress}`, qualifier: 'v1' }),
      expect.objectContaining({ functionAddress: `aws_lambda_function.${fnAddress}`, qualifier: 'v1' }),
    ]);
    expect(get.authorizer).toMatchObject({ functionAddress: `aws_lambda_function.${authAddress}`, qualifier: 'v1' });
    expect(routesOf('openapi')).toEqual(routesOf('resources').map((route) => ({ ...route, authorizer: route.authorizer && { ...route.authorizer } })));
  });

  test('the route table names <function>:<alias> for the routes of the body', () => {
    const model = parseStack(tfOf.openapi);

    expect(routeRows(model, model.apis[0]).map((row) => [`${row.method} ${row.path}`, row.function])).toEqual([
      ['GET /items', 'stack-fn:v1'],
      ['PUT /items/{id}', 'stack-fn:v1'],
    ]);
  });

  test("toGrantInvoke passes through the alias's permission, and fails without it", () => {
    const unqualified = structuredClone(tfOf.openapi);
    for (const permission of Object.values(unqualified.resource.aws_lambda_permission)) delete permission.qualifier;

    expect(tfOf.openapi).toGrantInvoke('stack-fn', 'PUT /items/{id}');
    expect(unqualified).not.toGrantInvoke('stack-fn', 'PUT /items/{id}');
  });

  test('turning aliasPerStage on changes the body, so the stage is redeployed to call the aliases', () => {
    const triggerOf = (aliasPerStage: boolean) => only(synth(itemsStack('openapi', {}, { aliasPerStage })), 'aws_api_gateway_deployment').triggers.redeployment;

    expect(triggerOf(true)).not.toBe(triggerOf(false));
  });

  test('a new version of a function does not change the body: the alias moves, the stage keeps its deployment', () => {
    const triggerOf = (memoryMb: number) => only(synth(itemsStack('openapi', {}, { aliasPerStage: true, memoryMb })), 'aws_api_gateway_deployment').triggers.redeployment;

    expect(triggerOf(256)).toBe(triggerOf(512));
  });

  test('counts an alias invoke ARN at its longest: the function invoke ARN and a 128-character alias name', () => {
    expect(worstCaseBodyBytes('${aws_lambda_alias.a.invoke_arn}')).toBe(worstCaseBodyBytes('${aws_lambda_function.f.invoke_arn}') + ':'.length + 128);
  });
});

describe("RestApi with definition 'openapi' and the stage's production options", () => {
  const STAGE_OPTIONS = (stack: TerraformStack): RestApiProps => ({
    canary: { percentTraffic: 10, stageVariableOverrides: { table: 'next' } },
    stageVariables: { table: 'items' },
    accessLogs: true,
    loggingLevel: 'ERROR',
    logEncryptionKey: new EncryptionKey(stack, 'Key'),
  });
  const withStage = (definition: DefinitionMode) => synth((stack) => itemsStack(definition, STAGE_OPTIONS(stack))(stack));
  const deployment = (tf: Synthesized, id: string) => Object.entries(tf.resource.aws_api_gateway_deployment).find(([name]) => name.startsWith(`Api_${id}_`))![1];
  const tf = { resources: withStage('resources'), openapi: withStage('openapi') };

  test('the stage is the same in both definitions: its canary, variables, access logs and tracing', () => {
    const stage = (definition: DefinitionMode) => only(tf[definition], 'aws_api_gateway_stage');

    expect(stage('openapi')).toEqual(stage('resources'));
    expect(stage('openapi').canary_settings).toEqual({
      deployment_id: expect.stringMatching(/^\$\{aws_api_gateway_deployment\.Api_CanaryDeployment_\w+\.id\}$/),
      percent_traffic: 10,
      stage_variable_overrides: { table: 'next' },
      use_stage_cache: false,
    });
  });

  test("the canary's deployment follows the body, the stage's own stays as it was when the canary began", () => {
    const stable = deployment(tf.openapi, 'Deployment');
    const canary = deployment(tf.openapi, 'CanaryDeployment');

    expect([stable.lifecycle, canary.lifecycle]).toEqual([{ create_before_destroy: true, ignore_changes: ['triggers'] }, { create_before_destroy: true }]);
    expect(canary.triggers).toEqual(stable.triggers);
    expect(canary.triggers.redeployment).toMatch(/^[0-9a-f]{40}$/);
  });

  test("a change of the body changes the canary's trigger", () => {
    const canaryTrigger = (required: string) =>
      deployment(
        synth((stack) => {
          const restApi = api(stack, { definition: 'openapi', canary: { percentTraffic: 10 } });
          const model = new RequestModel(stack, 'Item', { api: restApi, schema: { type: 'object', required: [required] } });
          restApi.root.addMethod('POST', new LambdaIntegration(handler(stack, 'fn', { aliasPerStage: true })), { requestModels: { 'application/json': model } });
        }),
        'CanaryDeployment',
      ).triggers.redeployment;

    expect(canaryTrigger('name')).not.toBe(canaryTrigger('price'));
  });

  test('the access and execution log groups are encrypted with the key, in both definitions', () => {
    const apiLogGroups = (definition: DefinitionMode) =>
      Object.entries(tf[definition].resource.aws_cloudwatch_log_group)
        .filter(([name]) => name.startsWith('Api_'))
        .map(([, group]) => group.kms_key_id);

    expect(apiLogGroups('openapi')).toEqual([expect.stringMatching(/^\$\{aws_kms_key\.Key_\w+\.arn\}$/), expect.stringMatching(/^\$\{aws_kms_key\.Key_\w+\.arn\}$/)]);
    expect(apiLogGroups('openapi')).toEqual(apiLogGroups('resources'));
  });

  test("the stack model reads the canary from the body-defined API's stage", () => {
    expect(parseStack(tf.openapi).apis[0].stage.canary).toEqual({ percentTraffic: 10, stageVariableOverrides: { table: 'next' }, useStageCache: false });
  });

  test('conforms to the pinned provider schema, validations on, with arm64 functions whose environments and logs use the key', () => {
    const validated = synthValidated((stack) => {
      const props = STAGE_OPTIONS(stack);
      itemsStack('openapi', props, { aliasPerStage: true, architecture: 'arm64', logEncryptionKey: props.logEncryptionKey, environmentEncryptionKey: props.logEncryptionKey, environment: { A: 'b' } })(stack);
    });

    expect(checkConformance(validated)).toEqual([]);
    expect(resources(validated, 'aws_lambda_function').map((fn) => [fn.architectures, typeof fn.kms_key_arn])).toEqual([
      [['arm64'], 'string'],
      [['arm64'], 'string'],
    ]);
  });
});
