import { javaRegExp, matchesWholly, selectIntegrationResponse } from '../../src/local/integration-response';

// Selection patterns are matched against the Lambda errorMessage, whole-string as Java's String.matches, and a
// success is matched as the empty string: https://docs.aws.amazon.com/apigateway/latest/api/API_IntegrationResponse.html

/** The responses the example app's custom integration synthesizes (errorStatusCodes [400, 404]). */
const EXAMPLE_RESPONSES = [
  { statusCode: '200' },
  { statusCode: '400', selectionPattern: '^\\[400\\][\\s\\S]*' },
  { statusCode: '404', selectionPattern: '^\\[404\\][\\s\\S]*' },
  { statusCode: '500', selectionPattern: '^(?!\\[(?:400|404)\\])[\\s\\S]+' },
];

describe('selectIntegrationResponse', () => {
  test('a successful invocation gets the default response', () => {
    expect(selectIntegrationResponse(EXAMPLE_RESPONSES)?.statusCode).toBe('200');
  });

  test('an error message starting [400] selects 400', () => {
    expect(selectIntegrationResponse(EXAMPLE_RESPONSES, '[400] name is required')?.statusCode).toBe('400');
  });

  test('an error message over several lines still selects its status', () => {
    expect(selectIntegrationResponse(EXAMPLE_RESPONSES, '[404] item 7\nnot found')?.statusCode).toBe('404');
  });

  test('any other error message selects 500', () => {
    expect(selectIntegrationResponse(EXAMPLE_RESPONSES, 'Task timed out after 3.00 seconds')?.statusCode).toBe('500');
  });

  test('a pattern must match the whole message, not a part of it', () => {
    const responses = [{ statusCode: '200' }, { statusCode: '400', selectionPattern: 'bad' }];
    expect(selectIntegrationResponse(responses, 'bad input')?.statusCode).toBe('200');
  });

  test('. stops at a line break, so .+ does not match a message of several lines', () => {
    const responses = [{ statusCode: '200' }, { statusCode: '500', selectionPattern: '.+' }];
    expect(selectIntegrationResponse(responses, 'line one\nline two')?.statusCode).toBe('200');
  });

  test('.* also matches a success, which is the empty string', () => {
    const responses = [{ statusCode: '200' }, { statusCode: '500', selectionPattern: '.*' }];
    expect(selectIntegrationResponse(responses)?.statusCode).toBe('500');
  });

  test('an empty selection pattern is the default response', () => {
    const responses = [{ statusCode: '400', selectionPattern: 'x' }, { statusCode: '201', selectionPattern: '' }];
    expect(selectIntegrationResponse(responses, 'y')?.statusCode).toBe('201');
  });

  test('no response when nothing matches and there is no default; API Gateway then answers 500', () => {
    expect(selectIntegrationResponse([{ statusCode: '400', selectionPattern: 'x' }], 'y')).toBeUndefined();
  });

  test('fails when a selection pattern is not a valid regular expression', () => {
    expect(() => selectIntegrationResponse([{ statusCode: '400', selectionPattern: '[400' }], 'x')).toThrow(
      'selection pattern or regular expression "[400" is not valid',
    );
  });
});

describe('matchesWholly and javaRegExp', () => {
  test('alternatives are matched as a whole', () => {
    expect([matchesWholly('a|b', 'a'), matchesWholly('a|b', 'ab')]).toEqual([true, false]);
  });

  test("Java's leading inline flags become flags: (?i) ignores case", () => {
    expect(matchesWholly('(?i)not found.*', 'NOT FOUND: 7')).toBe(true);
  });

  test("Java's (?s) lets . cross line breaks", () => {
    expect(matchesWholly('(?s)error.+', 'error\ndetails')).toBe(true);
  });

  test('\\A and \\z anchor as ^ and $', () => {
    expect(javaRegExp('\\Aab\\z').test('ab')).toBe(true);
  });
});
