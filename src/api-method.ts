import { Construct } from 'constructs';
import { ApiGatewayIntegration } from '@cdktf/provider-aws/lib/api-gateway-integration';
import { ApiGatewayIntegrationResponse } from '@cdktf/provider-aws/lib/api-gateway-integration-response';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method';
import { ApiGatewayMethodResponse } from '@cdktf/provider-aws/lib/api-gateway-method-response';
import type { ApiResource } from './api-resource';
import type { IIntegration, IntegrationConfig } from './integration';
import type { RestApi } from './rest-api';
import type { HttpMethod } from './validate';
import { ValidationError } from './errors';

export interface MethodOptions {
  /**
   * Who may call the method: anyone, or callers that sign with AWS credentials (SigV4) allowed by IAM.
   * @default 'NONE'
   */
  readonly authorization?: 'NONE' | 'AWS_IAM';
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
  readonly resource: ApiResource;
  readonly httpMethod: HttpMethod;
  readonly integration: IIntegration;
  /**
   * @default - no authorization, no API key, path variables as cache keys
   */
  readonly options?: MethodOptions;
}

const CACHE_KEY_PARAMETER = /^method\.request\.(querystring|header|multivaluequerystring|multivalueheader)\.[A-Za-z0-9._-]+$/;

/** Checks method options before anything is created; `where` is the path the method will have. */
export function checkMethodOptions(where: string, options: MethodOptions): void {
  for (const key of options.cacheKeyParameters ?? []) {
    if (!CACHE_KEY_PARAMETER.test(key)) {
      throw new ValidationError(
        `${where}: cache key parameter "${key}" is not valid; use a form such as "method.request.querystring.limit" or "method.request.header.Accept"`,
      );
    }
  }
  if (options.authorization !== undefined && !['NONE', 'AWS_IAM'].includes(options.authorization)) {
    throw new ValidationError(`${where}: authorization "${options.authorization}" is not valid; use 'NONE' or 'AWS_IAM'`);
  }
}

/** A verb on one resource, with its integration (and, for a non-proxy integration, its responses). Create it with `ApiResource.addMethod`. */
export class ApiMethod extends Construct {
  public readonly api: RestApi;
  public readonly resource: ApiResource;
  public readonly httpMethod: HttpMethod;
  /** The method as a key, such as `GET /items/{id}`; the form `RestApi` method overrides use. */
  public readonly route: string;
  public readonly authorization: 'NONE' | 'AWS_IAM';
  public readonly apiKeyRequired: boolean;
  /** What the integration asked for when it was bound to this method. */
  public readonly integrationConfig: IntegrationConfig;

  constructor(scope: Construct, id: string, props: ApiMethodProps) {
    super(scope, id);
    const options = props.options ?? {};
    this.api = props.resource.api;
    this.resource = props.resource;
    this.httpMethod = props.httpMethod;
    this.route = `${this.httpMethod} ${this.resource.path}`;
    this.authorization = options.authorization ?? 'NONE';
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
      });
      const integrationResponse = new ApiGatewayIntegrationResponse(this, `IntegrationResponse${response.statusCode}`, {
        restApiId: this.api.restApiId,
        resourceId: this.resource.resourceId,
        httpMethod: method.httpMethod,
        statusCode: methodResponse.statusCode,
        selectionPattern: response.selectionPattern,
        responseTemplates: response.responseTemplates,
        // PutIntegrationResponse fails while the integration does not exist yet.
        dependsOn: [integration],
      });
      this.api._addToDefinition(methodResponse);
      this.api._addToDefinition(integrationResponse, true);
    }
    this.api._registerMethod(this);
  }
}
