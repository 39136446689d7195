import { TerraformStack } from 'cdktf';
import { ApiMethod } from '../../src/constructs/api-method';
import { ApiResource } from '../../src/constructs/api-resource';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { RestApi } from '../../src/constructs/rest-api/rest-api';
import { api, handler, newStack, only, resources, synth, Synthesized } from '../support/helpers';

/** The synthesized name of the `aws_api_gateway_resource` with `path_part`. */
function resourceName(tf: Synthesized, pathPart: string): string {
  return Object.entries(tf.resource.aws_api_gateway_resource).find(([, r]) => r.path_part === pathPart)![0];
}

/** `text` as a literal inside a RegExp. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An API (stage v1) in a new stack, for tests that inspect constructs or expect errors. */
function newApi(): RestApi {
  return api(newStack());
}

/** A Lambda proxy integration with a new handler named `name`. */
function lambda(stack: TerraformStack, name = 'fn'): LambdaIntegration {
  return new LambdaIntegration(handler(stack, name));
}

describe('ApiResource', () => {
  test('the root is / with no path variables, and is no aws_api_gateway_resource', () => {
    let root!: ApiResource;

    const tf = synth((stack) => {
      root = api(stack).root;
    });

    expect(root.path).toBe('/');
    expect(root.pathVariables).toEqual([]);
    expect(resources(tf, 'aws_api_gateway_resource')).toEqual([]);
  });

  test('addResource below the root creates a resource whose parent is the API root resource', () => {
    const tf = synth((stack) => api(stack).root.addResource('items'));

    expect(only(tf, 'aws_api_gateway_resource')).toEqual({
      rest_api_id: expect.stringMatching(/^\$\{aws_api_gateway_rest_api\.[^.]+\.id\}$/),
      parent_id: expect.stringMatching(/^\$\{aws_api_gateway_rest_api\.[^.]+\.root_resource_id\}$/),
      path_part: 'items',
    });
  });

  test('addResource below a resource references the parent resource id', () => {
    const tf = synth((stack) => api(stack).root.addResource('items').addResource('{id}'));

    expect(tf.resource.aws_api_gateway_resource[resourceName(tf, '{id}')].parent_id).toBe(
      `\${aws_api_gateway_resource.${resourceName(tf, 'items')}.id}`,
    );
  });

  test('addResource creates the child in the parent scope, with the path part as its id', () => {
    const items = newApi().root.addResource('items');

    const id = items.addResource('{id}');

    expect(id.node.scope).toBe(items);
    expect(id.node.path).toBe('stack/Api/Root/items/{id}');
    expect(id.parent).toBe(items);
    expect(id.pathPart).toBe('{id}');
  });

  test('path joins the path parts from the root', () => {
    const tags = newApi().root.addResource('items').addResource('{id}').addResource('tags');

    expect(tags.path).toBe('/items/{id}/tags');
  });

  test('pathVariables lists the variables of the path, outermost first', () => {
    const id = newApi().root.addResource('users').addResource('{userId}').addResource('items').addResource('{id}');

    expect(id.pathVariables).toEqual(['userId', 'id']);
  });

  test('a greedy {proxy+} declares the variable proxy', () => {
    const proxy = newApi().root.addResource('files').addResource('{proxy+}');

    expect(proxy.pathVariables).toEqual(['proxy']);
    expect(proxy.greedy).toBe(true);
    expect(proxy.variable).toBe('proxy');
  });

  test('resourceForPath creates every level of the path', () => {
    let tags!: ApiResource;

    const tf = synth((stack) => {
      tags = api(stack).root.resourceForPath('/items/{id}/tags');
    });

    expect(tags.path).toBe('/items/{id}/tags');
    expect(resources(tf, 'aws_api_gateway_resource').map((r) => r.path_part)).toEqual(['items', '{id}', 'tags']);
  });

  test('resourceForPath returns the existing resource when called twice, and creates nothing new', () => {
    const calls: ApiResource[] = [];

    const tf = synth((stack) => {
      const root = api(stack).root;
      calls.push(root.resourceForPath('/items/{id}'), root.resourceForPath('/items/{id}'));
    });

    expect(calls[1]).toBe(calls[0]);
    expect(resources(tf, 'aws_api_gateway_resource')).toHaveLength(2);
  });

  test('resourceForPath ignores leading and trailing slashes', () => {
    const root = newApi().root;

    const id = root.resourceForPath('items/{id}');

    expect(root.resourceForPath('/items/{id}/')).toBe(id);
  });

  test('resourceForPath reuses the resources addResource added', () => {
    const root = newApi().root;
    const items = root.addResource('items');

    const id = root.resourceForPath('/items/{id}');

    expect(id.parent).toBe(items);
  });

  test('resourceForPath of an empty path is the resource itself', () => {
    const root = newApi().root;

    expect(root.resourceForPath('/')).toBe(root);
  });

  test('getResource returns the child added with that path part', () => {
    const root = newApi().root;
    const items = root.addResource('items');

    expect(root.getResource('items')).toBe(items);
  });

  test('getResource returns undefined for a path part never added', () => {
    expect(newApi().root.getResource('items')).toBeUndefined();
  });

  test('addProxy adds {proxy+} with ANY, and ANY on the resource itself', () => {
    const tf = synth((stack) => api(stack).root.addResource('files').addProxy(lambda(stack)));
    const resourceId = (pathPart: string) => `\${aws_api_gateway_resource.${resourceName(tf, pathPart)}.id}`;

    expect(resources(tf, 'aws_api_gateway_method').map((m) => [m.http_method, m.resource_id]).sort()).toEqual(
      [
        ['ANY', resourceId('{proxy+}')],
        ['ANY', resourceId('files')],
      ].sort(),
    );
  });

  test('addProxy returns the greedy {proxy+} resource', () => {
    const stack = newStack();

    const proxy = api(stack).root.addResource('files').addProxy(lambda(stack));

    expect(proxy.path).toBe('/files/{proxy+}');
    expect(proxy.greedy).toBe(true);
  });

  test('addMethod upper-cases a lower-case verb', () => {
    let method!: ApiMethod;

    const tf = synth((stack) => {
      method = api(stack).root.addMethod('get', lambda(stack));
    });

    expect(method.httpMethod).toBe('GET');
    expect(only(tf, 'aws_api_gateway_method').http_method).toBe('GET');
  });

  test("addMethod turns 'any' into the wildcard ANY", () => {
    let method!: ApiMethod;

    const tf = synth((stack) => {
      method = api(stack).root.addMethod('any', lambda(stack));
    });

    expect(method.httpMethod).toBe('ANY');
    expect(only(tf, 'aws_api_gateway_method').http_method).toBe('ANY');
  });

  test('addMethod creates the method in the resource scope, with the verb as its id', () => {
    const stack = newStack();
    const items = api(stack).root.addResource('items');

    const method = items.addMethod('post', lambda(stack));

    expect(method.node.path).toBe('stack/Api/Root/items/POST');
    expect(method.resource).toBe(items);
  });

  test('fails when a path part spells a verb, which is the construct id of that method', () => {
    const items = newApi().root.addResource('items');

    expect(() => items.addResource('GET')).toThrow(
      'stack/Api/Root/items: path part "GET" is also the construct id of this resource\'s GET method; choose another, such as "get"',
    );
  });

  test('fails when a path part is Resource, the construct id of the aws_api_gateway_resource', () => {
    const items = newApi().root.addResource('items');

    expect(() => items.addResource('Resource')).toThrow(
      'stack/Api/Root/items: path part "Resource" is also the construct id of this resource\'s aws_api_gateway_resource; choose another, such as "resource"',
    );
  });

  test('adds a lower-case child named like a verb', () => {
    expect(newApi().root.addResource('items').addResource('get').path).toBe('/items/get');
  });

  test('fails when a path part holds a "/", pointing to resourceForPath', () => {
    expect(() => newApi().root.addResource('items/{id}')).toThrow(
      /^stack\/Api\/Root: path part "items\/\{id\}" must not contain "\/"; use resourceForPath\('items\/\{id\}'\) for nested paths$/,
    );
  });

  test.each(['it ems', 'a?b', '{}', '{a', 'a}'])('fails when a path part is %p', (pathPart) => {
    expect(() => newApi().root.addResource(pathPart)).toThrow(
      new RegExp(
        `^stack/Api/Root: path part "${escape(pathPart)}" is not valid; use letters, digits, ":", "\\.", "_" and "-", or a variable such as "\\{id\\}" or "\\{proxy\\+\\}"$`,
      ),
    );
  });

  test('fails when a child is added below a greedy {proxy+}', () => {
    const proxy = newApi().root.addResource('{proxy+}');

    expect(() => proxy.addResource('items')).toThrow(
      /^stack\/Api\/Root\/\{proxy\+\}: "items" cannot be added below "\/\{proxy\+\}": a greedy variable such as "\{proxy\+\}" must be the last part of a path$/,
    );
  });

  test.each([
    ['{id}', '{name}'],
    ['{id}', '{proxy+}'],
  ])('fails when %s and %s are added as siblings', (first, second) => {
    const items = newApi().root.addResource('items');
    items.addResource(first);

    expect(() => items.addResource(second)).toThrow(
      new RegExp(
        `^stack/Api/Root/items: "${escape(second)}" and "${escape(first)}" are both variables below "/items", and API Gateway allows only one; rename one to "${escape(first)}"$`,
      ),
    );
  });

  test('fails when a path declares the same variable twice', () => {
    const tags = newApi().root.resourceForPath('/items/{id}/tags');

    expect(() => tags.addResource('{id}')).toThrow(
      /^stack\/Api\/Root\/items\/\{id\}\/tags: the path "\/items\/\{id\}\/tags" already declares the variable "id"; give "\{id\}" another name$/,
    );
  });

  test('fails when the same child is added twice, pointing to getResource', () => {
    const root = newApi().root;
    root.addResource('items');

    expect(() => root.addResource('items')).toThrow(
      /^stack\/Api\/Root: "\/" already has the child "items"; use getResource\('items'\) or resourceForPath\(\)$/,
    );
  });

  test.each(['ping', 'sping'])('fails when the root gets the reserved part %p', (pathPart) => {
    expect(() => newApi().root.addResource(pathPart)).toThrow(
      new RegExp(`^stack/Api/Root: "/${pathPart}" is reserved by API Gateway at the root; choose another path part$`),
    );
  });

  test('allows ping below the root', () => {
    const items = newApi().root.addResource('items');

    expect(items.addResource('ping').path).toBe('/items/ping');
  });

  test('fails when a verb is added twice, in any case', () => {
    const stack = newStack();
    const items = api(stack).root.addResource('items');
    items.addMethod('GET', lambda(stack));

    expect(() => items.addMethod('get', lambda(stack, 'other'))).toThrow(
      /^stack\/Api\/Root\/items: "\/items" already has the method GET \("get"\); each verb may be added once per resource$/,
    );
  });

  test('fails when the verb is unknown, listing the verbs there are', () => {
    const stack = newStack();

    expect(() => api(stack).root.addMethod('FETCH', lambda(stack))).toThrow(
      /^stack\/Api\/Root: HTTP method "FETCH" is not supported; use one of GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS, ANY$/,
    );
  });

  test('fails when a resource below the root has no parent', () => {
    const restApi = newApi();

    expect(() => new ApiResource(restApi, 'Orphan', { api: restApi, pathPart: 'items' })).toThrow(
      /^stack\/Api\/Orphan: a resource below the root needs a parent$/,
    );
  });
});
