import { fingerprint, localFunction } from '../../src/local/function-environment';
import { parseStack } from '../../src/model/stack-model';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const stack = parseStack(
  {
    resource: {
      aws_lambda_function: { fn: { function_name: 'local-fn', handler: 'index.handler', runtime: 'nodejs24.x', environment: { variables: { TABLE: 'items' } } } },
    },
  },
  '/stack',
);

describe('localFunction environment', () => {
  test("turns the AWS SDK's NodeVersionSupportWarning off: the handlers run on this machine's Node.js, which the banner names once", () => {
    const { fn } = localFunction({ ...stack }, { ...stack.functions['aws_lambda_function.fn'], codePath: 'assets/fn' }, { variables: {}, environment: {}, hostEnv: {} });
    expect(fn.environment).toMatchObject({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', TABLE: 'items' });
  });
});

describe('fingerprint', () => {
  test('the same code in another folder is the same function: a reload of a copy restarts nothing', () => {
    const [first, second] = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-rest-api-fingerprint-')));
    try {
      for (const dir of [first, second]) fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async () => 1;\n');
      const make = (codeDir: string) => localFunction({ ...stack, dir: path.dirname(codeDir) }, { ...stack.functions['aws_lambda_function.fn'], codePath: path.basename(codeDir) }, { variables: {}, environment: {}, hostEnv: {} }).fn;
      expect(fingerprint(make(first))).toBe(fingerprint(make(second)));
      fs.writeFileSync(path.join(second, 'index.js'), 'exports.handler = async () => 2;\n');
      expect(fingerprint(make(first))).not.toBe(fingerprint(make(second)));
    } finally {
      for (const dir of [first, second]) fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
