import { JSONPath } from 'jsonpath-plus';
import { Compile, Helper, parse } from 'velocityjs';
import { matchesWholly, javaRegExp } from './integration-response';
import { headerValue } from './proxy-event';

/**
 * Mapping templates of non-proxy integrations, rendered as API Gateway renders them: Velocity (VTL) with the
 * `$input`, `$util`, `$context` and `$stageVariables` variables of the API Gateway reference
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html).
 */
export interface MappingInput {
  /** The raw request (or integration response) payload. */
  readonly body: string;
  readonly params: {
    readonly path: Record<string, string>;
    readonly querystring: Record<string, string>;
    readonly header: Record<string, string>;
  };
  readonly stageVariables: Record<string, string>;
  readonly context: Record<string, unknown>;
}

/** An answer of API Gateway itself, such as 415 for a content type no template maps. */
export interface GatewayError {
  readonly status: number;
  readonly message: string;
}

/**
 * A request API Gateway refuses while mapping it, with the status and message it answers
 * (`{"message": "Could not parse request body into json: ..."}` with 400 for a body that is not JSON).
 */
export class MappingTemplateError extends Error implements GatewayError {
  public readonly name = 'MappingTemplateError';
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const UNSUPPORTED_MEDIA_TYPE: GatewayError = { status: 415, message: 'Unsupported Media Type' };

/** API Gateway's content type for a request without a `Content-Type` header. */
const DEFAULT_CONTENT_TYPE = 'application/json';

/**
 * The request template for a request's content type: the template to render, `undefined` to pass the body
 * through unchanged, or 415 Unsupported Media Type. A request without `Content-Type` counts as
 * `application/json`. WHEN_NO_MATCH passes unmapped types through; WHEN_NO_TEMPLATES passes through only when
 * the integration has no template at all; NEVER passes nothing through
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-passthrough-behaviors.html).
 */
export function selectRequestTemplate(
  templates: Record<string, string>,
  contentType: string | undefined,
  passthroughBehavior: string,
): string | undefined | GatewayError {
  const template = templateFor(templates, contentType ?? DEFAULT_CONTENT_TYPE);
  if (template !== undefined) return template;
  const hasTemplates = Object.keys(templates).length > 0;
  if (passthroughBehavior === 'WHEN_NO_MATCH' || (passthroughBehavior === 'WHEN_NO_TEMPLATES' && !hasTemplates)) return undefined;
  return UNSUPPORTED_MEDIA_TYPE;
}

/**
 * The response template of an integration response for the client's `Accept` header: the template of that
 * content type, else the `application/json` one, else the only one; `undefined` passes the payload through.
 */
export function selectResponseTemplate(templates: Record<string, string>, accept: string | undefined): string | undefined {
  const accepted = (accept ?? '').split(',').map((type) => templateFor(templates, type)).find((template) => template !== undefined);
  return accepted ?? templateFor(templates, DEFAULT_CONTENT_TYPE) ?? Object.values(templates)[0];
}

/** Media types match without their parameters (`; charset=utf-8`) and whatever their case. */
function templateFor(templates: Record<string, string>, contentType: string): string | undefined {
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  const key = Object.keys(templates).find((type) => type.toLowerCase() === mediaType);
  return key === undefined ? undefined : templates[key];
}

/**
 * Templates parsed once, as a stack has few and parsing one costs more than the rest of a request (about 70 µs);
 * rendering does not change the parsed template.
 */
const parsedTemplates = new Map<string, ReturnType<typeof parse>>();

/** Renders a mapping template with the request's (or integration response's) payload, parameters and context. */
export function renderMappingTemplate(template: string, input: MappingInput): string {
  let parsed = parsedTemplates.get(template);
  if (!parsed) {
    parsed = parse(template);
    parsedTemplates.set(template, parsed);
  }
  const compiled = new ApiGatewayTemplate(parsed, { customMethodHandlers: JAVA_METHODS });
  return compiled.render({
    input: new Input(input),
    util: UTIL,
    context: input.context,
    stageVariables: input.stageVariables,
  });
}

/**
 * The Lambda event of a custom integration: the rendered template (or the passed-through body) must be JSON, or
 * API Gateway answers 400 without invoking the function. An empty payload is the empty object.
 */
export function lambdaEvent(payload: string): unknown {
  return payload.trim() === '' ? {} : parseJsonPayload(payload);
}

/**
 * velocityjs renders like Java Velocity, except for what API Gateway does otherwise, as recorded against AWS
 * (localstack/localstack tests/aws/services/apigateway/test_apigateway_common.snapshot.json,
 * test_input_path_template_formatting): a reference that is undefined or null renders empty (`"body": ,` for
 * `$input.path('$.nonExisting')`, where Velocity would print the reference itself); `==` with `""` holds for a
 * null or undefined reference ("isEmptyString": "true") but not for an empty list; a map prints as `{key=value}`
 * and a JSON array as JSON.
 */
class ApiGatewayTemplate extends Compile {
  public getReferences(ast: ReferenceAst, isVal?: boolean): any {
    if (!isVal) return super.getReferences(ast, isVal);
    const silence = this.silence;
    this.silence = true;
    try {
      const value = super.getReferences(ast, isVal);
      return value === null || value === undefined ? '' : toVelocityString(value);
    } finally {
      this.silence = silence;
    }
  }

