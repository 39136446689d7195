// The example's local config: `npm start` and `npx lambda-rest-api serve cdktf.out/stacks/<stack>` find it next to
// cdktf.json. It starts the S3 stand-in the handlers' S3 calls go to, for the dev and prod stacks alike.
import type { LocalConfig } from 'lambda-rest-api/local';
import { S3StandIn } from './example/s3-stand-in';

/** The bucket the handlers use locally, in place of the `items_bucket_name` variable's deployed value. */
export const LOCAL_BUCKET = 'items-local';

const config: LocalConfig = {
  async start(stack) {
    const s3 = await S3StandIn.start({ buckets: [LOCAL_BUCKET] });
    return {
      variables: { items_bucket_name: LOCAL_BUCKET },
      // The AWS SDK for JavaScript v3 reads AWS_ENDPOINT_URL_S3 (service-specific endpoints); the stand-in accepts any credentials.
      environment: { AWS_ENDPOINT_URL_S3: s3.endpoint, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
      banner: [`S3 stand-in for bucket "${LOCAL_BUCKET}" at ${s3.endpoint} (in memory, empty): add items with PUT /${stack.name}/items/<id>`],
      stop: () => s3.close(),
    };
  },
};

export default config;
