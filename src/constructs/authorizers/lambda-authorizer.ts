import { createHash } from 'node:crypto';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { ApiGatewayAuthorizer } from '@cdktf/provider-aws/lib/api-gateway-authorizer';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import type { IAuthorizer } from '../api-method';
import { accountIdOf } from '../arn';
import type { LambdaHandler } from '../lambda-handler/lambda-handler';
import type { RestApi } from '../rest-api/rest-api';
import { DEFAULT_AUTHORIZER_TTL_SECONDS, DEFAULT_IDENTITY_SOURCE } from '../../apigw/defaults';
import { checkProps, propsShape } from '../props';
import { checkAuthorizerTtl, checkIdentitySources } from '../validate';
import { ValidationError } from '../../apigw/errors';

export type LambdaAuthorizerType = 'TOKEN' | 'REQUEST';

export interface LambdaAuthorizerProps {
  /** The API whose methods the authorizer protects. */
  readonly api: RestApi;
  /** The function that decides: it returns an IAM policy that allows or denies `execute-api:Invoke`. */
  readonly handler: LambdaHandler;
  /**
   * `TOKEN`: the function gets one header's value (a bearer token). `REQUEST`: it gets the headers, query string,
   * stage variables and context of the request.
   * @default 'TOKEN'
   */
  readonly type?: LambdaAuthorizerType;
  /**
   * Where the caller's identity is; requests that lack any of them get 401 without calling the function.
   * They also key the cache of answers. `TOKEN` takes one header.
   * @default ['method.request.header.Authorization']
   */
  readonly identitySources?: string[];
  /**
   * A regular expression a `TOKEN` must match; others get 401 without calling the function.
   * @default - every token reaches the function
   */
  readonly tokenValidationRegex?: string;
  /**
   * Seconds API Gateway reuses the function's answer for the same identity, 0 (every request calls it) to 3600.
   * @default 300
   */
  readonly resultsCacheTtlSeconds?: number;
  /**
   * Name of the authorizer in the API.
   * @default - the construct id
   */
  readonly name?: string;
}

const LAMBDA_AUTHORIZER_PROPS = propsShape<LambdaAuthorizerProps>('LambdaAuthorizerProps', {
  api: true,
  handler: true,
  type: true,
  identitySources: true,
  tokenValidationRegex: true,
  resultsCacheTtlSeconds: true,
  name: true,
});

export const DEFAULT_IDENTITY_SOURCES = [DEFAULT_IDENTITY_SOURCE];

/**
 * A Lambda (custom) authorizer. Methods use it with `addMethod(verb, integration, { authorizer })`. It grants
 * API Gateway the right to invoke its function for this authorizer only (`<execution_arn>/authorizers/<id>`), or,
 * in an API with `definition: 'openapi'`, whose authorizers have no id at synth, for the API's authorizers
 * (`<execution_arn>/authorizers/*`).
 */
export class LambdaAuthorizer extends Construct implements IAuthorizer {
  /** The id of the `aws_api_gateway_authorizer`; undefined when the API's definition is `'openapi'`. */
  public readonly authorizerId?: string;
  public readonly authorizerName: string;
  public readonly authorizationType = 'CUSTOM' as const;
  public readonly api: RestApi;
  public readonly type: LambdaAuthorizerType;

  constructor(scope: Construct, id: string, props: LambdaAuthorizerProps) {
    super(scope, id);
    const where = this.node.path;
    checkProps(where, props, LAMBDA_AUTHORIZER_PROPS);
    this.api = props.api;
    this.type = props.type ?? 'TOKEN';
    const identitySources = props.identitySources ?? DEFAULT_IDENTITY_SOURCES;
    const ttlSeconds = props.resultsCacheTtlSeconds ?? DEFAULT_AUTHORIZER_TTL_SECONDS;
    if (!['TOKEN', 'REQUEST'].includes(this.type)) {
      throw new ValidationError(`${where}: type "${this.type}" is not valid; use 'TOKEN' or 'REQUEST'`);
    }
    checkIdentitySources(where, this.type, identitySources);
    checkAuthorizerTtl(where, ttlSeconds);
    // CreateAuthorizer `identitySource`: "For the REQUEST authorizer, this is required when authorization caching is enabled."
    if (identitySources.length === 0 && ttlSeconds > 0) {
      throw new ValidationError(
        `${where}: a REQUEST authorizer that caches answers (resultsCacheTtlSeconds ${ttlSeconds}) needs identity sources to key them, but identitySources is []; list at least one, such as "method.request.header.Authorization", or set resultsCacheTtlSeconds to 0`,
      );
    }
    if (props.tokenValidationRegex !== undefined) checkTokenRegex(where, this.type, props.tokenValidationRegex);

    this.authorizerName = props.name ?? id;
    // The function, or the alias of the API's stage when the handler has one per stage, in either definition.
    const target = props.handler.invokeTargetFor(this.api);
    const definition = {
      name: this.authorizerName,
      type: this.type,
      uri: target.invokeArn,
      identitySource: identitySources.join(','),
      identityValidationExpression: props.tokenValidationRegex,
      resultTtlSeconds: ttlSeconds,
      providerArns: [],
    };
    this.api._registerAuthorizer(where, definition);
    if (this.api.definition === 'resources') {
      const authorizer = new ApiGatewayAuthorizer(this, 'Authorizer', {
        restApiId: this.api.restApiId,
        name: definition.name,
        type: this.type,
        authorizerUri: definition.uri,
        identitySource: definition.identitySource,
        identityValidationExpression: definition.identityValidationExpression,
        authorizerResultTtlInSeconds: ttlSeconds,
      });
      // Authorizer changes reach callers only with a new deployment.
      this.api._addToDefinition(authorizer);
      this.authorizerId = authorizer.id;
    }

    new LambdaPermission(this, 'InvokePermission', {
      statementId: `apigw-authorizer-${createHash('sha1').update(where).digest('hex').slice(0, 12)}`,
      action: 'lambda:InvokeFunction',
      // The function's ARN is a reference to it, so scanners link the permission to the function.
      functionName: props.handler.functionArn,
      qualifier: target.qualifier,
      principal: 'apigateway.amazonaws.com',
      // An authorizer API Gateway creates from an OpenAPI body has no id at synth: any authorizer of this API.
      sourceArn: this.api.arnForAuthorizer(this.authorizerId ?? '*'),
      sourceAccount: accountIdOf(this),
    });
  }
}

function checkTokenRegex(where: string, type: LambdaAuthorizerType, regex: string): void {
  if (type !== 'TOKEN') {
    throw new ValidationError(`${where}: tokenValidationRegex applies only to a TOKEN authorizer, and this one is ${type}; remove it`);
  }
  if (Token.isUnresolved(regex)) return;
  try {
    new RegExp(regex);
  } catch {
    throw new ValidationError(`${where}: tokenValidationRegex "${regex}" is not a regular expression; fix it, such as "^Bearer [-0-9A-Za-z._~+/]+=*$"`);
  }
}
