import {
  evaluateJsonPath,
  lambdaEvent,
  MappingInput,
  MappingTemplateError,
  renderMappingTemplate,
  selectRequestTemplate,
  selectResponseTemplate,
  UNSUPPORTED_MEDIA_TYPE,
} from '../../src/local/mapping-template';
import { CLIENT_ERROR_TEMPLATE, PASSTHROUGH_JSON_TEMPLATE, SERVER_ERROR_TEMPLATE } from '../../src/constructs/integrations/lambda-integration';

// Expected outputs follow the API Gateway mapping template reference:
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html

function input(overrides: Partial<MappingInput> = {}): MappingInput {
  return {
    body: '',
    params: { path: {}, querystring: {}, header: {} },
    stageVariables: {},
    context: {},
    ...overrides,
  };
}

const render = (template: string, overrides: Partial<MappingInput> = {}) => renderMappingTemplate(template, input(overrides));

describe('renderMappingTemplate: $input', () => {
  const body = JSON.stringify({ name: 'pen', price: 1.5, tags: ['a', 'b'], things: { '1': {}, '2': {}, '3': {} }, nested: { deep: { id: 7 } } });

  test('$input.body is the raw payload', () => {
    expect(render('$input.body', { body: '{"a": 1}' })).toBe('{"a": 1}');
  });

  test("$input.json('$') is the whole payload as JSON", () => {
    expect(render("$input.json('$')", { body: '{ "a" : [1, 2] }' })).toBe('{"a":[1,2]}');
  });

  test("$input.json('$') of an empty payload is {}", () => {
    expect(render("$input.json('$')")).toBe('{}');
  });

  test('$input.json of a string property is a quoted JSON string', () => {
    expect(render("$input.json('$.name')", { body })).toBe('"pen"');
  });

  test('$input.json of a number, array and object is their JSON', () => {
    expect(render("$input.json('$.price') $input.json('$.tags') $input.json('$.nested.deep')", { body })).toBe('1.5 ["a","b"] {"id":7}');
  });

  test('$input.json of a path the payload does not hold is null', () => {
    expect(render("$input.json('$.missing.deeper')", { body })).toBe('null');
  });

  test('$input.path gives an object the template can walk: the reference example counts 3 things', () => {
    const template = '{"id" : "$input.params(\'id\')", "count" : "$input.path(\'$.things\').size()", "things" : $input.json(\'$.things\')}';
    const output = render(template, { body, params: { path: { id: 'abc' }, querystring: {}, header: {} } });
    expect(JSON.parse(output)).toEqual({ id: 'abc', count: '3', things: { '1': {}, '2': {}, '3': {} } });
  });

  test('$input.path of a property reads it natively', () => {
    expect(render("#set($root = $input.path('$'))$root.nested.deep.id $root.tags[1] $root.name.length()", { body })).toBe('7 b 3');
  });

  test('$input.path of a map prints as a Java map, and its arrays as JSON', () => {
    expect(render("$input.path('$')", { body: '{"a":1,"b":[{"c":5}],"d":{"e":"x"}}' })).toBe('{a=1, b=[{"c":5}], d={e=x}}');
  });

  // Recorded against AWS: localstack/localstack tests/aws/services/apigateway/test_apigateway_common.snapshot.json,
  // test_input_path_template_formatting ("empty-body": `{"body": , "nested": , ...}`).
  test('$input.path of a missing property renders empty, quiet ($!) or not, as does an undefined reference', () => {
    expect(render("[$input.path('$.missing')][$!input.path('$.missing')][$undefinedReference][$input.path('$.missing').nested]", { body })).toBe('[][][][]');
  });

  test('a null or undefined reference equals "" and null, an empty list equals neither', () => {
    const template = "#set($none = $input.path('$.missing'))#set($list = $input.path('$.list'))#if($none == '')a#end#if($none == $null)b#end#if($list == '')c#end#if($list == $null)d#end#if($list != '')e#end";
    expect(render(template, { body: '{"list":[]}' })).toBe('abe');
  });

  test('$input.body of an empty payload is {} (test_input_body_formatting, "response-raw-body")', () => {
    expect(render('$input.body', { body: '' })).toBe('{}');
  });

  test('$util.urlEncode of an undefined reference is empty, and a space is + (test_input_body_formatting, "response-url-encode")', () => {
    expect(render('$util.urlEncode($input.body)&$util.urlEncode($input.body.testAccess)', { body: '{"some": "value"}' })).toBe('%7B%22some%22%3A+%22value%22%7D&');
  });

  test('$input.params() holds path, querystring and header maps', () => {
    const params = { path: { id: '1' }, querystring: { q: 'x' }, header: { Accept: 'text/plain' } };
    const template = '#foreach($type in $input.params().keySet())$type:#foreach($name in $input.params().get($type).keySet())$name=$input.params().get($type).get($name)#end;#end';
    expect(render(template, { params })).toBe('path:id=1;querystring:q=x;header:Accept=text/plain;');
  });

  test('$input.params(name) searches the path, then the query string, then the headers', () => {
    const params = { path: { id: 'from-path' }, querystring: { id: 'from-query', q: 'from-query' }, header: { id: 'h', q: 'h', h: 'from-header' } };
    expect(render("$input.params('id') $input.params('q') $input.params('h')", { params })).toBe('from-path from-query from-header');
  });

  test('$input.params(name) finds a header whatever the case of its name', () => {
    expect(render("$input.params('content-type')", { params: { path: {}, querystring: {}, header: { 'Content-Type': 'text/csv' } } })).toBe('text/csv');
  });

  test('$input.params(name) of a parameter the request lacks is empty', () => {
    expect(render('"$input.params(\'limit\')"')).toBe('""');
  });
});

