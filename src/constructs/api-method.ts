import { Construct, IConstruct } from 'constructs';
import { ApiGatewayIntegration } from '@cdktf/provider-aws/lib/api-gateway-integration';
import { ApiGatewayIntegrationResponse } from '@cdktf/provider-aws/lib/api-gateway-integration-response';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method';
import { ApiGatewayMethodResponse } from '@cdktf/provider-aws/lib/api-gateway-method-response';
import type { ApiResource } from './api-resource';
import type { IIntegration, IntegrationConfig } from './integrations/integration';
import type { RestApi } from './rest-api/rest-api';
import { methodKey } from '../apigw/method-keys';
import type { HttpMethod } from '../apigw/http-methods';
import { ValidationError } from '../apigw/errors';
import { checkProps, propsShape } from './props';

/** Who may call a method: anyone, SigV4 callers IAM allows, a Lambda authorizer's verdict, or Cognito users. */
export type AuthorizationType = 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'COGNITO_USER_POOLS';
export const AUTHORIZATION_TYPES: readonly AuthorizationType[] = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'];

/** An authorizer of one API (`LambdaAuthorizer`, `CognitoAuthorizer`) that methods can use. */
export interface IAuthorizer extends IConstruct {
  readonly authorizerId: string;
  readonly authorizationType: 'CUSTOM' | 'COGNITO_USER_POOLS';
  /** The API the authorizer belongs to; only its methods can use it. */
  readonly api: RestApi;
}

export interface MethodOptions {
  /**
   * Who may call the method: anyone, callers that sign with AWS credentials (SigV4) allowed by IAM, or the
   * `authorizer`'s kind (`CUSTOM`, `COGNITO_USER_POOLS`), which then need not be given.
   * @default - the authorizer's type, or 'NONE' without one
   */
  readonly authorization?: AuthorizationType;
  /**
   * The Lambda or Cognito authorizer that checks callers.
   * @default - none
   */
  readonly authorizer?: IAuthorizer;
  /**
   * OAuth scopes a Cognito access token must hold (then access tokens are required, not ID tokens).
   * @default - none: Cognito ID tokens are accepted
   */
  readonly authorizationScopes?: string[];
  /**
   * Callers must send an API key (header `x-api-key`) of a usage plan of the stage.
   * @default false
   */
  readonly apiKeyRequired?: boolean;
  /**
   * Query strings and headers that, with the path variables, tell cached responses apart, such as
   * `method.request.querystring.limit` or `method.request.header.Accept-Language`.
   * @default - the path variables only
   */
  readonly cacheKeyParameters?: string[];
}

export interface ApiMethodProps {
  /** The resource (path) the method answers on; `resource.addMethod()` passes itself. */
  readonly resource: ApiResource;
  /** The verb, such as `GET`, or `ANY` for every verb; lower case is upper-cased. */
  readonly httpMethod: HttpMethod;
  /** Where the method sends its requests, such as a `LambdaIntegration`. */
  readonly integration: IIntegration;
  /**
   * Authorization, API key, request parameters and cache keys of the method.
   * @default - no authorization, no API key, path variables as cache keys
   */
  readonly options?: MethodOptions;
}

export const METHOD_OPTIONS = propsShape<MethodOptions>('MethodOptions', {
  authorization: true,
  authorizer: true,
  authorizationScopes: true,
  apiKeyRequired: true,
  cacheKeyParameters: true,
});
const API_METHOD_PROPS = propsShape<ApiMethodProps>('ApiMethodProps', { resource: true, httpMethod: true, integration: true, options: METHOD_OPTIONS });

const CACHE_KEY_PARAMETER = /^method\.request\.(querystring|header|multivaluequerystring|multivalueheader)\.[A-Za-z0-9._-]+$/;

/** Checks method options before anything is created; `where` is the path the method will have. */
export function checkMethodOptions(where: string, options: MethodOptions): void {
  checkProps(where, options, METHOD_OPTIONS);
  for (const key of options.cacheKeyParameters ?? []) {
    if (!CACHE_KEY_PARAMETER.test(key)) {
      throw new ValidationError(
        `${where}: cache key parameter "${key}" is not valid; use a form such as "method.request.querystring.limit" or "method.request.header.Accept"`,
      );
    }
  }
  const authorization = authorizationOf(options);
  if (!AUTHORIZATION_TYPES.includes(authorization)) {
    throw new ValidationError(`${where}: authorization "${authorization}" is not valid; use one of ${AUTHORIZATION_TYPES.join(', ')}`);
  }
  const authorizer = options.authorizer;
  if (authorizer && authorization !== authorizer.authorizationType) {
    throw new ValidationError(
      `${where}: authorization "${authorization}" does not match the authorizer ${authorizer.node.path}, which is ${authorizer.authorizationType}; leave authorization out`,
    );
  }
  if (!authorizer && (authorization === 'CUSTOM' || authorization === 'COGNITO_USER_POOLS')) {
    throw new ValidationError(
      `${where}: authorization "${authorization}" needs an authorizer; pass { authorizer } with a ${authorization === 'CUSTOM' ? 'LambdaAuthorizer' : 'CognitoAuthorizer'}`,
    );
  }
  if (options.authorizationScopes !== undefined && authorization !== 'COGNITO_USER_POOLS') {
    throw new ValidationError(`${where}: authorizationScopes apply only to a CognitoAuthorizer, and this method's authorization is ${authorization}; remove them`);
  }
  for (const scope of options.authorizationScopes ?? []) {
    // OAuth 2.0 scope-token characters (RFC 6749 section 3.3).
    if (!/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(scope)) {
      throw new ValidationError(`${where}: authorization scope "${scope}" is not valid; a scope has no spaces, quotes or backslashes, such as "items/write"`);
    }
  }
}

