import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FunctionPool, Invocation, LocalFunction } from '../../src/local/function-pool';

// When every worker is busy, invocations wait in a worker's inbox (the pool posts up to 8 to each worker, so a
// busy worker runs them without being woken); these tests pin what must not change for a caller: one invocation
// per worker at a time, nothing waits behind a slow invocation while another worker turns over, timeouts count
// from an invocation's start, and what waits behind a timed-out or crashed invocation runs on another worker.
const HANDLER = `
let running = 0;
exports.handler = async (event, context) => {
  running++;
  const overlapping = running;
  try {
    if (event.mode === 'sleep') await new Promise((done) => setTimeout(done, event.ms));
    if (event.mode === 'loop') for (;;);
    if (event.mode === 'exit') process.exit(3);
    return { n: event.n, overlapping, remainingMs: context.getRemainingTimeInMillis() };
  } finally {
    running--;
  }
};
`;

let codeDir: string;
const pools: FunctionPool[] = [];

beforeAll(() => {
  codeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'function-pool-test-'));
  fs.writeFileSync(path.join(codeDir, 'index.js'), HANDLER);
});

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
  fs.rmSync(codeDir, { recursive: true, force: true });
});

function newPool(maxWorkers: number, timeoutSeconds: number): FunctionPool {
  const fn: LocalFunction = {
    functionName: 'pool-test',
    codeDir,
    handler: 'index.handler',
    runtime: 'nodejs20.x',
    timeoutSeconds,
    memoryMb: 128,
    environment: {},
    region: 'eu-west-1',
    accountId: '123456789012',
  };
  const pool = new FunctionPool(fn, { maxWorkers, log: () => undefined });
  pools.push(pool);
  return pool;
}

const result = (invocation: Invocation) => (invocation.ok ? JSON.parse(invocation.payload) : invocation.error);
const fast = (pool: FunctionPool, count: number) => Promise.all(Array.from({ length: count }, (_, n) => pool.invoke({ n }).then(result)));

describe('FunctionPool', () => {
  test('runs many more invocations than workers, each alone in its worker, and answers each with its own result', async () => {
    const results = await fast(newPool(2, 3), 60);
    expect(results.map((answer) => answer.n)).toEqual(Array.from({ length: 60 }, (_, n) => n));
    expect(results.every((answer) => answer.overlapping === 1)).toBe(true);
  });

  test('invocations posted behind a slow one move to a worker that turns over: they all end before it', async () => {
    const pool = newPool(2, 3);
    const order: string[] = [];
    const slow = pool.invoke({ mode: 'sleep', ms: 500 }).then(() => order.push('slow'));
    const quick = Array.from({ length: 30 }, (_, n) => pool.invoke({ n }).then(() => order.push('fast')));
    await Promise.all([slow, ...quick]);
    expect(order.indexOf('slow')).toBe(30);
  });

  test("an invocation that waited in a worker's inbox gets its whole timeout from its start", async () => {
    // One worker: the second invocation waits behind the first for 0.6 s of the function's 1 s timeout.
    const pool = newPool(1, 1);
    const [first, second] = await Promise.all([pool.invoke({ mode: 'sleep', ms: 600 }), pool.invoke({ n: 1 })]);
    expect(first.ok).toBe(true);
    expect(result(second).remainingMs).toBeGreaterThan(600);
  });

  test('fails when an invocation times out: Sandbox.Timedout, and those waiting behind it run on a new worker', async () => {
    const pool = newPool(1, 1);
    const [looped, ...after] = await Promise.all([pool.invoke({ mode: 'loop' }, 'looping-request'), pool.invoke({ n: 1 }), pool.invoke({ n: 2 })]);
    expect(looped.ok ? undefined : looped.error.errorType).toBe('Sandbox.Timedout');
    expect(looped.ok ? undefined : looped.error.errorMessage).toMatch(/^\S+ looping-request Task timed out after 1\.00 seconds$/);
    expect(after.map(result)).toEqual([expect.objectContaining({ n: 1 }), expect.objectContaining({ n: 2 })]);
  });

  test('fails when the handler exits the process: Runtime.ExitError, and those waiting behind it run on a new worker', async () => {
    const pool = newPool(1, 3);
    const [exited, ...after] = await Promise.all([pool.invoke({ mode: 'exit' }, 'exiting-request'), pool.invoke({ n: 1 }), pool.invoke({ n: 2 })]);
    expect(exited.ok ? undefined : exited.error).toEqual({ errorType: 'Runtime.ExitError', errorMessage: 'RequestId: exiting-request Error: Runtime exited with error: exit status 3' });
    expect(after.map(result)).toEqual([expect.objectContaining({ n: 1 }), expect.objectContaining({ n: 2 })]);
  });

  test('a drained pool runs the invocations it has taken, then stops its workers', async () => {
    const pool = newPool(2, 3);
    const running = fast(pool, 20);
    pool.drain();
    expect((await running).map((answer) => answer.n)).toEqual(Array.from({ length: 20 }, (_, n) => n));
    expect(pool.size).toBe(0);
    expect(await pool.invoke({ n: 0 })).toEqual({ ok: false, error: { errorType: 'Runtime.Unavailable', errorMessage: 'function pool-test was stopped' } });
  });
});
