import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { LambdaCodeSigningConfig } from '@cdktf/provider-aws/lib/lambda-code-signing-config';
import { SignerSigningProfile } from '@cdktf/provider-aws/lib/signer-signing-profile';
import { physicalName } from './naming';
import { checkProps, propsShape } from './props';
import { ValidationError } from '../apigw/errors';

/** What Lambda does with code that is not signed by an allowed profile: deploy it and log a warning, or refuse it. */
export type UntrustedArtifactPolicy = 'Warn' | 'Enforce';
export const UNTRUSTED_ARTIFACT_POLICIES: readonly UntrustedArtifactPolicy[] = ['Warn', 'Enforce'];
export const DEFAULT_UNTRUSTED_ARTIFACT_POLICY: UntrustedArtifactPolicy = 'Warn';

export interface CodeSigningConfigProps {
  /**
   * Version ARNs of the AWS Signer profiles whose signatures Lambda trusts, 1 to 20.
   * @default - one new signing profile, `<prefix>_<id>`, on the `AWSLambda-SHA384-ECDSA` platform
   */
  readonly signingProfileVersionArns?: string[];
  /**
   * What Lambda does with a deployment whose code is unsigned, or signed by another profile, expired or revoked.
   * `LambdaHandler` deploys the zip it bundles at synth, which is unsigned, so it accepts only `'Warn'`.
   * @default 'Warn'
   */
  readonly untrustedArtifactOnDeployment?: UntrustedArtifactPolicy;
  /**
   * Description of the configuration.
   * @default - names the construct path
   */
  readonly description?: string;
}

/** The AWS Signer platform for Lambda code (Signer `PutSigningProfile` `platformId` for Lambda). */
export const LAMBDA_SIGNING_PLATFORM = 'AWSLambda-SHA384-ECDSA';
// CreateCodeSigningConfig AllowedPublishers `SigningProfileVersionArns`: 1 to 20.
const MAX_SIGNING_PROFILES = 20;

const CODE_SIGNING_CONFIG_PROPS = propsShape<CodeSigningConfigProps>('CodeSigningConfigProps', { signingProfileVersionArns: true, untrustedArtifactOnDeployment: true, description: true });

/**
 * A Lambda code signing configuration (`code_signing_config_arn` of the functions given it): which AWS Signer profiles
 * Lambda trusts, and whether it refuses code they did not sign. Signing the code itself is a Signer job on an S3
 * object, which happens in a pipeline, outside this stack.
 */
export class CodeSigningConfig extends Construct {
  public readonly codeSigningConfigArn: string;
  public readonly signingProfileVersionArns: string[];
  public readonly untrustedArtifactOnDeployment: UntrustedArtifactPolicy;

  constructor(scope: Construct, id: string, props: CodeSigningConfigProps = {}) {
    super(scope, id);
    const where = this.node.path;
    checkProps(where, props, CODE_SIGNING_CONFIG_PROPS);
    this.untrustedArtifactOnDeployment = props.untrustedArtifactOnDeployment ?? DEFAULT_UNTRUSTED_ARTIFACT_POLICY;
    if (!UNTRUSTED_ARTIFACT_POLICIES.includes(this.untrustedArtifactOnDeployment)) {
      throw new ValidationError(`${where}: untrustedArtifactOnDeployment "${this.untrustedArtifactOnDeployment}" is not valid; use 'Warn' or 'Enforce'`);
    }
    const given = props.signingProfileVersionArns;
    if (given !== undefined && !Token.isUnresolved(given) && (given.length === 0 || given.length > MAX_SIGNING_PROFILES)) {
      throw new ValidationError(
        `${where}: signingProfileVersionArns lists ${given.length} profiles; Lambda trusts 1 to ${MAX_SIGNING_PROFILES}, so list at least one or leave it out to create one`,
      );
    }
    this.signingProfileVersionArns = given ?? [this.signingProfile().versionArn];

    const config = new LambdaCodeSigningConfig(this, 'Config', {
      description: props.description ?? `lambda-rest-api: ${where}`,
      allowedPublishers: { signingProfileVersionArns: this.signingProfileVersionArns },
      policies: { untrustedArtifactOnDeployment: this.untrustedArtifactOnDeployment },
    });
    this.codeSigningConfigArn = config.arn;
  }

  private signingProfile(): SignerSigningProfile {
    // Signer profile names are 2 to 64 letters, digits and "_" (PutSigningProfile `profileName`).
    const name = physicalName(this, this.node.id).replace(/-/g, '_');
    if (!/^[A-Za-z0-9_]{2,64}$/.test(name)) {
      throw new ValidationError(`${this.node.path}: signing profile name "${name}" is not valid; Signer allows 2 to 64 letters, digits and "_": shorten the name prefix or the construct id`);
    }
    return new SignerSigningProfile(this, 'SigningProfile', { name, platformId: LAMBDA_SIGNING_PLATFORM });
  }
}