describe('renderMappingTemplate: JSONPath', () => {
  const document = { store: { book: [{ title: 'A', price: 8 }, { title: 'B', price: 12 }, { title: 'C', price: 9 }] }, 'odd key': 1 };

  test.each([
    ['$', document],
    ['$.store.book[0].title', 'A'],
    ['$.store.book[-1].title', 'C'],
    ['$.store.book[-2].title', 'B'],
    ["$['odd key']", 1],
    ['$["store"]["book"][1]["price"]', 12],
    ['$.store.book[*].title', ['A', 'B', 'C']],
    ['$.store.book.*.price', [8, 12, 9]],
    ['$..price', [8, 12, 9]],
    ['$.store.book[0:2].title', ['A', 'B']],
    ["$.store.book[1]['title','price']", ['B', 12]],
    ['$.store.book[5]', undefined],
    ['$.nothing.here', undefined],
  ])('%s', (path, expected) => {
    expect(evaluateJsonPath(document, path)).toEqual(expected);
  });

  test('fails when the path does not start with $', () => {
    expect(() => evaluateJsonPath(document, 'store.book')).toThrow('JSONPath "store.book" must start with $');
  });

  test('a filter selects the array items whose expression holds', () => {
    expect(evaluateJsonPath(document, '$.store.book[?(@.price > 10)]')).toEqual([{ title: 'B', price: 12 }]);
  });

  test('a filter may compare strings and combine conditions', () => {
    expect(evaluateJsonPath(document, "$.store.book[?(@.price < 10 && @.title != 'A')].title")).toEqual(['C']);
  });

  test('a filter after a recursive descent finds matches at any depth', () => {
    expect(evaluateJsonPath(document, '$..book[?(@.price < 10)].title')).toEqual(['A', 'C']);
  });

  test('a recursive descent with a wildcard lists every node below the root', () => {
    expect(evaluateJsonPath({ a: { b: 1 }, c: [2] }, '$..*')).toEqual([{ b: 1 }, [2], 1, 2]);
  });

  test('a filter that matches nothing is an empty list, which $input.json prints as []', () => {
    expect(render("$input.json('$.store.book[?(@.price > 100)]')", { body: JSON.stringify(document) })).toBe('[]');
  });

  test('$input.path of a filter gives a list the template can walk', () => {
    const template = "#foreach($book in $input.path('$.items[?(@.price > 10)]'))$book.name;#end";
    expect(render(template, { body: '{"items":[{"name":"pen","price":2},{"name":"lamp","price":30},{"name":"desk","price":120}]}' })).toBe('lamp;desk;');
  });

  test('fails when the path is not JSONPath', () => {
    expect(() => evaluateJsonPath(document, '$.store.book[?(@.price >)]')).toThrow(/^JSONPath "\$\.store\.book\[\?\(@\.price >\)\]" is not valid/);
  });
});

