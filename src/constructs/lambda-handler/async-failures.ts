import { Construct } from 'constructs';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';

// Where a handler's asynchronous (`Event`) invocations go when they still fail after Lambda's retries ("Handling
// errors in asynchronous invocations": a dead-letter queue gets the event; an on-failure destination gets the event,
// the error and the invocation's context).

/** Where failed asynchronous invocations go: the function's dead-letter queue, or its on-failure destination. */
export type AsyncFailures = 'dead-letter-queue' | 'on-failure-destination';
export const ASYNC_FAILURES: readonly AsyncFailures[] = ['dead-letter-queue', 'on-failure-destination'];

/** The longest SQS keeps a message (SetQueueAttributes `MessageRetentionPeriod`: at most 1,209,600 seconds, 14 days). */
export const FAILED_EVENTS_RETENTION_SECONDS = 1_209_600;

/** The SQS queue failed asynchronous invocations of `functionName` go to: `<function name>-failed`, SQS-managed encryption. */
export function asyncFailureQueue(scope: Construct, functionName: string): SqsQueue {
  return new SqsQueue(scope, 'FailedInvocations', {
    name: `${functionName}-failed`,
    messageRetentionSeconds: FAILED_EVENTS_RETENTION_SECONDS,
    sqsManagedSseEnabled: true,
  });
}

/**
 * Sends the failed asynchronous invocations of `fn` (of its alias `qualifier`, when given: each alias and version has
 * its own configuration, PutFunctionEventInvokeConfig `Qualifier`) to `destination`.
 */
export function onFailureDestination(scope: Construct, id: string, fn: LambdaFunction, qualifier: string | undefined, destination: string): void {
  new LambdaFunctionEventInvokeConfig(scope, id, {
    functionName: fn.functionName,
    qualifier,
    destinationConfig: { onFailure: { destination } },
  });
}
