import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { ApiStack, ApiStackProps, ROUTES } from '../../example/api-stack';
import { ENVIRONMENTS } from '../../example/environments';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { RestApi } from '../../src/constructs/rest-api/rest-api';
import { SCANNER_EXCEPTIONS } from '../../example/security-exceptions';
import { handler, synth, Synthesized, testApp } from '../support/helpers';
import { SCANNER_CHECKS } from '../support/scanner-checks';

// The scanner checks of the shared security-rules research, over the synthesized `prod` example: each passes,
// or is a documented exception (src/security-exceptions.ts, shown in the README) that it really fails.

let stackCount = 0;
function synthProd(change: Partial<ApiStackProps> = {}): Synthesized {
  const stack = new ApiStack(testApp(), `prod${stackCount++ || ''}`, { ...ENVIRONMENTS.prod, ...change });
  return JSON.parse(Testing.synth(stack, true)) as Synthesized;
}

function check(id: string) {
  const found = SCANNER_CHECKS.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found.check;
}

/** `tf` with `edit` applied to a deep copy. */
function edited(tf: Synthesized, edit: (copy: Synthesized) => void): Synthesized {
  const copy = structuredClone(tf);
  edit(copy);
  return copy;
}

const firstOf = (tf: Synthesized, type: string) => Object.values(tf.resource[type])[0] as Record<string, any>;
const exceptionIds = SCANNER_EXCEPTIONS.map((exception) => exception.id);
// Read-only in every test: the tests that take a protection out edit a copy.
const prod = synthProd();

