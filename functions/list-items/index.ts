import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { json, withEnv, type ProxyHandler } from '../shared/http';
import { ITEMS_BUCKET_ENV, ITEMS_PREFIX, itemIdFromKey, s3Status, type S3Send } from '../shared/items';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/** GET /items?limit=&cursor= — one page of item ids; send `nextCursor` back as `cursor` for the next page. */
export function createHandler(s3: S3Send, bucket: string): ProxyHandler {
  return async (event) => {
    const { limit: rawLimit, cursor } = event.queryStringParameters ?? {};
    const limit = parseLimit(rawLimit);
    if (limit === undefined) {
      return json(400, { message: `limit must be an integer from 1 to ${MAX_LIMIT}; got ${JSON.stringify(rawLimit)}` });
    }
    if (cursor === '') {
      return json(400, { message: 'cursor must not be empty; omit it for the first page' });
    }

    try {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: ITEMS_PREFIX, MaxKeys: limit, ContinuationToken: cursor }),
      );
      // A page can hold fewer than `limit` ids: objects that are not items still count toward MaxKeys.
      const ids = (page.Contents ?? []).map(({ Key }) => itemIdFromKey(Key ?? '')).filter((id) => id !== undefined);
      return json(200, { items: ids.map((id) => ({ id })), nextCursor: page.NextContinuationToken ?? null });
    } catch (error) {
      // S3 answers 400 to a continuation token it did not issue: the caller's mistake, not a server fault.
      if (cursor !== undefined && s3Status(error) === 400) {
        return json(400, { message: 'cursor is not valid; use nextCursor from a previous response' });
      }
      console.error('ListObjectsV2 failed', error);
      throw error;
    }
  };
}

function parseLimit(raw: string | undefined): number | undefined {
  if (raw === undefined) return DEFAULT_LIMIT;
  const limit = Number(raw);
  return /^\d+$/.test(raw) && limit >= 1 && limit <= MAX_LIMIT ? limit : undefined;
}

export const handler = withEnv(ITEMS_BUCKET_ENV, (bucket) => createHandler(new S3Client({}), bucket));
