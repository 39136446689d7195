import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { CorsOptions, DEFAULT_CORS_HEADERS, PREFLIGHT_REQUEST_TEMPLATE, resolveCors } from '../../src/constructs/cors';
import { api, handler, newStack, only, resources, synth, Synthesized } from '../support/helpers';

/** An API (stage v1) with GET /items, whose /items answers preflights with `options`. */
function preflight(options: CorsOptions): Synthesized {
  return synth((stack) => {
    const items = api(stack).root.addResource('items');
    items.addMethod('GET', new LambdaIntegration(handler(stack, 'fn')));
    items.addCorsPreflight(options);
  });
}

describe('CORS preflight', () => {
  describe('one origin, defaults', () => {
    const tf = preflight({ allowOrigins: ['https://app.example.com'] });
    const options = resources(tf, 'aws_api_gateway_method').find((method) => method.http_method === 'OPTIONS')!;

    test('is an OPTIONS method without authorization or API key', () => {
      expect(options).toMatchObject({ http_method: 'OPTIONS', authorization: 'NONE' });
      expect(options).not.toHaveProperty('api_key_required');
    });

    test('is answered by API Gateway itself: a MOCK integration with the statusCode request template', () => {
      const integration = resources(tf, 'aws_api_gateway_integration').find((i) => i.type === 'MOCK')!;

      expect(integration.request_templates).toEqual({ 'application/json': PREFLIGHT_REQUEST_TEMPLATE });
      expect(integration).not.toHaveProperty('uri');
    });

    test('replies 204 with the origin, every verb, the default headers and Vary: Origin', () => {
      const headers = {
        'method.response.header.Access-Control-Allow-Origin': "'https://app.example.com'",
        'method.response.header.Vary': "'Origin'",
        'method.response.header.Access-Control-Allow-Methods': "'GET,POST,PUT,DELETE,PATCH,HEAD,OPTIONS'",
        'method.response.header.Access-Control-Allow-Headers': `'${DEFAULT_CORS_HEADERS.join(',')}'`,
      };

      expect(only(tf, 'aws_api_gateway_integration_response')).toMatchObject({ status_code: expect.stringContaining('method_response'), response_parameters: headers });
      expect(only(tf, 'aws_api_gateway_method_response')).toMatchObject({
        status_code: '204',
        response_parameters: Object.fromEntries(Object.keys(headers).map((key) => [key, true])),
      });
      expect(only(tf, 'aws_api_gateway_integration_response')).not.toHaveProperty('response_templates');
    });
  });

  test('allows credentials and caches the preflight when asked, with the verbs and headers given', () => {
    const tf = preflight({
      allowOrigins: ['https://app.example.com'],
      allowCredentials: true,
      maxAgeSeconds: 600,
      allowMethods: ['get', 'PUT'],
      allowHeaders: ['Content-Type'],
    });

    expect(only(tf, 'aws_api_gateway_integration_response').response_parameters).toEqual({
      'method.response.header.Access-Control-Allow-Origin': "'https://app.example.com'",
      'method.response.header.Vary': "'Origin'",
      'method.response.header.Access-Control-Allow-Credentials': "'true'",
      'method.response.header.Access-Control-Allow-Methods': "'GET,PUT'",
      'method.response.header.Access-Control-Allow-Headers': "'Content-Type'",
      'method.response.header.Access-Control-Max-Age': "'600'",
    });
  });

  test('answers "*" without Vary', () => {
    const tf = preflight({ allowOrigins: ['*'] });

    expect(only(tf, 'aws_api_gateway_integration_response').response_parameters).not.toHaveProperty('method.response.header.Vary');
    expect(only(tf, 'aws_api_gateway_integration_response').response_parameters['method.response.header.Access-Control-Allow-Origin']).toBe("'*'");
  });

  test('with several origins, echoes the caller\'s Origin when it is one of them', () => {
    const tf = preflight({ allowOrigins: ['https://a.example.com', 'https://b.example.com'] });
    const template = only(tf, 'aws_api_gateway_integration_response').response_templates['application/json'];

    expect(template).toContain('#if($origin == "https://a.example.com" || $origin == "https://b.example.com")');
    expect(template).toContain('#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)');
  });

  test('fails when addCorsPreflight has no options and the API no cors', () => {
    const items = api(newStack()).root.addResource('items');

    expect(() => items.addCorsPreflight()).toThrow(/^stack\/Api\/Root\/items: addCorsPreflight\(\) needs CORS options, or the API's cors prop/);
  });

  test('fails when the resource already has an OPTIONS method', () => {
    const stack = newStack();
    const items = api(stack).root.addResource('items');
    items.addCorsPreflight({ allowOrigins: ['*'] });

    expect(() => items.addCorsPreflight({ allowOrigins: ['*'] })).toThrow(/already has the method OPTIONS/);
  });
});

describe('resolveCors', () => {
  const where = 'stack/Api';

  test('fills in the defaults', () => {
    expect(resolveCors(where, { allowOrigins: ['*'] })).toEqual({
      allowOrigins: ['*'],
      allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'],
      allowHeaders: DEFAULT_CORS_HEADERS,
      allowCredentials: false,
      maxAgeSeconds: undefined,
    });
  });

  test('fails when no origin is given', () => {
    expect(() => resolveCors(where, { allowOrigins: [] })).toThrow(/^stack\/Api: cors allowOrigins is empty/);
  });

  test('fails when "*" comes with allowCredentials', () => {
    expect(() => resolveCors(where, { allowOrigins: ['*'], allowCredentials: true })).toThrow(
      /^stack\/Api: cors allowOrigins "\*" with allowCredentials true is rejected by browsers/,
    );
  });

  test.each(['https://app.example.com/', 'app.example.com', 'https://app.example.com/path', 'ftp://x'])('fails when the origin is %s', (origin) => {
    expect(() => resolveCors(where, { allowOrigins: [origin] })).toThrow(/is not an origin; use a scheme, host and optional port/);
  });

  test('fails when a method is ANY', () => {
    expect(() => resolveCors(where, { allowOrigins: ['*'], allowMethods: ['ANY'] })).toThrow(/^stack\/Api: cors allowMethods lists ANY/);
  });

  test('fails when a method is unknown', () => {
    expect(() => resolveCors(where, { allowOrigins: ['*'], allowMethods: ['FETCH'] })).toThrow(/HTTP method "FETCH" is not supported/);
  });

  test('fails when a header name has a space', () => {
    expect(() => resolveCors(where, { allowOrigins: ['*'], allowHeaders: ['X Trace'] })).toThrow(/^stack\/Api: cors allowHeaders entry "X Trace" is not a header name/);
  });

  test('fails when maxAgeSeconds is above a day', () => {
    expect(() => resolveCors(where, { allowOrigins: ['*'], maxAgeSeconds: 86401 })).toThrow(/^stack\/Api: cors maxAgeSeconds 86401 must be a whole number from 0 to 86400/);
  });
});
