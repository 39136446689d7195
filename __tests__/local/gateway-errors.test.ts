import { ErrorContext, gatewayError, substituteVariables } from '../../src/local/gateway-errors';
import type { GatewayResponseModel } from '../../src/model/stack-model';

const request: ErrorContext = {
  context: { requestId: 'req-1', stage: 'test', identity: { sourceIp: '127.0.0.1' } },
  requestHeaders: { Origin: 'https://app.example.com' },
  requestQuery: {},
  requestPath: {},
  stageVariables: { team: 'items' },
};

function response(responseType: string, template?: string, statusCode?: string): GatewayResponseModel {
  return { responseType, statusCode, responseTemplates: template === undefined ? {} : { 'application/json': template }, responseParameters: {} };
}

const text = (answer: { body: Buffer }) => answer.body.toString();

describe('gatewayError: Lambda authorizer answers', () => {
  test('UNAUTHORIZED is 401 {"message":"Unauthorized"}', () => {
    const answer = gatewayError('UNAUTHORIZED', [], request);
    expect([answer.statusCode, text(answer), answer.headers['x-amzn-ErrorType']]).toEqual([401, '{"message":"Unauthorized"}', 'UnauthorizedException']);
  });

  test('ACCESS_DENIED is 403 with "Message", as API Gateway spells it for authorizer policies', () => {
    const answer = gatewayError('ACCESS_DENIED', [], request);
    expect([answer.statusCode, text(answer)]).toEqual([403, '{"Message":"User is not authorized to access this resource"}']);
  });

  test('an explicit deny is 403 and says so', () => {
    const answer = gatewayError('ACCESS_DENIED_EXPLICITLY', [], request);
    expect([answer.statusCode, text(answer)]).toEqual([403, '{"Message":"User is not authorized to access this resource with an explicit deny"}']);
  });

  test('AUTHORIZER_CONFIGURATION_ERROR is 500 with a null message', () => {
    const answer = gatewayError('AUTHORIZER_CONFIGURATION_ERROR', [], request);
    expect([answer.statusCode, text(answer), answer.headers['x-amzn-ErrorType']]).toEqual([500, '{"message":null}', 'AuthorizerConfigurationException']);
  });

  test("an explicit deny goes through the stack's ACCESS_DENIED gateway response", () => {
    const answer = gatewayError('ACCESS_DENIED_EXPLICITLY', [response('ACCESS_DENIED', '{"error":$context.error.messageString,"type":"$context.error.responseType"}', '404')], request);
    expect([answer.statusCode, JSON.parse(text(answer))]).toEqual([
      404,
      { error: 'User is not authorized to access this resource with an explicit deny', type: 'ACCESS_DENIED' },
    ]);
  });

  test('401 and 403 fall back to DEFAULT_4XX, 500 to DEFAULT_5XX', () => {
    const responses = [response('DEFAULT_4XX', '{"four":$context.error.messageString}'), response('DEFAULT_5XX', '{"five":$context.error.messageString}')];
    expect(text(gatewayError('UNAUTHORIZED', responses, request))).toBe('{"four":"Unauthorized"}');
    expect(text(gatewayError('ACCESS_DENIED', responses, request))).toBe('{"four":"User is not authorized to access this resource"}');
    expect(text(gatewayError('AUTHORIZER_CONFIGURATION_ERROR', responses, request))).toBe('{"five":null}');
  });
});

describe('substituteVariables: gateway response templates', () => {
  const variables = { context: { ...request.context, error: { message: 'Forbidden', messageString: '"Forbidden"' } }, stageVariables: request.stageVariables };

  test('replaces $context and $stageVariables variables, nested ones too', () => {
    expect(substituteVariables('{"m":$context.error.messageString,"id":"$context.requestId","ip":"$context.identity.sourceIp","team":"$stageVariables.team"}', variables)).toBe(
      '{"m":"Forbidden","id":"req-1","ip":"127.0.0.1","team":"items"}',
    );
  });

  test('replaces the braced form ${context.x}', () => {
    expect(substituteVariables('${context.stage}-${stageVariables.team}', variables)).toBe('test-items');
  });

  test('a variable without a value is empty', () => {
    expect(substituteVariables('[$context.authorizer.principalId][$stageVariables.missing]', variables)).toBe('[][]');
  });

  test('leaves VTL directives and $util as text: gateway response templates are not run by the VTL engine', () => {
    expect(substituteVariables('#if($context.stage == "test")yes#end $util.escapeJavaScript("x")', variables)).toBe('#if(test == "test")yes#end $util.escapeJavaScript("x")');
  });
});
