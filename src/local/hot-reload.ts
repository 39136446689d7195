import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { FSWatcher, watch } from 'chokidar';

export interface HotReloadOptions {
  /** The stack folder the API serves. */
  readonly stackDir: string;
  /**
   * The project that synthesizes the stack: a change to any of its files (but its output folder, `node_modules`,
   * `.git`, `dist` and hidden files) runs its synth.
   * @default - only the stack folder is watched
   */
  readonly projectRoot?: string;
  /**
   * Quiet time after the last change before acting, in ms: a burst of events gives one reload.
   * @default 150
   */
  readonly debounceMs?: number;
  /**
   * Wait before a watcher that failed is made again, in ms.
   * @default 1000
   */
  readonly rewatchMs?: number;
  /** Where reloads are reported. */
  readonly log: (line: string) => void;
}

/** What hot reload asks of the API it serves: a reload, from the stack folder or from a fresh synth's copy of it. */
export interface Reloadable {
  reload(fromDir?: string): { routes: number; restartedFunctions: string[]; warnings: string[] };
}

export const DEFAULT_DEBOUNCE_MS = 150;
export const DEFAULT_REWATCH_MS = 1000;
/** Folders of a project that are not its sources: what tools write, and what they install. */
const NOT_SOURCES = new Set(['node_modules', '.git', 'dist', 'coverage']);

/** The folder of the nearest `cdktf.json` above `stackDir`: the project that synthesized it, if any. */
export function findProjectRoot(stackDir: string): string | undefined {
  for (let dir = resolve(stackDir); dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'cdktf.json'))) return dir;
  }
  return undefined;
}

/** The project's `cdktf.json`: its synth command (`app`) and output folder (`output`), with cdktf's defaults. */
function cdktfConfig(root: string): { app: string; output: string } {
  const config = JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8')) as { app?: string; output?: string };
  return { app: config.app ?? 'npx tsx main.ts', output: config.output ?? 'cdktf.out' };
}

/** The project's synth command: `app` of its `cdktf.json`, as `cdktf synth` runs it. */
export function synthCommand(root: string): string {
  return cdktfConfig(root).app;
}

/**
 * Keeps a served stack in step with its project. A change to the project's sources runs the project's synth into
 * a fresh folder (cdktf's `CDKTF_OUTDIR`), and only a synth that succeeds is swapped in: a failed one leaves the
 * previous version serving, whole. A change to the stack folder itself (a synth run by hand) reloads it. Watcher
 * errors (a folder deleted while it is read) are logged and the watcher made again; the server never stops
 * because of a file event.
 */
export class HotReload {
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly debounceMs: number;
  private readonly rewatchMs: number;
  private readonly stackDir: string;
  private readonly root?: string;
  private reloadTimer?: NodeJS.Timeout;
  private synthTimer?: NodeJS.Timeout;
  private readonly rewatchTimers = new Set<NodeJS.Timeout>();
  private synth?: ChildProcess;
  private synthAgain = false;
  private closed = false;

  constructor(
    private readonly api: Reloadable,
    private readonly options: HotReloadOptions,
  ) {
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.rewatchMs = options.rewatchMs ?? DEFAULT_REWATCH_MS;
    this.stackDir = resolve(options.stackDir);
    this.root = options.projectRoot && resolve(options.projectRoot);
  }

  /** Starts watching; resolves once the watchers are ready, so that the next change is seen. */
  public async start(): Promise<void> {
    await Promise.all([this.watchStack(), this.watchProject()]);
  }

  public close(): void {
    this.closed = true;
    for (const watcher of this.watchers.values()) void watcher.close();
    this.watchers.clear();
    for (const timer of this.rewatchTimers) clearTimeout(timer);
    clearTimeout(this.reloadTimer);
    clearTimeout(this.synthTimer);
    this.synth?.kill();
  }

  private watchStack(): Promise<void> {
    const stackDir = this.stackDir;
    // The archive provider's zips are outputs of a plan, not inputs of the API.
    const ignored = (path: string) => relative(stackDir, path).split(sep)[0] === 'dist';
    return this.watch('stack', stackDir, ignored, () => this.schedule('reload'));
  }

