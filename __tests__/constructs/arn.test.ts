import { TerraformOutput } from 'cdktf';
import { accountIdOf, partitionOf, s3Arn } from '../../src/constructs/arn';
import { resources, synth } from '../support/helpers';

describe('partitionOf and accountIdOf', () => {
  test('create one data source per stack, however often they are used', () => {
    const tf = synth((stack) => {
      new TerraformOutput(stack, 'a', { value: `${partitionOf(stack)}:${accountIdOf(stack)}` });
      new TerraformOutput(stack, 'b', { value: `${partitionOf(stack)}:${accountIdOf(stack)}` });
    });

    expect(Object.keys(tf.data.aws_partition)).toEqual(['Partition']);
    expect(Object.keys(tf.data.aws_caller_identity)).toEqual(['CallerIdentity']);
    expect(tf.output!.a.value).toBe('${data.aws_partition.Partition.partition}:${data.aws_caller_identity.CallerIdentity.account_id}');
  });
});

describe('s3Arn', () => {
  test('builds bucket and object ARNs in the provider\'s partition, with no region or account', () => {
    const tf = synth((stack) => {
      new TerraformOutput(stack, 'bucket', { value: s3Arn(stack, 'my-bucket') });
      new TerraformOutput(stack, 'objects', { value: s3Arn(stack, 'my-bucket', 'items/*') });
    });

    expect(tf.output!.bucket.value).toBe('arn:${data.aws_partition.Partition.partition}:s3:::my-bucket');
    expect(tf.output!.objects.value).toBe('arn:${data.aws_partition.Partition.partition}:s3:::my-bucket/items/*');
    expect(resources(tf, 'aws_s3_bucket')).toEqual([]);
  });
});
