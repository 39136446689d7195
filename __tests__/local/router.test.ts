import type { RouteModel } from '../../src/model/stack-model';
import { Router } from '../../src/local/router';

// Which route a request reaches, as API Gateway picks it: the most specific resource whose path matches, segment by
// segment (literal > {param} > {proxy+}), then its verb or ANY. The end-to-end tests (server-proxy.test.ts) serve
// one fixture stack; these pin what its declaration order and paths cannot show.

/** A route of the stack model, with only what the router reads. */
function route(httpMethod: string, resourcePath: string): RouteModel {
  return { httpMethod, resourcePath } as RouteModel;
}

/** `VERB /resource/path {params}` of the route a request reaches, or undefined for 403 Missing Authentication Token. */
function reach(routes: RouteModel[], httpMethod: string, path: string) {
  const match = new Router(routes).match(httpMethod, path);
  return match && { route: `${match.route.httpMethod} ${match.route.resourcePath}`, pathParameters: match.pathParameters };
}

describe('Router: which resource is most specific', () => {
  test('{id} beats a {proxy+} declared before it', () => {
    const routes = [route('ANY', '/{proxy+}'), route('GET', '/items/{id}')];
    expect(reach(routes, 'GET', '/items/7')).toEqual({ route: 'GET /items/{id}', pathParameters: { id: '7' } });
  });

  test('{id} beats a {proxy+} declared after it', () => {
    const routes = [route('GET', '/items/{id}'), route('ANY', '/{proxy+}')];
    expect(reach(routes, 'GET', '/items/7')).toEqual({ route: 'GET /items/{id}', pathParameters: { id: '7' } });
  });

  test('a literal segment beats a {param} declared before it, in a path with variables', () => {
    const routes = [route('GET', '/{kind}/{id}'), route('GET', '/items/{id}')];
    expect(reach(routes, 'GET', '/items/7')).toEqual({ route: 'GET /items/{id}', pathParameters: { id: '7' } });
    expect(reach(routes, 'GET', '/things/7')).toEqual({ route: 'GET /{kind}/{id}', pathParameters: { kind: 'things', id: '7' } });
  });

  test('the first segment that differs decides: /items/{id} beats /{kind}/latest for /items/latest', () => {
    const routes = [route('GET', '/{kind}/latest'), route('GET', '/items/{id}')];
    expect(reach(routes, 'GET', '/items/latest')).toEqual({ route: 'GET /items/{id}', pathParameters: { id: 'latest' } });
  });

  test('a {param} segment beats a {proxy+} at the same depth below a shared parent', () => {
    const routes = [route('ANY', '/files/{proxy+}'), route('GET', '/files/{name}/{proxy+}')];
    expect(reach(routes, 'GET', '/files/a/b')).toEqual({ route: 'GET /files/{name}/{proxy+}', pathParameters: { name: 'a', proxy: 'b' } });
  });

  test('a literal resource beats every variable one, whatever the order', () => {
    const routes = [route('ANY', '/{proxy+}'), route('GET', '/{id}'), route('GET', '/items')];
    expect(reach(routes, 'GET', '/items')).toEqual({ route: 'GET /items', pathParameters: {} });
  });
});

describe('Router: paths', () => {
  test('the root resource answers /', () => {
    expect(reach([route('GET', '/'), route('GET', '/items')], 'GET', '/')).toEqual({ route: 'GET /', pathParameters: {} });
  });

  // Both REST and HTTP APIs route /hello/ to the /hello resource (aws-powertools/powertools-lambda-python#1552).
  test('one trailing slash is the same resource: /items/ reaches /items', () => {
    expect(reach([route('GET', '/items')], 'GET', '/items/')).toEqual({ route: 'GET /items', pathParameters: {} });
  });

  test('one trailing slash after a path variable is not part of its value: /items/7/ gives id 7', () => {
    expect(reach([route('GET', '/items/{id}')], 'GET', '/items/7/')).toEqual({ route: 'GET /items/{id}', pathParameters: { id: '7' } });
  });

  test('fails when the path has an empty segment (//): no resource has one', () => {
    expect(reach([route('GET', '/items'), route('GET', '/items/{id}')], 'GET', '/items//')).toBeUndefined();
  });

  test('fails when the path is longer than every resource: 403', () => {
    expect(reach([route('GET', '/items/{id}')], 'GET', '/items/7/reviews')).toBeUndefined();
  });

  test('fails when the path stops above the resource: /items does not reach /items/{id}', () => {
    expect(reach([route('GET', '/items/{id}')], 'GET', '/items')).toBeUndefined();
  });

  test('fails when a literal segment differs', () => {
    expect(reach([route('GET', '/items/{id}/reviews')], 'GET', '/items/7/ratings')).toBeUndefined();
  });

  test('a literal segment matches its percent-encoded spelling', () => {
    expect(reach([route('GET', '/items/{id}/reviews')], 'GET', '/items/7/review%73')).toEqual({ route: 'GET /items/{id}/reviews', pathParameters: { id: '7' } });
  });

  test('a path spelled like a greedy resource is a value like any other: /{proxy+} sent as is gives proxy "{proxy+}"', () => {
    expect(reach([route('ANY', '/{proxy+}')], 'GET', '/{proxy+}')).toEqual({ route: 'ANY /{proxy+}', pathParameters: { proxy: '{proxy+}' } });
  });

  test('a segment spelled like a variable is a value like any other: /items/{id} sent as is gives id "{id}"', () => {
    expect(reach([route('GET', '/items/{id}')], 'GET', '/items/{id}')).toEqual({ route: 'GET /items/{id}', pathParameters: { id: '{id}' } });
  });
});

