import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformOutput, TerraformStack, Testing, Token } from 'cdktf';
import { ArchiveProvider } from '@cdktf/provider-archive/lib/provider';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LambdaHandler, NodeRuntime } from '../../../src/constructs/lambda-handler/lambda-handler';
import { CodeSigningConfig } from '../../../src/constructs/code-signing-config';
import { EncryptionKey } from '../../../src/constructs/encryption-key';
import { LambdaIntegration } from '../../../src/constructs/integrations/lambda-integration';
import { LambdaLayer } from '../../../src/constructs/lambda-layer';
import { NAME_PREFIX_CONTEXT } from '../../../src/constructs/naming';
import { RestApi } from '../../../src/constructs/rest-api/rest-api';
import { api, handler, newStack, only, removeAfterAll, resources, stackInProject, synth, Synthesized } from '../../support/helpers';
import { ValidationError } from '../../../src/apigw/errors';

const fnOf = (tf: Synthesized) => only(tf, 'aws_lambda_function');
const policyDocuments = (tf: Synthesized) => tf.data.aws_iam_policy_document;
const permissions = (tf: Synthesized) => resources(tf, 'aws_lambda_permission');
const sourceArns = (tf: Synthesized) => permissions(tf).map((permission) => permission.source_arn).sort();

/** Runs a full synth (custom synthesis included) of a stack with one handler, and returns its stack folder. */
function fullSynthOf(build: (stack: TerraformStack) => void): string {
  const stack = newStack();
  new AwsProvider(stack, 'aws', {});
  new ArchiveProvider(stack, 'archive');
  build(stack);
  const outdir = Testing.fullSynth(stack);
  removeAfterAll(outdir);
  return path.join(outdir, 'stacks', 'stack');
}

