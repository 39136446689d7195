import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

describe('npm start', () => {
  test('fails with exit code 2 and one line when PORT is not a port, before it synthesizes anything', () => {
    const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

    const result = spawnSync(process.execPath, [tsx, 'example/start.ts'], { cwd: ROOT, env: { ...process.env, PORT: 'abc' }, encoding: 'utf8' });

    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      status: 2,
      stdout: '',
      stderr: 'start: PORT "abc" is not a port; use 0 to 65535 (0 picks a free one), or leave it out for 3000\n',
    });
  });
});
