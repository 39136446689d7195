import { Construct, IConstruct } from 'constructs';
import { ApiGatewayIntegration } from '@cdktf/provider-aws/lib/api-gateway-integration';
import { ApiGatewayIntegrationResponse } from '@cdktf/provider-aws/lib/api-gateway-integration-response';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method';
import { ApiGatewayMethodResponse } from '@cdktf/provider-aws/lib/api-gateway-method-response';
import type { ApiResource } from './api-resource';
import type { IIntegration, IntegrationConfig } from './integrations/integration';
import type { RequestModel } from './request-model';
import type { RestApi } from './rest-api/rest-api';
import { checkHeaderName } from './validate';
import { methodKey } from '../apigw/method-keys';
import type { HttpMethod } from '../apigw/http-methods';
import { ValidationError } from '../apigw/errors';
import { REQUEST_VALIDATOR_KINDS, RequestValidatorKind } from '../apigw/request-validation';
import { checkProps, propsShape } from './props';

/** Who may call a method: anyone, SigV4 callers IAM allows, a Lambda authorizer's verdict, or Cognito users. */
export type AuthorizationType = 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'COGNITO_USER_POOLS';
export const AUTHORIZATION_TYPES: readonly AuthorizationType[] = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'];

/** An authorizer of one API (`LambdaAuthorizer`, `CognitoAuthorizer`) that methods can use. */
export interface IAuthorizer extends IConstruct {
  /**
   * The id of the `aws_api_gateway_authorizer`; undefined in an API with `definition: 'openapi'`, where API Gateway
   * creates the authorizer from the body.
   */
  readonly authorizerId?: string;
  /** The authorizer's name in the API: its security scheme in an OpenAPI body. */
  readonly authorizerName: string;
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
  /**
   * Models that request bodies must match, by content type, such as `{ 'application/json': itemModel }`; the
   * request validator checks them.
   * @default - no models: bodies are not validated
   */
  readonly requestModels?: Record<string, RequestModel>;
  /**
   * Query strings the request must carry, not blank; the request validator checks them.
   * @default - none
   */
  readonly requiredQueryStrings?: string[];
  /**
   * Headers the request must carry, not blank; the request validator checks them.
   * @default - none
   */
  readonly requiredHeaders?: string[];
  /**
   * What API Gateway validates before the integration runs: the body against `requestModels`, the required query
   * strings and headers, or both. A failing request gets 400, shaped by the `BAD_REQUEST_BODY` or
   * `BAD_REQUEST_PARAMETERS` gateway response.
   * @default - what the method declares: 'BODY' with requestModels, 'PARAMETERS' with required query strings or headers, 'BODY_AND_PARAMETERS' with both, none without either
   */
  readonly requestValidator?: RequestValidatorKind;
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
  requestModels: true,
  requiredQueryStrings: true,
  requiredHeaders: true,
  requestValidator: true,
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
  for (const contentType of Object.keys(options.requestModels ?? {})) {
    if (!/^[\w.+-]+\/[\w.+-]+$/.test(contentType)) {
      throw new ValidationError(`${where}: requestModels key "${contentType}" is not a content type; use a form such as "application/json"`);
    }
  }
  for (const name of options.requiredQueryStrings ?? []) {
    if (!/^[A-Za-z0-9._-]+$/.test(name)) {
      throw new ValidationError(`${where}: required query string "${name}" is not valid; use letters, digits, ".", "_" and "-", such as "limit"`);
    }
  }
  for (const name of options.requiredHeaders ?? []) checkHeaderName(where, 'required header', name);
  const validator = options.requestValidator;
  if (validator !== undefined) {
    if (!REQUEST_VALIDATOR_KINDS.includes(validator)) {
      throw new ValidationError(`${where}: requestValidator "${validator}" is not valid; use one of ${REQUEST_VALIDATOR_KINDS.join(', ')}`);
    }
    const hasModels = Object.keys(options.requestModels ?? {}).length > 0;
    const hasParameters = (options.requiredQueryStrings?.length ?? 0) + (options.requiredHeaders?.length ?? 0) > 0;
    if (validator !== 'PARAMETERS' && !hasModels) {
      throw new ValidationError(`${where}: requestValidator "${validator}" validates the body, but the method has no requestModels; add requestModels or use 'PARAMETERS'`);
    }
    if (validator !== 'BODY' && !hasParameters) {
      throw new ValidationError(
        `${where}: requestValidator "${validator}" validates parameters, but the method requires none; add requiredQueryStrings or requiredHeaders, or use 'BODY'`,
      );
    }
  }
}

