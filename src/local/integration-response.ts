/**
 * The integration response of a custom (`AWS`) Lambda integration: the one whose selection pattern matches the
 * function's `errorMessage`, else the default one (no pattern). A successful invocation has no error message, so
 * it is matched as the empty string: `.+` catches errors only, while `.*` would catch successes too
 * (https://docs.aws.amazon.com/apigateway/latest/api/API_IntegrationResponse.html, selectionPattern). The pattern
 * must match the whole message, as Java's `String.matches` does, and `.` stops at line breaks.
 * `undefined` means no response applies, which API Gateway answers with 500 `{"message": "Internal server error"}`.
 */
export function selectIntegrationResponse<Response extends { readonly selectionPattern?: string }>(
  responses: readonly Response[],
  errorMessage?: string,
): Response | undefined {
  const subject = errorMessage ?? '';
  const isDefault = (response: Response) => response.selectionPattern === undefined || response.selectionPattern === '';
  return responses.find((response) => !isDefault(response) && matchesWholly(response.selectionPattern!, subject)) ?? responses.find(isDefault);
}

/** Java's `Pattern.matches(pattern, text)`: the pattern must match all of `text`. */
export function matchesWholly(pattern: string, text: string): boolean {
  return javaRegExp(pattern, '', true).test(text);
}

const compiled = new Map<string, RegExp>();

/**
 * A Java regular expression as a JavaScript one. The two agree on the syntax selection patterns use (classes,
 * groups, lookaheads, quantifiers, `\d\s\w`); Java's leading inline flags (`(?i)`, `(?s)`, `(?m)`) become flags,
 * and `\A`, `\z` and `\Z` anchors become `^` and `$`. Possessive quantifiers and atomic groups have no equivalent.
 * `wholly` anchors it at both ends, for `matches`.
 */
export function javaRegExp(pattern: string, flags = '', wholly = false): RegExp {
  const key = `${flags}${wholly ? 'y' : ''}/${pattern}`;
  let regExp = compiled.get(key);
  if (!regExp) {
    const inline = /^\(\?([ims]+)\)/.exec(pattern);
    const source = (inline ? pattern.slice(inline[0].length) : pattern).replace(/\\A/g, '^').replace(/\\[zZ]/g, '$');
    try {
      regExp = new RegExp(wholly ? `(?:${source})$` : source, `${flags}${inline?.[1] ?? ''}${wholly ? 'y' : ''}`);
    } catch (error) {
      throw new Error(`selection pattern or regular expression "${pattern}" is not valid: ${(error as Error).message}`);
    }
    compiled.set(key, regExp);
  }
  regExp.lastIndex = 0;
  return regExp;
}
