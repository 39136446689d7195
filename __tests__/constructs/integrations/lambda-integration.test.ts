import { TerraformStack } from 'cdktf';
import {
  CLIENT_ERROR_TEMPLATE,
  LambdaIntegration,
  LambdaIntegrationOptions,
  PASSTHROUGH_JSON_TEMPLATE,
  SERVER_ERROR_TEMPLATE,
} from '../../../src/constructs/integrations/lambda-integration';
import { LambdaHandlerProps } from '../../../src/constructs/lambda-handler/lambda-handler';
import { api, handler, newStack, only, resources, synth } from '../../support/helpers';

const WHERE = /^stack\/fn \(LambdaIntegration\): /.source;

/** GET /items calling the handler `fn` through a LambdaIntegration with `options`. */
function getItems(stack: TerraformStack, options: LambdaIntegrationOptions = {}, handlerProps: Partial<LambdaHandlerProps> = {}): void {
  api(stack).root.addResource('items').addMethod('GET', new LambdaIntegration(handler(stack, 'fn', handlerProps), options));
}

const integrationOf = (options: LambdaIntegrationOptions, handlerProps: Partial<LambdaHandlerProps> = {}) =>
  only(synth((stack) => getItems(stack, options, handlerProps)), 'aws_api_gateway_integration');