/** The validator a method gets when it names none: whatever it declares, validated. */
function defaultValidator(options: MethodOptions): RequestValidatorKind | undefined {
  const body = Object.keys(options.requestModels ?? {}).length > 0;
  const parameters = (options.requiredQueryStrings?.length ?? 0) + (options.requiredHeaders?.length ?? 0) > 0;
  return body && parameters ? 'BODY_AND_PARAMETERS' : body ? 'BODY' : parameters ? 'PARAMETERS' : undefined;
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
  public readonly authorizationScopes?: string[];
  public readonly apiKeyRequired: boolean;
  /** Method request parameters (`method.request.path.id`, `method.request.querystring.limit`) and whether each is required. */
  public readonly requestParameters: Record<string, boolean>;
  /** Models request bodies must match, by content type. */
  public readonly requestModels: Record<string, RequestModel>;
  /** What API Gateway validates before the integration runs, if anything. */
  public readonly requestValidator?: RequestValidatorKind;
  /** The path variables, then `cacheKeyParameters`: what tells cached responses apart. */
  public readonly cacheKeyParameters: string[];
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
    this.authorizationScopes = options.authorizationScopes;
    if (this.authorizer && this.authorizer.api !== this.api) {
      throw new ValidationError(
        `${this.node.path}: the authorizer ${this.authorizer.node.path} belongs to ${this.authorizer.api.node.path}, not to ${this.api.node.path}; create one for this API`,
      );
    }
    this.requestModels = options.requestModels ?? {};
    for (const [contentType, model] of Object.entries(this.requestModels)) {
      if (model.api !== this.api) {
        throw new ValidationError(
          `${this.node.path}: requestModels["${contentType}"] is the model ${model.node.path} of ${model.api.node.path}, not of ${this.api.node.path}; create one for this API`,
        );
      }
    }
    this.requestValidator = options.requestValidator ?? defaultValidator(options);
    this.apiKeyRequired = options.apiKeyRequired ?? false;
    const extraCacheKeys = options.cacheKeyParameters ?? [];
    if (this.api.definition === 'openapi') {
      const multiValue = extraCacheKeys.find((key) => key.startsWith('method.request.multivalue'));
      if (multiValue) {
        throw new ValidationError(
          `${this.node.path}: cache key parameter "${multiValue}" has no OpenAPI form, and this API's definition is 'openapi'; use "${multiValue.replace('multivalue', '')}" or definition: 'resources'`,
        );
      }
    }

    // Path variables are declared so they can key the cache: without them API Gateway serves the response
    // cached for /items/1 to a request for /items/2.
    const pathKeys = this.resource.pathVariables.map((name) => `method.request.path.${name}`);
    const requestParameters: Record<string, boolean> = {};
    for (const key of pathKeys) requestParameters[key] = true;
    for (const name of options.requiredQueryStrings ?? []) requestParameters[`method.request.querystring.${name}`] = true;
    for (const name of options.requiredHeaders ?? []) requestParameters[`method.request.header.${name}`] = true;
    for (const key of extraCacheKeys) requestParameters[key] ??= false;
    this.requestParameters = requestParameters;
    this.cacheKeyParameters = [...pathKeys, ...extraCacheKeys];

    // The API's validator of this kind: created once, with the first method that uses it.
    const validatorReference = this.requestValidator && this.api._requestValidator(this.requestValidator);
    if (this.api.definition === 'openapi') {
      // The REST API's OpenAPI body holds the method (RestApi renders it from `allMethods`).
      this.integrationConfig = props.integration.bind(this);
    } else {
      this.integrationConfig = this.addResources(props.integration, validatorReference);
    }
    this.api._registerMethod(this);
  }

  /** The method, its integration and responses as Terraform resources (`definition: 'resources'`). */
  private addResources(integrationSource: IIntegration, requestValidatorId: string | undefined): IntegrationConfig {
    const resourceId = this.resource.resourceId!;
    const models = Object.entries(this.requestModels);
    const method = new ApiGatewayMethod(this, 'Method', {
      restApiId: this.api.restApiId,
      resourceId,
      httpMethod: this.httpMethod,
      authorization: this.authorization,
      authorizerId: this.authorizer?.authorizerId,
      authorizationScopes: this.authorizationScopes,
      apiKeyRequired: this.apiKeyRequired || undefined,
      requestParameters: Object.keys(this.requestParameters).length ? this.requestParameters : undefined,
      requestModels: models.length ? Object.fromEntries(models.map(([contentType, model]) => [contentType, model.reference])) : undefined,
      requestValidatorId,
    });

    const config = integrationSource.bind(this);
    const integration = new ApiGatewayIntegration(this, 'Integration', {
      restApiId: this.api.restApiId,
      resourceId,
      httpMethod: method.httpMethod,
      type: config.type,
      uri: config.uri,
      integrationHttpMethod: config.integrationHttpMethod,
      requestTemplates: config.requestTemplates,
      requestParameters: config.requestParameters,
      passthroughBehavior: config.passthroughBehavior,
      timeoutMilliseconds: config.timeoutMilliseconds,
      cacheKeyParameters: this.cacheKeyParameters.length ? this.cacheKeyParameters : undefined,
    });
    this.api._addToDefinition(method);
    this.api._addToDefinition(integration, true);

    for (const response of config.responses ?? []) {
      const methodResponse = new ApiGatewayMethodResponse(this, `Response${response.statusCode}`, {
        restApiId: this.api.restApiId,
        resourceId,
        httpMethod: method.httpMethod,
        statusCode: response.statusCode,
        responseParameters: declared(response.responseParameters),
      });
      const integrationResponse = new ApiGatewayIntegrationResponse(this, `IntegrationResponse${response.statusCode}`, {
        restApiId: this.api.restApiId,
        resourceId,
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
    return config;
  }
}

/** A method response declares each header its integration response maps (`true`: always sent). */
function declared(responseParameters: Record<string, string> | undefined): Record<string, boolean> | undefined {
  return responseParameters && Object.fromEntries(Object.keys(responseParameters).map((key) => [key, true]));
}
