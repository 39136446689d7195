import type { Synthesized } from './helpers';

// The scanner checks of the shared security-rules research (checkov, Trivy/tfsec, Terrascan, tflint, and cdk-nag
// rules mirrored in Terraform terms), as functions over a synthesized stack. Each returns the addresses that fail;
// an empty list passes. They read the attributes the research quotes from each check's source.

type Body = Record<string, any>;
export interface ScannerCheck {
  readonly id: string;
  readonly title: string;
  readonly check: (tf: Synthesized) => string[];
}

function each(tf: Synthesized, type: string): [string, Body][] {
  return Object.entries(tf.resource?.[type] ?? {}).map(([name, body]) => [`${type}.${name}`, body]);
}

/** Addresses of the resources of `type` for which `fails` holds. */
function failing(type: string, fails: (body: Body, tf: Synthesized) => boolean) {
  return (tf: Synthesized) => each(tf, type).filter(([, body]) => fails(body, tf)).map(([address]) => address);
}

/** `${type.name.attr}` references to `address` inside `value`. */
function refersTo(value: unknown, address: string): boolean {
  return JSON.stringify(value ?? null).includes(`\${${address}.`);
}

const first = <T>(value: T | T[] | undefined): T | undefined => (Array.isArray(value) ? value[0] : value);

/** Every IAM statement of the stack's policy documents, with the address of its document. */
function statements(tf: Synthesized): [string, Body][] {
  return Object.entries(tf.data?.aws_iam_policy_document ?? {}).flatMap(([name, document]) =>
    (document.statement ?? []).map((statement: Body) => [`data.aws_iam_policy_document.${name}`, statement] as [string, Body]),
  );
}

function failingStatements(fails: (statement: Body) => boolean) {
  return (tf: Synthesized) => [...new Set(statements(tf).filter(([, s]) => (s.effect ?? 'Allow') === 'Allow' && fails(s)).map(([address]) => address))];
}

const settingsOf = (tf: Synthesized, stageAddress: string) =>
  each(tf, 'aws_api_gateway_method_settings').filter(([, body]) => refersTo(body.stage_name, stageAddress)).map(([, body]) => first(body.settings) ?? {});
