// One Lambda execution environment of the local API: a worker thread that loads the bundled handler once and
// runs one invocation at a time, as Lambda does. Plain JavaScript: worker threads load it without a compiler
// (jest's transform and tsx do not reach them).
'use strict';
const Module = require('node:module');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { format } = require('node:util');
const { parentPort, workerData } = require('node:worker_threads');

const { codeDir, handler, fallbackModulesDir, functionName, memoryMb, timeoutMs, claims, region, accountId } = workerData;

// The request id of the invocation running now: Lambda's runtime writes it on each line of the function's console
// output (`<time>\t<request id>\t<LEVEL>\t<message>`); before the first invocation it writes "undefined".
let currentRequestId;
const LEVELS = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE' };
for (const [method, level] of Object.entries(LEVELS)) {
  console[method] = (...args) => {
    const text = method === 'trace' ? `${format(...args)}\n${new Error().stack.split('\n').slice(2).join('\n')}` : format(...args);
    const prefix = `${new Date().toISOString()}\t${currentRequestId}\t${level}\t`;
    process.stdout.write(`${prefix}${text.split('\n').join(`\n${prefix}`)}\n`);
  };
}

// The bundle leaves `@aws-sdk/*` to the runtime; resolve such externals from the project when the stack folder
// is not inside it.
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveWithFallback(request, parent, isMain, options) {
  try {
    return resolveFilename.call(this, request, parent, isMain, options);
  } catch (error) {
    if (error.code !== 'MODULE_NOT_FOUND' || !fallbackModulesDir) throw error;
    return resolveFilename.call(this, request, parent, isMain, { paths: [fallbackModulesDir] });
  }
};

const exported = handler.slice(handler.lastIndexOf('.') + 1);
const file = path.join(codeDir, handler.slice(0, handler.lastIndexOf('.')));
const loading = loadHandler();

async function loadHandler() {
  let module;
  try {
    module = require(file);
  } catch (error) {
    if (error.code !== 'ERR_REQUIRE_ESM') throw runtimeError('Runtime.ImportModuleError', error);
    module = await import(pathToFileURL(`${file}.mjs`).href);
  }
  const fn = module[exported];
  if (typeof fn !== 'function') {
    throw runtimeError('Runtime.HandlerNotFound', new Error(`${path.basename(file)}.${exported} is undefined or not exported`));
  }
  return fn;
}

function runtimeError(errorType, cause) {
  const error = new Error(`${cause.name ?? 'Error'}: ${cause.message}`);
  error.errorType = errorType;
  return error;
}

// Lambda's ARN form for the function; a fixed local account, since no AWS account is involved.
const invokedFunctionArn = ['arn', 'aws', 'lambda', region, accountId, 'function', functionName].join(':');
const logStreamName = `${new Date().toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${require('node:crypto').randomBytes(16).toString('hex')}`;

function contextFor(invocation) {
  return {
    awsRequestId: invocation.requestId,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn,
    memoryLimitInMB: String(memoryMb),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, invocation.deadline - Date.now()),
  };
}

function run(fn, event, context) {
  // Callback-style handlers take three parameters; the runtime waits for the callback.
  if (fn.length >= 3) {
    return new Promise((resolve, reject) => {
      const callback = (error, result) => (error ? reject(error) : resolve(result));
      context.done = callback;
      context.succeed = (result) => callback(null, result);
      context.fail = (error) => callback(error);
      const returned = fn(event, context, callback);
      if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
    });
  }
  return fn(event, context);
}

function errorPayload(error) {
  if (error instanceof Error) {
    return {
      errorType: error.errorType ?? error.name ?? 'Error',
      errorMessage: error.message,
      stackTrace: (error.stack ?? '').split('\n').slice(1).map((line) => line.trim()),
    };
  }
  // A handler may throw anything; Lambda reports a non-Error as its string form.
  return { errorType: typeof error, errorMessage: String(error), stackTrace: [] };
}

// The handler, once loaded; until then, invocations wait for `loading`.
let loaded;
loading.then((fn) => (loaded = fn), () => undefined);

// Invocations posted to this environment, run one at a time in order (see function-pool.ts).
const inbox = [];
let running = false;

parentPort.on('message', (message) => {
  inbox.push(message);
  if (!running) void runInbox();
});

async function runInbox() {
  running = true;
  while (inbox.length > 0) {
    // `{"id","cell","tag","requestId","event"}` as one JSON text (see function-pool.ts).
    const invocation = JSON.parse(inbox.shift());
    // Claim it, unless the pool has taken it back for another worker.
    const { cell, tag } = invocation;
    if (Atomics.compareExchange(claims, cell, tag, -tag) !== tag) continue;
    invocation.deadline = Date.now() + timeoutMs;
    currentRequestId = invocation.requestId;
    await invoke(invocation);
  }
  running = false;
}

async function invoke(invocation) {
  try {
    const result = await run(loaded ?? (await loading), invocation.event, contextFor(invocation));
    // Lambda returns the result as JSON: undefined becomes null, dates become strings. A success goes back as a
    // string, `<id> <result>`, the cheapest message between threads.
    parentPort.postMessage(`${invocation.id} ${JSON.stringify(result === undefined ? null : result)}`);
  } catch (error) {
    parentPort.postMessage({ id: invocation.id, error: errorPayload(error) });
  }
}
