import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { json, withEnv, type ProxyHandler } from '../shared/http';
import { ITEMS_BUCKET_ENV, invalidIdMessage, isItemId, itemKey, s3Status, type S3Send } from '../shared/items';

/** GET /items/{id} — the stored item, or 404 when there is none. */
export function createHandler(s3: S3Send, bucket: string): ProxyHandler {
  return async (event) => {
    const id = event.pathParameters?.id;
    if (!isItemId(id)) {
      return json(400, { message: invalidIdMessage(id) });
    }

    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: itemKey(id) }));
      const item: unknown = JSON.parse((await object.Body?.transformToString()) ?? '');
      return json(200, item);
    } catch (error) {
      // S3 reports a missing key as 404 only to callers that may also list the bucket; this role may only
      // s3:GetObject on items/*, so S3 answers 403 AccessDenied for a key that does not exist.
      if ((error instanceof Error && error.name === 'NoSuchKey') || s3Status(error) === 404 || s3Status(error) === 403) {
        return json(404, { message: `item ${id} not found` });
      }
      console.error(`GetObject ${itemKey(id)} failed`, error);
      throw error;
    }
  };
}

export const handler = withEnv(ITEMS_BUCKET_ENV, (bucket) => createHandler(new S3Client({}), bucket));