describe('renderMappingTemplate: $util', () => {
  test('escapeJavaScript escapes quotes (single ones too), backslashes and slashes', () => {
    expect(render('$util.escapeJavaScript($input.body)', { body: `it's "a\\b/c"` })).toBe(`it\\'s \\"a\\\\b\\/c\\"`);
  });

  test('escapeJavaScript escapes control characters, and characters outside ASCII as \\uXXXX', () => {
    expect(render('$util.escapeJavaScript($input.body)', { body: 'a\tb\nc\rd\u0001é€😀' })).toBe('a\\tb\\nc\\rd\\u0001\\u00E9\\u20AC\\uD83D\\uDE00');
  });

  test("escapeJavaScript(...).replaceAll(\"\\\\'\",\"'\") turns the escaped single quotes back, as the reference advises", () => {
    expect(render('$util.escapeJavaScript($input.body).replaceAll("\\\\\'","\'")', { body: `it's` })).toBe(`it's`);
  });

  test('parseJson gives an object the template can walk: the reference example reads 1', () => {
    const body = JSON.stringify({ errorMessage: JSON.stringify({ key1: 'var1', key2: { arr: [1, 2, 3] } }) });
    const template = "#set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage')))\n{\n   \"errorMessageObjKey2ArrVal\" : $errorMessageObj.key2.arr[0]\n}";
    expect(JSON.parse(render(template, { body }))).toEqual({ errorMessageObjKey2ArrVal: 1 });
  });

  test('urlEncode is application/x-www-form-urlencoded: space as +, only letters, digits and .-*_ kept', () => {
    expect(render('$util.urlEncode($input.body)', { body: "a b&c=d/é!'()~*._-" })).toBe('a+b%26c%3Dd%2F%C3%A9%21%27%28%29%7E*._-');
  });

  test('urlDecode reverses urlEncode, + included', () => {
    expect(render('$util.urlDecode($input.body)', { body: 'a+b%26c%3Dd%2F%C3%A9' })).toBe('a b&c=d/é');
  });

  test('base64Encode encodes the UTF-8 bytes', () => {
    expect(render('$util.base64Encode($input.body)', { body: 'héllo' })).toBe('aMOpbGxv');
  });

  test('base64Decode decodes to text', () => {
    expect(render('$util.base64Decode($input.body)', { body: 'aMOpbGxv' })).toBe('héllo');
  });
});

describe('renderMappingTemplate: $context, $stageVariables and Java methods', () => {
  test('$context variables, nested ones too', () => {
    const context = { stage: 'v1', requestId: 'r-1', identity: { sourceIp: '127.0.0.1' }, httpMethod: 'POST', resourcePath: '/events' };
    expect(render('$context.stage $context.requestId $context.identity.sourceIp $context.httpMethod $context.resourcePath', { context })).toBe(
      'v1 r-1 127.0.0.1 POST /events',
    );
  });

  test('$stageVariables in each syntax the reference lists', () => {
    expect(render("$stageVariables.table $stageVariables['table'] ${stageVariables['table']}", { stageVariables: { table: 'items' } })).toBe('items items items');
  });

  test('Java string methods: matches, equals, contains, replace, split, isEmpty', () => {
    const template = "#set($s = 'a-b-c')$s.matches('[a-c-]+') $s.equals('a-b-c') $s.contains('b') $s.replace('-', '+') $s.split('-').size() $s.isEmpty()";
    expect(render(template)).toBe('true true true a+b+c 3 false');
  });

  test('Java map methods: containsKey and isEmpty', () => {
    expect(render("#set($m = $input.path('$'))$m.containsKey('a') $m.containsKey('z') $m.isEmpty()", { body: '{"a":1}' })).toBe('true false false');
  });

  test('#if, #foreach and $foreach.hasNext build JSON lists', () => {
    const template = '[#foreach($tag in $input.path(\'$.tags\'))"$tag"#if($foreach.hasNext),#end#end]';
    expect(render(template, { body: '{"tags":["x","y"]}' })).toBe('["x","y"]');
  });

  test("the example app's passthrough template passes a JSON body through", () => {
    expect(JSON.parse(render(PASSTHROUGH_JSON_TEMPLATE, { body: '{"type":"item.viewed","itemId":"7"}' }))).toEqual({ type: 'item.viewed', itemId: '7' });
  });

  test("the example app's client error template returns the function's message as JSON", () => {
    const body = JSON.stringify({ errorMessage: '[400] name is "required"', errorType: 'Error' });
    expect(JSON.parse(render(CLIENT_ERROR_TEMPLATE, { body }))).toEqual({ message: '[400] name is "required"' });
  });

  test("the example app's server error template never carries the function's message", () => {
    expect(render(SERVER_ERROR_TEMPLATE, { body: JSON.stringify({ errorMessage: 'secret' }) })).toBe('{"message": "Internal server error"}');
  });

  test('fails when $input.json reads a payload that is not JSON: 400 Could not parse request body into json', () => {
    const error = captureError(() => render("$input.json('$')", { body: 'name=pen' }));
    expect(error).toBeInstanceOf(MappingTemplateError);
    expect(error).toMatchObject({ status: 400, message: expect.stringMatching(/^Could not parse request body into json: /) });
  });
});