// "Set up a proxy integration with a proxy resource": {proxy+} stands for every child path of its parent resource.
describe('Router: {proxy+}', () => {
  test('a nested {proxy+} gets the path below its parent, not the whole path', () => {
    expect(reach([route('ANY', '/files/{proxy+}')], 'GET', '/files/a/b/c')).toEqual({ route: 'ANY /files/{proxy+}', pathParameters: { proxy: 'a/b/c' } });
  });

  test('a {proxy+} below a path variable gets both', () => {
    expect(reach([route('ANY', '/users/{user}/{proxy+}')], 'GET', '/users/ann/docs/1')).toEqual({
      route: 'ANY /users/{user}/{proxy+}',
      pathParameters: { user: 'ann', proxy: 'docs/1' },
    });
  });

  test('fails when the path is the parent itself: /files is not below /files/{proxy+}', () => {
    expect(reach([route('ANY', '/files/{proxy+}')], 'GET', '/files')).toBeUndefined();
  });

  test('fails when the parent differs: /other/a is not below /files/{proxy+}', () => {
    expect(reach([route('ANY', '/files/{proxy+}')], 'GET', '/other/a')).toBeUndefined();
  });

  // Recorded against AWS: localstack/localstack test_apigateway_lambda.snapshot.json, test_lambda_aws_proxy_integration.
  test('the greedy value keeps the percent-encoding and every slash it was sent with', () => {
    expect(reach([route('ANY', '/{proxy+}')], 'GET', '/a%20b/c%2Fd')).toEqual({ route: 'ANY /{proxy+}', pathParameters: { proxy: 'a%20b/c%2Fd' } });
  });

  test('an empty segment inside the path goes to {proxy+}, kept ("invocation-payload-with-double-slash")', () => {
    expect(reach([route('ANY', '/{proxy+}')], 'GET', '/proxy-value//double-slash')).toEqual({
      route: 'ANY /{proxy+}',
      pathParameters: { proxy: 'proxy-value//double-slash' },
    });
  });

  test('an empty segment where {id} would be goes to {proxy+}, which alone takes empty segments', () => {
    const routes = [route('GET', '/items/{id}/reviews'), route('ANY', '/{proxy+}')];
    expect(reach(routes, 'GET', '/items//reviews')).toEqual({ route: 'ANY /{proxy+}', pathParameters: { proxy: 'items//reviews' } });
  });

  test('an empty segment inside a literal path goes to {proxy+}, not to the literal resource', () => {
    const routes = [route('GET', '/items/all'), route('ANY', '/{proxy+}')];
    expect(reach(routes, 'GET', '/items//all')).toEqual({ route: 'ANY /{proxy+}', pathParameters: { proxy: 'items//all' } });
  });
});

describe('Router: path variables', () => {
  test('a variable keeps its percent-encoding, as API Gateway passes it: %2B stays ("invocation-payload-with-path-encoded-email")', () => {
    expect(reach([route('GET', '/items/{id}')], 'GET', '/items/test%2Balias%40example.com')).toEqual({
      route: 'GET /items/{id}',
      pathParameters: { id: 'test%2Balias%40example.com' },
    });
  });

  test('a variable with a malformed escape arrives as sent', () => {
    expect(reach([route('GET', '/items/{id}')], 'GET', '/items/100%')).toEqual({ route: 'GET /items/{id}', pathParameters: { id: '100%' } });
  });

  test('a literal outside the path grammar, which only a hand-written stack holds, matches itself, malformed escape and all', () => {
    const routes = [route('GET', '/{kind}/100%'), route('GET', '/items/{id}')];
    expect(reach(routes, 'GET', '/rates/100%')).toEqual({ route: 'GET /{kind}/100%', pathParameters: { kind: 'rates' } });
  });
});

describe('Router: verbs', () => {
  test('the resource of the path answers with its method for the verb', () => {
    const routes = [route('GET', '/items'), route('POST', '/items')];
    expect(reach(routes, 'POST', '/items')).toEqual({ route: 'POST /items', pathParameters: {} });
  });

  test('an explicit verb beats ANY on the same resource, ANY takes the others', () => {
    const routes = [route('ANY', '/items/{id}'), route('DELETE', '/items/{id}')];
    expect(reach(routes, 'DELETE', '/items/1')?.route).toBe('DELETE /items/{id}');
    expect(reach(routes, 'PATCH', '/items/1')?.route).toBe('ANY /items/{id}');
  });

  test('fails when the most specific resource lacks the verb, even with a {proxy+} that has it: 403', () => {
    const routes = [route('ANY', '/{proxy+}'), route('GET', '/items/{id}')];
    expect(reach(routes, 'PUT', '/items/7')).toBeUndefined();
  });

  test('fails when a literal resource lacks the verb, even with a {proxy+} that has it: 403', () => {
    const routes = [route('ANY', '/{proxy+}'), route('GET', '/items')];
    expect(reach(routes, 'PUT', '/items')).toBeUndefined();
  });

  test('fails when HEAD is sent to a GET-only resource: HEAD is a verb of its own', () => {
    expect(reach([route('GET', '/items')], 'HEAD', '/items')).toBeUndefined();
  });

  test('fails when no route is declared at all', () => {
    expect(reach([], 'GET', '/')).toBeUndefined();
  });
});
