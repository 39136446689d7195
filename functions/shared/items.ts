import type { S3Client } from '@aws-sdk/client-s3';

/** The only part of the S3 client a handler uses, so tests can pass a fake. */
export type S3Send = Pick<S3Client, 'send'>;

export interface Item {
  readonly id: string;
  readonly name: string;
  readonly price: number;
  readonly updatedAt: string;
}

export const ITEMS_BUCKET_ENV = 'ITEMS_BUCKET';
export const ITEMS_PREFIX = 'items/';

export const ITEM_ID = /^[A-Za-z0-9_-]{1,64}$/;
const ITEM_KEY = /^items\/([A-Za-z0-9_-]{1,64})\.json$/;

export function isItemId(id: unknown): id is string {
  return typeof id === 'string' && ITEM_ID.test(id);
}

export function itemKey(id: string): string {
  return `${ITEMS_PREFIX}${id}.json`;
}

/** The id stored at `key`, or undefined for keys that are not items (nested or foreign objects). */
export function itemIdFromKey(key: string): string | undefined {
  return ITEM_KEY.exec(key)?.[1];
}

export function invalidIdMessage(id: unknown): string {
  return `id ${JSON.stringify(id ?? null)} is not valid; use 1 to 64 letters, digits, "_" or "-"`;
}

/** The HTTP status S3 answered with, when `error` came from S3. */
export function s3Status(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}
