// `npm start`: synthesizes the app, then serves the dev stack at http://127.0.0.1:3000/dev/... with its real
// handlers, their S3 calls answered by a local S3 stand-in (empty at start) instead of AWS.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_HOST, DEFAULT_PORT, describeServedApi, LocalApi, parsePort, serveUntilStopped, synthCommand } from 'lambda-rest-api/local';
import { S3StandIn } from './s3-stand-in';

/** The bucket the handlers use locally, in place of the `items_bucket_name` variable's deployed value. */
const LOCAL_BUCKET = 'items-local';
const STACK = 'dev';

async function main(): Promise<number> {
  const port = process.env.PORT === undefined ? DEFAULT_PORT : parsePort(process.env.PORT);
  if (port === undefined) {
    process.stderr.write(`start: PORT "${process.env.PORT}" is not a port; use 0 to 65535 (0 picks a free one), or leave it out for ${DEFAULT_PORT}\n`);
    return 2;
  }
  const root = join(__dirname, '..');
  // The same command as `npm run synth` and `cdktf synth`: the `app` of cdktf.json.
  const synth = spawnSync(synthCommand(root), { cwd: root, stdio: 'inherit', shell: true });
  if (synth.status !== 0) return synth.status ?? 1;

  const s3 = await S3StandIn.start({ buckets: [LOCAL_BUCKET] });
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const stackDir = join(root, 'cdktf.out', 'stacks', STACK);
  const api = new LocalApi({
    stackDir,
    port,
    host: process.env.HOST ?? DEFAULT_HOST,
    variables: { items_bucket_name: LOCAL_BUCKET },
    // The AWS SDK for JavaScript v3 reads AWS_ENDPOINT_URL_S3 (service-specific endpoints); the stand-in accepts any credentials.
    environment: { AWS_ENDPOINT_URL_S3: s3.endpoint, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
    log,
  });
  try {
    log(describeServedApi(api, await api.start()));
  } catch (error) {
    await s3.close();
    process.stderr.write(`start: ${(error as Error).message}\n`);
    return 1;
  }
  log(`S3 stand-in for bucket "${LOCAL_BUCKET}" at ${s3.endpoint} (in memory, empty): add items with PUT ${api.url}/${STACK}/items/<id>`);
  await serveUntilStopped(api, { stackDir, watch: true, log });
  await s3.close();
  return 0;
}

main().then((code) => (process.exitCode = code));
