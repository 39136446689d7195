import type { Context } from 'aws-lambda';
import { clientError } from '../shared/client-error';
import { isItemId } from '../shared/items';

export const EVENT_TYPES = ['item.viewed', 'item.purchased', 'item.shared'];
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;
const ISO_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

export interface AcceptedEvent {
  readonly accepted: true;
  readonly eventId: string;
  readonly type: string;
  readonly itemId: string;
  readonly receivedAt: string;
}

/**
 * POST /events behind a non-proxy integration: `event` is the request body itself. Invalid input
 * throws `[400] …`, which the integration response turns into HTTP 400.
 */
export function createHandler(now: () => Date = () => new Date()) {
  return async (event: unknown, context: Pick<Context, 'awsRequestId'>): Promise<AcceptedEvent> => {
    const receivedAt = now();
    const problems = eventProblems(event, receivedAt);
    if (problems.length > 0) {
      throw clientError(400, problems.join('; '));
    }

    const { type, itemId, at } = event as { type: string; itemId: string; at?: string };
    const accepted: AcceptedEvent = {
      accepted: true,
      eventId: context.awsRequestId,
      type,
      itemId,
      receivedAt: receivedAt.toISOString(),
    };
    // The log line is the record: one JSON object per event, ready for a metric filter or Logs Insights.
    console.log(JSON.stringify({ message: 'event recorded', ...accepted, at }));
    return accepted;
  };
}

function eventProblems(event: unknown, receivedAt: Date): string[] {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return ['request body must be a JSON object with "type" and "itemId"'];
  }
  const { type, itemId, at } = event as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof type !== 'string' || !EVENT_TYPES.includes(type)) {
    problems.push(`type must be one of ${EVENT_TYPES.join(', ')}; got ${JSON.stringify(type ?? null)}`);
  }
  if (!isItemId(itemId)) {
    problems.push(`itemId must be 1 to 64 letters, digits, "_" or "-"; got ${JSON.stringify(itemId ?? null)}`);
  }
  if (at !== undefined) {
    const atMs = parseTimestamp(at);
    if (atMs === undefined) {
      problems.push(`at must be an ISO-8601 timestamp such as 2026-01-01T00:00:00Z; got ${JSON.stringify(at)}`);
    } else if (atMs - receivedAt.getTime() > MAX_CLOCK_SKEW_MS) {
      problems.push(`at must not be more than 5 minutes in the future; got ${at}`);
    }
  }
  return problems;
}

/** Milliseconds since the epoch, or undefined unless `value` is an ISO-8601 date and time on a real calendar day. */
function parseTimestamp(value: unknown): number | undefined {
  const date = typeof value === 'string' ? ISO_TIMESTAMP.exec(value)?.[1] : undefined;
  const day = date === undefined ? NaN : Date.parse(`${date}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over to March 2; only a real calendar day survives the round trip.
  if (Number.isNaN(day) || new Date(day).toISOString().slice(0, 10) !== date) return undefined;
  return Date.parse(value as string);
}

export const handler = createHandler();