function authorizationOf(options: MethodOptions): AuthorizationType {
  return options.authorization ?? options.authorizer?.authorizationType ?? 'NONE';
}

/** A verb on one resource, with its integration (and, for a non-proxy integration, its responses). Create it with `ApiResource.addMethod`. */
export class ApiMethod extends Construct {
  public readonly api: RestApi;
  public readonly resource: ApiResource;
  public readonly httpMethod: HttpMethod;
  /** The method as a key, such as `GET /items/{id}`; the form `RestApi` method overrides use. */
  public readonly route: string;
  public readonly authorization: AuthorizationType;
  public readonly authorizer?: IAuthorizer;
  public readonly apiKeyRequired: boolean;
  /** What the integration asked for when it was bound to this method. */
  public readonly integrationConfig: IntegrationConfig;

  constructor(scope: Construct, id: string, props: ApiMethodProps) {
    super(scope, id);
    checkProps(this.node.path, props, API_METHOD_PROPS);
    const options = props.options ?? {};
    this.api = props.resource.api;
    this.resource = props.resource;
    this.httpMethod = props.httpMethod;
    this.route = methodKey(this.httpMethod, this.resource.path);
    this.authorization = authorizationOf(options);
    this.authorizer = options.authorizer;
    if (this.authorizer && this.authorizer.api !== this.api) {
      throw new ValidationError(
        `${this.node.path}: the authorizer ${this.authorizer.node.path} belongs to ${this.authorizer.api.node.path}, not to ${this.api.node.path}; create one for this API`,
      );
    }
    this.apiKeyRequired = options.apiKeyRequired ?? false;
    const extraCacheKeys = options.cacheKeyParameters ?? [];

    // Path variables are declared so they can key the cache: without them API Gateway serves the response
    // cached for /items/1 to a request for /items/2.
    const pathKeys = this.resource.pathVariables.map((name) => `method.request.path.${name}`);
    const requestParameters: Record<string, boolean> = {};
    for (const key of pathKeys) requestParameters[key] = true;
    for (const key of extraCacheKeys) requestParameters[key] = false;

    const method = new ApiGatewayMethod(this, 'Method', {
      restApiId: this.api.restApiId,
      resourceId: this.resource.resourceId,
      httpMethod: this.httpMethod,
      authorization: this.authorization,
      authorizerId: this.authorizer?.authorizerId,
      authorizationScopes: options.authorizationScopes,
      apiKeyRequired: this.apiKeyRequired || undefined,
      requestParameters: Object.keys(requestParameters).length ? requestParameters : undefined,
    });

    this.integrationConfig = props.integration.bind(this);
    const config = this.integrationConfig;
    const cacheKeyParameters = [...pathKeys, ...extraCacheKeys];
    const integration = new ApiGatewayIntegration(this, 'Integration', {
      restApiId: this.api.restApiId,
      resourceId: this.resource.resourceId,
      httpMethod: method.httpMethod,
      type: config.type,
      uri: config.uri,
      integrationHttpMethod: config.integrationHttpMethod,
      requestTemplates: config.requestTemplates,
      requestParameters: config.requestParameters,
      passthroughBehavior: config.passthroughBehavior,
      timeoutMilliseconds: config.timeoutMilliseconds,
      cacheKeyParameters: cacheKeyParameters.length ? cacheKeyParameters : undefined,
    });
    this.api._addToDefinition(method);
    this.api._addToDefinition(integration, true);

    for (const response of config.responses ?? []) {
      const methodResponse = new ApiGatewayMethodResponse(this, `Response${response.statusCode}`, {
        restApiId: this.api.restApiId,
        resourceId: this.resource.resourceId,
        httpMethod: method.httpMethod,
        statusCode: response.statusCode,
        responseParameters: declared(response.responseParameters),
      });
      const integrationResponse = new ApiGatewayIntegrationResponse(this, `IntegrationResponse${response.statusCode}`, {
        restApiId: this.api.restApiId,
        resourceId: this.resource.resourceId,
        httpMethod: method.httpMethod,
        statusCode: methodResponse.statusCode,
        selectionPattern: response.selectionPattern,
        responseTemplates: response.responseTemplates,
        responseParameters: response.responseParameters,
        // PutIntegrationResponse fails while the integration does not exist yet.
        dependsOn: [integration],
      });
      this.api._addToDefinition(methodResponse);
      this.api._addToDefinition(integrationResponse, true);
    }
    this.api._registerMethod(this);
  }
}

/** A method response declares each header its integration response maps (`true`: always sent). */
function declared(responseParameters: Record<string, string> | undefined): Record<string, boolean> | undefined {
  return responseParameters && Object.fromEntries(Object.keys(responseParameters).map((key) => [key, true]));
}
