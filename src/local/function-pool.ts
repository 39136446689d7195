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
/**
 * Invocations posted to one worker at most, the running one included. Posting to a worker that is asleep costs
 * the server's thread a wake-up (about 10 µs on a 2-vCPU VM, against 1 µs to a worker that is awake), so when
 * every worker is busy the next invocations wait in a worker's inbox rather than in the pool's queue: the worker
 * runs them one after the other without sleeping. 8 measured best (`npm run bench:local`: 1, 2, 4, 8, 50).
 */
const MAX_POSTED_PER_WORKER = 8;
/** A worker whose invocation has run this long gets no more posted, and what waits behind it moves to another. */
const SLOW_INVOCATION_MS = 1;
/** Claim tags cycle through 1..2^30, far more than posts are ever pending at once. */
const TAG_LIMIT = 2 ** 30;

interface Pending {
  readonly id: number;
  /** The event as JSON, made when it is invoked, as Lambda takes it. */
  readonly event: string;
  readonly requestId: string;
  readonly resolve: (invocation: Invocation) => void;
  /** Its cell in the claims and the tag of this post (one invocation may be posted again), while it is posted to a worker. */
  cell?: number;
  tag?: number;
}

interface Slot {
  readonly worker: Worker;
  /** Invocations posted to the worker, in order: the first runs (or is about to), the others wait in its inbox. */
  readonly posted: Pending[];
  /** When the first began, for its timeout and to tell a slow worker. */
  startedAt: number;
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
  /**
   * One cell per invocation posted to a worker, shared with the workers: the pool writes a tag unique to the
   * post when it posts it; the worker swaps the tag for its negation before running it (claims it), the pool swaps it
   * for 0 to take it back from an inbox (withdraws it). Whichever swaps first wins, so an invocation runs once,
   * and one taken back is never started.
   */
  private readonly claims: Int32Array;
  private readonly freeCells: number[];
  /** Slots with no invocation running, most recently used last: the warmest worker serves next. */
  private readonly idle: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly maxWorkers: number;
  private readonly log: (functionName: string, line: string) => void;
  private nextId = 0;
  private lastTag = 0;
  private closed = false;
  private markStopped!: () => void;
  /** Settles once the pool is closed or drained and its last worker has ended. */
  public readonly stopped = new Promise<void>((resolve) => (this.markStopped = resolve));

  constructor(
    public readonly fn: LocalFunction,
    options: PoolOptions = {},
  ) {
    this.maxWorkers = options.maxWorkers ?? DEFAULT_MAX_WORKERS;
    const cells = this.maxWorkers * MAX_POSTED_PER_WORKER;
    this.claims = new Int32Array(new SharedArrayBuffer(cells * Int32Array.BYTES_PER_ELEMENT));
    this.freeCells = Array.from({ length: cells }, (_, cell) => cell);
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
    // Retiring puts what waits in inboxes back in the queue, so the queue is emptied after.
    const retiring = [...this.slots].map((slot) => this.retire(slot, failure('Runtime.Unavailable', 'the local API stopped')));
    for (const pending of this.queue.splice(0)) pending.resolve(failure('Runtime.Unavailable', `function ${this.fn.functionName} was stopped`));
    await Promise.all(retiring);
    this.markStopped();
  }

