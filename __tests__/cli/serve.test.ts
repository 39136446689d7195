import { run } from '../../src/cli/serve';
import { parsePort } from '../../src/local/serve';
import { capture } from '../support/cli';

// The usage errors of `lambda-rest-api serve`: each is one line and exit code 2, before anything is served.
// Serving itself is tested in __tests__/local/server-reload.test.ts.
describe('lambda-rest-api serve', () => {
  const serve = (...args: string[]) => capture(() => run(args));
  const usageError = (problem: string) => ({ code: 2, stdout: '', stderr: `serve: ${problem}; see lambda-rest-api serve --help\n` });

  test.each([['-1'], ['65536'], ['abc'], ['3.5'], ['']])('fails when --port is %j, which is not a port', async (port) => {
    expect(await serve('cdktf.out/stacks/dev', '--port', port)).toEqual(usageError(`--port "${port}" is not a port; use 0 to 65535 (0 picks a free one)`));
  });

  test('fails when --port is given as --port=-1 too', async () => {
    expect(await serve('cdktf.out/stacks/dev', '--port=-1')).toEqual(usageError('--port "-1" is not a port; use 0 to 65535 (0 picks a free one)'));
  });

  test('fails without a stack folder, or with two', async () => {
    expect(await serve()).toEqual(usageError('expected one stack folder, got 0'));
    expect(await serve('a', 'b')).toEqual(usageError('expected one stack folder, got 2: a b'));
  });

  test('fails when a --var or --env is not name=value', async () => {
    expect(await serve('dir', '--var', 'bucket')).toEqual(usageError('"bucket" is not name=value; write --var name=value or --env NAME=value'));
  });

  test('fails for an unknown option, in one line', async () => {
    expect(await serve('dir', '--watch')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^serve: Unknown option '--watch'.*; see lambda-rest-api serve --help\n$/) });
  });

  test('prints its usage, every option included, with --help', async () => {
    const result = await serve('--help');

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^usage: lambda-rest-api serve <stackDir> \[--port N\] \[--host H\] \[--var name=value\]\.\.\. \[--env NAME=value\]\.\.\. \[--no-watch\] \[--no-config\]\n/);
  });
});

describe('parsePort', () => {
  test.each([['0', 0], ['3000', 3000], ['65535', 65535], [' 8080 ', 8080]])('reads %j as %d', (text, port) => {
    expect(parsePort(text)).toBe(port);
  });

  test.each(['-1', '65536', 'abc', '3.5', '', '0x10', '1e3'])('finds no port in %j', (text) => {
    expect(parsePort(text)).toBeUndefined();
  });
});
