import { TerraformStack } from 'cdktf';
import { ApiKey } from '../../src/constructs/api-key';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { RestApiProps } from '../../src/constructs/rest-api/rest-api';
import { UsagePlan } from '../../src/constructs/usage-plan';
import { diffStacks, formatDiff } from '../../src/model/stack-diff';
import { parseStack, StackModel } from '../../src/model/stack-model';
import { api, handler, synth } from '../support/helpers';

interface Variant {
  readonly apiProps?: RestApiProps;
  readonly extraRoute?: boolean;
  readonly listKey?: boolean;
  readonly timeoutSeconds?: number;
  readonly readBucket?: string;
  readonly plan?: boolean;
}

/** A small stack: GET /items and DELETE /items/{id}, with the changes `variant` asks for. */
function stack(variant: Variant = {}): StackModel {
  return parseStack(
    synth((scope: TerraformStack) => {
      const list = handler(scope, 'list', {
        timeoutSeconds: variant.timeoutSeconds,
        policyStatements: variant.readBucket ? [{ sid: 'Read', effect: 'Allow', actions: ['s3:GetObject'], resources: [`arn:aws:s3:::${variant.readBucket}/*`] }] : undefined,
      });
      const rest = api(scope, { throttling: { rateLimit: 10, burstLimit: 5 }, ...variant.apiProps });
      const items = rest.root.addResource('items');
      items.addMethod('GET', new LambdaIntegration(list), { apiKeyRequired: variant.listKey });
      items.addResource('{id}').addMethod('DELETE', new LambdaIntegration(handler(scope, 'remove')));
      if (variant.extraRoute) rest.root.addResource('health').addMethod('GET', new LambdaIntegration(handler(scope, 'health')));
      if (variant.plan) new UsagePlan(scope, 'Plan', { api: rest, name: 'clients', quota: { limit: 100, period: 'DAY' } }).addApiKey(new ApiKey(scope, 'Key'));
    }),
  );
}

describe('diffStacks', () => {
  const before = stack();

  test('finds no difference between two syntheses of one stack', () => {
    expect(diffStacks(before, stack())).toEqual([]);
    expect(formatDiff([])).toBe('no differences\n');
  });

  test('names a route added, with its route table cells, its function, its invoke permission and its role', () => {
    const changes = diffStacks(before, stack({ extraRoute: true }));

    expect(changes).toEqual([
      {
        section: 'routes',
        change: '+',
        subject: 'stack-Api GET /health',
        detail: 'integration AWS_PROXY, function stack-health, authorization -, API key no, throttling 10/s, burst 5, caching -',
      },
      {
        section: 'functions',
        change: '+',
        subject: 'stack-health',
        detail: 'runtime nodejs24.x, handler index.handler, memory 256 MB, timeout 10 s, tracing Active, environment -, code unknown',
      },
      { section: 'permissions', change: '+', subject: 'stack-health', detail: 'apigateway.amazonaws.com may lambda:InvokeFunction from API stack-Api/v1/GET/health' },
      { section: 'roles', change: '+', subject: 'stack-health', detail: 'Allow logs:CreateLogStream, logs:PutLogEvents on log group /aws/lambda/stack-health' },
      { section: 'roles', change: '+', subject: 'stack-health', detail: 'Allow xray:PutTraceSegments, xray:PutTelemetryRecords on *' },
    ]);
  });

  test('names a route removed, and what went with it', () => {
    const changes = diffStacks(stack({ extraRoute: true }), before);

    expect(changes.map((change) => `${change.section} ${change.change} ${change.subject}`)).toEqual([
      'routes - stack-Api GET /health',
      'functions - stack-health',
      'permissions - stack-health',
      'roles - stack-health',
      'roles - stack-health',
    ]);
  });

  test('names each setting of a route that changed, before and after', () => {
    const changes = diffStacks(before, stack({ listKey: true, apiProps: { throttling: { rateLimit: 20, burstLimit: 5 } } }));

    expect(changes.filter((change) => change.section === 'routes')).toEqual([
      { section: 'routes', change: '~', subject: 'stack-Api DELETE /items/{id}', detail: 'throttling 10/s, burst 5 → 20/s, burst 5' },
      { section: 'routes', change: '~', subject: 'stack-Api GET /items', detail: 'API key no → required; throttling 10/s, burst 5 → 20/s, burst 5' },
    ]);
  });

  test("names the stage's settings that changed", () => {
    const changes = diffStacks(before, stack({ apiProps: { tracingEnabled: false, stageVariables: { table: 'items' } } }));

    expect(changes).toEqual([{ section: 'stages', change: '~', subject: 'stack-Api', detail: 'X-Ray tracing on → off; stage variables - → table=items' }]);
  });

  test('names a usage plan added, with its quota and keys', () => {
    expect(diffStacks(before, stack({ plan: true }))).toEqual([
      { section: 'usage plans', change: '+', subject: 'stack-clients (stack-Api)', detail: 'throttling -, quota 100 a day, method throttling -, API keys stack-Key' },
    ]);
  });

  test("names a function's settings that changed", () => {
    expect(diffStacks(before, stack({ timeoutSeconds: 20 }))).toEqual([{ section: 'functions', change: '~', subject: 'stack-list', detail: 'timeout 10 s → 20 s' }]);
  });

  test("names each statement of a role added or removed, with its actions and resources", () => {
    expect(diffStacks(stack({ readBucket: 'a' }), stack({ readBucket: 'b' }))).toEqual([
      { section: 'roles', change: '-', subject: 'stack-list', detail: 'Allow s3:GetObject on arn:aws:s3:::a/*' },
      { section: 'roles', change: '+', subject: 'stack-list', detail: 'Allow s3:GetObject on arn:aws:s3:::b/*' },
    ]);
  });
});

describe('formatDiff', () => {
  test('writes a heading per section and a line per change', () => {
    expect(formatDiff(diffStacks(stack(), stack({ timeoutSeconds: 20, listKey: true })))).toBe(
      ['routes', '  ~ stack-Api GET /items: API key no → required', '', 'functions', '  ~ stack-list: timeout 10 s → 20 s', ''].join('\n'),
    );
  });
});