  /** Stops taking invocations and stops each worker once it has run those already taken; for a reload, which swaps in a new pool. */
  public drain(): void {
    this.closed = true;
    for (const slot of this.idle.splice(0)) void this.retire(slot);
    if (this.slots.size === 0) this.markStopped();
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.idle.pop() ?? (!this.closed && this.slots.size < this.maxWorkers ? this.spawn() : this.leastLoaded());
      if (!slot) return;
      this.post(slot, this.queue.shift()!);
    }
  }

  /** The busy worker with the fewest invocations posted, if one has room and is not stuck in a slow invocation. */
  private leastLoaded(): Slot | undefined {
    const now = Date.now();
    let least: Slot | undefined;
    for (const slot of this.slots) {
      if (slot.posted.length >= MAX_POSTED_PER_WORKER || now - slot.startedAt >= SLOW_INVOCATION_MS) continue;
      if (!least || slot.posted.length < least.posted.length) least = slot;
    }
    return least;
  }

  private post(slot: Slot, pending: Pending): void {
    const cell = this.freeCells.pop()!;
    const tag = (this.lastTag % TAG_LIMIT) + 1;
    this.lastTag = tag;
    pending.cell = cell;
    pending.tag = tag;
    Atomics.store(this.claims, cell, tag);
    slot.posted.push(pending);
    if (slot.posted.length === 1) this.begin(slot);
    // One JSON text, parsed once by the worker: a string is the cheapest message between threads.
    slot.worker.postMessage(`{"id":${pending.id},"cell":${cell},"tag":${tag},"requestId":${JSON.stringify(pending.requestId)},"event":${pending.event}}`);
  }

  /** The worker's first posted invocation starts (or has started): its timeout runs from now. */
  private begin(slot: Slot): void {
    const pending = slot.posted[0];
    slot.startedAt = Date.now();
    slot.timer = setTimeout(() => {
      // The worker has claimed the next one: this one ended in time, and its answer is on the way.
      if (slot.posted.length > 1 && this.isClaimed(slot.posted[1])) return;
      // Lambda's own wording, which integration responses' selection patterns match against.
      const message = `${new Date().toISOString()} ${pending.requestId} Task timed out after ${this.fn.timeoutSeconds.toFixed(2)} seconds`;
      void this.retire(slot, failure('Sandbox.Timedout', message));
    }, this.fn.timeoutSeconds * 1000);
  }

  private isClaimed(pending: Pending): boolean {
    return Atomics.load(this.claims, pending.cell!) === -pending.tag!;
  }

  /** Takes an invocation back from a worker's inbox; false when the worker has already started it. */
  private withdraw(pending: Pending): boolean {
    const withdrawn = Atomics.compareExchange(this.claims, pending.cell!, pending.tag!, 0) === pending.tag;
    // A cell is reused once the worker can no longer claim it: it has answered, or it will find the tag gone.
    if (withdrawn) this.release(pending);
    return withdrawn;
  }

  private release(pending: Pending): void {
    this.freeCells.push(pending.cell!);
    pending.cell = undefined;
  }

  /**
   * Invocations waiting in inboxes go back to the front of the queue when a worker is idle (none of them may
   * wait while a worker is free) or when they wait behind a slow invocation (they may not wait longer than
   * the invocations after them).
   */
  private reclaimWaiting(): void {
    const anyIdle = this.idle.length > 0;
    const now = Date.now();
    const reclaimed: Pending[] = [];
    for (const slot of this.slots) {
      if (slot.posted.length < 2 || (!anyIdle && now - slot.startedAt < SLOW_INVOCATION_MS)) continue;
      const waiting = slot.posted.splice(1);
      // Those the worker has already claimed stay, in order: it runs them and answers.
      for (const pending of waiting) (this.withdraw(pending) ? reclaimed : slot.posted).push(pending);
    }
    if (reclaimed.length > 0) this.queue.unshift(...reclaimed.sort((a, b) => a.id - b.id));
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
        timeoutMs: fn.timeoutSeconds * 1000,
        claims: this.claims,
        region: fn.region,
        accountId: fn.accountId,
      },
      stdout: true,
      stderr: true,
      // The function's memory bounds its heap, so a handler that grows past it fails as on Lambda.
      resourceLimits: { maxOldGenerationSizeMb: fn.memoryMb },
    });
    const slot: Slot = { worker, posted: [], startedAt: 0 };
    this.slots.add(slot);
    for (const stream of [worker.stdout, worker.stderr]) this.forwardLines(stream);
    worker.on('message', (message: WorkerMessage) => {
      const pending = slot.posted[0];
      const separator = typeof message === 'string' ? message.indexOf(' ') : -1;
      const id = typeof message === 'string' ? Number(message.slice(0, separator)) : message.id;
      if (!pending || pending.id !== id) return;
      clearTimeout(slot.timer);
      slot.posted.shift();
      this.release(pending);
      if (slot.posted.length > 0) this.begin(slot);
      else this.idle.push(slot);
      // The next invocations are posted before this answer goes on, while the worker is still awake.
      this.reclaimWaiting();
      this.dispatch();
      if (this.closed) for (const idle of this.idle.splice(0)) void this.retire(idle);
      pending.resolve(typeof message === 'string' ? { ok: true, payload: message.slice(separator + 1) } : { ok: false, error: message.error });
    });
    const crashed = (detail: string) => {
      if (!this.slots.has(slot)) return;
      void this.retire(slot, failure('Runtime.ExitError', `RequestId: ${slot.posted[0]?.requestId ?? '-'} Error: Runtime exited with error: ${detail}`));
    };
    worker.on('error', (error) => crashed(`${error.name}: ${error.message}`));
    worker.on('exit', (code) => crashed(`exit status ${code}`));
    // An idle worker must not keep the process alive.
    worker.unref();
    return slot;
  }

  /**
   * Terminates a worker; its invocation, if any, ends with `outcome`, and those waiting in its inbox go back to
   * the front of the queue, which moves on to the other workers or a new one.
   */
  private async retire(slot: Slot, outcome?: Invocation): Promise<void> {
    if (!this.slots.delete(slot)) return;
    const idleAt = this.idle.indexOf(slot);
    if (idleAt >= 0) this.idle.splice(idleAt, 1);
    clearTimeout(slot.timer);
    const [running, ...waiting] = slot.posted.splice(0);
    if (running) {
      this.release(running);
      if (outcome) running.resolve(outcome);
    }
    const requeued: Pending[] = [];
    for (const pending of waiting) {
      if (this.withdraw(pending)) requeued.push(pending);
      else {
        // It had started (the first one's answer was still on its way): it ends with the worker.
        this.release(pending);
        pending.resolve(failure('Runtime.ExitError', `RequestId: ${pending.requestId} Error: Runtime exited with error: its worker was stopped`));
      }
    }
    this.queue.unshift(...requeued);
    this.dispatch();
    await slot.worker.terminate();
    if (this.closed && this.slots.size === 0) this.markStopped();
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
