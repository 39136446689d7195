/**
 * A method's key in a usage plan's per-method `throttle` map (`api_stages.throttle.path`): `<resource path>/<VERB>`,
 * such as `/items/{id}/GET`, and `//GET` for the root (UsagePlan `apiStages[].throttle`; the form AWS CDK writes:
 * aws-cdk `usage-plan.ts` and its test "usage plan with throttling per method").
 */
export function usagePlanThrottleKey(httpMethod: string, resourcePath: string): string {
  return `${resourcePath}/${httpMethod}`;
}