  private watchProject(): Promise<void> {
    const root = this.root;
    if (!root) return Promise.resolve();
    const output = resolve(root, cdktfConfig(root).output);
    const ignored = (path: string) => {
      if (path === root) return false;
      if (path === output || path.startsWith(`${output}${sep}`)) return true;
      const parts = relative(root, path).split(sep);
      // Hidden files and folders (.git, an editor's swap files), backups (`file~`), and what is not a source.
      return parts.some((part) => part.startsWith('.') || part.endsWith('~') || NOT_SOURCES.has(part));
    };
    return this.watch('project', root, ignored, () => this.schedule('synth'));
  }

  /** A watcher of `dir` that acts on any change below it, and is made again when it fails. */
  private async watch(name: string, dir: string, ignored: (path: string) => boolean, changed: () => void): Promise<void> {
    if (this.closed) return;
    // atomic: an editor's save by rename (write a temporary file, rename it over) is one change, not a delete.
    const watcher = watch(dir, { ignoreInitial: true, ignored, atomic: true, persistent: true });
    this.watchers.set(name, watcher);
    watcher.on('all', () => changed());
    watcher.on('error', (error) => {
      this.options.log(`watcher of ${this.describe(dir)} failed (${error instanceof Error ? error.message : String(error)}); watching it again`);
      if (this.watchers.get(name) !== watcher) return;
      this.watchers.delete(name);
      void watcher.close();
      const timer = setTimeout(() => {
        this.rewatchTimers.delete(timer);
        void this.watch(name, dir, ignored, changed).then(changed);
      }, this.rewatchMs);
      this.rewatchTimers.add(timer);
    });
    await new Promise<void>((ready) => watcher.once('ready', ready));
  }

  /** The watcher of `name` (`stack` or `project`), for tests that make one fail. */
  public watcher(name: 'stack' | 'project'): FSWatcher | undefined {
    return this.watchers.get(name);
  }

  private schedule(what: 'reload' | 'synth'): void {
    if (this.closed) return;
    if (what === 'reload') {
      clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(() => this.reload(), this.debounceMs);
    } else {
      clearTimeout(this.synthTimer);
      this.synthTimer = setTimeout(() => this.runSynth(), this.debounceMs);
    }
  }

  private reload(fromDir?: string): boolean {
    try {
      const report = this.api.reload(fromDir);
      const restarted = report.restartedFunctions.length ? `; new code or settings: ${report.restartedFunctions.join(', ')}` : '; no function changed';
      this.options.log(`reloaded ${this.describe(this.stackDir)}: ${report.routes} routes${restarted}`);
      for (const warning of report.warnings) this.options.log(`warning: ${warning}`);
      return true;
    } catch (error) {
      this.options.log(`reload failed, still serving the previous version: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  private runSynth(): void {
    const root = this.root!;
    if (this.synth) {
      this.synthAgain = true;
      return;
    }
    // A fresh folder per synth: the folder being served is never half-written, and a failed synth changes nothing.
    const outdir = mkdtempSync(join(tmpdir(), 'lambda-rest-api-synth-'));
    const command = synthCommand(root);
    this.options.log(`source changed; synthesizing (${command})`);
    const child = spawn(command, { cwd: root, shell: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CDKTF_OUTDIR: outdir } });
    this.synth = child;
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
    child.on('close', (code) => {
      this.synth = undefined;
      if (this.closed) {
        rmSync(outdir, { recursive: true, force: true });
        return;
      }
      const fresh = join(outdir, this.stackPathInOutput(root));
      if (code !== 0) this.options.log(`synth failed (exit ${code}), still serving the previous version:\n${errors.trim()}`);
      else if (!existsSync(join(fresh, 'cdk.tf.json'))) this.options.log(`synth wrote no ${relative(outdir, fresh)}/cdk.tf.json, still serving the previous version`);
      else this.reload(fresh);
      // The API copied what it serves: the synth's folder is no longer needed.
      rmSync(outdir, { recursive: true, force: true });
      if (this.synthAgain) {
        this.synthAgain = false;
        this.runSynth();
      }
    });
  }

  /** Where the served stack lies in a synth's output folder: `stacks/<name>`, as in the project's own output. */
  private stackPathInOutput(root: string): string {
    const inOutput = relative(resolve(root, cdktfConfig(root).output), this.stackDir);
    return inOutput && !inOutput.startsWith('..') && !isAbsolute(inOutput) ? inOutput : join('stacks', basename(this.stackDir));
  }

  private describe(dir: string): string {
    return relative(process.cwd(), dir) || '.';
  }
}
