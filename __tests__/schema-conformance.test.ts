import * as fs from 'fs';
import * as path from 'path';
import { checkConformance, checkProviderVersions, deprecatedUses, loadProviderSchemas, ProviderSchemas, SCHEMA_PROVIDER_VERSIONS } from './support/schema-conformance';

const VENDORED_SCHEMA = path.resolve(__dirname, 'fixtures/aws-apigw-lambda.schema.json');
const SHARED_SCHEMA = path.resolve(__dirname, '../../shared/schemas/aws-apigw-lambda.schema.json');

/** The smallest aws_lambda_function body with every required argument. */
const FUNCTION = { function_name: 'f', role: 'r' };

/** A configuration shaped like cdktf output that conforms to the vendored schema. */
const VALID_CONFIG = {
  '//': { metadata: { version: '0.21.0', stackName: 'dev' } },
  terraform: { required_providers: { aws: { source: 'aws', version: '6.25.0' }, archive: { source: 'archive', version: '2.7.1' } } },
  provider: { aws: [{ region: '${var.region}', default_tags: [{ tags: { project: 'demo' } }] }], archive: [{}] },
  variable: { region: { type: 'string', default: 'eu-west-1' }, memory_mb: { type: 'number', default: 128 } },
  locals: { prefix: 'demo-${terraform.workspace}' },
  data: {
    archive_file: {
      list_items: { type: 'zip', source_dir: '${path.module}/functions/list-items', output_path: '${path.root}/list-items.zip' },
    },
    aws_iam_policy_document: {
      assume: { statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }] }] },
    },
  },
  resource: {
    aws_iam_role: { list_items: { name: '${local.prefix}-list-items', assume_role_policy: '${data.aws_iam_policy_document.assume.json}' } },
    aws_lambda_function: {
      list_items: {
        '//': { metadata: { path: 'dev/ListItems/Function', uniqueId: 'list_items' } },
        function_name: '${local.prefix}-list-items',
        role: '${aws_iam_role.list_items.arn}',
        filename: '${data.archive_file.list_items.output_path}',
        source_code_hash: '${data.archive_file.list_items.output_base64sha256}',
        handler: 'index.handler',
        runtime: 'nodejs20.x',
        timeout: 10,
        memory_size: '${var.memory_mb}',
        publish: false,
        environment: { variables: { TABLE: 'items' } },
        tracing_config: [{ mode: 'Active' }],
        depends_on: ['aws_iam_role.list_items'],
        lifecycle: { create_before_destroy: true, ignore_changes: ['tags'] },
      },
    },
    aws_api_gateway_rest_api: { api: { name: '${local.prefix}-api', endpoint_configuration: { types: ['REGIONAL'] } } },
    aws_lambda_permission: {
      list_items: {
        action: 'lambda:InvokeFunction',
        function_name: '${aws_lambda_function.list_items.function_name}',
        principal: 'apigateway.amazonaws.com',
        source_arn: '${aws_api_gateway_rest_api.api.execution_arn}/*/GET/items',
      },
    },
  },
  output: {
    url: { value: 'https://${aws_api_gateway_rest_api.api.id}.execute-api.${var.region}.amazonaws.com/v1', description: 'Base URL' },
    handler: {
      value: '${jsonencode({ name = aws_lambda_function.list_items.function_name, env = [for k, v in aws_lambda_function.list_items.environment[0].variables : "${k}=${v}"], note = "a.b" })}',
      description: 'Handler summary',
    },
  },
};

describe('loadProviderSchemas', () => {
  test('reads the vendored aws and archive schemas once', () => {
    const schemas = loadProviderSchemas();

    expect(Object.keys(schemas.provider_schemas).sort()).toEqual([
      'registry.terraform.io/hashicorp/archive',
      'registry.terraform.io/hashicorp/aws',
    ]);
    expect(loadProviderSchemas()).toBe(schemas);
  });

  (fs.existsSync(SHARED_SCHEMA) ? test : test.skip)('vendored schema is byte-identical to the shared copy', () => {
    expect(fs.readFileSync(VENDORED_SCHEMA).equals(fs.readFileSync(SHARED_SCHEMA))).toBe(true);
  });
});

