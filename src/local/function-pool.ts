import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** What a local function needs to run: its code, handler, limits and environment. */
export interface LocalFunction {
  readonly functionName: string;
  /** Absolute folder of the bundled code. */
  readonly codeDir: string;
  /** `index.handler`. */
  readonly handler: string;
  readonly runtime: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** The complete environment of the function, Lambda's own variables included. */
  readonly environment: Record<string, string>;
  readonly region: string;
  readonly accountId: string;
  /** Where `@aws-sdk/*` and other externals are found when the code folder has no `node_modules` above it. */
  readonly fallbackModulesDir?: string;
}

/** The end of one invocation, as Lambda reports it. */
export type Invocation =
  | { readonly ok: true; /** The result, as JSON. */ readonly payload: string }
  | { readonly ok: false; readonly error: LambdaError };

export interface LambdaError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly stackTrace?: string[];
}

export interface PoolOptions {
  /**
   * Workers (execution environments) the function may run at once; more requests wait for one.
   * @default - the machine's parallelism, 2 to 4: more workers than cores only add switching
   */
  readonly maxWorkers?: number;
  /**
   * Receives each line the function writes to stdout or stderr.
   * @default - written to this process's stdout, prefixed with the function name
   */
  readonly log?: (functionName: string, line: string) => void;
}

export const DEFAULT_MAX_WORKERS = Math.min(4, Math.max(2, availableParallelism()));
const WORKER_FILE = join(__dirname, 'function-worker.js');

interface Pending {
  readonly id: number;
  /** The event as JSON, made when it is invoked, as Lambda takes it. */
  readonly event: string;
  readonly requestId: string;
  readonly resolve: (invocation: Invocation) => void;
}

interface Slot {
  readonly worker: Worker;
  current?: Pending;
  timer?: NodeJS.Timeout;
}

/**
 * What a worker answers: a success is `<id> <result as JSON>`, a string, which crosses threads for less than the
 * structured clone of an object; a failure is an object (see function-worker.js).
 */
type WorkerMessage = string | { readonly id: number; readonly error: LambdaError };

/**
 * The execution environments of one function: long-lived worker threads, each running one invocation at a
 * time, started as concurrency needs them (up to `maxWorkers`). A worker whose handler runs past the
 * function's timeout, exits or crashes is terminated and replaced; the others keep serving.
 */
export class FunctionPool {
  private readonly slots = new Set<Slot>();
  /** Slots with no invocation running, most recently used last: the warmest worker serves next. */
  private readonly idle: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly maxWorkers: number;
  private readonly log: (functionName: string, line: string) => void;
  private nextId = 0;
  private closed = false;

  constructor(
    public readonly fn: LocalFunction,
    options: PoolOptions = {},
  ) {
    this.maxWorkers = options.maxWorkers ?? DEFAULT_MAX_WORKERS;
    this.log = options.log ?? ((name, line) => process.stdout.write(`[${name}] ${line}\n`));
  }

  /** Workers running now. */
  public get size(): number {
    return this.slots.size;
  }

