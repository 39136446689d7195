import { TerraformOutput } from 'cdktf';
import { CodeSigningConfig } from '../../src/constructs/code-signing-config';
import { newStack, only, resources, synth } from '../support/helpers';

describe('CodeSigningConfig', () => {
  test('trusts a new AWS Signer profile for Lambda, named <prefix>_<id>, and only warns about unsigned code by default', () => {
    const tf = synth((stack) => new CodeSigningConfig(stack, 'Signing'));

    expect(only(tf, 'aws_signer_signing_profile')).toEqual({ name: 'stack_Signing', platform_id: 'AWSLambda-SHA384-ECDSA' });
    expect(only(tf, 'aws_lambda_code_signing_config')).toEqual({
      description: 'lambda-rest-api: stack/Signing',
      allowed_publishers: { signing_profile_version_arns: [expect.stringMatching(/^\$\{aws_signer_signing_profile\.Signing_SigningProfile_\w+\.version_arn\}$/)] },
      policies: { untrusted_artifact_on_deployment: 'Warn' },
    });
  });

  test('trusts the profiles it is given, and creates none', () => {
    const arn = 'arn:aws:signer:eu-west-1:123456789012:/signing-profiles/release/abc123';

    const tf = synth((stack) => new CodeSigningConfig(stack, 'Signing', { signingProfileVersionArns: [arn], untrustedArtifactOnDeployment: 'Enforce', description: 'Release' }));

    expect(resources(tf, 'aws_signer_signing_profile')).toEqual([]);
    expect(only(tf, 'aws_lambda_code_signing_config')).toEqual({
      description: 'Release',
      allowed_publishers: { signing_profile_version_arns: [arn] },
      policies: { untrusted_artifact_on_deployment: 'Enforce' },
    });
  });

  test('exposes its ARN as a reference', () => {
    const tf = synth((stack) => {
      new TerraformOutput(stack, 'arn', { value: new CodeSigningConfig(stack, 'Signing').codeSigningConfigArn });
    });

    expect(tf.output!.arn.value).toMatch(/^\$\{aws_lambda_code_signing_config\.Signing_Config_\w+\.arn\}$/);
  });

  test('fails when the policy is neither Warn nor Enforce', () => {
    expect(() => new CodeSigningConfig(newStack(), 'Signing', { untrustedArtifactOnDeployment: 'Block' as never })).toThrow(
      `stack/Signing: untrustedArtifactOnDeployment "Block" is not valid; use 'Warn' or 'Enforce'`,
    );
  });

  test('fails when the list of profiles is empty', () => {
    expect(() => new CodeSigningConfig(newStack(), 'Signing', { signingProfileVersionArns: [] })).toThrow(
      'stack/Signing: signingProfileVersionArns lists 0 profiles; Lambda trusts 1 to 20, so list at least one or leave it out to create one',
    );
  });

  test('fails when the signing profile name would be longer than Signer allows', () => {
    expect(() => new CodeSigningConfig(newStack(), 'S'.repeat(64))).toThrow(/^stack\/S+: signing profile name "stack_S+" is not valid; Signer allows 2 to 64 letters, digits and "_"/);
  });
});