describe('checkConformance', () => {
  test('accepts a cdktf-shaped configuration that matches the schema', () => {
    expect(checkConformance(VALID_CONFIG)).toEqual([]);
  });

  test('fails when a resource, data source or provider type is not in the schema', () => {
    const problems = checkConformance({
      resource: { aws_s3_bucket: { assets: {} } },
      data: { aws_lambda_function: { existing: {} } },
      provider: { google: [{}] },
    });

    expect(problems).toEqual([
      'aws_s3_bucket.assets: unknown resource type "aws_s3_bucket"',
      'data.aws_lambda_function.existing: unknown data source type "aws_lambda_function"',
      'provider.google: unknown provider "google"',
    ]);
  });

  test('fails when an argument or nested block is not in the schema', () => {
    const problems = checkConformance({
      resource: { aws_lambda_function: { f: { ...FUNCTION, memory: 128, environment: { variables: {}, secrets: {} }, vpc: [{}] } } },
      provider: { aws: [{ region: 'eu-west-1', regoin: 'eu-west-1' }] },
    });

    expect(problems).toEqual([
      'aws_lambda_function.f: unknown argument "memory"',
      'aws_lambda_function.f.environment: unknown argument "secrets"',
      'aws_lambda_function.f: unknown argument "vpc"',
      'provider.aws: unknown argument "regoin"',
    ]);
  });

  test('accepts meta-arguments, cdktf metadata and provider aliases', () => {
    const problems = checkConformance({
      variable: { names: { type: 'list(string)' } },
      provider: { aws: [{ region: 'eu-west-1' }, { alias: 'us', region: 'us-east-1' }], archive: [{ alias: 'x' }] },
      resource: {
        aws_cloudwatch_log_group: {
          logs: {
            '//': { metadata: { path: 'dev/Logs' } },
            count: 2,
            name: '/aws/lambda/${var.names[count.index]}',
            provider: 'aws.us',
            depends_on: [],
            provisioner: [{ 'local-exec': { command: 'true' } }],
            connection: { type: 'ssh' },
            lifecycle: { prevent_destroy: false, replace_triggered_by: [], precondition: [], postcondition: [] },
          },
        },
      },
    });

    expect(problems).toEqual([]);
  });

  test('fails when lifecycle has an unknown argument', () => {
    const problems = checkConformance({ resource: { aws_lambda_function: { f: { ...FUNCTION, lifecycle: { ignore_change: ['tags'] } } } } });

    expect(problems).toEqual(['aws_lambda_function.f: unknown lifecycle argument "ignore_change"']);
  });

  test('fails when a computed-only attribute is set, but accepts optional computed ones', () => {
    const problems = checkConformance({ resource: { aws_lambda_function: { f: { ...FUNCTION, arn: 'x', invoke_arn: 'y', region: 'eu-west-1' } } } });

    expect(problems).toEqual([
      'aws_lambda_function.f: "arn" is computed by the provider and cannot be set',
      'aws_lambda_function.f: "invoke_arn" is computed by the provider and cannot be set',
    ]);
  });

  test('fails when a required argument is missing or null', () => {
    const problems = checkConformance({ resource: { aws_lambda_function: { f: { function_name: 'f', role: null } } } });

    expect(problems).toEqual(['aws_lambda_function.f: missing required argument "role"']);
  });

  test('fails when a block with min_items is missing or has too few or too many items', () => {
    const method = { rest_api_id: 'a', stage_name: 'v1', method_path: '*/*' };
    const problems = checkConformance({
      resource: {
        aws_api_gateway_method_settings: {
          none: method,
          empty: { ...method, settings: [] },
          two: { ...method, settings: [{ metrics_enabled: true }, { logging_level: 'INFO' }] },
        },
      },
    });

    expect(problems).toEqual([
      'aws_api_gateway_method_settings.none: missing required block "settings"',
      'aws_api_gateway_method_settings.empty: too few "settings" blocks: got 0, need at least 1',
      'aws_api_gateway_method_settings.two: too many "settings" blocks: got 2, allowed at most 1',
    ]);
  });

  test('accepts a single block as an object or a one-element array, and fails on two', () => {
    const problems = checkConformance({
      resource: {
        aws_lambda_function: {
          object: { ...FUNCTION, environment: { variables: { A: 'b' } }, timeouts: { create: '5m' } },
          array: { ...FUNCTION, environment: [{ variables: { A: 'b' } }], timeouts: [{ create: '5m' }] },
          two: { ...FUNCTION, timeouts: [{ create: '5m' }, { delete: '5m' }] },
        },
      },
    });

    expect(problems).toEqual(['aws_lambda_function.two: too many "timeouts" blocks: got 2, allowed at most 1']);
  });

  test('leaves the contents of an opaque block (wafv2 rule statement) unchecked', () => {
    const visibility = { cloudwatch_metrics_enabled: true, metric_name: 'm', sampled_requests_enabled: true };
    const problems = checkConformance({
      resource: {
        aws_wafv2_web_acl: {
          acl: {
            scope: 'REGIONAL',
            default_action: { allow: {} },
            visibility_config: visibility,
            rule: [{ name: 'rate', priority: 1, action: { block: {} }, statement: { rate_based_statement: { limit: 100 } }, visibility_config: visibility }],
          },
        },
      },
      output: { limit: { value: '${aws_wafv2_web_acl.acl.rule[0].statement[0].rate_based_statement[0].limit}' } },
    });

    expect(problems).toEqual([]);
  });

  test('fails when a value has the wrong type, including numbers and bools written as strings', () => {
    const problems = checkConformance({
      resource: {
        aws_lambda_function: {
          f: {
            ...FUNCTION,
            timeout: '5',
            publish: 'true',
            description: 7,
            architectures: ['x86_64', 1],
            tags: { team: true },
            layers: 'arn:layer',
            environment: 'vars',
          },
        },
      },
    });

    expect(problems).toEqual([
      'aws_lambda_function.f.timeout: expected number, got string "5"',
      'aws_lambda_function.f.publish: expected bool, got string "true"',
      'aws_lambda_function.f.description: expected string, got number 7',
      'aws_lambda_function.f.architectures[1]: expected string, got number 1',
      'aws_lambda_function.f.tags.team: expected string, got bool true',
      'aws_lambda_function.f.layers: expected list, got string "arn:layer"',
      'aws_lambda_function.f.environment: expected a block object, got string "vars"',
    ]);
  });

  test('accepts whole or partial templates for any type', () => {
    const problems = checkConformance({
      variable: { t: {}, layers: {}, tags: {} },
      resource: {
        aws_lambda_function: {
          f: { ...FUNCTION, timeout: '${var.t}', publish: '${var.t > 3}', layers: '${var.layers}', tags: { team: 'x-${var.t}' }, architectures: ['${var.t}'] },
        },
      },
    });

    expect(problems).toEqual([]);
  });

  test('fails when an object-typed value has unknown, missing or mistyped attributes', () => {
    const schemas: ProviderSchemas = {
      format_version: '1.0',
      provider_schemas: {
        'registry.terraform.io/example/test': {
          provider: { version: 0, block: {} },
          resource_schemas: {
            test_thing: { version: 0, block: { attributes: { limits: { optional: true, type: ['list', ['object', { burst: 'number', rate: 'number' }]] } } } },
          },
        },
      },
    };

    const problems = checkConformance({ resource: { test_thing: { t: { limits: [{ burst: 1, rate: 2 }, { burst: '1', extra: 3 }] } } } }, schemas);

    expect(problems).toEqual([
      'test_thing.t.limits[1].burst: expected number, got string "1"',
      'test_thing.t.limits[1]: unknown object attribute "extra"',
      'test_thing.t.limits[1]: missing object attribute "rate"',
    ]);
  });

  test('fails when a reference names an undeclared resource, data source, variable, local or module', () => {
    const problems = checkConformance({
      resource: {
        aws_lambda_permission: {
          p: {
            action: 'lambda:InvokeFunction',
            principal: 'apigateway.amazonaws.com',
            function_name: '${aws_lambda_function.missing.function_name}',
            source_arn: '${data.aws_partition.current.partition}:${var.account}:${local.prefix}:${module.api.arn}',
            depends_on: ['aws_iam_role.missing'],
          },
        },
      },
    });

    expect(problems).toEqual([
      'aws_lambda_permission.p: "aws_lambda_function.missing.function_name" refers to aws_lambda_function.missing, which is not declared',
      'aws_lambda_permission.p: "data.aws_partition.current.partition" refers to data.aws_partition.current, which is not declared',
      'aws_lambda_permission.p: "var.account" refers to var.account, which is not declared',
      'aws_lambda_permission.p: "local.prefix" refers to local.prefix, which is not declared',
      'aws_lambda_permission.p: "module.api.arn" refers to module.api, which is not declared',
      'aws_lambda_permission.p: "aws_iam_role.missing" refers to aws_iam_role.missing, which is not declared',
    ]);
  });

  test('fails when a reference names an attribute its type does not have', () => {
    const problems = checkConformance({
      resource: {
        aws_lambda_function: { f: FUNCTION },
        aws_api_gateway_account: { a: {} },
      },
      output: {
        ok: { value: '${aws_lambda_function.f.environment[0].variables.ANY}${aws_api_gateway_account.a.throttle_settings[0].burst_limit}' },
        top: { value: '${aws_lambda_function.f.url}' },
        block: { value: '${aws_lambda_function.f.environment[0].vars}' },
        object: { value: '${aws_api_gateway_account.a.throttle_settings[0].burst}' },
      },
    });

    expect(problems).toEqual([
      'output.top: "aws_lambda_function.f.url" refers to unknown attribute "url"',
      'output.block: "aws_lambda_function.f.environment[0].vars" refers to unknown attribute "vars"',
      'output.object: "aws_api_gateway_account.a.throttle_settings[0].burst" refers to unknown attribute "burst"',
    ]);
  });

  test('fails when path or terraform names an unknown value, and accepts each, count and self', () => {
    const problems = checkConformance({
      locals: {
        ok: '${path.module}${path.root}${path.cwd}${terraform.workspace}${each.key}${count.index}${self.id}',
        bad: '${path.home}/${terraform.env}',
      },
      provider: { aws: [{ region: '${local.missing}' }] },
    });

    expect(problems).toEqual([
      'local.bad: "path.home" is not one of path.module, path.root, path.cwd',
      'local.bad: "terraform.env" is not one of terraform.workspace',
      'provider.aws: "local.missing" refers to local.missing, which is not declared',
    ]);
  });

  test('ignores function names, string literals, escaped templates and for-expression variables', () => {
    const problems = checkConformance({
      locals: {
        calls: '${jsonencode("a.b")}${lower(upper("x.y"))}${provider::aws::arn_parse("arn:x")}',
        escaped: '$${aws_lambda_function.not_a_reference.arn}',
        loops: '${[for item in ["a"] : item.name]}${{ for k, v in {} : k => v.id }}',
      },
    });

    expect(problems).toEqual([]);
  });

  test('fails when a reference sits in a string literal inside an expression', () => {
    const problems = checkConformance({ locals: { nested: '${join(",", ["${aws_lambda_function.missing.arn}"])}' } });

    expect(problems).toEqual(['local.nested: "aws_lambda_function.missing.arn" refers to aws_lambda_function.missing, which is not declared']);
  });

  test('fails when a top-level key is unknown or an output has no value', () => {
    const problems = checkConformance({ resources: {}, output: { url: { description: 'Base URL' } } });

    expect(problems).toEqual(['resources: unknown top-level key "resources"', 'output.url: missing "value"']);
  });
});

