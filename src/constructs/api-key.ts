import { DefaultTokenResolver, StringConcat, TerraformOutput, TerraformStack, Token, Tokenization } from 'cdktf';
import { Construct } from 'constructs';
import { ApiGatewayApiKey } from '@cdktf/provider-aws/lib/api-gateway-api-key';
import { physicalName } from './naming';
import { checkProps, propsShape } from './props';
import { ValidationError } from '../apigw/errors';

export interface ApiKeyProps {
  /**
   * Name of the key, after the stack's name prefix.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Description of the key, such as who it was given to.
   * @default - no description
   */
  readonly description?: string;
  /**
   * Whether callers can use the key.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The key's value (20 to 128 letters and digits), as a token such as a sensitive `TerraformVariable`: a literal
   * would be written in clear into `cdk.tf.json`, which is often committed.
   * @default - API Gateway generates the value
   */
  readonly value?: string;
}

/** Resolves tokens as a stack does when it writes `cdk.tf.json` (cdktf's internal `resolve` is this, from public parts). */
const TOKEN_RESOLVER = new DefaultTokenResolver(new StringConcat());

const API_KEY_PROPS = propsShape<ApiKeyProps>('ApiKeyProps', { name: true, description: true, enabled: true, value: true });

/**
 * An API key that callers send in the `x-api-key` header. It grants nothing until a `UsagePlan` lists it
 * (`plan.addApiKey(key)`), and methods ask for it with `apiKeyRequired`. API keys identify callers for
 * throttling and quotas; they are not a means of authorization (use an authorizer or IAM for that).
 */
export class ApiKey extends Construct {
  /** The key's id (not its value). */
  public readonly keyId: string;
  public readonly arn: string;
  /** The key's value: a secret, so any `TerraformOutput` of it must be `sensitive` (synth fails otherwise). */
  public readonly value: string;

  private readonly key: ApiGatewayApiKey;

  constructor(scope: Construct, id: string, props: ApiKeyProps = {}) {
    super(scope, id);
    checkProps(this.node.path, props, API_KEY_PROPS);
    if (props.value !== undefined && !Token.isUnresolved(props.value)) {
      throw new ValidationError(
        `${this.node.path}: value is a literal string, which would be written in clear into cdk.tf.json; pass a sensitive TerraformVariable's value, or leave it out to let API Gateway generate one`,
      );
    }
    this.key = new ApiGatewayApiKey(this, 'Key', {
      name: physicalName(this, props.name ?? id),
      description: props.description,
      enabled: props.enabled ?? true,
      value: props.value,
    });
    this.keyId = this.key.id;
    this.arn = this.key.arn;
    this.value = this.key.value;
    this.node.addValidation({ validate: () => this.outputsThatRevealValue() });
  }

  /** Outputs that print the key's value without `sensitive`: `terraform apply` would show it in CI logs. */
  private outputsThatRevealValue(): string[] {
    const stack = TerraformStack.of(this);
    const reference = `${this.key.terraformResourceType}.${this.key.friendlyUniqueId}.value`;
    return stack.node
      .findAll()
      .filter((node): node is TerraformOutput => node instanceof TerraformOutput)
      .filter((output) => !output.sensitive && JSON.stringify(Tokenization.resolve(output.value, { scope: stack, preparing: false, resolver: TOKEN_RESOLVER })).includes(reference))
      .map((output) => `output "${output.friendlyUniqueId}" shows the API key's value; set sensitive: true on it`);
  }
}