  public getExpression(ast: Parameters<Compile['getExpression']>[0]): any {
    const math = ast as { type: string; operator?: string; expression?: typeof ast[] };
    if (math.type === 'math' && (math.operator === '==' || math.operator === '!=') && math.expression) {
      const equal = velocityEquals(this.getExpression(math.expression[0]), this.getExpression(math.expression[1]));
      return math.operator === '==' ? equal : !equal;
    }
    return super.getExpression(ast);
  }
}

/** `==` of API Gateway's templates: null, undefined and `""` are equal; values of different types compare as text. */
function velocityEquals(left: unknown, right: unknown): boolean {
  const empty = (value: unknown) => value === null || value === undefined || value === '';
  if (left === null || left === undefined || right === null || right === undefined) return empty(left) && empty(right);
  if (typeof left === 'object' || typeof right === 'object') return JSON.stringify(left) === JSON.stringify(right);
  return typeof left === typeof right ? left === right : String(left) === String(right);
}

type ReferenceAst = Parameters<typeof Helper.getRefText>[0] & { readonly leader?: string };

/** Java's `toString` of the objects API Gateway's JSON parser makes: maps as `{a=1, b=x}`, arrays as JSON. */
function toVelocityString(value: unknown): unknown {
  if (Array.isArray(value)) return JSON_ARRAYS.has(value) ? JSON.stringify(value) : `[${value.map(toVelocityString).join(', ')}]`;
  if (isPlainObject(value)) {
    return `{${Object.entries(value).map(([key, entry]) => `${key}=${toVelocityString(entry)}`).join(', ')}}`;
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

// Arrays that came from JSON print as JSON; those built in the template (`#set($a = [1, 2])`) as Java lists.
const JSON_ARRAYS = new WeakSet<unknown[]>();

function parseJson(text: string): unknown {
  return markArrays(JSON.parse(text));
}

function markArrays(value: unknown): unknown {
  if (Array.isArray(value)) {
    JSON_ARRAYS.add(value);
    value.forEach(markArrays);
  } else if (isPlainObject(value)) {
    Object.values(value).forEach(markArrays);
  }
  return value;
}

function parseJsonPayload(payload: string): unknown {
  try {
    return parseJson(payload);
  } catch (error) {
    throw new MappingTemplateError(400, `Could not parse request body into json: ${(error as Error).message}`);
  }
}

/** `$input`: the payload and the method request's parameters. */
class Input {
  public readonly body: string;
  private document: unknown;
  private parsed = false;

  constructor(private readonly input: MappingInput) {
    // An empty payload is `{}` to the template too (test_apigateway_common.snapshot.json, test_input_body_formatting:
    // `$input.body` of a POST without a body renders `{}`).
    this.body = input.body === '' ? '{}' : input.body;
  }

  /** The JSONPath's value as JSON text; `null` when the payload holds nothing there. */
  public json(path: string): string {
    return JSON.stringify(this.path(path) ?? null);
  }

  /** The JSONPath's value as an object the template can walk (`$input.path('$.items').size()`), or null. */
  public path(path: string): unknown {
    const value = evaluateJsonPath(this.payload(), path);
    return value === undefined ? null : value;
  }

  /** All parameters by kind (`path`, `querystring`, `header`), or one by name, searched in that order; '' when absent. */
  public params(name?: string): unknown {
    const { path, querystring, header } = this.input.params;
    if (name === undefined) return { path: { ...path }, querystring: { ...querystring }, header: { ...header } };
    return path[name] ?? querystring[name] ?? headerValue(header, String(name)) ?? '';
  }

  // An empty payload is the empty object, so `$input.json('$')` of a GET is `{}`.
  private payload(): unknown {
    if (!this.parsed) {
      this.document = this.body.trim() === '' ? {} : parseJsonPayload(this.body);
      this.parsed = true;
    }
    return this.document;
  }
}

/**
 * `$util`. escapeJavaScript follows "JavaScript string rules", the Apache Commons Lang `escapeJavaScript` whose
 * description the AWS reference quotes: quotes (single ones too), backslash, `/` and control characters are
 * escaped, and characters outside ASCII become `\uXXXX`. urlEncode and urlDecode are Java's URLEncoder and
 * URLDecoder (`application/x-www-form-urlencoded`: a space is `+`).
 */
const UTIL = {
  escapeJavaScript: (value: unknown): string => (value === null || value === undefined ? '' : escapeJavaScript(String(value))),
  parseJson: (text: string): unknown => parseJson(text),
  // `$util.urlEncode` of an undefined reference is empty (test_input_body_formatting: "EncodedBodyAccess=").
  urlEncode: (text: unknown): string =>
    text === null || text === undefined
      ? ''
      : encodeURIComponent(String(text))
      .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      .replace(/%20/g, '+'),
  urlDecode: (text: string): string => decodeURIComponent(text.replace(/\+/g, ' ')),
  base64Encode: (text: string): string => Buffer.from(String(text), 'utf8').toString('base64'),
  base64Decode: (text: string): string => Buffer.from(String(text), 'base64').toString('utf8'),
};

const SHORT_ESCAPES: Record<string, string> = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r', "'": "\\'", '"': '\\"', '\\': '\\\\', '/': '\\/' };

function escapeJavaScript(text: string): string {
  return text.replace(/[\u0000-\u001f'"\\/\u0080-\uffff]/g, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

type MethodCall = { property: string; context: any; params: any[] };

/** Java methods of strings, maps and lists that JavaScript lacks or means differently (`replaceAll` takes a regex). */
const JAVA_STRING_METHODS: Record<string, (text: string, ...args: any[]) => unknown> = {
  length: (text) => text.length,
  isEmpty: (text) => text.length === 0,
  equals: (text, other) => text === other,
  equalsIgnoreCase: (text, other) => typeof other === 'string' && text.toLowerCase() === other.toLowerCase(),
  contains: (text, part) => text.includes(String(part)),
  matches: (text, pattern) => matchesWholly(String(pattern), text),
  replace: (text, target, replacement) => text.split(String(target)).join(String(replacement)),
  replaceAll: (text, pattern, replacement) => text.replace(javaRegExp(String(pattern), 'g'), javaReplacement(String(replacement))),
  replaceFirst: (text, pattern, replacement) => text.replace(javaRegExp(String(pattern)), javaReplacement(String(replacement))),
  split: (text, pattern) => text.split(javaRegExp(String(pattern))),
};

const JAVA_COLLECTION_METHODS: Record<string, (collection: any, ...args: any[]) => unknown> = {
  isEmpty: (collection) => (Array.isArray(collection) ? collection.length : Object.keys(collection).length) === 0,
  contains: (collection, item) => Array.isArray(collection) && collection.includes(item),
  containsKey: (collection, key) => !Array.isArray(collection) && Object.prototype.hasOwnProperty.call(collection, key),
  // Map.put, as templates set $context.requestOverride values (`$context.requestOverride.querystring.put(k, v)`);
  // it returns the previous value, which renders empty when there was none.
  put: (collection, key, value) => {
    const previous = collection[key];
    collection[key] = value;
    return previous ?? null;
  },
  values: (collection) => Object.values(collection),
};

const JAVA_METHODS = [
  {
    uid: 'java.lang.String',
    match: ({ property, context }: MethodCall) => typeof context === 'string' && property in JAVA_STRING_METHODS,
    resolve: ({ property, context, params }: MethodCall) => JAVA_STRING_METHODS[property](context, ...params),
  },
  {
    uid: 'java.util.Collection',
    match: ({ property, context }: MethodCall) =>
      typeof context === 'object' && context !== null && !(property in context) && property in JAVA_COLLECTION_METHODS,
    resolve: ({ property, context, params }: MethodCall) => JAVA_COLLECTION_METHODS[property](context, ...params),
  },
];

/** Java writes group references in a replacement as `$1`, as JavaScript does, and escapes with `\`. */
function javaReplacement(replacement: string): string {
  return replacement.replace(/\\(.)|\$\$/g, (match, escaped: string | undefined) => (escaped === '$' ? '$$' : (escaped ?? match)));
}

/**
 * A JSONPath of API Gateway templates (Jayway JsonPath syntax, https://github.com/json-path/JsonPath) evaluated
 * by jsonpath-plus: `$`, `.name`, `['name']`, `[0]` (negative from the end), `[*]` and `.*`, `..name`, unions
 * `['a','b']`, slices `[1:3]` and filters `[?(@.price > 10)]`. A definite path gives its value (undefined when
 * absent); one with a wildcard, deep scan, union, slice or filter gives the list of matches, as Jayway does.
 */
export function evaluateJsonPath(document: unknown, path: string): unknown {
  const text = String(path).trim();
  if (!text.startsWith('$')) throw new Error(`JSONPath "${text}" must start with $`);
  const definite = JSONPath.toPathArray(text).every((step) => !INDEFINITE_STEP.test(step));
  let matches: unknown[];
  try {
    matches = JSONPath({ path: toJsonPathPlus(text), json: document as object, wrap: true, eval: 'safe' });
  } catch (error) {
    throw new Error(`JSONPath "${text}" is not valid: ${(error as Error).message}`);
  }
  return definite ? matches[0] : markArrays(matches);
}

// A wildcard, deep scan, filter or script, union or slice: steps that may select more than one node.
const INDEFINITE_STEP = /^(?:\*|\.\.|\?\(.*|\(.*|.*,.*|-?\d*:-?\d*(?::\d*)?)$/s;

/**
 * Jayway's spellings that jsonpath-plus reads otherwise: a negative index `[-2]` (jsonpath-plus takes only the
 * slice `[-2:-1]`), and a union of quoted names `['a','b']` (jsonpath-plus takes `[a,b]`).
 */
function toJsonPathPlus(path: string): string {
  return path
    .replace(/\[\s*-(\d+)\s*\]/g, (_, n: string) => `[-${n}:${n === '1' ? '' : `-${Number(n) - 1}`}]`)
    .replace(/\[((?:\s*'[^',\]]*'\s*,)+\s*'[^',\]]*'\s*)\]/g, (_, names: string) => `[${names.split(',').map((name) => name.trim().slice(1, -1)).join(',')}]`);
}