describe('checkProviderVersions', () => {
  test('names each vendored provider with the version its schema describes', () => {
    expect(Object.keys(SCHEMA_PROVIDER_VERSIONS).sort()).toEqual(Object.keys(loadProviderSchemas().provider_schemas).sort());
    expect(SCHEMA_PROVIDER_VERSIONS).toEqual({ 'registry.terraform.io/hashicorp/aws': '6.25.0', 'registry.terraform.io/hashicorp/archive': '2.7.1' });
  });

  test('accepts a configuration that requires the versions the schema describes', () => {
    expect(checkProviderVersions(VALID_CONFIG)).toEqual([]);
  });

  test('says which schema a configuration needs when it requires another provider version, as CDK Terrain\'s providers do', () => {
    // @cdktn/provider-aws 25.7.0 and @cdktn/provider-archive 14.0.1 write these versions (docs/cdk-terrain.md).
    const config = { terraform: { required_providers: { aws: { source: 'aws', version: '6.66.0' }, archive: { source: 'archive', version: '2.8.1' } } } };

    expect(checkProviderVersions(config)).toEqual([
      'terraform.required_providers.aws: requires hashicorp/aws 6.66.0, but the vendored schema describes 6.25.0; checking this stack needs the hashicorp/aws 6.66.0 schema',
      'terraform.required_providers.archive: requires hashicorp/archive 2.8.1, but the vendored schema describes 2.7.1; checking this stack needs the hashicorp/archive 2.8.1 schema',
    ]);
  });

  test('fails when a required provider has no vendored schema, whatever its source is written as', () => {
    const config = {
      terraform: {
        required_providers: {
          random: { source: 'hashicorp/random', version: '3.7.2' },
          acme: { source: 'registry.terraform.io/vancluever/acme', version: '2.0.0' },
          awscc: { version: '1.0.0' },
        },
      },
    };

    expect(checkProviderVersions(config)).toEqual([
      'terraform.required_providers.random: no vendored schema describes hashicorp/random',
      'terraform.required_providers.acme: no vendored schema describes vancluever/acme',
      'terraform.required_providers.awscc: no vendored schema describes hashicorp/awscc',
    ]);
  });

  test('finds nothing to say about a configuration that requires no provider', () => {
    expect(checkProviderVersions({ resource: {} })).toEqual([]);
  });
});