describe('LambdaHandler', () => {
  describe('defaults', () => {
    test('names the function <stack id>-<id>', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      expect(fnOf(tf).function_name).toBe('stack-fn');
    });

    test('names the function <prefix>-<id> when the stack has a name prefix', () => {
      const stack = newStack();
      stack.node.setContext(NAME_PREFIX_CONTEXT, 'shop');

      handler(stack, 'fn');

      expect(fnOf(JSON.parse(Testing.synth(stack))).function_name).toBe('shop-fn');
    });

    test('uses handler index.handler', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      expect(fnOf(tf).handler).toBe('index.handler');
    });

    test('uses runtime nodejs24.x', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      expect(fnOf(tf).runtime).toBe('nodejs24.x');
    });

    test('gives the function 256 MB', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      expect(fnOf(tf).memory_size).toBe(256);
    });

    test('stops the function after 10 seconds', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      expect(fnOf(tf).timeout).toBe(10);
    });

    test('has no environment block when no environment is given', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      expect(fnOf(tf)).not.toHaveProperty('environment');
    });

    test('has no environment block when the environment is empty', () => {
      const tf = synth((stack) => handler(stack, 'fn', { environment: {} }));

      expect(fnOf(tf)).not.toHaveProperty('environment');
    });

    test('has no description', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      expect(fnOf(tf)).not.toHaveProperty('description');
    });

    test('creates the log group /aws/lambda/<name> that keeps logs 365 days', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      expect(only(tf, 'aws_cloudwatch_log_group')).toEqual({ name: '/aws/lambda/stack-fn', retention_in_days: 365 });
    });

    test('logs as text into its own log group', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      expect(fnOf(tf).logging_config).toEqual({
        log_format: 'Text',
        log_group: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.fn_LogGroup_\w+\.name\}$/),
      });
    });

    test('deploys the zip of the archive_file data source, with its hash', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      expect(fnOf(tf)).toMatchObject({
        filename: expect.stringMatching(/^\$\{data\.archive_file\.fn_Bundle_\w+\.output_path\}$/),
        source_code_hash: expect.stringMatching(/^\$\{data\.archive_file\.fn_Bundle_\w+\.output_base64sha256\}$/),
      });
    });

    test('zips assets/<name> of the stack folder into dist/<name>.zip, with mode 0644', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      expect(Object.values(tf.data.archive_file)).toEqual([
        {
          type: 'zip',
          source_dir: '${path.module}/assets/stack-fn',
          output_path: '${path.module}/dist/stack-fn.zip',
          output_file_mode: '0644',
        },
      ]);
    });

    test('depends on the role policy and the log group', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      expect(fnOf(tf).depends_on).toEqual([
        expect.stringMatching(/^aws_iam_role_policy\.fn_RolePolicy_\w+$/),
        expect.stringMatching(/^aws_cloudwatch_log_group\.fn_LogGroup_\w+$/),
      ]);
    });

    test('runs as a role named like the function', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      expect(only(tf, 'aws_iam_role').name).toBe('stack-fn');
      expect(fnOf(tf).role).toMatch(/^\$\{aws_iam_role\.fn_Role_\w+\.arn\}$/);
    });

    test('lets only the Lambda service assume the role, through the stack-wide trust policy', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      expect(only(tf, 'aws_iam_role').assume_role_policy).toBe('${data.aws_iam_policy_document.LambdaTrustPolicy.json}');
      expect(policyDocuments(tf).LambdaTrustPolicy.statement).toEqual([
        {
          sid: 'LambdaAssumesRole',
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }],
        },
      ]);
    });

    test('shares one trust policy between two handlers of a stack', () => {
      const tf = synth((stack) => {
        handler(stack, 'a');
        handler(stack, 'b');
      });

      const trustPolicies = Object.keys(policyDocuments(tf)).filter((id) => /Trust/.test(id));
      expect(trustPolicies).toEqual(['LambdaTrustPolicy']);
      expect(resources(tf, 'aws_iam_role').map((role) => role.assume_role_policy)).toEqual([
        '${data.aws_iam_policy_document.LambdaTrustPolicy.json}',
        '${data.aws_iam_policy_document.LambdaTrustPolicy.json}',
      ]);
    });

    test('attaches the role policy document to the role', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      expect(only(tf, 'aws_iam_role_policy')).toEqual({
        name: 'execution',
        role: expect.stringMatching(/^\$\{aws_iam_role\.fn_Role_\w+\.id\}$/),
        policy: expect.stringMatching(/^\$\{data\.aws_iam_policy_document\.fn_RolePolicyDocument_\w+\.json\}$/),
      });
    });

    test('lets the role write only to its own log group, and send X-Ray traces', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      const document = Object.entries(policyDocuments(tf)).find(([id]) => id.startsWith('fn_RolePolicyDocument'))![1];
      expect(document.statement).toEqual([
        {
          sid: 'WriteOwnLogs',
          effect: 'Allow',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.fn_LogGroup_\w+\.arn\}:\*$/)],
        },
        // X-Ray has no resource types: these actions only take "*" (IAM service authorization reference).
        { sid: 'SendTraces', effect: 'Allow', actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] },
      ]);
    });

    test('is traced by X-Ray (Active)', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      expect(fnOf(tf).tracing_config).toEqual({ mode: 'Active' });
    });

    test("scopes each handler's log statement to its own log group, not another handler's", () => {
      const tf = synth((stack) => {
        handler(stack, 'a');
        handler(stack, 'b');
      });

      const documents = policyDocuments(tf);
      const logResources = (prefix: string) =>
        Object.entries(documents).find(([id]) => id.startsWith(`${prefix}_RolePolicyDocument`))![1].statement[0].resources;
      expect(logResources('a')).toEqual([expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.a_LogGroup_\w+\.arn\}:\*$/)]);
      expect(logResources('b')).toEqual([expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.b_LogGroup_\w+\.arn\}:\*$/)]);
    });

    test('has no statement with a wildcard action', () => {
      const tf = synth((stack) => {
        const fn = handler(stack, 'fn');
        api(stack).root.addResource('items').addMethod('GET', new LambdaIntegration(fn));
      });

      const actions = Object.values(policyDocuments(tf)).flatMap((document) =>
        document.statement.flatMap((statement: { actions: string[] }) => statement.actions),
      );
      expect(actions.length).toBeGreaterThan(0);
      expect(actions.filter((action) => action.includes('*'))).toEqual([]);
    });
  });

  describe('attributes', () => {
    test('are references to the function, its role and its log group', () => {
      const tf = synth((stack) => {
        const fn = handler(stack, 'fn');
        new TerraformOutput(stack, 'attributes', {
          value: { arn: fn.functionArn, invoke: fn.invokeArn, role: fn.roleArn, logs: fn.logGroupName },
        });
      });

      expect(tf.output!.attributes.value).toEqual({
        arn: expect.stringMatching(/^\$\{aws_lambda_function\.fn_Function_\w+\.arn\}$/),
        invoke: expect.stringMatching(/^\$\{aws_lambda_function\.fn_Function_\w+\.invoke_arn\}$/),
        role: expect.stringMatching(/^\$\{aws_iam_role\.fn_Role_\w+\.arn\}$/),
        logs: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.fn_LogGroup_\w+\.name\}$/),
      });
    });

    test('give the resolved settings as plain values', () => {
      const fn = handler(newStack(), 'fn', { memoryMb: 512 });

      expect({ name: fn.functionName, memoryMb: fn.memoryMb, timeoutSeconds: fn.timeoutSeconds, runtime: fn.runtime }).toEqual({
        name: 'stack-fn',
        memoryMb: 512,
        timeoutSeconds: 10,
        runtime: 'nodejs24.x',
      });
    });
  });

  describe('overrides', () => {
    test('uses the handler it is given', () => {
      const stack = stackInProject({ 'functions/app/app.ts': 'export const main = async () => ({ statusCode: 200, body: "" });\n' });

      new LambdaHandler(stack, 'fn', { source: 'app', handler: 'app.main' });

      expect(fnOf(JSON.parse(Testing.synth(stack))).handler).toBe('app.main');
    });

    test('bundles from the functionsDir it is given, relative to the project root', () => {
      const stack = stackInProject({ 'handlers/app/index.ts': 'export const handler = async () => ({ statusCode: 200, body: "" });\n' });

      new LambdaHandler(stack, 'fn', { source: 'app', functionsDir: 'handlers' });

      expect(fnOf(JSON.parse(Testing.synth(stack))).handler).toBe('index.handler');
    });

    test('bundles from an absolute functionsDir outside the project', () => {
      const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-handler-code-'));
      removeAfterAll(elsewhere);
      fs.mkdirSync(path.join(elsewhere, 'app'));
      fs.writeFileSync(path.join(elsewhere, 'app', 'index.js'), 'exports.handler = async () => ({ statusCode: 204 });\n');
      const stack = stackInProject({});

      new LambdaHandler(stack, 'fn', { source: 'app', functionsDir: elsewhere });

      expect(fnOf(JSON.parse(Testing.synth(stack))).function_name).toBe('stack-fn');
    });

    test('fails when the handler folder is missing from functionsDir, naming that folder and the handlers it has', () => {
      const stack = stackInProject({ 'handlers/one/index.ts': 'export const handler = () => 1;\n' });

      expect(() => new LambdaHandler(stack, 'fn', { source: 'two', functionsDir: 'handlers/' })).toThrow(
        new ValidationError('stack/fn: handler folder "handlers/two" does not exist; create it, or use one of: one'),
      );
    });

    test('uses the runtime it is given', () => {
      const tf = synth((stack) => handler(stack, 'fn', { runtime: 'nodejs22.x' }));

      expect(fnOf(tf).runtime).toBe('nodejs22.x');
    });

    test('uses the memory it is given', () => {
      const tf = synth((stack) => handler(stack, 'fn', { memoryMb: 1024 }));

      expect(fnOf(tf).memory_size).toBe(1024);
    });

    test('uses the timeout it is given', () => {
      const tf = synth((stack) => handler(stack, 'fn', { timeoutSeconds: 29 }));

      expect(fnOf(tf).timeout).toBe(29);
    });

    test('sets the environment it is given', () => {
      const tf = synth((stack) => handler(stack, 'fn', { environment: { BUCKET: 'items', LOG_LEVEL: 'debug' } }));

      expect(fnOf(tf).environment).toEqual({ variables: { BUCKET: 'items', LOG_LEVEL: 'debug' } });
    });

    test('keeps logs for the retention it is given', () => {
      const tf = synth((stack) => handler(stack, 'fn', { logRetentionDays: 30 }));

      expect(only(tf, 'aws_cloudwatch_log_group').retention_in_days).toBe(30);
    });

    test('names the function, role, log group and bundle <prefix>-<functionName>', () => {
      const tf = synth((stack) => handler(stack, 'fn', { functionName: 'orders' }));

      expect(fnOf(tf).function_name).toBe('stack-orders');
      expect(only(tf, 'aws_iam_role').name).toBe('stack-orders');
      expect(only(tf, 'aws_cloudwatch_log_group').name).toBe('/aws/lambda/stack-orders');
      expect(Object.values(tf.data.archive_file)[0]).toMatchObject({
        source_dir: '${path.module}/assets/stack-orders',
        output_path: '${path.module}/dist/stack-orders.zip',
      });
    });

    test('sets the description it is given', () => {
      const tf = synth((stack) => handler(stack, 'fn', { description: 'Lists items' }));

      expect(fnOf(tf).description).toBe('Lists items');
    });

    test('appends extra policy statements unchanged after the log statement', () => {
      const objects = { effect: 'Allow', actions: ['s3:GetObject'], resources: ['${aws_s3_bucket.items.arn}/*'] };

      const tf = synth((stack) => handler(stack, 'fn', { policyStatements: [objects] }));

      const document = Object.entries(policyDocuments(tf)).find(([id]) => id.startsWith('fn_RolePolicyDocument'))![1];
      expect(document.statement).toHaveLength(3);
      expect(document.statement.map((statement: { sid?: string }) => statement.sid)).toEqual(['WriteOwnLogs', 'SendTraces', undefined]);
      expect(document.statement[2]).toEqual(objects);
    });

    test('is not traced, and its role cannot send traces, when tracing is false', () => {
      const tf = synth((stack) => handler(stack, 'fn', { tracing: false }));

      const document = Object.entries(policyDocuments(tf)).find(([id]) => id.startsWith('fn_RolePolicyDocument'))![1];
      expect(fnOf(tf)).not.toHaveProperty('tracing_config');
      expect(document.statement.map((statement: { sid: string }) => statement.sid)).toEqual(['WriteOwnLogs']);
    });
  });

  describe('errors', () => {
    test('fails when the function name is longer than 64 characters', () => {
      const id = 'f'.repeat(59);

      expect(() => handler(newStack(), id)).toThrow(
        new RegExp(`^stack/${id}: function name "stack-${id}" \\(65 characters\\) is not valid; .*shorten the name prefix or the construct id`),
      );
    });

    test('fails when two handlers of one stack get the same function name', () => {
      const stack = newStack();
      handler(stack, 'a', { functionName: 'same' });

      expect(() => handler(stack, 'b', { functionName: 'same' })).toThrow(
        'stack/b: function name "stack-same" is already used by stack/a; give one of them another functionName',
      );
    });

    test('allows the same function name in two stacks', () => {
      expect(() => [handler(newStack(), 'fn'), handler(newStack(), 'fn')]).not.toThrow();
    });

    test('fails when the function name is a token, known only at apply', () => {
      const unresolved = Token.asString({ resolve: () => 'name-from-apply' });

      expect(() => handler(newStack(), 'fn', { functionName: unresolved })).toThrow(
        /^stack\/fn: the function name must be known at synth, since it names the bundle folder; pass a plain string$/,
      );
    });

    test('fails when the function name has a character Lambda does not allow', () => {
      expect(() => handler(newStack(), 'fn', { functionName: 'my.fn' })).toThrow(
        /^stack\/fn: function name "stack-my\.fn" .*is not valid; Lambda allows 1 to 64 letters, digits, "-" and "_"/,
      );
    });

    test.each([127, 10241, 200.5])('fails when memoryMb is %p', (memoryMb) => {
      expect(() => handler(newStack(), 'fn', { memoryMb })).toThrow(
        new RegExp(`^stack/fn: memoryMb ${String(memoryMb).replace('.', '\\.')} must be a whole number from 128 to 10240; Lambda offers`),
      );
    });

    test.each([0, 901, 1.5])('fails when timeoutSeconds is %p', (timeoutSeconds) => {
      expect(() => handler(newStack(), 'fn', { timeoutSeconds })).toThrow(
        new RegExp(`^stack/fn: timeoutSeconds ${String(timeoutSeconds).replace('.', '\\.')} must be a whole number from 1 to 900; `),
      );
    });

    test('fails when logRetentionDays is not a period CloudWatch Logs offers', () => {
      expect(() => handler(newStack(), 'fn', { logRetentionDays: 2 })).toThrow(
        /^stack\/fn: logRetentionDays 2 is not a period CloudWatch Logs offers; use one of 1, 3, 5, 7, 14, .*3653$/,
      );
    });

    test('fails when the runtime is not a supported Node.js runtime', () => {
      expect(() => handler(newStack(), 'fn', { runtime: 'nodejs20.x' as NodeRuntime })).toThrow(
        /^stack\/fn: runtime "nodejs20\.x" is not a supported Node\.js runtime; use one of nodejs22\.x, nodejs24\.x$/,
      );
    });

    test('fails when the handler has no function part', () => {
      expect(() => handler(newStack(), 'fn', { handler: 'index' })).toThrow(
        /^stack\/fn: handler "index" must look like "index\.handler"/,
      );
    });

    test('fails when an environment variable name does not start with a letter', () => {
      expect(() => handler(newStack(), 'fn', { environment: { '1BAD': 'x' } })).toThrow(
        /^stack\/fn: environment variable name "1BAD" is not valid; start with a letter/,
      );
    });

    test('fails when an environment variable is reserved by Lambda', () => {
      expect(() => handler(newStack(), 'fn', { environment: { AWS_REGION: 'eu-west-1' } })).toThrow(
        /^stack\/fn: environment variable "AWS_REGION" is reserved by Lambda and cannot be set; choose another name$/,
      );
    });

    test('fails when the environment is over 4 KB', () => {
      expect(() => handler(newStack(), 'fn', { environment: { BIG: 'x'.repeat(4094) } })).toThrow(
        /^stack\/fn: environment variables take 4097 bytes, over Lambda's 4 KB limit; move large values to SSM or S3$/,
      );
    });

    test('fails when the source folder does not exist, listing the handler folders that do', () => {
      const stack = stackInProject({
        'functions/one/index.ts': 'export const handler = () => 1;\n',
        'functions/two/index.js': 'exports.handler = () => 2;\n',
        'functions/shared/util.ts': 'export const util = 3;\n',
      });

      expect(() => new LambdaHandler(stack, 'fn', { source: 'nothere' })).toThrow(
        new ValidationError('stack/fn: handler folder "functions/nothere" does not exist; create it, or use one of: one, two'),
      );
    });

    test('fails at synth when the entry does not export the function the handler names', () => {
      const stack = stackInProject({ 'functions/app/index.ts': 'export const handler = async () => 1;\n' });
      new AwsProvider(stack, 'aws', {});
      new ArchiveProvider(stack, 'archive');
      new LambdaHandler(stack, 'fn', { source: 'app', handler: 'index.nothere' });

      expect(() => removeAfterAll(Testing.fullSynth(stack))).toThrow(
        new ValidationError(
          'stack/fn: handler "index.nothere" names the export "nothere", but functions/app/index.ts exports only handler; export a function named "nothere" there, or change handler',
        ),
      );
    });

    test('fails when the entry file of the handler does not exist', () => {
      expect(() => handler(newStack(), 'fn', { handler: 'nothere.handler' })).toThrow(
        /^stack\/fn: handler "nothere\.handler" needs the entry file functions\/fallback\/nothere\.ts \(or \.mts, \.js, \.mjs\), which does not exist; add it or change handler$/,
      );
    });

    test('fails when grantInvoke is called after synthesis began', () => {
      const stack = newStack();
      const fn = handler(stack, 'fn');
      const restApi = api(stack);
      restApi.root.addResource('items').addMethod('GET', new LambdaIntegration(fn));
      Testing.synth(stack);

      expect(() => fn.grantInvoke(restApi, 'GET', '/items')).toThrow(
        /^stack\/fn: grantInvoke\(\) was called after synthesis began; add every method before synth$/,
      );
    });
  });

  describe('bundle', () => {
    test('bundles the handler into assets/<name>/index.js of the stack folder, exporting handler', () => {
      const stackDir = fullSynthOf((stack) => handler(stack, 'fn'));

      const file = path.join(stackDir, 'assets', 'stack-fn', 'index.js');
      expect(fs.existsSync(file)).toBe(true);
      expect(typeof require(file).handler).toBe('function');
    });

    test('writes no absolute path of the machine into the bundle', () => {
      const stackDir = fullSynthOf((stack) => handler(stack, 'fn'));

      const code = fs.readFileSync(path.join(stackDir, 'assets', 'stack-fn', 'index.js'), 'utf8');
      expect(code).not.toContain(process.cwd());
      expect(code).not.toContain(path.dirname(stackDir));
    });

    test('gives byte-identical bundles when bundled twice', () => {
      const first = fullSynthOf((stack) => handler(stack, 'fn'));
      const second = fullSynthOf((stack) => handler(stack, 'fn'));

      const read = (stackDir: string) => fs.readFileSync(path.join(stackDir, 'assets', 'stack-fn', 'index.js'));
      expect(read(first).equals(read(second))).toBe(true);
    });
  });

  describe('grantInvoke', () => {
    test('lets API Gateway invoke the function for one route of the API, from this account', () => {
      const tf = synth((stack) => {
        api(stack).root.addResource('items').addMethod('GET', new LambdaIntegration(handler(stack, 'fn')));
      });

      expect(only(tf, 'aws_lambda_permission')).toEqual({
        statement_id: expect.stringMatching(/^[A-Za-z0-9_-]{1,100}$/),
        action: 'lambda:InvokeFunction',
        principal: 'apigateway.amazonaws.com',
        function_name: expect.stringMatching(/^\$\{aws_lambda_function\.fn_Function_\w+\.function_name\}$/),
        source_account: '${data.aws_caller_identity.CallerIdentity.account_id}',
        source_arn: expect.stringMatching(/^\$\{aws_api_gateway_rest_api\.Api_RestApi_\w+\.execution_arn\}\/v1\/GET\/items$/),
      });
    });

    test('turns a path variable into * in the source ARN', () => {
      const tf = synth((stack) => {
        api(stack).root.resourceForPath('/items/{id}').addMethod('GET', new LambdaIntegration(handler(stack, 'fn')));
      });

      expect(only(tf, 'aws_lambda_permission').source_arn).toMatch(/execution_arn\}\/v1\/GET\/items\/\*$/);
    });

    test('turns ANY on {proxy+} into */* in the source ARN', () => {
      const tf = synth((stack) => {
        api(stack).root.addResource('{proxy+}').addMethod('ANY', new LambdaIntegration(handler(stack, 'fn')));
      });

      expect(only(tf, 'aws_lambda_permission').source_arn).toMatch(/execution_arn\}\/v1\/\*\/\*$/);
    });

    test('turns ANY on the root into */ in the source ARN', () => {
      const tf = synth((stack) => {
        api(stack).root.addMethod('ANY', new LambdaIntegration(handler(stack, 'fn')));
      });

      expect(only(tf, 'aws_lambda_permission').source_arn).toMatch(/execution_arn\}\/v1\/\*\/$/);
    });

    test("builds the same source ARNs as the API's arnForExecuteApi, per route", () => {
      const tf = synth((stack) => {
        const fn = handler(stack, 'fn', { invokePermissions: 'per-route' });
        const restApi = api(stack);
        restApi.root.resourceForPath('/items/{id}').addMethod('GET', new LambdaIntegration(fn));
        restApi.root.addMethod('ANY', new LambdaIntegration(fn));
        new TerraformOutput(stack, 'item', { value: restApi.arnForExecuteApi('GET', '/items/{id}') });
        new TerraformOutput(stack, 'root', { value: restApi.arnForExecuteApi('ANY', '/') });
      });

      expect(sourceArns(tf)).toEqual([tf.output!.item.value, tf.output!.root.value].sort());
    });

    test("gives each method its own permission, with unique statement ids, with invokePermissions 'per-route'", () => {
      const tf = synth((stack) => {
        const fn = handler(stack, 'fn', { invokePermissions: 'per-route' });
        const items = api(stack).root.addResource('items');
        items.addMethod('GET', new LambdaIntegration(fn));
        items.addMethod('POST', new LambdaIntegration(fn));
      });

      expect(sourceArns(tf)).toEqual([
        expect.stringMatching(/\/v1\/GET\/items$/),
        expect.stringMatching(/\/v1\/POST\/items$/),
      ]);
      const ids = permissions(tf).map((permission) => permission.statement_id);
      expect(new Set(ids).size).toBe(2);
      for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{1,100}$/);
    });

    test('gives all the methods of a function one permission, whose source ARN covers their verbs and paths, by default', () => {
      const tf = synth((stack) => {
        const fn = handler(stack, 'fn');
        const items = api(stack).root.addResource('items');
        items.addMethod('GET', new LambdaIntegration(fn));
        items.addResource('{id}').addMethod('PUT', new LambdaIntegration(fn));
      });

      expect(only(tf, 'aws_lambda_permission')).toEqual({
        statement_id: expect.stringMatching(/^[A-Za-z0-9_-]{1,100}$/),
        action: 'lambda:InvokeFunction',
        principal: 'apigateway.amazonaws.com',
        function_name: expect.stringMatching(/^\$\{aws_lambda_function\.fn_Function_\w+\.function_name\}$/),
        source_account: '${data.aws_caller_identity.CallerIdentity.account_id}',
        source_arn: expect.stringMatching(/^\$\{aws_api_gateway_rest_api\.Api_RestApi_\w+\.execution_arn\}\/v1\/\*\/items\*$/),
      });
    });

    test('keeps the one verb of all the methods of a function in its one permission', () => {
      const tf = synth((stack) => {
        const fn = handler(stack, 'fn');
        const items = api(stack).root.addResource('items');
        items.addMethod('GET', new LambdaIntegration(fn));
        items.addResource('{id}').addMethod('GET', new LambdaIntegration(fn));
      });

      expect(sourceArns(tf)).toEqual([expect.stringMatching(/execution_arn\}\/v1\/GET\/items\*$/)]);
    });

    test('fails when invokePermissions is not one it knows', () => {
      expect(() => handler(newStack(), 'fn', { invokePermissions: 'per-method' as never })).toThrow(
        /^stack\/fn: invokePermissions "per-method" is not valid; use 'per-function' or 'per-route'$/,
      );
    });

    test("scopes the permissions of a function behind two APIs to each API's execution ARN", () => {
      const tf = synth((stack) => {
        const fn = handler(stack, 'fn');
        api(stack).root.addResource('items').addMethod('GET', new LambdaIntegration(fn));
        new RestApi(stack, 'Admin', { stageName: 'v1' }).root.addResource('items').addMethod('GET', new LambdaIntegration(fn));
      });

      expect(sourceArns(tf)).toEqual([
        expect.stringMatching(/^\$\{aws_api_gateway_rest_api\.Admin_RestApi_\w+\.execution_arn\}\/v1\/GET\/items$/),
        expect.stringMatching(/^\$\{aws_api_gateway_rest_api\.Api_RestApi_\w+\.execution_arn\}\/v1\/GET\/items$/),
      ]);
    });

    test('creates no permission for a handler no API uses', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      expect(permissions(tf)).toEqual([]);
    });

    test('upper-cases the verb given to grantInvoke', () => {
      const tf = synth((stack) => {
        const fn = handler(stack, 'fn');
        fn.grantInvoke(api(stack), 'get', '/items');
      });

      expect(only(tf, 'aws_lambda_permission').source_arn).toMatch(/\/v1\/GET\/items$/);
    });

    test('fails when grantInvoke gets a path that does not start with "/"', () => {
      const stack = newStack();
      const fn = handler(stack, 'fn');

      expect(() => fn.grantInvoke(api(stack), 'GET', 'items')).toThrow('stack/fn: grantInvoke() path "items" must start with "/", such as "/items"');
    });
  });
});

