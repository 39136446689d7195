import { TerraformOutput, Testing } from 'cdktf';
import { EncryptionKey, LOGS_KEY_ACTIONS } from '../../src/constructs/encryption-key';
import { newStack, only, synth, Synthesized } from '../support/helpers';

const ACCOUNT = '${data.aws_caller_identity.CallerIdentity.account_id}';
const PARTITION = '${data.aws_partition.Partition.partition}';
const REGION = '${data.aws_region.Region.region}';
const keyPolicy = (tf: Synthesized) => Object.entries(tf.data.aws_iam_policy_document).find(([id]) => id.startsWith('Key_Policy'))![1];

describe('EncryptionKey', () => {
  test('is a symmetric key rotated every year, recoverable 30 days after deletion, described by its path', () => {
    const tf = synth((stack) => new EncryptionKey(stack, 'Key'));

    expect(only(tf, 'aws_kms_key')).toEqual({
      description: 'lambda-rest-api: stack/Key',
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      policy: expect.stringMatching(/^\$\{data\.aws_iam_policy_document\.Key_Policy_\w+\.json\}$/),
    });
  });

  test('has the alias alias/<prefix>-<id>', () => {
    const tf = synth((stack) => new EncryptionKey(stack, 'Key'));

    expect(only(tf, 'aws_kms_alias')).toEqual({ name: 'alias/stack-Key', target_key_id: expect.stringMatching(/^\$\{aws_kms_key\.Key_\w+\.key_id\}$/) });
  });

  test('takes the alias name, description and deletion window it is given', () => {
    const tf = synth((stack) => new EncryptionKey(stack, 'Key', { aliasName: 'logs', description: 'Logs of the items API', deletionWindowDays: 7 }));

    expect([only(tf, 'aws_kms_alias').name, only(tf, 'aws_kms_key').description, only(tf, 'aws_kms_key').deletion_window_in_days]).toEqual([
      'alias/stack-logs',
      'Logs of the items API',
      7,
    ]);
  });

  test("lets the account's IAM policies use and manage the key, as AWS's default key policy does, and nothing else without log groups", () => {
    const tf = synth((stack) => new EncryptionKey(stack, 'Key'));

    expect(keyPolicy(tf).statement).toEqual([
      {
        sid: 'AccountManagesKeyThroughIam',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: [`arn:${PARTITION}:iam::${ACCOUNT}:root`] }],
        actions: ['kms:*'],
        resources: ['*'],
      },
    ]);
  });

  test("lets CloudWatch Logs of the stack's region use the key for the registered log groups only", () => {
    const tf = synth((stack) => {
      const key = new EncryptionKey(stack, 'Key');
      key.encryptLogGroup('/aws/lambda/a');
      key.encryptLogGroup('/aws/lambda/b');
      key.encryptLogGroup('/aws/lambda/a');
    });

    expect(keyPolicy(tf).statement[1]).toEqual({
      sid: 'CloudWatchLogsEncryptsTheseLogGroups',
      effect: 'Allow',
      principals: [{ type: 'Service', identifiers: [`logs.${REGION}.amazonaws.com`] }],
      actions: LOGS_KEY_ACTIONS,
      resources: ['*'],
      condition: [
        {
          test: 'ArnLike',
          variable: 'kms:EncryptionContext:aws:logs:arn',
          values: [`arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/a`, `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/b`],
        },
      ],
    });
  });

  test('names each action CloudWatch Logs needs, with no wildcard', () => {
    expect(LOGS_KEY_ACTIONS).toEqual([
      'kms:Encrypt',
      'kms:Decrypt',
      'kms:ReEncryptFrom',
      'kms:ReEncryptTo',
      'kms:GenerateDataKey',
      'kms:GenerateDataKeyWithoutPlaintext',
      'kms:DescribeKey',
    ]);
  });

  test('exposes its ARN, id and alias as references', () => {
    const tf = synth((stack) => {
      const key = new EncryptionKey(stack, 'Key');
      new TerraformOutput(stack, 'key', { value: { arn: key.keyArn, id: key.keyId, alias: key.aliasName } });
    });

    expect(tf.output!.key.value).toEqual({
      arn: expect.stringMatching(/^\$\{aws_kms_key\.Key_\w+\.arn\}$/),
      id: expect.stringMatching(/^\$\{aws_kms_key\.Key_\w+\.key_id\}$/),
      alias: expect.stringMatching(/^\$\{aws_kms_alias\.Key_Alias_\w+\.name\}$/),
    });
  });

  test.each([6, 31, 10.5])('fails when deletionWindowDays is %p', (deletionWindowDays) => {
    expect(() => new EncryptionKey(newStack(), 'Key', { deletionWindowDays })).toThrow(
      `stack/Key: deletionWindowDays ${deletionWindowDays} must be a whole number from 7 to 30; KMS keeps a deleted key 7 to 30 days`,
    );
  });

  test('fails when the alias name has a character KMS does not allow', () => {
    expect(() => new EncryptionKey(newStack(), 'Key', { aliasName: 'my key' })).toThrow(
      'stack/Key: key alias "alias/stack-my key" is not valid; use letters, digits, "/", "_" and "-" in aliasName, not starting with "aws/"',
    );
  });

  test('fails when a log group is registered after synthesis began', () => {
    const stack = newStack();
    const key = new EncryptionKey(stack, 'Key');
    Testing.synth(stack);

    expect(() => key.encryptLogGroup('/aws/lambda/late')).toThrow(
      'stack/Key: encryptLogGroup("/aws/lambda/late") was called after synthesis began; create every log group before synth',
    );
  });
});