describe('deprecatedUses', () => {
  test('finds nothing deprecated in a configuration that uses only current arguments and attributes', () => {
    expect(deprecatedUses(VALID_CONFIG)).toEqual([]);
  });

  test('names deprecated arguments and blocks (hashicorp/aws 6.25.0 marks these)', () => {
    const problems = deprecatedUses({
      resource: { aws_iam_role: { r: { assume_role_policy: '{}', managed_policy_arns: [], inline_policy: [{ name: 'p', policy: '{}' }] } } },
      data: { aws_iam_policy_document: { d: { source_json: '{}', statement: [{ actions: ['s3:GetObject'] }] } } },
    });

    expect(problems).toEqual([
      'aws_iam_role.r: "managed_policy_arns" is deprecated',
      'aws_iam_role.r: "inline_policy" is deprecated',
      'data.aws_iam_policy_document.d: "source_json" is deprecated',
    ]);
  });

  test('names deprecated arguments inside nested blocks, and leaves opaque blocks alone', () => {
    const nested = { attributes: { old: { optional: true, type: 'string' as const, deprecated: true }, current: { optional: true, type: 'string' as const } } };
    const schemas: ProviderSchemas = {
      format_version: '1.0',
      provider_schemas: {
        'registry.terraform.io/example/test': {
          provider: { version: 0, block: {} },
          resource_schemas: {
            test_thing: {
              version: 0,
              block: {
                block_types: {
                  settings: { nesting_mode: 'list', block: nested },
                  rule: { nesting_mode: 'single', block: nested },
                  opaque: { nesting_mode: 'list', block: nested, x_opaque: true },
                },
              },
            },
          },
        },
      },
    };

    const problems = deprecatedUses(
      { resource: { test_thing: { t: { settings: [{ current: 'a' }, { old: 'b' }], rule: { old: 'c' }, opaque: [{ old: 'd' }] } } } },
      schemas,
    );

    expect(problems).toEqual(['test_thing.t.settings[1]: "old" is deprecated', 'test_thing.t.rule: "old" is deprecated']);
  });

  test('names references that read a deprecated attribute', () => {
    const problems = deprecatedUses({
      data: { aws_region: { current: {} } },
      resource: { aws_api_gateway_account: { a: {} } },
      output: {
        name: { value: '${data.aws_region.current.name}' },
        region: { value: '${data.aws_region.current.region}' },
        account: { value: '${aws_api_gateway_account.a.id}' },
      },
    });

    expect(problems).toEqual([
      'output.name: "data.aws_region.current.name" reads "name", which is deprecated',
      'output.account: "aws_api_gateway_account.a.id" reads "id", which is deprecated',
    ]);
  });
});