describe('LambdaHandler compute, encryption and integrity options', () => {
  const roleStatements = (tf: Synthesized, prefix = 'fn') => Object.entries(policyDocuments(tf)).find(([id]) => id.startsWith(`${prefix}_RolePolicyDocument`))![1].statement;
  const sids = (tf: Synthesized) => roleStatements(tf).map((statement: { sid?: string }) => statement.sid);

  describe('architecture', () => {
    test('runs on x86_64 by default, written out', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      expect(fnOf(tf).architectures).toEqual(['x86_64']);
    });

    test('runs on arm64 when asked, and says so in its attribute', () => {
      let fn: LambdaHandler | undefined;
      const tf = synth((stack) => (fn = handler(stack, 'fn', { architecture: 'arm64' })));

      expect([fnOf(tf).architectures, fn!.architecture]).toEqual([['arm64'], 'arm64']);
    });

    test('fails when the architecture is not one Lambda has', () => {
      expect(() => handler(newStack(), 'fn', { architecture: 'arm' as never })).toThrow(
        "stack/fn: architecture \"arm\" is not valid; use 'x86_64' or 'arm64'",
      );
    });
  });

  describe('reservedConcurrency', () => {
    test('is not set by default, so the function shares the account concurrency', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      expect(fnOf(tf)).not.toHaveProperty('reserved_concurrent_executions');
    });

    test('reserves the concurrency it is given', () => {
      const tf = synth((stack) => handler(stack, 'fn', { reservedConcurrency: 25 }));

      expect(fnOf(tf).reserved_concurrent_executions).toBe(25);
    });

    test.each([0, -1, 2.5])('fails when reservedConcurrency is %p', (reservedConcurrency) => {
      expect(() => handler(newStack(), 'fn', { reservedConcurrency })).toThrow(
        new RegExp(`^stack/fn: reservedConcurrency ${String(reservedConcurrency).replace('.', '\\.')} must be a whole number from 1 to \\d+; 0 would stop every invocation`),
      );
    });
  });

  describe('layers', () => {
    const layerArn = 'arn:aws:lambda:eu-west-1:123456789012:layer:insights:12';

    test('has no layers by default', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      expect(fnOf(tf)).not.toHaveProperty('layers');
    });

    const layerProject = {
      'layers/greet/nodejs/node_modules/greeting/index.js': 'exports.greet = (name) => `hello ${name}`;\n',
      'functions/app/index.ts': "import { greet } from 'greeting';\nexport const handler = async () => ({ statusCode: 200, body: greet('you') });\n",
    };

    test('loads the layers it is given, in order', () => {
      const stack = stackInProject(layerProject);
      const own = new LambdaLayer(stack, 'Greet', { source: 'layers/greet' });

      new LambdaHandler(stack, 'fn', { source: 'app', layers: [own, LambdaLayer.fromLayerVersionArn(layerArn)] });

      expect(fnOf(JSON.parse(Testing.synth(stack))).layers).toEqual([expect.stringMatching(/^\$\{aws_lambda_layer_version\.Greet_LayerVersion_\w+\.arn\}$/), layerArn]);
    });

    test("leaves the layers' packages out of its bundle, so they load from /opt", () => {
      const stack = stackInProject(layerProject);
      new ArchiveProvider(stack, 'archive');
      new AwsProvider(stack, 'aws', {});
      const greet = new LambdaLayer(stack, 'Greet', { source: 'layers/greet' });
      new LambdaHandler(stack, 'fn', { source: 'app', layers: [greet] });

      const outdir = Testing.fullSynth(stack);
      removeAfterAll(outdir);

      const bundle = fs.readFileSync(path.join(outdir, 'stacks', 'stack', 'assets', 'stack-fn', 'index.js'), 'utf8');
      expect([bundle.includes('require("greeting")'), bundle.includes('hello ')]).toEqual([true, false]);
    });

    test('fails when more than 5 layers are given', () => {
      const layers = Array.from({ length: 6 }, (_, i) => LambdaLayer.fromLayerVersionArn(`arn:aws:lambda:eu-west-1:123456789012:layer:l${i}:1`));

      expect(() => handler(newStack(), 'fn', { layers })).toThrow('stack/fn: 6 layers are given, but a function can use at most 5; merge some of them');
    });

    test("fails when a layer is built for another architecture than the function's", () => {
      const layer = LambdaLayer.fromLayerVersionArn(layerArn, { compatibleArchitectures: ['x86_64'] });

      expect(() => handler(newStack(), 'fn', { architecture: 'arm64', layers: [layer] })).toThrow(
        `stack/fn: layer ${layerArn} runs on x86_64, not on the function's arm64; use architecture 'x86_64' or a layer built for arm64`,
      );
    });
  });

  describe('asyncFailures', () => {
    test('sends failed asynchronous invocations nowhere by default', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      expect([fnOf(tf).dead_letter_config, resources(tf, 'aws_sqs_queue'), resources(tf, 'aws_lambda_function_event_invoke_config')]).toEqual([undefined, [], []]);
    });

    test("'dead-letter-queue' makes an encrypted queue of its own, kept 14 days, the function's dead-letter target", () => {
      const tf = synth((stack) => handler(stack, 'fn', { asyncFailures: 'dead-letter-queue' }));

      expect(only(tf, 'aws_sqs_queue')).toEqual({ name: 'stack-fn-failed', message_retention_seconds: 1_209_600, sqs_managed_sse_enabled: true });
      expect(fnOf(tf).dead_letter_config).toEqual({ target_arn: expect.stringMatching(/^\$\{aws_sqs_queue\.fn_FailedInvocations_\w+\.arn\}$/) });
      expect(resources(tf, 'aws_lambda_function_event_invoke_config')).toEqual([]);
    });

    test("'on-failure-destination' sends them, with the error and context, to the queue through an event invoke config", () => {
      const tf = synth((stack) => handler(stack, 'fn', { asyncFailures: 'on-failure-destination' }));

      expect(fnOf(tf)).not.toHaveProperty('dead_letter_config');
      expect(only(tf, 'aws_lambda_function_event_invoke_config')).toEqual({
        function_name: expect.stringMatching(/^\$\{aws_lambda_function\.fn_Function_\w+\.function_name\}$/),
        destination_config: { on_failure: { destination: expect.stringMatching(/^\$\{aws_sqs_queue\.fn_FailedInvocations_\w+\.arn\}$/) } },
      });
    });

    test('lets the role send messages to that queue only', () => {
      const tf = synth((stack) => handler(stack, 'fn', { asyncFailures: 'dead-letter-queue' }));

      expect(roleStatements(tf)).toContainEqual({
        sid: 'SendFailedEvents',
        effect: 'Allow',
        actions: ['sqs:SendMessage'],
        resources: [expect.stringMatching(/^\$\{aws_sqs_queue\.fn_FailedInvocations_\w+\.arn\}$/)],
      });
    });

    test('exposes the queue ARN', () => {
      const tf = synth((stack) => {
        new TerraformOutput(stack, 'queue', { value: handler(stack, 'fn', { asyncFailures: 'dead-letter-queue' }).asyncFailureQueueArn });
      });

      expect(tf.output!.queue.value).toMatch(/^\$\{aws_sqs_queue\.fn_FailedInvocations_\w+\.arn\}$/);
    });

    test('fails when asyncFailures is not one it knows', () => {
      expect(() => handler(newStack(), 'fn', { asyncFailures: 'sns' as never })).toThrow(
        "stack/fn: asyncFailures \"sns\" is not valid; use 'dead-letter-queue' or 'on-failure-destination'",
      );
    });
  });

  describe('logEncryptionKey', () => {
    test('encrypts the log group with the key, and lets CloudWatch Logs use it for that group', () => {
      const tf = synth((stack) => handler(stack, 'fn', { logEncryptionKey: new EncryptionKey(stack, 'Key') }));

      expect(only(tf, 'aws_cloudwatch_log_group').kms_key_id).toMatch(/^\$\{aws_kms_key\.Key_\w+\.arn\}$/);
      const keyPolicy = Object.entries(policyDocuments(tf)).find(([id]) => id.startsWith('Key_Policy'))![1];
      expect(keyPolicy.statement[1].condition[0].values).toEqual([
        'arn:${data.aws_partition.Partition.partition}:logs:${data.aws_region.Region.region}:${data.aws_caller_identity.CallerIdentity.account_id}:log-group:/aws/lambda/stack-fn',
      ]);
    });
  });

  describe('environmentEncryptionKey', () => {
    test('encrypts the environment with the key, and lets the role decrypt with that key only', () => {
      const tf = synth((stack) => handler(stack, 'fn', { environment: { A: 'b' }, environmentEncryptionKey: new EncryptionKey(stack, 'Key') }));

      expect(fnOf(tf).kms_key_arn).toMatch(/^\$\{aws_kms_key\.Key_\w+\.arn\}$/);
      expect(roleStatements(tf)).toContainEqual({
        sid: 'DecryptEnvironment',
        effect: 'Allow',
        actions: ['kms:Decrypt'],
        resources: [expect.stringMatching(/^\$\{aws_kms_key\.Key_\w+\.arn\}$/)],
      });
    });

    test('is ignored when the function has no environment variables (checkov CKV_AWS_173 fails a key without them)', () => {
      const tf = synth((stack) => handler(stack, 'fn', { environmentEncryptionKey: new EncryptionKey(stack, 'Key') }));

      expect([fnOf(tf).kms_key_arn, sids(tf)]).toEqual([undefined, ['WriteOwnLogs', 'SendTraces']]);
    });
  });

  describe('codeSigningConfig', () => {
    test('has none by default', () => {
      const tf = synth((stack) => handler(stack, 'fn'));

      expect(fnOf(tf)).not.toHaveProperty('code_signing_config_arn');
    });

    test('names the code signing configuration it is given', () => {
      const tf = synth((stack) => handler(stack, 'fn', { codeSigningConfig: new CodeSigningConfig(stack, 'Signing') }));

      expect(fnOf(tf).code_signing_config_arn).toMatch(/^\$\{aws_lambda_code_signing_config\.Signing_Config_\w+\.arn\}$/);
    });

    test("fails when the configuration enforces signatures, since the handler's own bundle is unsigned", () => {
      const stack = newStack();
      const codeSigningConfig = new CodeSigningConfig(stack, 'Signing', { untrustedArtifactOnDeployment: 'Enforce' });

      expect(() => handler(stack, 'fn', { codeSigningConfig })).toThrow(
        "stack/fn: codeSigningConfig stack/Signing is 'Enforce', but this handler deploys the zip it bundles at synth, unsigned, and Lambda would refuse it; use a configuration with untrustedArtifactOnDeployment 'Warn'",
      );
    });
  });
});
