// The API Gateway control-plane calls `terraform apply` makes to create a synthesized stack, and the least time API
// Gateway's fixed quotas allow them. Counted from the resources of cdk.tf.json, with the calls each resource's
// Create makes in hashicorp/aws (internal/service/apigateway: rest_api.go, stage.go and the others): reads after
// each create are left out.

type Block = Record<string, any>;

/** The calls that create one resource of each API Gateway type. */
const CREATE_CALLS: Record<string, (block: Block) => string[]> = {
  // With a body: PutRestApi imports it; in overwrite mode it drops the policy, which UpdateRestApi sets again.
  aws_api_gateway_rest_api: (b) => ['CreateRestApi', ...(b.body ? ['PutRestApi'] : []), ...(b.body && b.policy ? ['UpdateRestApi'] : [])],
  aws_api_gateway_resource: () => ['CreateResource'],
  aws_api_gateway_method: () => ['PutMethod'],
  aws_api_gateway_integration: () => ['PutIntegration'],
  aws_api_gateway_method_response: () => ['PutMethodResponse'],
  aws_api_gateway_integration_response: () => ['PutIntegrationResponse'],
  aws_api_gateway_authorizer: () => ['CreateAuthorizer'],
  aws_api_gateway_model: () => ['CreateModel'],
  aws_api_gateway_request_validator: () => ['CreateRequestValidator'],
  aws_api_gateway_gateway_response: () => ['PutGatewayResponse'],
  aws_api_gateway_rest_api_policy: () => ['UpdateRestApi'],
  aws_api_gateway_deployment: () => ['CreateDeployment'],
  // Access log settings are set by an UpdateStage after CreateStage.
  aws_api_gateway_stage: (b) => ['CreateStage', ...(b.access_log_settings ? ['UpdateStage'] : [])],
  aws_api_gateway_method_settings: () => ['UpdateStage'],
  aws_api_gateway_usage_plan: () => ['CreateUsagePlan'],
  aws_api_gateway_usage_plan_key: () => ['CreateUsagePlanKey'],
  aws_api_gateway_api_key: () => ['CreateApiKey'],
  aws_api_gateway_account: () => ['UpdateAccount'],
};

/** The types that make up the API's definition, as opposed to its deployment, stage and clients. */
const DEFINITION_TYPES = new Set([
  'aws_api_gateway_rest_api',
  'aws_api_gateway_resource',
  'aws_api_gateway_method',
  'aws_api_gateway_integration',
  'aws_api_gateway_method_response',
  'aws_api_gateway_integration_response',
  'aws_api_gateway_authorizer',
  'aws_api_gateway_model',
  'aws_api_gateway_request_validator',
  'aws_api_gateway_gateway_response',
  'aws_api_gateway_rest_api_policy',
]);

/**
 * Requests per second per account for the operations API Gateway limits on their own ("Amazon API Gateway quotas",
 * "API Gateway quotas for creating, deploying and managing an API": fixed, cannot be increased); every other
 * operation counts against the total of 10 requests per second.
 */
export const OPERATION_RATES: Record<string, number> = {
  CreateResource: 5,
  CreateApiKey: 5,
  PutRestApi: 1,
  CreateRestApi: 1 / 3, // regional or private APIs
  CreateDeployment: 1 / 5,
  UpdateUsagePlan: 1 / 20,
  UpdateAccount: 1 / 20,
};
export const TOTAL_RATE = 10;

export interface ControlPlaneCalls {
  /** Calls by operation, in code-point order. */
  readonly byOperation: Record<string, number>;
  readonly total: number;
  /** Calls that create the API's definition (REST API, paths, methods, integrations, ...). */
  readonly definition: number;
  /**
   * The least time the quotas allow: the slowest operation at its own rate, or all calls at the account's total
   * rate, whichever is longer (N calls at r per second take N / r seconds).
   */
  readonly minimumSeconds: number;
}

export function controlPlaneCalls(tf: { resource?: Record<string, Record<string, Block>> }): ControlPlaneCalls {
  const calls: string[] = [];
  let definition = 0;
  for (const [type, blocks] of Object.entries(tf.resource ?? {})) {
    if (!type.startsWith('aws_api_gateway_')) continue;
    const create = CREATE_CALLS[type];
    if (!create) throw new Error(`bench/control-plane.ts: no calls known for ${type}; add them from its Create in hashicorp/aws`);
    for (const block of Object.values(blocks)) {
      const made = create(block);
      calls.push(...made);
      if (DEFINITION_TYPES.has(type)) definition += made.length;
    }
  }
  const byOperation: Record<string, number> = {};
  for (const call of calls.sort()) byOperation[call] = (byOperation[call] ?? 0) + 1;
  const perOperation = Object.entries(byOperation).map(([operation, count]) => count / (OPERATION_RATES[operation] ?? TOTAL_RATE));
  return { byOperation, total: calls.length, definition, minimumSeconds: Math.max(calls.length / TOTAL_RATE, ...perOperation) };
}