describe('LambdaIntegration', () => {
  describe('defaults', () => {
    test('is a proxy integration that POSTs to the function', () => {
      const integration = integrationOf({});

      expect(integration).toMatchObject({
        type: 'AWS_PROXY',
        integration_http_method: 'POST',
        uri: expect.stringMatching(/^\$\{aws_lambda_function\.fn_Function_\w+\.invoke_arn\}$/),
      });
    });

    test("leaves the timeout at API Gateway's default of 29 s", () => {
      expect(integrationOf({})).not.toHaveProperty('timeout_milliseconds');
    });

    test('has no templates, mapping or responses when it is a proxy integration', () => {
      const tf = synth((stack) => getItems(stack));

      expect(only(tf, 'aws_api_gateway_integration')).not.toHaveProperty('request_templates');
      expect(only(tf, 'aws_api_gateway_integration')).not.toHaveProperty('passthrough_behavior');
      expect(resources(tf, 'aws_api_gateway_integration_response')).toEqual([]);
    });

    test('passes JSON bodies through unchanged when it is a custom integration', () => {
      const integration = integrationOf({ proxy: false });

      expect(integration).toMatchObject({
        type: 'AWS',
        integration_http_method: 'POST',
        request_templates: { 'application/json': PASSTHROUGH_JSON_TEMPLATE },
      });
    });

    test('answers 415 to content types without a template (WHEN_NO_TEMPLATES) when it is a custom integration', () => {
      expect(integrationOf({ proxy: false }).passthrough_behavior).toBe('WHEN_NO_TEMPLATES');
    });

    test('maps [400] and [404] errors to their statuses, any other error to 500, and success to 200', () => {
      const tf = synth((stack) => getItems(stack, { proxy: false }));

      const responses = resources(tf, 'aws_api_gateway_integration_response').map((r) => ({
        status_code: r.status_code,
        selection_pattern: r.selection_pattern,
        response_templates: r.response_templates,
      }));
      expect(responses).toEqual([
        { status_code: expect.stringMatching(/status_code\}$/), selection_pattern: undefined, response_templates: undefined },
        {
          status_code: expect.stringMatching(/status_code\}$/),
          selection_pattern: '^\\[400\\][\\s\\S]*',
          response_templates: { 'application/json': CLIENT_ERROR_TEMPLATE },
        },
        {
          status_code: expect.stringMatching(/status_code\}$/),
          selection_pattern: '^\\[404\\][\\s\\S]*',
          response_templates: { 'application/json': CLIENT_ERROR_TEMPLATE },
        },
        {
          status_code: expect.stringMatching(/status_code\}$/),
          selection_pattern: '^(?!\\[(?:400|404)\\])[\\s\\S]+',
          response_templates: { 'application/json': SERVER_ERROR_TEMPLATE },
        },
      ]);
      expect(resources(tf, 'aws_api_gateway_method_response').map((r) => r.status_code)).toEqual(['200', '400', '404', '500']);
    });

    test('invokes the function synchronously', () => {
      expect(integrationOf({ proxy: false })).not.toHaveProperty('request_parameters');
    });
  });

  describe('options', () => {
    test('sets the timeout it is given', () => {
      expect(integrationOf({ timeoutMs: 29000 }).timeout_milliseconds).toBe(29000);
    });

    test('accepts the shortest timeout, 50 ms, for an asynchronous integration', () => {
      expect(integrationOf({ timeoutMs: 50, proxy: false, invocationType: 'Event' }).timeout_milliseconds).toBe(50);
    });

    test('uses the request templates it is given instead of the default', () => {
      const templates = { 'application/xml': '{"body": "$util.escapeJavaScript($input.body)"}' };

      expect(integrationOf({ proxy: false, requestTemplates: templates }).request_templates).toEqual(templates);
    });

    test('maps the error statuses it is given', () => {
      const tf = synth((stack) => getItems(stack, { proxy: false, errorStatusCodes: [409] }));

      expect(resources(tf, 'aws_api_gateway_method_response').map((r) => r.status_code)).toEqual(['200', '409', '500']);
      expect(resources(tf, 'aws_api_gateway_integration_response').map((r) => r.selection_pattern)).toEqual([
        undefined,
        '^\\[409\\][\\s\\S]*',
        '^(?!\\[(?:409)\\])[\\s\\S]+',
      ]);
    });

    test('queues the invocation and answers 202 with invocationType Event', () => {
      const tf = synth((stack) => getItems(stack, { proxy: false, invocationType: 'Event' }));

      expect(only(tf, 'aws_api_gateway_integration').request_parameters).toEqual({
        'integration.request.header.X-Amz-Invocation-Type': "'Event'",
      });
      expect(only(tf, 'aws_api_gateway_method_response').status_code).toBe('202');
      expect(only(tf, 'aws_api_gateway_integration_response')).not.toHaveProperty('selection_pattern');
    });

    test('allows a handler that runs longer than 29 s with invocationType Event', () => {
      const tf = synth((stack) => getItems(stack, { proxy: false, invocationType: 'Event' }, { timeoutSeconds: 30 }));

      expect(only(tf, 'aws_lambda_function').timeout).toBe(30);
    });

    test('allows a handler that runs exactly as long as API Gateway waits', () => {
      const tf = synth((stack) => getItems(stack, { timeoutMs: 10000 }, { timeoutSeconds: 10 }));

      expect(only(tf, 'aws_api_gateway_integration').timeout_milliseconds).toBe(10000);
    });
  });

  describe('errors', () => {
    test.each([49, 29001, 100.5])('fails when timeoutMs is %p', (timeoutMs) => {
      expect(() => getItems(newStack(), { timeoutMs, proxy: false, invocationType: 'Event' })).toThrow(
        new RegExp(`${WHERE}timeoutMs ${String(timeoutMs).replace('.', '\\.')} must be a whole number from 50 to 29000; API Gateway's integration timeout is 50 ms to 29 s$`),
      );
    });

    test('fails when invocationType is Event on a proxy integration', () => {
      expect(() => getItems(newStack(), { invocationType: 'Event' })).toThrow(
        new RegExp(`${WHERE}invocationType 'Event' needs a custom integration, .*; set proxy: false$`),
      );
    });

    test('fails when invocationType is unknown', () => {
      const options = { proxy: false, invocationType: 'DryRun' } as unknown as LambdaIntegrationOptions;

      expect(() => getItems(newStack(), options)).toThrow(
        new RegExp(`${WHERE}invocationType "DryRun" is not valid; use 'RequestResponse' or 'Event'$`),
      );
    });

    test.each([399, 500, 404.5])('fails when an error status code is %p', (status) => {
      expect(() => getItems(newStack(), { proxy: false, errorStatusCodes: [400, status] })).toThrow(
        new RegExp(`${WHERE}error status code ${String(status).replace('.', '\\.')} must be a whole number from 400 to 499; use client-error statuses`),
      );
    });

    test('fails when an error status code is repeated', () => {
      expect(() => getItems(newStack(), { proxy: false, errorStatusCodes: [404, 400, 404] })).toThrow(
        new RegExp(`${WHERE}errorStatusCodes \\[404, 400, 404\\] repeat a status; list each once$`),
      );
    });

    test('fails when the handler may run longer than 29 s behind a synchronous integration', () => {
      expect(() => getItems(newStack(), {}, { timeoutSeconds: 30 })).toThrow(
        new RegExp(
          `${WHERE}the function may run 30 s, but API Gateway stops waiting after 29 s and answers 504; ` +
            `set the handler's timeoutSeconds to 29 or less, or use invocationType 'Event'$`,
        ),
      );
    });

    test('fails when the handler may run longer than the timeoutMs it is given', () => {
      expect(() => getItems(newStack(), { timeoutMs: 10000 }, { timeoutSeconds: 20 })).toThrow(
        new RegExp(`${WHERE}the function may run 20 s, but API Gateway stops waiting after 10 s .*timeoutSeconds to 10 or less`),
      );
    });

    test('fails when timeoutMs is under one second on a synchronous integration, asking for a longer timeoutMs', () => {
      expect(() => getItems(newStack(), { timeoutMs: 500 }, { timeoutSeconds: 1 })).toThrow(
        new RegExp(`${WHERE}the function may run 1 s, but API Gateway stops waiting after 0\\.5 s and answers 504; raise timeoutMs to 1000 or more, or use invocationType 'Event'$`),
      );
    });

    test('fails when a proxy integration gets options of a custom integration', () => {
      expect(() => getItems(newStack(), { requestTemplates: { 'application/json': '{}' }, errorStatusCodes: [400] })).toThrow(
        new RegExp(`${WHERE}requestTemplates and errorStatusCodes apply only to a custom integration, and this one is a proxy; set proxy: false or remove them$`),
      );
    });

    test('fails before the method is created', () => {
      const stack = newStack();
      const items = api(stack).root.addResource('items');

      expect(() => items.addMethod('GET', new LambdaIntegration(handler(stack, 'fn'), { timeoutMs: 10 }))).toThrow(/timeoutMs 10/);
      expect(items.node.tryFindChild('GET')).toBeUndefined();
    });
  });
});
