import { DomainName } from '../../src/constructs/domain-name';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { RestApi } from '../../src/constructs/rest-api/rest-api';
import { describeApi, formatRoutes, readableResource, routeDiagram, routeMarkdown, routeRows, routeTable } from '../../src/model/route-table';
import { parseStack, StackModel } from '../../src/model/stack-model';
import { api, handler, synth, Synthesized } from '../support/helpers';

/**
 * One API with every kind of cell: a proxy and a custom integration, an asynchronous one, ANY on `/` and
 * `{proxy+}`, IAM authorization, an API key, a per-method throttle and a cached method.
 */
function example(): Synthesized {
  return synth((stack) => {
    const list = handler(stack, 'list', {
      policyStatements: [{ sid: 'Read', effect: 'Allow', actions: ['s3:GetObject', 's3:ListBucket'], resources: ['arn:${data.aws_partition.Partition.partition}:s3:::b/*'] }],
    });
    const rest = api(stack, {
      throttling: { rateLimit: 100, burstLimit: 50 },
      cacheCluster: { sizeGb: 0.5 },
      methodOverrides: {
        'GET /items': { caching: { ttlSeconds: 60 } },
        'POST /jobs': { throttling: { rateLimit: 5, burstLimit: 2 } },
      },
    });
    const items = rest.root.addResource('items');
    items.addMethod('GET', new LambdaIntegration(list));
    items.addResource('{id}').addMethod('DELETE', new LambdaIntegration(handler(stack, 'remove')), { authorization: 'AWS_IAM', apiKeyRequired: true });
    rest.root.addResource('jobs').addMethod('POST', new LambdaIntegration(handler(stack, 'job'), { proxy: false, invocationType: 'Event' }));
    rest.root.addProxy(new LambdaIntegration(handler(stack, 'fallback')));
  });
}

describe('route table', () => {
  const tf = example();
  const model = parseStack(tf);

  test('lists routes by path, then method, by code point', () => {
    expect(routeRows(model, model.apis[0]).map((row) => `${row.method} ${row.path}`)).toEqual([
      'ANY /',
      'GET /items',
      'DELETE /items/{id}',
      'POST /jobs',
      'ANY /{proxy+}',
    ]);
  });

  test('gives each route its integration, function, authorization, API key, throttling and caching', () => {
    expect(routeRows(model, model.apis[0])).toEqual([
      { method: 'ANY', path: '/', integration: 'AWS_PROXY', function: 'stack-fallback', authorization: '-', apiKey: 'no', throttling: '100/s, burst 50', caching: '-' },
      { method: 'GET', path: '/items', integration: 'AWS_PROXY', function: 'stack-list', authorization: '-', apiKey: 'no', throttling: '100/s, burst 50', caching: '60 s' },
      {
        method: 'DELETE',
        path: '/items/{id}',
        integration: 'AWS_PROXY',
        function: 'stack-remove',
        authorization: 'AWS_IAM',
        apiKey: 'required',
        throttling: '100/s, burst 50',
        caching: '-',
      },
      { method: 'POST', path: '/jobs', integration: 'AWS (Event)', function: 'stack-job', authorization: '-', apiKey: 'no', throttling: '5/s, burst 2', caching: '-' },
      { method: 'ANY', path: '/{proxy+}', integration: 'AWS_PROXY', function: 'stack-fallback', authorization: '-', apiKey: 'no', throttling: '100/s, burst 50', caching: '-' },
    ]);
  });

  test('shows "-" for throttling when only the account limits apply, and an authorizer by name', () => {
    const withAuthorizer = structuredClone(tf);
    const method = Object.values(withAuthorizer.resource.aws_api_gateway_method).find((m) => m.http_method === 'DELETE')!;
    method.authorization = 'CUSTOM';
    method.authorizer_id = '${aws_api_gateway_authorizer.tokens.id}';
    withAuthorizer.resource.aws_api_gateway_authorizer = { tokens: { name: 'tokens', rest_api_id: method.rest_api_id } };
    delete withAuthorizer.resource.aws_api_gateway_method_settings;

    const row = routeRows(parseStack(withAuthorizer), parseStack(withAuthorizer).apis[0]).find((r) => r.method === 'DELETE')!;

    expect(row).toMatchObject({ authorization: 'CUSTOM (tokens)', throttling: '-', caching: '-' });
  });

  test('aligns the text table in columns under a line naming the API, its stage and cache cluster', () => {
    expect(routeTable(model)).toBe(
      [
        'stack-Api, stage v1, cache cluster 0.5 GB',
        '',
        'METHOD  PATH         INTEGRATION  FUNCTION        AUTHORIZATION  API KEY   THROTTLING       CACHING',
        'ANY     /            AWS_PROXY    stack-fallback  -              no        100/s, burst 50  -',
        'GET     /items       AWS_PROXY    stack-list      -              no        100/s, burst 50  60 s',
        'DELETE  /items/{id}  AWS_PROXY    stack-remove    AWS_IAM        required  100/s, burst 50  -',
        'POST    /jobs        AWS (Event)  stack-job       -              no        5/s, burst 2     -',
        'ANY     /{proxy+}    AWS_PROXY    stack-fallback  -              no        100/s, burst 50  -',
        '',
      ].join('\n'),
    );
  });

  test('writes a Markdown table with paths and functions as code', () => {
    const lines = routeMarkdown(model).split('\n');

    expect(lines.slice(0, 5)).toEqual([
      '**stack-Api, stage v1, cache cluster 0.5 GB**',
      '',
      '| Method | Path | Integration | Function | Authorization | API key | Throttling | Caching |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      '| ANY | `/` | AWS_PROXY | `stack-fallback` | - | no | 100/s, burst 50 | - |',
    ]);
    expect(lines).toContain('| DELETE | `/items/{id}` | AWS_PROXY | `stack-remove` | AWS_IAM | required | 100/s, burst 50 | - |');
  });

  test('is the same text for each format through formatRoutes', () => {
    expect(formatRoutes(model, 'table')).toBe(routeTable(model));
    expect(formatRoutes(model, 'markdown')).toBe(routeMarkdown(model));
    expect(formatRoutes(model, 'mermaid')).toBe(routeDiagram(model));
  });

  test('gives one block per API when a stack has two, in the order of their addresses', () => {
    const two = synth((stack) => {
      for (const id of ['Public', 'Admin']) {
        const rest = new RestApi(stack, id, { stageName: id.toLowerCase() });
        rest.root.addMethod('GET', new LambdaIntegration(handler(stack, `fn-${id}`)));
      }
    });

    const text = routeTable(parseStack(two));

    expect(text.split('\n').filter((line) => line.includes(', stage '))).toEqual(['stack-Admin, stage admin', 'stack-Public, stage public']);
  });
});

