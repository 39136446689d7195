import { Construct } from 'constructs';
import { ApiGatewayResource } from '@cdktf/provider-aws/lib/api-gateway-resource';
import { ApiMethod, checkMethodOptions, MethodOptions } from './api-method';
import { CORS_OPTIONS, CorsOptions, CorsPreflightIntegration, resolveCors } from './cors';
import type { IIntegration } from './integrations/integration';
import { checkProps, propsShape } from './props';
import type { RestApi } from './rest-api/rest-api';
import { isHttpMethod, normalizeHttpMethod } from '../apigw/http-methods';
import { RESERVED_ROOT_PATH_PARTS } from '../apigw/limits';
import { childPath, parsePathPart, PathPart } from '../apigw/paths';
import { ValidationError } from '../apigw/errors';

export interface ApiResourceProps {
  /** The API this path belongs to. */
  readonly api: RestApi;
  /**
   * The resource this one is below.
   * @default - none: this is the root, `/`
   */
  readonly parent?: ApiResource;
  /**
   * The last segment of this resource's path, such as `items` or `{id}`.
   * @default - none: this is the root, `/`
   */
  readonly pathPart?: string;
  /**
   * The id of an API Gateway resource that already exists (the API's root resource).
   * @default - a new `aws_api_gateway_resource` is created
   */
  readonly resourceId?: string;
}

const API_RESOURCE_PROPS = propsShape<ApiResourceProps>('ApiResourceProps', { api: true, parent: true, pathPart: true, resourceId: true });

/** One path of a REST API, such as `/items/{id}`. Create them with `addResource` or `resourceForPath`. */
export class ApiResource extends Construct {
  public readonly api: RestApi;
  public readonly parent?: ApiResource;
  /** The full path from the root, such as `/items/{id}`. */
  public readonly path: string;
  public readonly pathPart: string;
  /**
   * The id of the API Gateway resource; undefined below the root of an API with `definition: 'openapi'`, where
   * API Gateway creates the resources from the body.
   */
  public readonly resourceId?: string;
  /** The path variable this part declares (`id` for `{id}`), if any. */
  public readonly variable?: string;
  /** Whether this part is a greedy variable such as `{proxy+}`, which matches every path below. */
  public readonly greedy: boolean;

  private readonly children = new Map<string, ApiResource>();
  private readonly methods = new Map<string, ApiMethod>();

  constructor(scope: Construct, id: string, props: ApiResourceProps) {
    super(scope, id);
    checkProps(this.node.path, props, API_RESOURCE_PROPS);
    this.api = props.api;
    this.parent = props.parent;
    this.pathPart = props.pathPart ?? '';
    const part: PathPart = props.parent ? parsePathPart(this.node.path, this.pathPart) : { greedy: false };
    this.variable = part.variable;
    this.greedy = part.greedy;
    this.path = props.parent ? childPath(props.parent.path, this.pathPart) : '/';

    if (props.resourceId !== undefined) {
      this.resourceId = props.resourceId;
    } else if (!props.parent) {
      throw new ValidationError(`${this.node.path}: a resource below the root needs a parent`);
    } else if (this.api.definition === 'resources') {
      const resource = new ApiGatewayResource(this, 'Resource', {
        restApiId: this.api.restApiId,
        parentId: props.parent.resourceId!,
        pathPart: this.pathPart,
      });
      this.resourceId = resource.id;
      this.api._addToDefinition(resource);
    }
  }

  /** The path variables of this resource and its ancestors, outermost first (`['id']` for `/items/{id}`). */
  public get pathVariables(): string[] {
    const above = this.parent ? this.parent.pathVariables : [];
    return this.variable ? [...above, this.variable] : above;
  }