describe('prod passes the scanner checks', () => {
  test.each(SCANNER_CHECKS.filter((c) => !exceptionIds.includes(c.id)).map((c) => [`${c.id}: ${c.title}`, c] as const))('%s', (_name, scannerCheck) => {
    expect(scannerCheck.check(prod)).toEqual([]);
  });

  test.each(SCANNER_EXCEPTIONS.map((e) => [e.id, e] as const))('%s is a documented exception that prod really fails', (id) => {
    expect(check(id)(prod)).not.toEqual([]);
  });

  test('every exception names a check, once', () => {
    expect(exceptionIds.filter((id) => !SCANNER_CHECKS.some((c) => c.id === id))).toEqual([]);
    expect(new Set(exceptionIds).size).toBe(exceptionIds.length);
  });

  test('docs/security.md lists exactly the exceptions, with their reasons', () => {
    const page = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'security.md'), 'utf8');
    const rows = [...page.matchAll(/^\| `([^`]+)` \| (.+) \|$/gm)].map((row) => ({ id: row[1], reason: row[2] }));

    expect(rows).toEqual(SCANNER_EXCEPTIONS.map((e) => ({ id: e.id, reason: e.reason })));
  });
});

describe('removing a protection makes its checks fail', () => {
  test('without WAF: CKV2_AWS_29 and AwsSolutions-APIG3', () => {
    const tf = synthProd({ wafRateLimitPerIp: undefined });

    expect([check('CKV2_AWS_29')(tf), check('AwsSolutions-APIG3')(tf)]).toEqual([[expect.stringMatching(/^aws_api_gateway_stage\./)], [expect.stringMatching(/^aws_api_gateway_stage\./)]]);
  });

  test('without request validators: AwsSolutions-APIG2', () => {
    const tf = edited(prod, (copy) => delete copy.resource.aws_api_gateway_request_validator);

    expect(check('AwsSolutions-APIG2')(tf)).toEqual([expect.stringMatching(/^aws_api_gateway_rest_api\./)]);
  });

  test('without access logs: CKV_AWS_76, AWS-0001, AC_AWS_0012 and AwsSolutions-APIG1', () => {
    const tf = synthProd({ accessLogs: false });

    for (const id of ['CKV_AWS_76', 'AWS-0001', 'AC_AWS_0012', 'AwsSolutions-APIG1']) expect(check(id)(tf)).toHaveLength(1);
  });

  test('without execution logging and metrics: CKV2_AWS_4 and AwsSolutions-APIG6', () => {
    const tf = synthProd({ loggingLevel: 'OFF', metricsEnabled: false });

    expect([check('CKV2_AWS_4')(tf).length, check('AwsSolutions-APIG6')(tf).length]).toEqual([1, 1]);
  });

  test('without API keys: CKV_AWS_59 and AWS-0004 on the read routes', () => {
    const tf = synthProd({ clientPlan: undefined });
    // Writes still need the authorizer's token; reads and the fallback's routes are open.
    const open = [...ROUTES.filter((route) => route.access === 'read').map((route) => route.route), 'ANY /', 'ANY /{proxy+}'];

    expect(check('CKV_AWS_59')(tf)).toHaveLength(open.length);
    // Trivy does not see methods on the root resource.
    expect(check('AWS-0004')(tf)).toHaveLength(open.filter((route) => !route.endsWith(' /')).length);
  });

  test('without the customer-managed key: CKV_AWS_158, AWS-0017 and AC_AWS_0451 on every log group, CKV_AWS_173 and AC_AWS_0483 on every function with an environment', () => {
    const tf = synthProd({ customerManagedKey: false });
    const logGroups = Object.keys(tf.resource.aws_cloudwatch_log_group).length;

    expect([check('CKV_AWS_158')(tf).length, check('AWS-0017')(tf).length, check('AC_AWS_0451')(tf).length]).toEqual([logGroups, logGroups, logGroups]);
    // list-items, get-item, put-item (ITEMS_BUCKET), fallback (ROUTES) and the authorizer (WRITER_TOKEN_SHA256).
    expect([check('CKV_AWS_173')(tf).length, check('AC_AWS_0483')(tf).length]).toEqual([5, 5]);
  });

  test('a custom domain that accepts TLS 1.0: CKV_AWS_206 and AWS-0005; with the default TLS_1_2 neither', () => {
    const customDomain = { domainName: 'api.items.example.com', hostedZoneName: 'items.example.com' };
    const secure = synthProd({ customDomain });
    const legacy = edited(secure, (copy) => (firstOf(copy, 'aws_api_gateway_domain_name').security_policy = 'TLS_1_0'));

    expect([check('CKV_AWS_206')(secure), check('AWS-0005')(secure)]).toEqual([[], []]);
    expect([check('CKV_AWS_206')(legacy).length, check('AWS-0005')(legacy).length]).toEqual([1, 1]);
  });

  test('without stage or function tracing: CKV_AWS_73, AWS-0003, AWS-0066 and AC_AWS_0485', () => {
    const tf = synth((stack) => {
      const fn = handler(stack, 'fn', { tracing: false });
      new RestApi(stack, 'Api', { tracingEnabled: false }).root.addMethod('GET', new LambdaIntegration(fn), { apiKeyRequired: true });
    });

    for (const id of ['CKV_AWS_73', 'AWS-0003', 'AWS-0066', 'AC_AWS_0485', 'CKV_AWS_50']) expect(check(id)(tf)).toHaveLength(1);
  });

  describe('on the prod output with one protection taken out', () => {
    test('a permission without source_arn: AWS-0067 (CKV_AWS_364 still has the account)', () => {
      const tf = edited(prod, (copy) => delete firstOf(copy, 'aws_lambda_permission').source_arn);

      expect([check('AWS-0067')(tf).length, check('CKV_AWS_364')(tf).length]).toEqual([1, 0]);
    });

    test('a web ACL without the known-bad-inputs group: CKV_AWS_192 and CKV2_AWS_77', () => {
      const tf = edited(prod, (copy) => {
        const acl = firstOf(copy, 'aws_wafv2_web_acl');
        acl.rule = acl.rule.filter((rule: { name: string }) => rule.name !== 'AWSManagedRulesKnownBadInputsRuleSet');
      });

      expect([check('CKV_AWS_192')(tf).length, check('CKV2_AWS_77')(tf).length]).toEqual([1, 1]);
    });

    test('a web ACL without logging: CKV2_AWS_31', () => {
      const tf = edited(prod, (copy) => delete copy.resource.aws_wafv2_web_acl_logging_configuration);

      expect(check('CKV2_AWS_31')(tf)).toHaveLength(1);
    });

    test('a log group without retention: CKV_AWS_66, CKV_AWS_338, AC_AWS_0452', () => {
      const tf = edited(prod, (copy) => delete firstOf(copy, 'aws_cloudwatch_log_group').retention_in_days);

      for (const id of ['CKV_AWS_66', 'CKV_AWS_338', 'AC_AWS_0452']) expect(check(id)(tf)).toHaveLength(1);
    });

    test('a deployment and an API without create_before_destroy: CKV_AWS_217 and CKV_AWS_237', () => {
      const tf = edited(prod, (copy) => {
        delete firstOf(copy, 'aws_api_gateway_deployment').lifecycle;
        delete firstOf(copy, 'aws_api_gateway_rest_api').lifecycle;
      });

      expect([check('CKV_AWS_217')(tf).length, check('CKV_AWS_237')(tf).length]).toEqual([1, 1]);
    });

    test('a key that does not rotate: CKV_AWS_7', () => {
      const tf = edited(prod, (copy) => delete firstOf(copy, 'aws_kms_key').enable_key_rotation);

      expect(check('CKV_AWS_7')(tf)).toHaveLength(1);
    });

    test("a trust policy that lets the account assume the role: CKV_AWS_61, which the key policy's account statement does not fail", () => {
      const tf = edited(prod, (copy) => {
        const trust = copy.data.aws_iam_policy_document.LambdaTrustPolicy;
        trust.statement[0].principals = [{ type: 'AWS', identifiers: ['arn:aws:iam::123456789012:root'] }];
      });

      expect([check('CKV_AWS_61')(prod), check('CKV_AWS_61')(tf)]).toEqual([[], ['data.aws_iam_policy_document.LambdaTrustPolicy']]);
    });

    test('an unencrypted cache: CKV_AWS_308 and AWS-0002', () => {
      const tf = edited(prod, (copy) => {
        for (const settings of Object.values(copy.resource.aws_api_gateway_method_settings)) settings.settings.cache_data_encrypted = false;
      });

      expect([check('CKV_AWS_308')(tf).length, check('AWS-0002')(tf).length]).toEqual([1, 1]);
    });

    test('a wildcard action: CKV_AWS_49, CKV_AWS_62, CKV_AWS_63 and AC_AWS_0147', () => {
      const tf = edited(prod, (copy) => {
        const document = Object.values(copy.data.aws_iam_policy_document).find((d) => d.statement.some((s: { sid?: string }) => s.sid === 'SendTraces'))!;
        document.statement.find((s: { sid?: string }) => s.sid === 'SendTraces').actions = ['*'];
      });

      // The key policy already fails CKV_AWS_355 on purpose (an exception); the wildcard adds one more document.
      for (const id of ['CKV_AWS_49', 'CKV_AWS_62', 'CKV_AWS_63', 'AC_AWS_0147', 'CKV_AWS_355']) {
        expect(check(id)(tf).filter((address) => !check(id)(prod).includes(address))).toHaveLength(1);
      }
    });
  });
});