describe('route diagram', () => {
  const model: StackModel = parseStack(example());
  const diagram = routeDiagram(model);
  const lines = diagram.split('\n');

  test('is a left-to-right flowchart from the client to the stage, with the stage-wide throttle and cache cluster on it', () => {
    expect(lines.slice(0, 4)).toEqual([
      'flowchart LR',
      '  client(["client"])',
      '  api0["stage v1<br/>stack-Api<br/>cache cluster 0.5 GB"]',
      '  client --> api0',
    ]);
  });

  test('draws every route from the stage, noting what differs from a plain proxy route', () => {
    expect(lines.filter((line) => /^ {2}api0_route\d\[/.test(line))).toEqual([
      '  api0_route0["ANY /<br/>throttle 100/s, burst 50"]',
      '  api0_route1["GET /items<br/>throttle 100/s, burst 50<br/>cache 60 s"]',
      '  api0_route2["DELETE /items/{id}<br/>AWS_IAM<br/>API key<br/>throttle 100/s, burst 50"]',
      '  api0_route3["POST /jobs<br/>AWS integration<br/>asynchronous<br/>throttle 5/s, burst 2"]',
      '  api0_route4["ANY /{proxy+}<br/>throttle 100/s, burst 50"]',
    ]);
    expect(lines.filter((line) => line.startsWith('  api0 --> '))).toHaveLength(5);
  });

  test('puts a throttle every route shares on the stage instead of on each route', () => {
    const shared = routeDiagram(parseStack(synth((stack) => {
      const rest = api(stack, { throttling: { rateLimit: 10, burstLimit: 5 } });
      rest.root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')));
    })));

    expect(shared).toContain('  api0["stage v1<br/>stack-Api<br/>throttle 10/s, burst 5"]');
    expect(shared).toContain('  api0_route0["GET /"]');
  });

  test('draws each function once, however many routes reach it', () => {
    expect(lines.filter((line) => line.includes('("stack-fallback<br/>nodejs24.x, x86_64")'))).toEqual(['  fn0("stack-fallback<br/>nodejs24.x, x86_64")']);
    expect(lines).toContain('  api0_route0 --> fn0');
    expect(lines).toContain('  api0_route4 --> fn0');
  });

  test("draws what each function's role may touch, an edge per statement labelled with its actions", () => {
    const idOf = (text: string) => lines.find((line) => line.includes(text))!.trim().split(/[([]/)[0];
    const list = idOf('("stack-list<br/>nodejs24.x, x86_64")');
    const bucket = idOf('[("arn:${partition}:s3:::b/*")]');

    expect(lines).toContain(`  ${list} -->|"s3:GetObject, s3:ListBucket"| ${bucket}`);
    expect(lines.filter((line) => line.startsWith(`  ${list} -->|"logs:CreateLogStream, logs:PutLogEvents"| res`))).toHaveLength(1);
  });

  test('labels log groups by their name, not by their Terraform address', () => {
    expect(lines).toContain('  res0[("log group /aws/lambda/stack-fallback")]');
    expect(diagram).not.toContain('aws_cloudwatch_log_group.');
  });

  test('is the same text on every run', () => {
    expect(routeDiagram(parseStack(example()))).toBe(diagram);
  });
});

describe('route table and diagram of the production options', () => {
  const model = parseStack(
    synth((stack) => {
      const rest = api(stack, { stageName: 'prod', canary: { percentTraffic: 10 } });
      rest.root.addResource('items').addMethod('GET', new LambdaIntegration(handler(stack, 'list', { aliasPerStage: true, architecture: 'arm64' })));
      new DomainName(stack, 'Domain', { domainName: 'api.example.com', hostedZoneName: 'example.com' }).addBasePathMapping(rest, { basePath: 'v1' });
    }),
  );

  test("names the function an alias route invokes as <function>:<alias>, Lambda's qualified name", () => {
    expect(routeRows(model, model.apis[0]).map((row) => row.function)).toEqual(['stack-list:prod']);
  });

  test("heads the API's table with its canary and the custom domain URLs that serve it", () => {
    expect(routeTable(model).split('\n')[0]).toBe('stack-Api, stage prod, canary 10%, at https://api.example.com/v1/');
    expect(describeApi(model.apis[0])).toBe('stack-Api, stage prod, canary 10%, at https://api.example.com/v1/');
  });

  test('notes the canary and the custom domain on the stage, and the architecture on each function, in the diagram', () => {
    const lines = routeDiagram(model).split('\n');

    expect(lines).toContain('  api0["stage prod<br/>stack-Api<br/>canary 10%<br/>at https://api.example.com/v1/"]');
    expect(lines).toContain('  fn0("stack-list<br/>nodejs24.x, arm64")');
  });
});

describe('readableResource', () => {
  test.each([
    ['arn:${data.aws_partition.Partition.partition}:s3:::${var.bucket}/items/*', 'arn:${partition}:s3:::${var.bucket}/items/*'],
    ['${aws_cloudwatch_log_group.fn_LogGroup_1234.arn}:*', 'aws_cloudwatch_log_group.fn_LogGroup_1234:*'],
    [
      'arn:${data.aws_partition.P.partition}:logs:${data.aws_region.R.region}:${data.aws_caller_identity.C.account_id}:log-group:*',
      'arn:${partition}:logs:${region}:${account}:log-group:*',
    ],
    ['*', '*'],
  ])('shows %s as %s', (expression, readable) => {
    expect(readableResource(expression)).toBe(readable);
  });

  test.each([
    ['${aws_cloudwatch_log_group.fn_LogGroup_1234.arn}:*', 'log group /aws/lambda/stack-fn'],
    ['${aws_api_gateway_rest_api.Api_RestApi_1234.execution_arn}/v1/GET/items', 'API stack-Api/v1/GET/items'],
    ['${aws_sqs_queue.q.arn}', 'queue jobs'],
    ['${aws_kinesis_stream.s.arn}', 'aws_kinesis_stream events'],
  ])('shows %s, whose resource has a name, as %s', (expression, readable) => {
    const names = {
      'aws_cloudwatch_log_group.fn_LogGroup_1234': '/aws/lambda/stack-fn',
      'aws_api_gateway_rest_api.Api_RestApi_1234': 'stack-Api',
      'aws_sqs_queue.q': 'jobs',
      'aws_kinesis_stream.s': 'events',
    };

    expect(readableResource(expression, names)).toBe(readable);
  });
});
