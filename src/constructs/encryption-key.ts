import { Aspects, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { accountRootArn, logGroupArn, logsServicePrincipal } from './arn';
import { physicalName } from './naming';
import { checkProps, propsShape } from './props';
import { checkWholeNumberInRange } from './validate';
import { ValidationError } from '../apigw/errors';

export interface EncryptionKeyProps {
  /**
   * Name of the key's alias, after `alias/` and the stack's name prefix.
   * @default - the construct id
   */
  readonly aliasName?: string;
  /**
   * Description of the key.
   * @default - names the construct path
   */
  readonly description?: string;
  /**
   * Days a deleted key can still be recovered, 7 to 30; data it encrypted is lost with it.
   * @default 30
   */
  readonly deletionWindowDays?: number;
}

export const DEFAULT_DELETION_WINDOW_DAYS = 30;
// ScheduleKeyDeletion `PendingWindowInDays`: 7 to 30.
const DELETION_WINDOW_RANGE_DAYS = [7, 30] as const;

/**
 * What CloudWatch Logs does with a log group's key ("Encrypt log data in CloudWatch Logs using AWS KMS", step 2:
 * `kms:Encrypt*`, `kms:Decrypt*`, `kms:ReEncrypt*`, `kms:GenerateDataKey*`, `kms:Describe*`), each action named.
 */
export const LOGS_KEY_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:DescribeKey',
];

const ENCRYPTION_KEY_PROPS = propsShape<EncryptionKeyProps>('EncryptionKeyProps', { aliasName: true, description: true, deletionWindowDays: true });

/**
 * A customer-managed KMS key (symmetric, rotated every year) for the stack's log groups and functions' environment
 * variables. Its key policy lets the account's IAM policies grant its use, as AWS's default key policy does, and
 * lets CloudWatch Logs of the stack's region use it only for the log groups given to it (the constructs that take
 * it register their groups), through the `kms:EncryptionContext:aws:logs:arn` condition.
 */
export class EncryptionKey extends Construct {
  public readonly keyArn: string;
  public readonly keyId: string;
  /** `alias/<prefix>-<name>`. */
  public readonly aliasName: string;

  private readonly key: KmsKey;
  private readonly logGroupNames: string[] = [];
  private policyRendered = false;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps = {}) {
    super(scope, id);
    const where = this.node.path;
    checkProps(where, props, ENCRYPTION_KEY_PROPS);
    const deletionWindowDays = props.deletionWindowDays ?? DEFAULT_DELETION_WINDOW_DAYS;
    const aliasName = `alias/${physicalName(this, props.aliasName ?? id)}`;
    checkWholeNumberInRange(where, 'deletionWindowDays', deletionWindowDays, ...DELETION_WINDOW_RANGE_DAYS, 'KMS keeps a deleted key 7 to 30 days');
    // CreateAlias `AliasName`: `alias/` then letters, digits and "/_-", 256 characters in all; `alias/aws/` is AWS's.
    if (!/^alias\/[A-Za-z0-9/_-]+$/.test(aliasName) || aliasName.length > 256 || aliasName.startsWith('alias/aws/')) {
      throw new ValidationError(`${where}: key alias "${aliasName}" is not valid; use letters, digits, "/", "_" and "-" in aliasName, not starting with "aws/"`);
    }

    this.key = new KmsKey(this, 'Key', {
      description: props.description ?? `lambda-rest-api: ${where}`,
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindowDays,
    });
    const alias = new KmsAlias(this, 'Alias', { name: aliasName, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;
    this.keyId = this.key.keyId;
    this.aliasName = alias.name;
    // The log groups register while the stack is built; the policy is written once they all have.
    Aspects.of(this).add({ visit: (node: IConstruct) => node === this && this.renderPolicy() });
  }

  /** Lets CloudWatch Logs use the key for the log group `logGroupName` of this stack's account and region. */
  public encryptLogGroup(logGroupName: string): void {
    if (this.policyRendered) {
      throw new ValidationError(`${this.node.path}: encryptLogGroup("${logGroupName}") was called after synthesis began; create every log group before synth`);
    }
    if (!Token.isUnresolved(logGroupName) && this.logGroupNames.includes(logGroupName)) return;
    this.logGroupNames.push(logGroupName);
  }

  private renderPolicy(): void {
    if (this.policyRendered) return;
    this.policyRendered = true;
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        // AWS KMS "Default key policy": without it no IAM policy of the account could use or manage the key, and
        // KMS refuses a policy that locks its caller out. In a key policy, "*" is this key.
        sid: 'AccountManagesKeyThroughIam',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: [accountRootArn(this)] }],
        actions: ['kms:*'],
        resources: ['*'],
      },
    ];
    if (this.logGroupNames.length > 0) {
      statements.push({
        sid: 'CloudWatchLogsEncryptsTheseLogGroups',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: [logsServicePrincipal(this)] }],
        actions: LOGS_KEY_ACTIONS,
        resources: ['*'],
        condition: [{ test: 'ArnLike', variable: 'kms:EncryptionContext:aws:logs:arn', values: this.logGroupNames.map((name) => logGroupArn(this, name)) }],
      });
    }
    this.key.policy = new DataAwsIamPolicyDocument(this, 'Policy', { statement: statements }).json;
  }
}
