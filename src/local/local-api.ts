import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readStack, StackModel } from '../model/stack-model';
import { answerApiReference } from './api-reference';
import { FunctionPool } from './function-pool';
import { RequestPipeline } from './pipeline';
import { close, listen } from './server';
import { StackSnapshots } from './snapshots';
import { LoadReport, loadStack, ServedStack } from './stack-loader';
import type { LocalApiKey } from './usage-plans';

export type { LoadReport } from './stack-loader';
export { notEmulated, variablesFromEnv } from './stack-loader';

export interface LocalApiOptions {
  /** The synthesized stack folder, `cdktf.out/stacks/<stack>`. */
  readonly stackDir: string;
  /**
   * Port to listen on; 0 picks a free one.
   * @default 3000
   */
  readonly port?: number;
  /**
   * Address to listen on.
   * @default '127.0.0.1'
   */
  readonly host?: string;
  /**
   * Values of Terraform variables that function environments reference (`${var.x}`).
   * @default - `TF_VAR_<name>` of this process, else each variable's default
   */
  readonly variables?: Record<string, string>;
  /**
   * Environment variables of every function, over the stack's (like `sam local --env-vars`).
   * @default - none
   */
  readonly environment?: Record<string, string>;
  /**
   * Workers each function may run at once.
   * @default - the machine's parallelism, 2 to 4
   */
  readonly maxWorkersPerFunction?: number;
  /**
   * Where the emulator's own messages go (start, reloads, warnings).
   * @default - this process's stdout
   */
  readonly log?: (line: string) => void;
  /**
   * Where the access log goes: one line per request (time, method, path, status, latency, function, cache, request id).
   * @default - where `log` goes
   */
  readonly accessLog?: (line: string) => void;
  /**
   * Where the functions' output goes, line by line, each console line in Lambda's form
   * (`<time>\t<request id>\t<LEVEL>\t<message>`).
   * @default - this process's stdout, prefixed with the function name
   */
  readonly functionLog?: (functionName: string, line: string) => void;
  /**
   * Clock of throttling, caching and quotas, in ms.
   * @default Date.now
   */
  readonly now?: () => number;
}

export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';

/**
 * A synthesized stack served on this machine with API Gateway's behaviour: `http://<host>:<port>/<stage>/<path>`
 * runs the bundled handlers in long-lived worker threads, one pool per function.
 */
export class LocalApi {
  private readonly options: LocalApiOptions;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly pipeline: RequestPipeline;
  private readonly snapshots = new StackSnapshots();
  private server?: Server;
  private served?: ServedStack;
  /** The snapshot the current stack was read from. */
  private snapshot?: string;

  constructor(options: LocalApiOptions) {
    this.options = { ...options, stackDir: resolve(options.stackDir) };
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
    this.pipeline = new RequestPipeline(() => this.current, this.log, this.now);
  }

  /** The stack as last loaded. */
  public get model(): StackModel {
    return this.current.stack;
  }

  /** The base URL of the server, such as `http://127.0.0.1:3000`. */
  public get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('the local API is not listening; call start()');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  /** Loads the stack and listens. */
  public async start(): Promise<LoadReport> {
    const report = this.load();
    this.server = await listen(
      this.options.port ?? DEFAULT_PORT,
      this.options.host ?? DEFAULT_HOST,
      (stage, request, tooLarge, ids) => this.pipeline.answer(stage, request, tooLarge, ids),
      this.log,
      this.options.accessLog ?? this.log,
      // The API reference, outside every stage (src/local/api-reference.ts).
      (path) => {
        const answer = answerApiReference(path, this.model);
        return answer && { answer };
      },
    );
    return report;
  }

  /**
   * Reads the stack folder again (or `fromDir`, a fresh synth's copy of it) and swaps in its routes and settings;
   * functions whose code or settings changed get new workers (the old ones finish what they run), the others keep
   * theirs. Throttles, cache and quotas start over, as after a new deployment. A folder that cannot be read
   * throws, and the previous version keeps serving.
   */
  public reload(fromDir?: string): LoadReport {
    return this.load(fromDir);
  }

  /** Stops listening, closes connections and terminates every worker. */
  public async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await close(server);
    await Promise.all([...(this.served?.functions.values() ?? [])].map(({ pool }) => pool.close()));
    this.served = this.served && { ...this.served, functions: new Map() };
    this.snapshots.close();
  }

  /** Workers running now, by function name. */
  public workers(): Record<string, number> {
    return Object.fromEntries([...this.current.functions.values()].map(({ pool }) => [pool.fn.functionName, pool.size]));
  }

  /** The API keys the stages accept, with the values to send. */
  public apiKeys(): LocalApiKey[] {
    return [...this.current.apis.values()].flatMap((served) => served.usagePlans.keys);
  }

  /** The API keys each stage accepts, one line each, for the start banner. */
  public describeApiKeys(): string[] {
    return [...this.current.apis.values()].flatMap((served) => served.usagePlans.describeKeys());
  }

  private get current(): ServedStack {
    if (!this.served) throw new Error('the local API has not loaded its stack yet; call start()');
    return this.served;
  }

  private load(fromDir?: string): LoadReport {
    const dir = resolve(fromDir ?? this.options.stackDir);
    // A folder that is not a synthesized stack fails with readStack's message (synthesize first, which folder to pass).
    if (!existsSync(join(dir, 'cdk.tf.json'))) readStack(dir);
    // The API serves a copy of the stack folder: what a later synth writes or deletes there never reaches a worker.
    const snapshot = this.snapshots.take(dir);
    let loaded;
    try {
      loaded = loadStack(
        {
          stackDir: snapshot,
          homeDir: this.options.stackDir,
          variables: this.options.variables ?? {},
          environment: this.options.environment ?? {},
          now: this.now,
          // A reload of a folder whose code is missing (a synth under way, a folder emptied) keeps the previous version.
          requireCode: this.served !== undefined,
          newPool: (fn) => {
            const pool = new FunctionPool(fn, { maxWorkers: this.options.maxWorkersPerFunction, log: this.options.functionLog });
            // A function's code stays on disk while any of its workers may still load it.
            this.snapshots.retain(snapshot);
            void pool.stopped.then(() => this.snapshots.release(snapshot));
            return pool;
          },
        },
        this.served,
      );
    } catch (error) {
      this.snapshots.release(snapshot);
      throw error;
    }
    if (this.snapshot) this.snapshots.release(this.snapshot);
    this.snapshot = snapshot;
    this.served = loaded.served;
    return loaded.report;
  }
}
