import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Wafv2WebAcl, Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { DEFAULT_LOG_RETENTION_DAYS } from './defaults';
import type { EncryptionKey } from './encryption-key';
import { physicalName } from './naming';
import { checkProps, propsShape } from './props';
import type { RestApi } from './rest-api/rest-api';
import { checkLogRetentionDays, checkWholeNumberInRange } from './validate';
import { ValidationError } from '../apigw/errors';

export interface WebAclProps {
  /** The API whose stage the web ACL protects. */
  readonly api: RestApi;
  /**
   * Name of the web ACL, after the stack's name prefix.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Requests one client IP may make per `rateLimitWindowSeconds` before WAF blocks it (403), 10 to 2,000,000,000.
   * @default 1000
   */
  readonly rateLimitPerIp?: number;
  /**
   * Seconds WAF counts each IP's requests over: 60, 120, 300 or 600.
   * @default 300
   */
  readonly rateLimitWindowSeconds?: number;
  /**
   * Days the WAF log group keeps its logs.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * The KMS key that encrypts the WAF log group (`EncryptionKey`, whose policy then lets CloudWatch Logs use it).
   * @default - CloudWatch Logs' own encryption
   */
  readonly logEncryptionKey?: EncryptionKey;
}

const WEB_ACL_PROPS = propsShape<WebAclProps>('WebAclProps', {
  api: true,
  name: true,
  rateLimitPerIp: true,
  rateLimitWindowSeconds: true,
  logRetentionDays: true,
  logEncryptionKey: true,
});

export const DEFAULT_RATE_LIMIT_PER_IP = 1000;
export const DEFAULT_RATE_LIMIT_WINDOW_SECONDS = 300;
// AWS WAF "Rate-based rule high-level settings": the lowest limit is 10, the windows are 60, 120, 300 and 600 s;
// RateBasedStatement `Limit` is at most 2,000,000,000.
const RATE_LIMIT_RANGE = [10, 2_000_000_000] as const;
const RATE_LIMIT_WINDOWS_SECONDS = [60, 120, 300, 600];

/**
 * AWS managed rule groups the web ACL runs, in order, each answering for itself (`override_action none`):
 * common exploits (OWASP-style), known bad inputs (including Log4j / CVE-2021-44228), and anonymizing
 * networks (VPNs, Tor, hosting providers). Together 950 WCU of the 1,500 a web ACL includes.
 */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesAnonymousIpList',
] as const;

/** Headers that carry credentials: kept out of WAF logs (WAF wants lower-case header names here). */
export const REDACTED_HEADERS = ['authorization', 'x-api-key'];

/**
 * A WAFv2 web ACL (REGIONAL) on the API's stage: blocks an IP above `rateLimitPerIp` requests per window,
 * runs the AWS managed rule groups in `MANAGED_RULE_GROUPS`, and logs to the log group
 * `aws-waf-logs-<name>` (WAF requires that prefix), with credentials redacted.
 */
export class WebAcl extends Construct {
  public readonly webAclArn: string;
  public readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const where = this.node.path;
    checkProps(where, props, WEB_ACL_PROPS);
    const name = physicalName(this, props.name ?? id);
    const rateLimit = props.rateLimitPerIp ?? DEFAULT_RATE_LIMIT_PER_IP;
    const windowSeconds = props.rateLimitWindowSeconds ?? DEFAULT_RATE_LIMIT_WINDOW_SECONDS;
    const logRetentionDays = props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    if (!/^[\w-]{1,128}$/.test(name)) {
      throw new ValidationError(`${where}: web ACL name "${name}" is not valid; WAF allows 1 to 128 letters, digits, "_" and "-"`);
    }
    checkWholeNumberInRange(where, 'rateLimitPerIp', rateLimit, ...RATE_LIMIT_RANGE, 'AWS WAF counts 10 to 2,000,000,000 requests per window');
    if (!RATE_LIMIT_WINDOWS_SECONDS.includes(windowSeconds)) {
      throw new ValidationError(`${where}: rateLimitWindowSeconds ${windowSeconds} is not a window AWS WAF offers; use one of ${RATE_LIMIT_WINDOWS_SECONDS.join(', ')}`);
    }
    checkLogRetentionDays(where, 'logRetentionDays', logRetentionDays);
    if (props.api.endpointType === 'PRIVATE') {
      throw new ValidationError(`${where}: ${props.api.node.path} is PRIVATE, reachable only from VPC endpoints; WAF protects public endpoints, so remove the WebAcl`);
    }

    const acl = new Wafv2WebAcl(this, 'WebAcl', {
      name,
      description: `Rate limit per IP and AWS managed rules for ${props.api.node.path}`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(name),
      rule: [rateLimitRule(name, rateLimit, windowSeconds), ...MANAGED_RULE_GROUPS.map((group, index) => managedRule(name, group, index + 1))],
    });
    this.webAclArn = acl.arn;
    // The stage's own ARN, so the association is made once the stage exists (and scanners see the link).
    new Wafv2WebAclAssociation(this, 'Association', { resourceArn: props.api.stage.arn, webAclArn: acl.arn });

    const logGroupName = `aws-waf-logs-${name}`;
    props.logEncryptionKey?.encryptLogGroup(logGroupName);
    const logGroup = new CloudwatchLogGroup(this, 'LogGroup', { name: logGroupName, retentionInDays: logRetentionDays, kmsKeyId: props.logEncryptionKey?.keyArn });
    this.logGroupName = logGroup.name;
    new Wafv2WebAclLoggingConfiguration(this, 'Logging', {
      resourceArn: acl.arn,
      logDestinationConfigs: [logGroup.arn],
      redactedFields: REDACTED_HEADERS.map((header) => ({ singleHeader: { name: header } })),
    });
  }
}

function visibility(metricName: string) {
  return { cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

function rateLimitRule(aclName: string, limit: number, evaluationWindowSec: number): Wafv2WebAclRule {
  return {
    name: 'RateLimitPerIp',
    priority: 0,
    action: { block: {} },
    statement: { rate_based_statement: { limit, aggregate_key_type: 'IP', evaluation_window_sec: evaluationWindowSec } },
    visibilityConfig: visibility(`${aclName}-RateLimitPerIp`),
  };
}

function managedRule(aclName: string, group: string, priority: number): Wafv2WebAclRule {
  return {
    name: group,
    priority,
    // `none` keeps each group's own block actions (`count` would only count; checkov CKV_AWS_192 needs `none`).
    overrideAction: { none: {} },
    statement: { managed_rule_group_statement: { name: group, vendor_name: 'AWS' } },
    visibilityConfig: visibility(`${aclName}-${group}`),
  };
}
