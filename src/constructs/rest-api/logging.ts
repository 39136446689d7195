import { Aspects, TerraformResource } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { ValidationError } from '../../apigw/errors';
import { ApiGatewayAccountRole } from '../api-gateway-account-role';
import type { EncryptionKey } from '../encryption-key';

// The stage's logs: the access log (one JSON line per request), the execution logs' group, and the wait for the
// account's CloudWatch role that both need.

/** What execution logs record: nothing, errors, or every request's steps. */
export type LoggingLevel = 'OFF' | 'ERROR' | 'INFO';
export const LOGGING_LEVELS: readonly LoggingLevel[] = ['OFF', 'ERROR', 'INFO'];

/**
 * The access log line, one JSON object per request: its ids, caller, route, status and latencies, and why it
 * failed (`$context` variables of the API Gateway access-logging reference). Every value is a string, so a
 * missing one (`-`) keeps the line valid JSON.
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTime',
  requestTimeEpoch: '$context.requestTimeEpoch',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  caller: '$context.identity.caller',
  user: '$context.identity.user',
  apiKeyId: '$context.identity.apiKeyId',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  path: '$context.path',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationLatency: '$context.integrationLatency',
  errorMessage: '$context.error.message',
  errorType: '$context.error.responseType',
  authorizerError: '$context.authorizer.error',
  wafResponseCode: '$context.wafResponseCode',
  xrayTraceId: '$context.xrayTraceId',
});

export function checkLoggingLevel(where: string, loggingLevel: string): void {
  if (!(LOGGING_LEVELS as readonly string[]).includes(loggingLevel)) {
    throw new ValidationError(`${where}: loggingLevel "${loggingLevel}" is not valid; use ${LOGGING_LEVELS.map((level) => `'${level}'`).join(', ').replace(/, ([^,]*)$/, ' or $1')}`);
  }
}

/** Checks that the API's name can name its access log group (CloudWatch Logs: `[.\-_/#A-Za-z0-9]+`). */
export function checkAccessLogName(where: string, apiName: string): void {
  if (!/^[.\-_/#A-Za-z0-9]+$/.test(apiName)) {
    throw new ValidationError(`${where}: name "${apiName}" cannot name the access log group; use letters, digits and ".-_/#" in the name`);
  }
}

/** How long a stage's log groups keep their logs, and the KMS key that encrypts them, if any. */
export interface LogGroupSettings {
  readonly retentionInDays: number;
  readonly encryptionKey?: EncryptionKey;
}

/** The access log group of a stage: `/aws/apigateway/<api name>/<stage>/access`. */
export function accessLogGroup(scope: Construct, apiName: string, stageName: string, settings: LogGroupSettings): CloudwatchLogGroup {
  return logGroup(scope, 'AccessLogs', `/aws/apigateway/${apiName}/${stageName}/access`, settings);
}

/**
 * The group API Gateway writes a stage's execution logs to, `API-Gateway-Execution-Logs_<api id>/<stage>`,
 * created here so it gets a retention (and a key): API Gateway would create it keeping logs forever.
 */
export function executionLogGroup(scope: Construct, restApiId: string, stageName: string, settings: LogGroupSettings): CloudwatchLogGroup {
  return logGroup(scope, 'ExecutionLogs', `API-Gateway-Execution-Logs_${restApiId}/${stageName}`, settings);
}

function logGroup(scope: Construct, id: string, name: string, { retentionInDays, encryptionKey }: LogGroupSettings): CloudwatchLogGroup {
  encryptionKey?.encryptLogGroup(name);
  return new CloudwatchLogGroup(scope, id, { name, retentionInDays, kmsKeyId: encryptionKey?.keyArn });
}

/**
 * Makes `resources` wait for the account's CloudWatch role when the stack sets it (`ApiGatewayAccountRole`):
 * logging fails to deploy without it. The role may be added after the API, so this runs as an aspect of `owner`.
 */
export function dependOnAccountRole(owner: IConstruct, resources: TerraformResource[]): void {
  if (resources.length === 0) return;
  Aspects.of(owner).add({
    visit: (node) => {
      if (node !== owner) return;
      const accountRole = ApiGatewayAccountRole.of(owner);
      if (!accountRole) return;
      const address = `${accountRole.account.terraformResourceType}.${accountRole.account.friendlyUniqueId}`;
      for (const resource of resources) {
        const dependsOn = resource.dependsOn ?? [];
        if (!dependsOn.includes(address)) resource.dependsOn = [...dependsOn, address];
      }
    },
  });
}
