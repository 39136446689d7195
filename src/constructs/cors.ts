import type { ApiMethod } from './api-method';
import type { IIntegration, IntegrationConfig } from './integrations/integration';
import { ANY_VERBS, normalizeHttpMethod } from '../apigw/http-methods';
import { propsShape } from './props';
import { checkCorsOrigins, checkHeaderName, checkWholeNumberInRange } from './validate';
import { ValidationError } from '../apigw/errors';
import type { OpenApiGatewayResponse } from '../apigw/openapi';

/** What browsers on other origins may do: the answer to their CORS preflight (`OPTIONS`) requests. */
export interface CorsOptions {
  /** Origins that may call the API, such as `https://app.example.com`, or `['*']` for any. */
  readonly allowOrigins: string[];
  /**
   * Verbs the browser may use.
   * @default - every verb: GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS
   */
  readonly allowMethods?: string[];
  /**
   * Request headers the browser may send.
   * @default - Content-Type, X-Amz-Date, Authorization, X-Api-Key, X-Amz-Security-Token, X-Amz-User-Agent
   */
  readonly allowHeaders?: string[];
  /**
   * Whether the browser may send cookies and credentials; not with `*` as origin.
   * @default false
   */
  readonly allowCredentials?: boolean;
  /**
   * Seconds the browser may cache the preflight answer, 0 to 86,400.
   * @default - the browser's default (5 s)
   */
  readonly maxAgeSeconds?: number;
}

export const CORS_OPTIONS = propsShape<CorsOptions>('CorsOptions', {
  allowOrigins: true,
  allowMethods: true,
  allowHeaders: true,
  allowCredentials: true,
  maxAgeSeconds: true,
});

export const DEFAULT_CORS_METHODS: readonly string[] = ANY_VERBS;
// The headers AWS CDK allows by default (`Cors.DEFAULT_HEADERS`): what SigV4, API keys and JSON bodies need.
export const DEFAULT_CORS_HEADERS = ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amz-User-Agent'];
/** Browsers cap preflight caching (Firefox at 86,400 s); a larger value only misleads. */
export const MAX_CORS_MAX_AGE_SECONDS = 86400;
/** Status of a preflight answer: no content (AWS CDK's default too). */
export const PREFLIGHT_STATUS_CODE = '204';
/** The MOCK integration's request template: it answers by itself, with the status code it is given. */
export const PREFLIGHT_REQUEST_TEMPLATE = '{"statusCode": 200}';

/** API Gateway's own error answers that carry the CORS headers, so browsers let the caller read them. */
export const CORS_GATEWAY_RESPONSES = ['DEFAULT_4XX', 'DEFAULT_5XX'] as const;

/** CORS options with every default filled in and checked. */
export interface ResolvedCors {
  readonly allowOrigins: string[];
  readonly allowMethods: string[];
  readonly allowHeaders: string[];
  readonly allowCredentials: boolean;
  readonly maxAgeSeconds?: number;
}

export function resolveCors(where: string, options: CorsOptions): ResolvedCors {
  const allowCredentials = options.allowCredentials ?? false;
  checkCorsOrigins(where, options.allowOrigins, allowCredentials);
  const allowMethods = (options.allowMethods ?? DEFAULT_CORS_METHODS).map((verb) => normalizeHttpMethod(`${where} cors allowMethods`, verb));
  if (allowMethods.includes('ANY')) {
    throw new ValidationError(`${where}: cors allowMethods lists ANY, which browsers do not know; list the verbs, such as ["GET", "POST"]`);
  }
  const allowHeaders = options.allowHeaders ?? DEFAULT_CORS_HEADERS;
  for (const header of allowHeaders) checkHeaderName(where, 'cors allowHeaders entry', header);
  if (options.maxAgeSeconds !== undefined) {
    checkWholeNumberInRange(where, 'cors maxAgeSeconds', options.maxAgeSeconds, 0, MAX_CORS_MAX_AGE_SECONDS, 'browsers cache a preflight for a day at most');
  }
  return { allowOrigins: options.allowOrigins, allowMethods, allowHeaders, allowCredentials, maxAgeSeconds: options.maxAgeSeconds };
}

/**
 * The CORS response headers as API Gateway mapping expressions (static values in single quotes), keyed by header
 * name. With several origins, this names the first; the preflight's response template picks the caller's.
 */
export function corsHeaders(cors: ResolvedCors): Record<string, string> {
  const headers: Record<string, string> = { 'Access-Control-Allow-Origin': `'${cors.allowOrigins[0]}'` };
  if (cors.allowOrigins[0] !== '*') headers.Vary = "'Origin'";
  if (cors.allowCredentials) headers['Access-Control-Allow-Credentials'] = "'true'";
  return headers;
}

/** The preflight's own headers: the CORS headers, and what may be sent. */
function preflightHeaders(cors: ResolvedCors): Record<string, string> {
  const headers: Record<string, string> = {
    ...corsHeaders(cors),
    'Access-Control-Allow-Methods': `'${cors.allowMethods.join(',')}'`,
    'Access-Control-Allow-Headers': `'${cors.allowHeaders.join(',')}'`,
  };
  if (cors.maxAgeSeconds !== undefined) headers['Access-Control-Max-Age'] = `'${cors.maxAgeSeconds}'`;
  return headers;
}

/**
 * With several allowed origins, answers with the caller's `Origin` when it is one of them (the response header
 * can name only one); other callers get the first, which their browser rejects. The same template as AWS CDK's.
 */
function originTemplate(origins: string[]): string {
  const matches = origins.map((origin) => `$origin == "${origin}"`).join(' || ');
  return [
    '#set($origin = $input.params().header.get("Origin"))',
    '#if($origin == "")#set($origin = $input.params().header.get("origin"))#end',
    `#if(${matches})`,
    '  #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)',
    '#end',
  ].join('\n');
}

/** Answers CORS preflight requests in API Gateway itself (`MOCK`), without calling a backend. */
export class CorsPreflightIntegration implements IIntegration {
  constructor(private readonly cors: ResolvedCors) {}

  public bind(_method: ApiMethod): IntegrationConfig {
    const responseParameters = Object.fromEntries(
      Object.entries(preflightHeaders(this.cors)).map(([header, value]) => [`method.response.header.${header}`, value]),
    );
    return {
      type: 'MOCK',
      requestTemplates: { 'application/json': PREFLIGHT_REQUEST_TEMPLATE },
      responses: [
        {
          statusCode: PREFLIGHT_STATUS_CODE,
          responseParameters,
          responseTemplates: this.cors.allowOrigins.length > 1 ? { 'application/json': originTemplate(this.cors.allowOrigins) } : undefined,
        },
      ],
    };
  }
}

/** The gateway responses that add the CORS headers to API Gateway's own 4XX and 5XX answers. */
export function corsGatewayResponses(cors: ResolvedCors): OpenApiGatewayResponse[] {
  const responseParameters = Object.fromEntries(
    Object.entries(corsHeaders(cors)).map(([header, value]) => [`gatewayresponse.header.${header}`, value]),
  );
  return CORS_GATEWAY_RESPONSES.map((responseType) => ({ responseType, responseParameters, responseTemplates: {} }));
}
