import Ajv from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv-draft-04';
import { INVALID_REQUEST_BODY_MESSAGE, missingParametersMessage, REQUEST_PARAMETER } from '../apigw/request-validation';
import type { RouteModel } from '../model/stack-model';
import { headerValue, RequestParts } from './proxy-event';

// A method's request validator, as API Gateway applies it before the integration ("Use request validation in API
// Gateway"): the required parameters first, then the body against the model of its content type. The order, the
// messages and the empty body read as `{}` follow AWS's answers in LocalStack's AWS-validated snapshots
// (test_api_gateway_request_validator, test_api_gateway_request_validator_with_ref_one_ofmodels).

/** Why a request fails its validator: the gateway response that answers it, and the message it carries. */
export interface ValidationFailure {
  readonly type: 'BAD_REQUEST_PARAMETERS' | 'BAD_REQUEST_BODY';
  readonly message: string;
  /** `$context.error.validationErrorString`: the schema's complaints, in the local validator's words (not AWS's). */
  readonly validationErrorString: string;
}

// Draft 4, as API Gateway validates models ("Data models for REST APIs"). `strict: false`: a model may carry keywords
// (`title`, `description`) that only document it.
const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new WeakMap<object, ValidateFunction>();

/** The failure of the request against the route's validator, or undefined when it passes (or the route has none). */
export function validateRequest(route: RouteModel, parts: RequestParts, pathParameters: Readonly<Record<string, string>>, body: Buffer): ValidationFailure | undefined {
  const validator = route.requestValidator;
  if (!validator) return undefined;
  if (validator.validateRequestParameters) {
    const missing = Object.entries(route.requestParameters)
      .filter(([key, required]) => required && isBlank(parameterValue(key, parts, pathParameters)))
      .map(([key]) => key);
    if (missing.length) {
      const message = missingParametersMessage(missing);
      return { type: 'BAD_REQUEST_PARAMETERS', message, validationErrorString: message };
    }
  }
  if (validator.validateRequestBody) {
    // No model for the request's content type: API Gateway validates nothing ("Request body validation and request
    // body passthrough are two separate issues"); a request without a Content-Type is read as JSON.
    const contentType = (parts.contentType?.split(';')[0].trim() || 'application/json').toLowerCase();
    const model = Object.entries(route.requestModels).find(([type]) => type.toLowerCase() === contentType)?.[1];
    if (!model) return undefined;
    const complaints = bodyComplaints(model.schema, body);
    if (complaints !== undefined) return { type: 'BAD_REQUEST_BODY', message: INVALID_REQUEST_BODY_MESSAGE, validationErrorString: complaints };
  }
  return undefined;
}

/** What is wrong with the body, as `[complaint, ...]`, or undefined when it matches the schema. */
function bodyComplaints(schema: object, body: Buffer): string | undefined {
  const text = body.toString('utf8');
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    return `[the body is not JSON: ${(error as Error).message}]`;
  }
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return undefined;
  return `[${(validate.errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is not valid'}`).join(', ')}]`;
}

function parameterValue(key: string, parts: RequestParts, pathParameters: Readonly<Record<string, string>>): string | undefined {
  const [, location, name] = REQUEST_PARAMETER.exec(key) ?? [];
  switch (location) {
    case 'path':
      return pathParameters[name];
    case 'querystring':
      return parts.query[name];
    case 'multivaluequerystring':
      return parts.multiValueQuery[name]?.join('');
    case 'header':
      return headerValue(parts.headers, name);
    case 'multivalueheader':
      return headerValue(parts.multiValueHeaders, name)?.join('');
    default:
      return undefined;
  }
}

/** API Gateway requires a parameter "included and not blank": `?q1=` fails as `?` does ("Test basic request validation"). */
function isBlank(value: string | undefined): boolean {
  return value === undefined || value === '';
}
