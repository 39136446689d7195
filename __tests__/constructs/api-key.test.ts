import { TerraformOutput, TerraformVariable } from 'cdktf';
import { ApiKey } from '../../src/constructs/api-key';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { api, handler, newStack, only, synth, synthValidated } from '../support/helpers';

describe('ApiKey', () => {
  test('is enabled, named <prefix>-<id>, and lets API Gateway generate its value by default', () => {
    const tf = synth((stack) => new ApiKey(stack, 'Partner'));

    expect(only(tf, 'aws_api_gateway_api_key')).toEqual({ name: 'stack-Partner', enabled: true });
  });

  test('takes a name, a description and enabled false', () => {
    const tf = synth((stack) => new ApiKey(stack, 'Partner', { name: 'acme', description: 'ACME Corp', enabled: false }));

    expect(only(tf, 'aws_api_gateway_api_key')).toEqual({ name: 'stack-acme', description: 'ACME Corp', enabled: false });
  });

  test('takes its value from a sensitive variable', () => {
    const tf = synth((stack) => {
      const value = new TerraformVariable(stack, 'partner_key', { type: 'string', sensitive: true }).stringValue;
      new ApiKey(stack, 'Partner', { value });
    });

    expect(only(tf, 'aws_api_gateway_api_key').value).toBe('${var.partner_key}');
  });

  test('exposes its id, ARN and value as references to the key', () => {
    const tf = synth((stack) => {
      const key = new ApiKey(stack, 'Partner');
      new TerraformOutput(stack, 'attributes', { value: { keyId: key.keyId, arn: key.arn }, sensitive: false });
      new TerraformOutput(stack, 'secret', { value: key.value, sensitive: true });
    });

    expect(tf.output!.attributes.value).toEqual({
      keyId: expect.stringMatching(/^\$\{aws_api_gateway_api_key\.Partner_Key_\w+\.id\}$/),
      arn: expect.stringMatching(/^\$\{aws_api_gateway_api_key\.Partner_Key_\w+\.arn\}$/),
    });
    expect(tf.output!.secret).toMatchObject({ value: expect.stringMatching(/\.value\}$/), sensitive: true });
  });

  test('fails when the value is a literal, which would sit in clear in cdk.tf.json', () => {
    expect(() => new ApiKey(newStack(), 'Partner', { value: 'a-literal-key-of-enough-length' })).toThrow(
      /^stack\/Partner: value is a literal string, which would be written in clear into cdk.tf.json; pass a sensitive TerraformVariable's value/,
    );
  });

  test('fails at synth when an output shows the key value without sensitive', () => {
    expect(() =>
      synthValidated((stack) => {
        const key = new ApiKey(stack, 'Partner');
        api(stack).root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')), { apiKeyRequired: true });
        new TerraformOutput(stack, 'key', { value: key.value });
      }),
    ).toThrow(/output "key" shows the API key's value; set sensitive: true on it/);
  });

  test('passes synth when the output of its value is sensitive', () => {
    const tf = synthValidated((stack) => {
      const key = new ApiKey(stack, 'Partner');
      api(stack).root.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')), { apiKeyRequired: true });
      new TerraformOutput(stack, 'key', { value: key.value, sensitive: true });
    });

    expect((tf.output!.key as { sensitive?: boolean }).sensitive).toBe(true);
  });
});