  /** Adds the child `pathPart` (a literal such as `items`, or a variable such as `{id}` or `{proxy+}`). */
  public addResource(pathPart: string): ApiResource {
    const where = this.node.path;
    const part = parsePathPart(where, pathPart);
    if (this.greedy) {
      throw new ValidationError(
        `${where}: "${pathPart}" cannot be added below "${this.path}": a greedy variable such as "${this.pathPart}" must be the last part of a path`,
      );
    }
    // A resource's children share one construct scope: its path parts, its methods (by verb) and `Resource`.
    if (isHttpMethod(pathPart) || pathPart === 'Resource') {
      throw new ValidationError(
        `${where}: path part "${pathPart}" is also the construct id of this resource's ${pathPart === 'Resource' ? 'aws_api_gateway_resource' : `${pathPart} method`}; choose another, such as "${pathPart.toLowerCase()}"`,
      );
    }
    if (this.children.has(pathPart)) {
      throw new ValidationError(`${where}: "${this.path}" already has the child "${pathPart}"; use getResource('${pathPart}') or resourceForPath()`);
    }
    if (!this.parent && RESERVED_ROOT_PATH_PARTS.includes(pathPart)) {
      throw new ValidationError(`${where}: "/${pathPart}" is reserved by API Gateway at the root; choose another path part`);
    }
    if (part.variable) {
      const sibling = [...this.children.values()].find((child) => child.variable);
      if (sibling) {
        throw new ValidationError(
          `${where}: "${pathPart}" and "${sibling.pathPart}" are both variables below "${this.path}", and API Gateway allows only one; rename one to "${sibling.pathPart}"`,
        );
      }
      if (this.pathVariables.includes(part.variable)) {
        throw new ValidationError(`${where}: the path "${this.path}" already declares the variable "${part.variable}"; give "${pathPart}" another name`);
      }
    }
    const child = new ApiResource(this, pathPart, { api: this.api, parent: this, pathPart });
    this.children.set(pathPart, child);
    if (this.api.cors) child.addCorsPreflight();
    return child;
  }

  /** The child `pathPart`, if it was added. */
  public getResource(pathPart: string): ApiResource | undefined {
    return this.children.get(pathPart);
  }

  /** Gets or creates every level of `path` below this resource, such as `/items/{id}`. */
  public resourceForPath(path: string): ApiResource {
    const parts = path.split('/').filter((part) => part !== '');
    return parts.reduce<ApiResource>((resource, part) => resource.getResource(part) ?? resource.addResource(part), this);
  }

  /** Adds a method (a verb, or `ANY` for every verb) that calls `integration`. */
  public addMethod(httpMethod: string, integration: IIntegration, options: MethodOptions = {}): ApiMethod {
    const verb = normalizeHttpMethod(this.node.path, httpMethod);
    if (this.methods.has(verb)) {
      throw new ValidationError(`${this.node.path}: "${this.path}" already has the method ${verb} ("${httpMethod}"); each verb may be added once per resource`);
    }
    checkMethodOptions(`${this.node.path}/${verb}`, options);
    const method = new ApiMethod(this, verb, { resource: this, httpMethod: verb, integration, options });
    this.methods.set(verb, method);
    return method;
  }

  /**
   * Answers browsers' CORS preflight requests on this path: an `OPTIONS` method, open to anyone (a preflight
   * carries no credentials), whose `MOCK` integration replies 204 with the `Access-Control-*` headers.
   * `RestApi`'s `cors` calls it on every resource.
   */
  public addCorsPreflight(options?: CorsOptions): ApiMethod {
    checkProps(this.node.path, options, CORS_OPTIONS);
    const cors = options ? resolveCors(this.node.path, options) : this.api.cors;
    if (!cors) {
      throw new ValidationError(`${this.node.path}: addCorsPreflight() needs CORS options, or the API's cors prop; pass { allowOrigins: [...] }`);
    }
    return this.addMethod('OPTIONS', new CorsPreflightIntegration(cors));
  }

  /**
   * Sends every request at or below this path to `integration`: `ANY` on a greedy `{proxy+}` child and `ANY`
   * on this resource. Returns the `{proxy+}` resource.
   */
  public addProxy(integration: IIntegration, options: MethodOptions = {}): ApiResource {
    const proxy = this.addResource('{proxy+}');
    proxy.addMethod('ANY', integration, options);
    this.addMethod('ANY', integration, options);
    return proxy;
  }
}
