import { TerraformStack } from 'cdktf';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { RestApi } from '../../src/constructs/rest-api/rest-api';
import { EncryptionKey } from '../../src/constructs/encryption-key';
import { WebAcl, WebAclProps } from '../../src/constructs/web-acl';
import { api, handler, newStack, only, resources, synth } from '../support/helpers';

/** A web ACL from `props` over an API (stage v1) with one method. */
function aclOver(stack: TerraformStack, props: Partial<WebAclProps> = {}): WebAcl {
  const restApi = api(stack);
  restApi.root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')));
  return new WebAcl(stack, 'Waf', { api: restApi, ...props });
}

const VISIBLE = (metricName: string) => ({ cloudwatch_metrics_enabled: true, metric_name: metricName, sampled_requests_enabled: true });

describe('WebAcl', () => {
  describe('defaults', () => {
    const tf = synth((stack) => aclOver(stack));
    const acl = only(tf, 'aws_wafv2_web_acl');

    test('is REGIONAL, allows by default, and is named <prefix>-<id> with CloudWatch metrics', () => {
      expect(acl).toMatchObject({ name: 'stack-Waf', scope: 'REGIONAL', default_action: { allow: {} }, visibility_config: VISIBLE('stack-Waf') });
    });

    test('blocks an IP above 1000 requests per 5 minutes first', () => {
      expect(acl.rule[0]).toEqual({
        name: 'RateLimitPerIp',
        priority: 0,
        action: { block: {} },
        statement: { rate_based_statement: { limit: 1000, aggregate_key_type: 'IP', evaluation_window_sec: 300 } },
        visibility_config: VISIBLE('stack-Waf-RateLimitPerIp'),
      });
    });

    test('then runs the AWS managed common, known-bad-inputs and anonymous-IP rule groups with their own actions', () => {
      expect(acl.rule.slice(1)).toEqual(
        ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAnonymousIpList'].map((group, index) => ({
          name: group,
          priority: index + 1,
          override_action: { none: {} },
          statement: { managed_rule_group_statement: { name: group, vendor_name: 'AWS' } },
          visibility_config: VISIBLE(`stack-Waf-${group}`),
        })),
      );
    });

    test("is associated with the stage through the stage's own ARN", () => {
      expect(only(tf, 'aws_wafv2_web_acl_association')).toEqual({
        resource_arn: expect.stringMatching(/^\$\{aws_api_gateway_stage\.Api_Stage_\w+\.arn\}$/),
        web_acl_arn: expect.stringMatching(/^\$\{aws_wafv2_web_acl\.Waf_WebAcl_\w+\.arn\}$/),
      });
    });

    test('logs to the log group aws-waf-logs-<name>, kept 365 days', () => {
      expect(resources(tf, 'aws_cloudwatch_log_group').filter((group) => group.name.startsWith('aws-waf-logs-'))).toEqual([
        { name: 'aws-waf-logs-stack-Waf', retention_in_days: 365 },
      ]);
    });

    test('keeps the Authorization and x-api-key headers out of its logs', () => {
      expect(only(tf, 'aws_wafv2_web_acl_logging_configuration')).toEqual({
        resource_arn: expect.stringMatching(/^\$\{aws_wafv2_web_acl\.Waf_WebAcl_\w+\.arn\}$/),
        log_destination_configs: [expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.Waf_LogGroup_\w+\.arn\}$/)],
        redacted_fields: [{ single_header: { name: 'authorization' } }, { single_header: { name: 'x-api-key' } }],
      });
    });
  });

  test('takes the rate limit, its window, the log retention and a name', () => {
    const tf = synth((stack) => aclOver(stack, { rateLimitPerIp: 50, rateLimitWindowSeconds: 60, logRetentionDays: 731, name: 'edge' }));

    expect(only(tf, 'aws_wafv2_web_acl').rule[0].statement.rate_based_statement).toEqual({ limit: 50, aggregate_key_type: 'IP', evaluation_window_sec: 60 });
    expect(resources(tf, 'aws_cloudwatch_log_group').find((group) => group.name === 'aws-waf-logs-stack-edge')!.retention_in_days).toBe(731);
  });

  test('encrypts its log group with the logEncryptionKey, which lets CloudWatch Logs use it for that group', () => {
    const tf = synth((stack) => aclOver(stack, { logEncryptionKey: new EncryptionKey(stack, 'Key') }));

    const group = resources(tf, 'aws_cloudwatch_log_group').find((candidate) => candidate.name === 'aws-waf-logs-stack-Waf')!;
    const keyPolicy = Object.entries(tf.data.aws_iam_policy_document).find(([id]) => id.startsWith('Key_Policy'))![1];
    expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\.Key_\w+\.arn\}$/);
    expect(keyPolicy.statement[1].condition[0].values).toEqual([expect.stringMatching(/:log-group:aws-waf-logs-stack-Waf$/)]);
  });

  test('exposes its ARN and log group name', () => {
    const acl = aclOver(newStack());

    expect([acl.webAclArn, acl.logGroupName]).toEqual([expect.stringContaining('${TfToken['), expect.stringContaining('${TfToken[')]);
  });

  test.each([9, 2_000_000_001, 10.5])('fails when rateLimitPerIp is %s', (rateLimitPerIp) => {
    expect(() => aclOver(newStack(), { rateLimitPerIp })).toThrow(
      new RegExp(`^stack/Waf: rateLimitPerIp ${rateLimitPerIp} must be a whole number from 10 to 2000000000; AWS WAF counts`),
    );
  });

  test('fails when the rate window is not one WAF offers', () => {
    expect(() => aclOver(newStack(), { rateLimitWindowSeconds: 30 })).toThrow(
      /^stack\/Waf: rateLimitWindowSeconds 30 is not a window AWS WAF offers; use one of 60, 120, 300, 600$/,
    );
  });

  test('fails when the log retention is not a CloudWatch Logs period', () => {
    expect(() => aclOver(newStack(), { logRetentionDays: 10 })).toThrow(/^stack\/Waf: logRetentionDays 10 is not a period CloudWatch Logs offers/);
  });

  test('fails when the name has characters WAF does not allow', () => {
    expect(() => aclOver(newStack(), { name: 'a b' })).toThrow(/^stack\/Waf: web ACL name "stack-a b" is not valid; WAF allows 1 to 128 letters/);
  });

  test('fails on a PRIVATE API', () => {
    const stack = newStack();
    const restApi = new RestApi(stack, 'Api', { endpointType: 'PRIVATE', vpcEndpointIds: ['vpce-1'] });

    expect(() => new WebAcl(stack, 'Waf', { api: restApi })).toThrow(/^stack\/Waf: stack\/Api is PRIVATE, reachable only from VPC endpoints/);
  });
});
