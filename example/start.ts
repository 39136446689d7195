// `npm start`: synthesizes the app, then serves the dev stack at http://127.0.0.1:3000/dev/... with its real
// handlers; local-api.config.ts (next to cdktf.json) starts the S3 stand-in their S3 calls go to, as it does for
// `lambda-rest-api serve`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_HOST, DEFAULT_PORT, parsePort, serveStack, synthCommand } from 'lambda-rest-api/local';

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
  return serveStack({
    projectRoot: root,
    // Where the synth wrote: cdktf's CDKTF_OUTDIR when set, else the project's cdktf.out.
    stackDir: join(process.env.CDKTF_OUTDIR ?? join(root, 'cdktf.out'), 'stacks', STACK),
    port,
    host: process.env.HOST ?? DEFAULT_HOST,
  });
}

main().then((code) => (process.exitCode = code));
