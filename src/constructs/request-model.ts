import { Construct } from 'constructs';
import { ApiGatewayModel } from '@cdktf/provider-aws/lib/api-gateway-model';
import { checkProps, propsShape } from './props';
import type { RestApi } from './rest-api/rest-api';
import { ValidationError } from '../apigw/errors';
import { checkModelName, DRAFT_04_SCHEMA_URI, JsonSchema, jsonSchemaProblems } from '../apigw/request-validation';

export interface RequestModelProps {
  /** The API whose methods validate request bodies against the model. */
  readonly api: RestApi;
  /** The JSON Schema (draft 4, as API Gateway validates) that request bodies must match. */
  readonly schema: JsonSchema;
  /**
   * Name of the model in the API: letters and digits only.
   * @default - the construct id
   */
  readonly name?: string;
}

// The schema is checked on its own (jsonSchemaProblems), keyword by keyword.
const REQUEST_MODEL_PROPS = propsShape<RequestModelProps>('RequestModelProps', { api: true, schema: true, name: true });

/** The content type of every model: a JSON Schema describes JSON bodies. */
export const MODEL_CONTENT_TYPE = 'application/json';

/**
 * A JSON Schema that request bodies of an API's methods must match. Methods name it in `requestModels`, by content
 * type; their request validator (`requestValidator`) makes API Gateway answer 400 `{"message":"Invalid request body"}`
 * to a body that does not match, before the integration runs.
 */
export class RequestModel extends Construct {
  public readonly api: RestApi;
  /** The model's name in the API. */
  public readonly modelName: string;
  /** The schema; its `title` and `description` document the model. */
  public readonly schema: JsonSchema;
  /**
   * The model's name as methods reference it: in `'resources'` definition a reference to the `aws_api_gateway_model`,
   * so each method is created after its model; in `'openapi'` definition the plain name.
   */
  public readonly reference: string;

  constructor(scope: Construct, id: string, props: RequestModelProps) {
    super(scope, id);
    const where = this.node.path;
    checkProps(where, props, REQUEST_MODEL_PROPS);
    this.api = props.api;
    this.modelName = props.name ?? id;
    this.schema = props.schema;
    checkModelName(where, this.modelName);
    const problems = jsonSchemaProblems(props.schema);
    if (problems.length) {
      throw new ValidationError(`${where}: the schema is not one this project can write to API Gateway: ${problems.join('; ')}; fix the schema`);
    }
    this.api._registerModel(this);
    if (this.api.definition === 'openapi') {
      this.reference = this.modelName;
    } else {
      const model = new ApiGatewayModel(this, 'Model', {
        restApiId: this.api.restApiId,
        name: this.modelName,
        contentType: MODEL_CONTENT_TYPE,
        schema: JSON.stringify({ $schema: DRAFT_04_SCHEMA_URI, ...props.schema }),
      });
      this.api._addToDefinition(model);
      this.reference = model.name;
    }
  }
}