  /** Runs the function with `event`; never rejects: failures are Lambda errors, as Lambda reports them. */
  public invoke(event: unknown, requestId: string = randomUUID()): Promise<Invocation> {
    if (this.closed) return Promise.resolve(failure('Runtime.Unavailable', `function ${this.fn.functionName} was stopped`));
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, event: JSON.stringify(event), requestId, resolve });
      this.dispatch();
    });
  }

  /** Stops every worker now; invocations still running end as errors. */
  public async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.resolve(failure('Runtime.Unavailable', `function ${this.fn.functionName} was stopped`));
    await Promise.all([...this.slots].map((slot) => this.retire(slot, failure('Runtime.Unavailable', 'the local API stopped'))));
  }

  /** Stops taking invocations and stops each worker once its invocation ends; for a reload, which swaps in a new pool. */
  public drain(): void {
    this.closed = true;
    for (const slot of this.slots) if (!slot.current) void this.retire(slot);
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.idle.pop() ?? (this.slots.size < this.maxWorkers ? this.spawn() : undefined);
      if (!slot) return;
      this.start(slot, this.queue.shift()!);
    }
  }

  private start(slot: Slot, pending: Pending): void {
    slot.current = pending;
    const timeoutMs = this.fn.timeoutSeconds * 1000;
    const deadline = Date.now() + timeoutMs;
    slot.timer = setTimeout(() => {
      // Lambda's own wording, which integration responses' selection patterns match against.
      const message = `${new Date().toISOString()} ${pending.requestId} Task timed out after ${this.fn.timeoutSeconds.toFixed(2)} seconds`;
      void this.retire(slot, failure('Sandbox.Timedout', message));
    }, timeoutMs);
    // One JSON text, parsed once by the worker: a string is the cheapest message between threads.
    slot.worker.postMessage(`{"id":${pending.id},"deadline":${deadline},"requestId":${JSON.stringify(pending.requestId)},"event":${pending.event}}`);
  }

  private spawn(): Slot {
    const fn = this.fn;
    const worker = new Worker(WORKER_FILE, {
      env: fn.environment,
      workerData: {
        codeDir: fn.codeDir,
        handler: fn.handler,
        fallbackModulesDir: fn.fallbackModulesDir,
        functionName: fn.functionName,
        memoryMb: fn.memoryMb,
        region: fn.region,
        accountId: fn.accountId,
      },
      stdout: true,
      stderr: true,
      // The function's memory bounds its heap, so a handler that grows past it fails as on Lambda.
      resourceLimits: { maxOldGenerationSizeMb: fn.memoryMb },
    });
    const slot: Slot = { worker };
    this.slots.add(slot);
    for (const stream of [worker.stdout, worker.stderr]) this.forwardLines(stream);
    worker.on('message', (message: WorkerMessage) => {
      const pending = slot.current;
      const separator = typeof message === 'string' ? message.indexOf(' ') : -1;
      const id = typeof message === 'string' ? Number(message.slice(0, separator)) : message.id;
      if (!pending || pending.id !== id) return;
      this.finish(slot);
      pending.resolve(typeof message === 'string' ? { ok: true, payload: message.slice(separator + 1) } : { ok: false, error: message.error });
      if (this.closed) return void this.retire(slot);
      this.idle.push(slot);
      this.dispatch();
    });
    const crashed = (detail: string) => {
      if (!this.slots.has(slot)) return;
      void this.retire(slot, failure('Runtime.ExitError', `RequestId: ${slot.current?.requestId ?? '-'} Error: Runtime exited with error: ${detail}`));
    };
    worker.on('error', (error) => crashed(`${error.name}: ${error.message}`));
    worker.on('exit', (code) => crashed(`exit status ${code}`));
    // An idle worker must not keep the process alive.
    worker.unref();
    return slot;
  }

  private finish(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.current = undefined;
  }

  /** Terminates a worker; its invocation, if any, ends with `outcome`. The queue moves on to a new worker. */
  private async retire(slot: Slot, outcome?: Invocation): Promise<void> {
    if (!this.slots.delete(slot)) return;
    const idleAt = this.idle.indexOf(slot);
    if (idleAt >= 0) this.idle.splice(idleAt, 1);
    const pending = slot.current;
    this.finish(slot);
    if (pending && outcome) pending.resolve(outcome);
    if (!this.closed) this.dispatch();
    await slot.worker.terminate();
  }

  private forwardLines(stream: NodeJS.ReadableStream): void {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      for (const line of lines) this.log(this.fn.functionName, line);
    });
    stream.on('end', () => rest && this.log(this.fn.functionName, rest));
  }
}

function failure(errorType: string, errorMessage: string): Invocation {
  return { ok: false, error: { errorType, errorMessage } };
}