describe('selectRequestTemplate', () => {
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-passthrough-behaviors.html
  const json = { 'application/json': 'J' };

  test('a request without Content-Type uses the application/json template', () => {
    expect(selectRequestTemplate(json, undefined, 'NEVER')).toBe('J');
  });

  test('the template of the content type, whatever its parameters and case', () => {
    expect(selectRequestTemplate({ ...json, 'text/plain': 'T' }, 'Text/Plain; charset=utf-8', 'WHEN_NO_TEMPLATES')).toBe('T');
  });

  test('WHEN_NO_MATCH passes an unmapped content type through', () => {
    expect(selectRequestTemplate(json, 'application/xml', 'WHEN_NO_MATCH')).toBeUndefined();
  });

  test('WHEN_NO_TEMPLATES answers 415 Unsupported Media Type to an unmapped content type when templates exist', () => {
    expect(selectRequestTemplate(json, 'application/xml', 'WHEN_NO_TEMPLATES')).toEqual({ status: 415, message: 'Unsupported Media Type' });
  });

  test('WHEN_NO_TEMPLATES passes any content type through when there are no templates', () => {
    expect(selectRequestTemplate({}, 'application/xml', 'WHEN_NO_TEMPLATES')).toBeUndefined();
  });

  test('NEVER answers 415 to an unmapped content type', () => {
    expect(selectRequestTemplate(json, 'application/xml', 'NEVER')).toBe(UNSUPPORTED_MEDIA_TYPE);
  });

  test('NEVER answers 415 when there are no templates at all', () => {
    expect(selectRequestTemplate({}, 'application/json', 'NEVER')).toBe(UNSUPPORTED_MEDIA_TYPE);
  });
});

describe('selectResponseTemplate', () => {
  const templates = { 'application/json': 'J', 'application/xml': 'X' };

  test("the template of a type the client's Accept header lists", () => {
    expect(selectResponseTemplate(templates, 'text/html, application/xml;q=0.9')).toBe('X');
  });

  test('the application/json template when the client accepts no mapped type', () => {
    expect(selectResponseTemplate(templates, 'text/html')).toBe('J');
  });

  test('the only template when none is application/json', () => {
    expect(selectResponseTemplate({ 'text/plain': 'T' }, undefined)).toBe('T');
  });

  test('no template passes the payload through', () => {
    expect(selectResponseTemplate({}, 'application/json')).toBeUndefined();
  });
});

describe('lambdaEvent', () => {
  test('parses the rendered payload', () => {
    expect(lambdaEvent('{"a":[1]}')).toEqual({ a: [1] });
  });

  test('an empty payload is the empty object', () => {
    expect(lambdaEvent('  ')).toEqual({});
  });

  test('fails when the payload is not JSON: 400 Could not parse request body into json', () => {
    expect(captureError(() => lambdaEvent('{"a": }'))).toMatchObject({ status: 400, message: expect.stringMatching(/^Could not parse request body into json: /) });
  });
});

function captureError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
