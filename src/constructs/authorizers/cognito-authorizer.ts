import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { ApiGatewayAuthorizer } from '@cdktf/provider-aws/lib/api-gateway-authorizer';
import type { IAuthorizer } from '../api-method';
import type { RestApi } from '../rest-api/rest-api';
import { DEFAULT_AUTHORIZER_TTL_SECONDS, DEFAULT_IDENTITY_SOURCE } from '../../apigw/defaults';
import { checkProps, propsShape } from '../props';
import { checkAuthorizerTtl, checkIdentitySources } from '../validate';
import { ValidationError } from '../../apigw/errors';

export interface CognitoAuthorizerProps {
  /** The API whose methods the authorizer protects. */
  readonly api: RestApi;
  /** ARNs of the Cognito user pools whose tokens are accepted, such as `aws_cognito_user_pool.arn`. */
  readonly userPoolArns: string[];
  /**
   * The header that carries the token (an ID token, or an access token when methods set `authorizationScopes`).
   * @default 'method.request.header.Authorization'
   */
  readonly identitySource?: string;
  /**
   * Seconds API Gateway reuses a token's verdict, 0 to 3600.
   * @default 300
   */
  readonly resultsCacheTtlSeconds?: number;
  /**
   * Name of the authorizer in the API.
   * @default - the construct id
   */
  readonly name?: string;
}

const COGNITO_AUTHORIZER_PROPS = propsShape<CognitoAuthorizerProps>('CognitoAuthorizerProps', {
  api: true,
  userPoolArns: true,
  identitySource: true,
  resultsCacheTtlSeconds: true,
  name: true,
});

export const DEFAULT_COGNITO_IDENTITY_SOURCE = DEFAULT_IDENTITY_SOURCE;
// arn:<partition>:cognito-idp:<region>:<account>:userpool/<region>_<id> (CreateAuthorizer `providerARNs`).
const USER_POOL_ARN = /^arn:[a-z-]+:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/[a-z0-9-]+_[A-Za-z0-9]+$/;

/** Accepts callers that present a valid token of one of the user pools. Methods use it with `{ authorizer }`. */
export class CognitoAuthorizer extends Construct implements IAuthorizer {
  /** The id of the `aws_api_gateway_authorizer`; undefined when the API's definition is `'openapi'`. */
  public readonly authorizerId?: string;
  public readonly authorizerName: string;
  public readonly authorizationType = 'COGNITO_USER_POOLS' as const;
  public readonly api: RestApi;

  constructor(scope: Construct, id: string, props: CognitoAuthorizerProps) {
    super(scope, id);
    const where = this.node.path;
    checkProps(where, props, COGNITO_AUTHORIZER_PROPS);
    this.api = props.api;
    const identitySource = props.identitySource ?? DEFAULT_COGNITO_IDENTITY_SOURCE;
    const ttlSeconds = props.resultsCacheTtlSeconds ?? DEFAULT_AUTHORIZER_TTL_SECONDS;
    if (props.userPoolArns.length === 0) {
      throw new ValidationError(`${where}: userPoolArns is empty; pass the ARN of at least one Cognito user pool`);
    }
    for (const arn of props.userPoolArns) {
      if (!Token.isUnresolved(arn) && !USER_POOL_ARN.test(arn)) {
        throw new ValidationError(
          `${where}: "${arn}" is not a Cognito user pool ARN; pass one such as aws_cognito_user_pool's arn ("arn:<partition>:cognito-idp:<region>:<account>:userpool/<pool id>")`,
        );
      }
    }
    // Cognito tokens come in one header, as for a TOKEN authorizer.
    checkIdentitySources(where, 'TOKEN', [identitySource]);
    checkAuthorizerTtl(where, ttlSeconds);

    if (this.api.definition === 'openapi' && Token.isUnresolved(props.userPoolArns)) {
      throw new ValidationError(
        `${where}: userPoolArns is a list known only at apply, which an OpenAPI body cannot hold; pass a list of ARNs (each may be a reference), or use definition: 'resources'`,
      );
    }
    this.authorizerName = props.name ?? id;
    this.api._registerAuthorizer(where, {
      name: this.authorizerName,
      type: 'COGNITO_USER_POOLS',
      identitySource,
      resultTtlSeconds: ttlSeconds,
      providerArns: props.userPoolArns,
    });
    if (this.api.definition === 'resources') {
      const authorizer = new ApiGatewayAuthorizer(this, 'Authorizer', {
        restApiId: this.api.restApiId,
        name: this.authorizerName,
        type: 'COGNITO_USER_POOLS',
        providerArns: props.userPoolArns,
        identitySource,
        authorizerResultTtlInSeconds: ttlSeconds,
      });
      this.api._addToDefinition(authorizer);
      this.authorizerId = authorizer.id;
    }
  }
}