const aclOfStage = (tf: Synthesized, stageAddress: string): Body | undefined => {
  const association = each(tf, 'aws_wafv2_web_acl_association').find(([, body]) => refersTo(body.resource_arn, stageAddress));
  return association && each(tf, 'aws_wafv2_web_acl').find(([address]) => refersTo(association[1].web_acl_arn, address))?.[1];
};
const managedGroups = (acl: Body): string[] => (acl.rule ?? []).map((rule: Body) => first(first(rule.statement)?.managed_rule_group_statement)?.name);
const apiOf = (tf: Synthesized, body: Body): Body | undefined => each(tf, 'aws_api_gateway_rest_api').find(([address]) => refersTo(body.rest_api_id, address))?.[1];
const endpointTypes = (api: Body | undefined): string[] => first(api?.endpoint_configuration)?.types ?? [];
const isResourceMethod = (body: Body) => /^\$\{aws_api_gateway_resource\./.test(body.resource_id);
const noAuth = (body: Body) => (body.authorization ?? 'NONE') === 'NONE' && !body.api_key_required;
const actionsOf = (s: Body): string[] => s.actions ?? [];
const resourcesOf = (s: Body): string[] => s.resources ?? [];
// Actions with no resource type, which IAM grants on "*" only (cloudsplaining's non-restrictable actions; tfsec's allow-list).
const WILDCARD_ONLY_ACTIONS = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);
const restrictableOnStar = (s: Body) => resourcesOf(s).includes('*') && !s.condition && actionsOf(s).some((a) => !WILDCARD_ONLY_ACTIONS.has(a));
const DEPRECATED_RUNTIMES = ['nodejs', 'nodejs4.3', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x', 'nodejs16.x', 'python2.7', 'python3.6', 'python3.7', 'python3.9', 'go1.x', 'provided', 'java8', 'ruby2.5', 'ruby2.7', 'dotnetcore3.1', 'dotnet6', 'dotnet7'];
const RETENTION = (body: Body) => body.retention_in_days;
// checkov APIGatewayDomainNameTLS.py (shared security-rules research, section 1.6); absent fails.
const DOMAIN_TLS_POLICIES_CHECKOV = [
  'TLS_1_2',
  'SecurityPolicy_TLS12_2018_EDGE',
  'SecurityPolicy_TLS12_PFS_2025_EDGE',
  'SecurityPolicy_TLS13_1_2_2021_06',
  'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09',
  'SecurityPolicy_TLS13_1_2_PQ_2025_09',
  'SecurityPolicy_TLS13_1_3_2025_09',
  'SecurityPolicy_TLS13_1_3_FIPS_2025_09',
  'SecurityPolicy_TLS13_2025_EDGE',
];
const accessLog = (body: Body) => first(body.access_log_settings);
const isServicePrincipal = (principal: string) => /\.amazonaws\.com$/.test(principal);
const rolePolicyStatements = (tf: Synthesized) => statements(tf).filter(([address]) => /RolePolicyDocument/.test(address));
/** The statements of the policy documents roles use as their trust policy (`assume_role_policy`). */
const trustPolicyStatements = (tf: Synthesized) =>
  statements(tf).filter(([address]) => each(tf, 'aws_iam_role').some(([, role]) => refersTo(role.assume_role_policy, address)));

export const SCANNER_CHECKS: ScannerCheck[] = [
  // aws_api_gateway_rest_api
  { id: 'CKV_AWS_237', title: 'REST API is replaced create-before-destroy', check: failing('aws_api_gateway_rest_api', (b) => first(b.lifecycle)?.create_before_destroy !== true) },
  { id: 'AC_AWS_0010', title: 'REST API compression size is not negative', check: failing('aws_api_gateway_rest_api', (b) => b.minimum_compression_size < 0) },
  { id: 'AC_AWS_0011', title: 'REST API endpoint is PRIVATE', check: failing('aws_api_gateway_rest_api', (b) => endpointTypes(b).some((t) => t !== 'PRIVATE')) },
  {
    id: 'aws_api_gateway_rest_api_invalid_api_key_source',
    title: 'API key source is HEADER or AUTHORIZER',
    check: failing('aws_api_gateway_rest_api', (b) => b.api_key_source !== undefined && !['HEADER', 'AUTHORIZER'].includes(b.api_key_source)),
  },
  // aws_api_gateway_stage
  { id: 'CKV_AWS_76', title: 'stage has access logging', check: failing('aws_api_gateway_stage', (b) => !accessLog(b)?.destination_arn) },
  { id: 'AWS-0001', title: 'stage access logs have a destination', check: failing('aws_api_gateway_stage', (b) => !accessLog(b)?.destination_arn) },
  { id: 'AC_AWS_0012', title: 'stage has an access_log_settings block', check: failing('aws_api_gateway_stage', (b) => !accessLog(b)) },
  { id: 'AwsSolutions-APIG1', title: 'stage access logs have a destination and a format', check: failing('aws_api_gateway_stage', (b) => !accessLog(b)?.destination_arn || !accessLog(b)?.format) },
  {
    id: 'Serverless-APIGWStructuredLogging',
    title: 'stage access log format is JSON',
    check: failing('aws_api_gateway_stage', (b) => {
      try {
        return accessLog(b) !== undefined && typeof JSON.parse(accessLog(b).format) !== 'object';
      } catch {
        return true;
      }
    }),
  },
  { id: 'CKV_AWS_73', title: 'stage has X-Ray tracing', check: failing('aws_api_gateway_stage', (b) => b.xray_tracing_enabled !== true) },
  { id: 'AWS-0003', title: 'stage has X-Ray tracing (Trivy)', check: failing('aws_api_gateway_stage', (b) => b.xray_tracing_enabled !== true) },
  { id: 'AC_AWS_0015', title: 'stage has X-Ray tracing (Terrascan)', check: failing('aws_api_gateway_stage', (b) => b.xray_tracing_enabled !== true) },
  { id: 'Serverless-APIGWXrayEnabled', title: 'stage has X-Ray tracing (cdk-nag)', check: failing('aws_api_gateway_stage', (b) => b.xray_tracing_enabled !== true) },
  { id: 'CKV_AWS_120', title: 'stage has a cache cluster', check: failing('aws_api_gateway_stage', (b) => b.cache_cluster_enabled !== true) },
  {
    id: 'CKV2_AWS_4',
    title: 'stage is linked to method settings that log ERROR or INFO and record metrics',
    check: (tf) =>
      each(tf, 'aws_api_gateway_stage')
        .filter(([address]) => !settingsOf(tf, address).some((s) => ['ERROR', 'INFO'].includes(s.logging_level) && s.metrics_enabled === true))
        .map(([address]) => address),
  },
  {
    id: 'AwsSolutions-APIG6',
    title: 'stage logs every method (*/*) at ERROR or INFO',
    check: (tf) =>
      each(tf, 'aws_api_gateway_stage')
        .filter(([address]) => !each(tf, 'aws_api_gateway_method_settings').some(([, m]) => refersTo(m.stage_name, address) && m.method_path === '*/*' && ['ERROR', 'INFO'].includes(first(m.settings)?.logging_level)))
        .map(([address]) => address),
  },
  {
    id: 'Serverless-APIGWDefaultThrottling',
    title: 'stage throttles every method (*/*) with a rate and a burst',
    check: (tf) =>
      each(tf, 'aws_api_gateway_stage')
        .filter(([address]) => !each(tf, 'aws_api_gateway_method_settings').some(([, m]) => {
          const s = first(m.settings) ?? {};
          return refersTo(m.stage_name, address) && m.method_path === '*/*' && s.throttling_rate_limit > 0 && s.throttling_burst_limit >= 0;
        }))
        .map(([address]) => address),
  },
  { id: 'CKV2_AWS_51', title: 'stage has a client certificate', check: failing('aws_api_gateway_stage', (b) => !b.client_certificate_id) },
  { id: 'AC_AWS_0013', title: 'stage has a client certificate (Terrascan)', check: failing('aws_api_gateway_stage', (b) => !b.client_certificate_id) },
  {
    id: 'AC_AWS_0014',
    title: 'a log group is named like the stage',
    check: failing('aws_api_gateway_stage', (b, tf) => !each(tf, 'aws_cloudwatch_log_group').some(([, group]) => group.name === b.stage_name)),
  },
  {
    id: 'CKV2_AWS_29',
    title: 'stage is PRIVATE or behind a WAFv2 web ACL associated by reference',
    check: (tf) =>
      each(tf, 'aws_api_gateway_stage')
        .filter(([address, b]) => !endpointTypes(apiOf(tf, b)).includes('PRIVATE') && !aclOfStage(tf, address))
        .map(([address]) => address),
  },
  {
    id: 'AwsSolutions-APIG3',
    title: 'stage is associated with a WAFv2 web ACL',
    check: (tf) => each(tf, 'aws_api_gateway_stage').filter(([address]) => !aclOfStage(tf, address)).map(([address]) => address),
  },
  {
    id: 'CKV2_AWS_77',
    title: "stage's web ACL runs the known-bad-inputs (Log4j) and anonymous-IP rule groups",
    check: (tf) =>
      each(tf, 'aws_api_gateway_stage')
        .filter(([address]) => {
          const acl = aclOfStage(tf, address);
          return acl !== undefined && !['AWSManagedRulesAnonymousIpList', 'AWSManagedRulesKnownBadInputsRuleSet'].every((g) => managedGroups(acl).includes(g));
        })
        .map(([address]) => address),
  },
  // aws_api_gateway_method
  { id: 'CKV_AWS_59', title: 'no method but OPTIONS is open without authorization or API key', check: failing('aws_api_gateway_method', (b) => b.http_method !== 'OPTIONS' && noAuth(b)) },
  // Trivy and tfsec exempt the literal "OPTION" (sic), and only see methods on aws_api_gateway_resource.
  { id: 'AWS-0004', title: 'no method on a resource is public (Trivy)', check: failing('aws_api_gateway_method', (b) => isResourceMethod(b) && b.http_method !== 'OPTION' && noAuth(b)) },
  {
    id: 'CKV2_AWS_70',
    title: 'an open OPTIONS method is only on a PRIVATE API',
    check: failing('aws_api_gateway_method', (b, tf) => b.http_method === 'OPTIONS' && noAuth(b) && endpointTypes(apiOf(tf, b)).join() !== 'PRIVATE'),
  },
  { id: 'AC_AWS_0439', title: 'every method has authorization', check: failing('aws_api_gateway_method', (b) => (b.authorization ?? 'NONE') === 'NONE') },
  { id: 'AwsSolutions-APIG4', title: 'every non-preflight method has authorization', check: failing('aws_api_gateway_method', (b) => b.http_method !== 'OPTIONS' && (b.authorization ?? 'NONE') === 'NONE') },
  { id: 'AwsSolutions-COG4', title: 'every non-preflight method uses Cognito', check: failing('aws_api_gateway_method', (b) => b.http_method !== 'OPTIONS' && b.authorization !== 'COGNITO_USER_POOLS') },
  { id: 'CKV2_AWS_53', title: 'every method has a request validator', check: failing('aws_api_gateway_method', (b) => !b.request_validator_id) },
  { id: 'AwsSolutions-APIG2', title: 'the API has a request validator', check: failing('aws_api_gateway_rest_api', (_b, tf) => each(tf, 'aws_api_gateway_request_validator').length === 0) },
  // aws_api_gateway_method_settings
  { id: 'CKV_AWS_225', title: 'every method settings caches', check: failing('aws_api_gateway_method_settings', (b) => first(b.settings)?.caching_enabled !== true) },
  { id: 'AWS-0190', title: 'every method settings caches (Trivy)', check: failing('aws_api_gateway_method_settings', (b) => first(b.settings)?.caching_enabled !== true) },
  { id: 'CKV_AWS_308', title: 'cached responses are encrypted', check: failing('aws_api_gateway_method_settings', (b) => first(b.settings)?.caching_enabled === true && first(b.settings)?.cache_data_encrypted !== true) },
  { id: 'AWS-0002', title: 'cached responses are encrypted (Trivy)', check: failing('aws_api_gateway_method_settings', (b) => first(b.settings)?.caching_enabled === true && first(b.settings)?.cache_data_encrypted !== true) },
  { id: 'CKV_AWS_276', title: 'no method logs full requests and responses', check: failing('aws_api_gateway_method_settings', (b) => first(b.settings)?.data_trace_enabled === true) },
  { id: 'AC_AWS_0007', title: 'no method settings turn metrics off', check: failing('aws_api_gateway_method_settings', (b) => first(b.settings)?.metrics_enabled === false) },
  { id: 'CKV_AWS_217', title: 'deployment is replaced create-before-destroy', check: failing('aws_api_gateway_deployment', (b) => first(b.lifecycle)?.create_before_destroy !== true) },
  // aws_lambda_function
  {
    id: 'CKV_AWS_45',
    title: 'no function environment holds a literal secret',
    check: failing('aws_lambda_function', (b) =>
      Object.values(first(b.environment)?.variables ?? {}).some((v) => typeof v === 'string' && !v.startsWith('${') && /AKIA[0-9A-Z]{16}|-----BEGIN|[A-Za-z0-9/+]{40}/.test(v)),
    ),
  },
  { id: 'CKV_AWS_50', title: 'function has X-Ray tracing', check: failing('aws_lambda_function', (b) => !['PassThrough', 'Active'].includes(first(b.tracing_config)?.mode)) },
  { id: 'AWS-0066', title: 'function tracing is Active', check: failing('aws_lambda_function', (b) => first(b.tracing_config)?.mode !== 'Active') },
  { id: 'AC_AWS_0485', title: 'function tracing is Active (Terrascan)', check: failing('aws_lambda_function', (b) => first(b.tracing_config)?.mode !== 'Active') },
  { id: 'Serverless-LambdaTracing', title: 'function tracing is Active (cdk-nag)', check: failing('aws_lambda_function', (b) => first(b.tracing_config)?.mode !== 'Active') },
  { id: 'CKV_AWS_115', title: 'function reserves concurrency', check: failing('aws_lambda_function', (b) => b.reserved_concurrent_executions === undefined || b.reserved_concurrent_executions === -1) },
  { id: 'CKV_AWS_116', title: 'function has a dead-letter queue', check: failing('aws_lambda_function', (b) => !first(b.dead_letter_config)?.target_arn) },
  { id: 'Serverless-LambdaDLQ', title: 'function has a dead-letter queue (cdk-nag)', check: failing('aws_lambda_function', (b) => !first(b.dead_letter_config)?.target_arn) },
  { id: 'CKV_AWS_117', title: 'function runs in a VPC', check: failing('aws_lambda_function', (b) => !b.vpc_config) },
  { id: 'AC_AWS_0486', title: 'function runs in a VPC (Terrascan)', check: failing('aws_lambda_function', (b) => !b.vpc_config) },
  { id: 'CKV_AWS_173', title: 'function environment is encrypted with a KMS key', check: failing('aws_lambda_function', (b) => (b.environment ? !b.kms_key_arn : Boolean(b.kms_key_arn))) },
  { id: 'AC_AWS_0483', title: 'function environment is encrypted with a KMS key (Terrascan)', check: failing('aws_lambda_function', (b) => Object.keys(first(b.environment)?.variables ?? {}).length > 0 && !b.kms_key_arn) },
  { id: 'CKV_AWS_272', title: 'function code is signed', check: failing('aws_lambda_function', (b) => !b.code_signing_config_arn) },
  { id: 'CKV_AWS_363', title: 'function runtime is not deprecated', check: failing('aws_lambda_function', (b) => DEPRECATED_RUNTIMES.includes(b.runtime)) },
  { id: 'AwsSolutions-L1', title: 'function runs the latest Node.js runtime', check: failing('aws_lambda_function', (b) => b.runtime !== 'nodejs24.x') },
  { id: 'Serverless-LambdaDefaultMemorySize', title: 'function sets its memory', check: failing('aws_lambda_function', (b) => !b.memory_size) },
  { id: 'Serverless-LambdaDefaultTimeout', title: 'function sets its timeout', check: failing('aws_lambda_function', (b) => !b.timeout) },
  { id: 'AC_AWS_0484', title: 'the stack attaches a policy to a role', check: failing('aws_lambda_function', (_b, tf) => each(tf, 'aws_iam_role_policy_attachment').length === 0) },
  // aws_lambda_permission
  { id: 'CKV_AWS_301', title: 'no function is public', check: failing('aws_lambda_permission', (b) => b.principal === '*') },
  { id: 'CKV_AWS_364', title: 'service permissions name a source ARN or account', check: failing('aws_lambda_permission', (b) => isServicePrincipal(b.principal) && !b.source_arn && !b.source_account) },
  { id: 'AWS-0067', title: 'service permissions name a source ARN', check: failing('aws_lambda_permission', (b) => isServicePrincipal(b.principal) && !b.source_arn) },
  { id: 'aws_lambda_permission_invalid_statement_id', title: 'statement ids are 1 to 100 of [A-Za-z0-9-_]', check: failing('aws_lambda_permission', (b) => !/^[a-zA-Z0-9-_]{1,100}$/.test(b.statement_id)) },
  // IAM
  {
    id: 'CKV_AWS_60',
    title: 'no role may be assumed by any AWS principal',
    check: failingStatements((s) => actionsOf(s).includes('sts:AssumeRole') && (s.principals ?? []).some((p: Body) => p.type === 'AWS' && p.identifiers.includes('*'))),
  },
  {
    // checkov reads this in aws_iam_role's assume_role_policy only (IAMRoleAllowAssumeFromAccount.py): a key policy's
    // account statement is not a trust policy.
    id: 'CKV_AWS_61',
    title: 'no role may be assumed by a whole account',
    check: (tf) =>
      trustPolicyStatements(tf)
        .filter(([, s]) => (s.effect ?? 'Allow') === 'Allow' && (s.principals ?? []).some((p: Body) => p.type === 'AWS' && p.identifiers.some((i: string) => /^\d{12}$|:root$/.test(i))))
        .map(([address]) => address),
  },
  { id: 'CKV_AWS_274', title: 'no role has AdministratorAccess', check: failing('aws_iam_role_policy_attachment', (b) => /AdministratorAccess$/.test(b.policy_arn)) },
  { id: 'AwsSolutions-IAM4', title: 'no role has an AWS managed policy', check: failing('aws_iam_role_policy_attachment', (b) => /:iam::aws:policy\//.test(b.policy_arn)) },
  { id: 'CKV_AWS_1', title: 'no statement allows "*" on "*"', check: failingStatements((s) => actionsOf(s).includes('*') && resourcesOf(s).includes('*')) },
  { id: 'CKV_AWS_49', title: 'no statement allows the "*" action', check: failingStatements((s) => actionsOf(s).includes('*')) },
  { id: 'CKV_AWS_62', title: 'no policy gives full admin', check: failingStatements((s) => actionsOf(s).includes('*') && resourcesOf(s).includes('*')) },
  { id: 'CKV_AWS_63', title: 'no policy allows the "*" action', check: failingStatements((s) => actionsOf(s).includes('*')) },
  { id: 'AC_AWS_0147', title: 'no policy allows "*" on "*" (Terrascan)', check: failingStatements((s) => actionsOf(s).includes('*') && resourcesOf(s).includes('*')) },
  { id: 'CKV2_AWS_40', title: 'no policy allows iam:* or *', check: failingStatements((s) => actionsOf(s).some((a) => a === '*' || a === 'iam:*')) },
  { id: 'CKV_AWS_355', title: 'no restrictable action on "*" without a condition', check: failingStatements(restrictableOnStar) },
  { id: 'CKV_AWS_356', title: 'no restrictable action on "*" without a condition (data source)', check: failingStatements(restrictableOnStar) },
  { id: 'CKV_AWS_290', title: 'no write action on "*" without a condition', check: failingStatements(restrictableOnStar) },
  { id: 'CKV_AWS_111', title: 'no write action on "*" without a condition (data source)', check: failingStatements(restrictableOnStar) },
  { id: 'AC_AWS_0473', title: 'no privilege-escalation actions', check: failingStatements((s) => actionsOf(s).some((a) => ['iam:passrole', 'lambda:createfunction'].includes(a) || a.startsWith('lambda:invokefunc'))) },
  {
    id: 'AVD-AWS-0057',
    title: 'no "*" in actions or resources unless every action is wildcard-only (tfsec)',
    check: failingStatements((s) => actionsOf(s).some((a) => a.includes('*')) || (resourcesOf(s).some((r) => r.includes('*')) && !actionsOf(s).every((a) => WILDCARD_ONLY_ACTIONS.has(a)))),
  },
  { id: 'AwsSolutions-IAM5', title: 'no "*" in actions or resources (cdk-nag)', check: failingStatements((s) => [...actionsOf(s), ...resourcesOf(s)].some((x) => x.includes('*'))) },
  {
    id: 'Serverless-LambdaStarPermissions',
    title: 'no Lambda role statement names the resource "*" or a service-wide action',
    check: (tf) => [...new Set(rolePolicyStatements(tf).filter(([, s]) => resourcesOf(s).includes('*') || actionsOf(s).some((a) => a === '*' || a.endsWith(':*'))).map(([a]) => a))],
  },
  // aws_cloudwatch_log_group
  { id: 'CKV_AWS_66', title: 'log groups have a retention', check: failing('aws_cloudwatch_log_group', (b) => RETENTION(b) === undefined) },
  { id: 'AC_AWS_0452', title: 'log groups have a retention (Terrascan)', check: failing('aws_cloudwatch_log_group', (b) => RETENTION(b) === undefined) },
  { id: 'Serverless-CloudWatchLogGroupRetentionPeriod', title: 'log groups have a retention (cdk-nag)', check: failing('aws_cloudwatch_log_group', (b) => RETENTION(b) === undefined) },
  { id: 'CKV_AWS_338', title: 'log groups keep logs a year or more', check: failing('aws_cloudwatch_log_group', (b) => !(RETENTION(b) === 0 || RETENTION(b) >= 365)) },
  { id: 'AC_AWS_0041', title: 'no log group keeps logs forever', check: failing('aws_cloudwatch_log_group', (b) => RETENTION(b) === 0) },
  { id: 'CKV_AWS_158', title: 'log groups are encrypted with a KMS key', check: failing('aws_cloudwatch_log_group', (b) => !b.kms_key_id) },
  { id: 'AWS-0017', title: 'log groups are encrypted with a KMS key (Trivy)', check: failing('aws_cloudwatch_log_group', (b) => !b.kms_key_id) },
  { id: 'AC_AWS_0451', title: 'log groups are encrypted with a KMS key (Terrascan)', check: failing('aws_cloudwatch_log_group', (b) => !b.kms_key_id) },
  // aws_kms_key (checkov KMSRotation.py: `enable_key_rotation` truthy)
  { id: 'CKV_AWS_7', title: 'customer-managed keys rotate', check: failing('aws_kms_key', (b) => !b.enable_key_rotation) },
  // aws_api_gateway_domain_name
  {
    id: 'CKV_AWS_206',
    title: 'custom domains use a TLS 1.2 (or later) security policy',
    check: failing('aws_api_gateway_domain_name', (b) => !DOMAIN_TLS_POLICIES_CHECKOV.includes(b.security_policy)),
  },
  {
    id: 'AWS-0005',
    title: 'custom domains use TLS_1_2 (tfsec; Trivy also takes the TLS 1.3 policies)',
    check: failing('aws_api_gateway_domain_name', (b) => b.security_policy !== 'TLS_1_2'),
  },
  // aws_wafv2_web_acl
  {
    id: 'CKV_AWS_192',
    title: 'web ACL blocks Log4j with the known-bad-inputs group, not in count mode',
    check: failing('aws_wafv2_web_acl', (b) =>
      !(b.rule ?? []).some((rule: Body) => {
        const group = first(first(rule.statement)?.managed_rule_group_statement);
        return group?.name === 'AWSManagedRulesKnownBadInputsRuleSet' && first(rule.override_action)?.none !== undefined && !JSON.stringify(group).includes('Log4JRCE');
      }),
    ),
  },
  { id: 'CKV_AWS_175', title: 'web ACL has rules', check: failing('aws_wafv2_web_acl', (b) => !(b.rule ?? []).length) },
  { id: 'CKV_AWS_342', title: 'every web ACL rule has an action', check: failing('aws_wafv2_web_acl', (b) => (b.rule ?? []).some((r: Body) => !r.action && !r.override_action && !first(r.statement)?.managed_rule_group_statement)) },
  {
    id: 'CKV2_AWS_31',
    title: 'web ACL logs',
    check: (tf) => each(tf, 'aws_wafv2_web_acl').filter(([address]) => !each(tf, 'aws_wafv2_web_acl_logging_configuration').some(([, l]) => refersTo(l.resource_arn, address))).map(([a]) => a),
  },
];
