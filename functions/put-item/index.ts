import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { json, withEnv, type ProxyHandler } from '../shared/http';
import { ITEMS_BUCKET_ENV, invalidIdMessage, isItemId, itemKey, type Item, type S3Send } from '../shared/items';

export const MAX_NAME_LENGTH = 200;
export const FIELDS = ['name', 'price'];

/** PUT /items/{id} with `{"name", "price"}` — creates or replaces the item and answers with what was stored. */
export function createHandler(s3: S3Send, bucket: string, now: () => Date = () => new Date()): ProxyHandler {
  return async (event) => {
    const id = event.pathParameters?.id;
    if (!isItemId(id)) {
      return json(400, { message: invalidIdMessage(id) });
    }
    const text = bodyText(event);
    if (!text) {
      return json(400, { message: 'request body is required: {"name": string, "price": number}' });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return json(400, { message: 'request body must be JSON' });
    }
    const errors = itemErrors(body);
    if (errors.length > 0) {
      return json(400, { message: 'invalid item', errors });
    }

    const { name, price } = body as { name: string; price: number };
    const item: Item = { id, name: name.trim(), price, updatedAt: now().toISOString() };
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: itemKey(id), Body: JSON.stringify(item), ContentType: 'application/json' }),
    );
    return json(200, item);
  };
}

function bodyText({ body, isBase64Encoded }: APIGatewayProxyEvent): string {
  return isBase64Encoded && body ? Buffer.from(body, 'base64').toString('utf8') : (body ?? '');
}

/** Every problem with `body`, so the caller can fix them all at once. */
function itemErrors(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return ['body must be a JSON object with "name" and "price"'];
  }
  const { name, price, ...extra } = body as Record<string, unknown>;
  const errors = Object.keys(extra).map((field) => `unknown field ${JSON.stringify(field)}; allowed fields are ${FIELDS.join(', ')}`);
  if (typeof name !== 'string' || name.trim() === '' || name.trim().length > MAX_NAME_LENGTH) {
    errors.push(`name must be a non-empty string of at most ${MAX_NAME_LENGTH} characters`);
  }
  // toFixed(2) round-trips exactly when the number has at most two decimals.
  if (typeof price !== 'number' || !Number.isFinite(price) || price < 0 || Number(price.toFixed(2)) !== price) {
    errors.push('price must be a number >= 0 with at most 2 decimals');
  }
  return errors;
}

export const handler = withEnv(ITEMS_BUCKET_ENV, (bucket) => createHandler(new S3Client({}), bucket));
