/** A scanner check the `prod` example does not pass, on purpose, and why. */
export interface ScannerException {
  /** The check's id, as the scanner prints it (checkov, Trivy/tfsec, Terrascan, cdk-nag). */
  readonly id: string;
  readonly reason: string;
}

/**
 * The scanner checks (checkov, Trivy/tfsec, Terrascan, cdk-nag, as listed in the shared security-rules research) that the `prod` example fails by design. Every other
 * applicable check passes (`__tests__/security-policy.test.ts`); the README's Security section lists these,
 * for a `.checkov.yaml` `skip-check` list or a `trivy --skip-checks` option (checkov cannot skip inline in
 * `cdk.tf.json`).
 */
export const SCANNER_EXCEPTIONS: readonly ScannerException[] = [
  { id: 'AC_AWS_0011', reason: 'The API is public (REGIONAL, behind WAF); PRIVATE would make it reachable from VPC endpoints only.' },
  {
    id: 'CKV2_AWS_51',
    reason: 'Client certificates prove API Gateway to HTTP backends; every backend here is Lambda, invoked with IAM.',
  },
  { id: 'AC_AWS_0013', reason: 'Same as CKV2_AWS_51: no HTTP backend to present a client certificate to.' },
  {
    id: 'AC_AWS_0014',
    reason: 'Wants a log group named exactly like the stage; API Gateway logs to API-Gateway-Execution-Logs_<api>/<stage>, which the stack creates.',
  },
  {
    id: 'CKV2_AWS_53',
    reason: 'The writes (PUT /items/{id}, POST /events) validate their bodies against request models; the reads and the catch-all take no body or parameter to validate.',
  },
  {
    id: 'AC_AWS_0439',
    reason: 'Reads are open to every API-key holder (the key identifies and throttles the client); writes need the TOKEN authorizer.',
  },
  { id: 'AwsSolutions-APIG4', reason: 'Same as AC_AWS_0439.' },
  { id: 'AwsSolutions-COG4', reason: 'The example authorizes writes with a Lambda authorizer, not Cognito (CognitoAuthorizer is available).' },
  {
    id: 'CKV_AWS_225',
    reason: 'Only GET /items is cached; caching the other routes would serve stale items and writes must never be cached.',
  },
  { id: 'AWS-0190', reason: 'Same as CKV_AWS_225.' },
  {
    id: 'CKV_AWS_115',
    reason:
      'LambdaHandler has reservedConcurrency, which prod leaves off: reserving fails to deploy on accounts with a low concurrency quota (100 must stay unreserved), and the stage throttling caps load.',
  },
  {
    id: 'CKV_AWS_116',
    reason:
      "LambdaHandler has asyncFailures: 'dead-letter-queue', which prod leaves off: a dead-letter queue only receives failed asynchronous invocations, and API Gateway invokes every prod function synchronously.",
  },
  { id: 'Serverless-LambdaDLQ', reason: 'Same as CKV_AWS_116.' },
  {
    id: 'CKV_AWS_117',
    reason:
      "LambdaHandler has vpcSubnetIds and vpcSecurityGroupIds, which prod leaves off: the functions reach only S3 and CloudWatch over AWS endpoints, and a VPC needs the user's own network (subnets, endpoints or a NAT gateway).",
  },
  { id: 'AC_AWS_0486', reason: 'Same as CKV_AWS_117.' },
  {
    id: 'CKV_AWS_272',
    reason:
      'CodeSigningConfig exists, but LambdaHandler deploys the zip it bundles at synth, unsigned, so a configuration could only warn; enforcing signatures needs a pipeline that signs the code (an AWS Signer job on S3).',
  },
  {
    id: 'AC_AWS_0484',
    reason: 'Each function\'s role has one inline policy that lives and dies with the role; the check only looks for any aws_iam_role_policy_attachment.',
  },
  {
    id: 'AVD-AWS-0057',
    reason:
      'tfsec (frozen defsec v0.84.1) flags every "*", including the ARN-scoped log streams "<log group>:*" and the key policy\'s "kms:*" for the account; Trivy no longer has the check.',
  },
  { id: 'AwsSolutions-IAM5', reason: 'Same as AVD-AWS-0057.' },
  {
    id: 'Serverless-LambdaStarPermissions',
    reason: 'xray:PutTraceSegments and xray:PutTelemetryRecords have no resource type, so only "*" grants them (needed for Active tracing).',
  },
  {
    id: 'CKV_AWS_356',
    reason:
      'The KMS key policy lets the account\'s IAM policies use and manage the key ("kms:*" on "*", as AWS\'s default key policy does): in a key policy "*" is the key itself, and without the statement the key could not be managed.',
  },
  { id: 'CKV_AWS_111', reason: 'Same as CKV_AWS_356.' },
  { id: 'CKV_AWS_355', reason: 'Same as CKV_AWS_356 (checkov runs it on literal policy JSON; the mirrored check reads the policy documents).' },
  { id: 'CKV_AWS_290', reason: 'Same as CKV_AWS_355.' },
];
