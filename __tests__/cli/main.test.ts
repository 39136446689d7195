import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { commandHelp, joinDashValues, topLevelHelp, USAGES } from '../../src/cli/usage';
import { capture } from '../support/cli';

describe('lambda-rest-api', () => {
  test('--help lists every command with every option it takes', async () => {
    const result = await capture(() => main(['--help']));

    expect(result).toEqual({ code: 0, stdout: topLevelHelp(), stderr: '' });
    for (const option of ['--port', '--host', '--var', '--env', '--no-watch', '--no-config', '--format', '--exit-code', '--no-aws-extensions', '--stage']) expect(result.stdout).toContain(option);
    expect(result.stdout).toContain('  lambda-rest-api serve <stackDir> [--port N] [--host H] [--var name=value]... [--env NAME=value]... [--no-watch] [--no-config]\n');
  });

  test('--help lists the openapi command, from the same usage module as the others', () => {
    const bin = path.join(__dirname, '..', '..', 'bin', 'lambda-rest-api.js');
    const commands = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.startsWith('  lambda-rest-api '))
      .map((line) => line.split(' ')[3]);

    expect(commands).toEqual(['serve', 'routes', 'openapi', 'diff']);
    expect(topLevelHelp()).toContain(`  lambda-rest-api ${USAGES.openapi.synopsis}\n      ${USAGES.openapi.summary}\n`);
  });

  test.each(Object.keys(USAGES) as (keyof typeof USAGES)[])("says the same of %s as the command's own --help", async (name) => {
    const own = await capture(() => main([name, '--help']));

    expect(own).toEqual({ code: 0, stdout: commandHelp(name), stderr: '' });
    expect(topLevelHelp()).toContain(own.stdout.split('\n')[0].replace('usage: ', '  '));
  });

  test('fails with exit code 2 and the usage without a command', async () => {
    expect(await capture(() => main([]))).toEqual({ code: 2, stdout: '', stderr: topLevelHelp() });
  });

  test('fails with exit code 2 and one line for an unknown command', async () => {
    expect(await capture(() => main(['rotues']))).toEqual({
      code: 2,
      stdout: '',
      stderr: 'lambda-rest-api: unknown command "rotues"; use one of serve, routes, diff, openapi (lambda-rest-api --help lists their options)\n',
    });
  });

  test('runs as npx lambda-rest-api --help, through the bin script', () => {
    const bin = path.join(__dirname, '..', '..', 'bin', 'lambda-rest-api.js');

    expect(execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' })).toBe(topLevelHelp());
  });
});

describe('joinDashValues', () => {
  test('joins a negative number to the option before it, so parseArgs passes it on to be checked', () => {
    expect(joinDashValues(['dir', '--port', '-1', '--no-watch'], ['--port'])).toEqual(['dir', '--port=-1', '--no-watch']);
  });

  test('leaves other options and values alone', () => {
    expect(joinDashValues(['--port', '3000', '--host', '-x', '--port'], ['--port'])).toEqual(['--port', '3000', '--host', '-x', '--port']);
  });
});
