import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, FSWatcher, readFileSync, watch } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { LocalApi } from './local-api';

export interface HotReloadOptions {
  /** The stack folder the API serves. */
  readonly stackDir: string;
  /**
   * The project that synthesizes the stack: a change to its `functions/`, `src/` or `main.ts` runs its synth.
   * @default - only the stack folder is watched
   */
  readonly projectRoot?: string;
  /**
   * Quiet time after the last change before acting, in ms.
   * @default 150
   */
  readonly debounceMs?: number;
  /** Where reloads are reported. */
  readonly log: (line: string) => void;
}

export const DEFAULT_DEBOUNCE_MS = 150;
// What the project's synth reads; `cdktf.out` is left out, since the synth writes it.
const PROJECT_SOURCES = ['functions', 'src', 'main.ts', 'cdktf.json'];

/** The folder of the nearest `cdktf.json` above `stackDir`: the project that synthesized it, if any. */
export function findProjectRoot(stackDir: string): string | undefined {
  for (let dir = resolve(stackDir); dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'cdktf.json'))) return dir;
  }
  return undefined;
}

/**
 * Watches the stack folder (and the project's sources) and swaps the new stack into the running API: a source
 * change runs the project's synth (`app` of its `cdktf.json`), whose output then reloads the API.
 */
export class HotReload {
  private readonly watchers: FSWatcher[] = [];
  private readonly debounceMs: number;
  private reloadTimer?: NodeJS.Timeout;
  private synthTimer?: NodeJS.Timeout;
  private synth?: ChildProcess;
  private synthAgain = false;

  constructor(
    private readonly api: LocalApi,
    private readonly options: HotReloadOptions,
  ) {
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  }

  public start(): void {
    const stackDir = resolve(this.options.stackDir);
    this.watchers.push(
      watch(stackDir, { recursive: true }, (_event, file) => {
        // The archive provider's zips are outputs of a plan, not inputs of the API.
        if (file && String(file).split(sep)[0] === 'dist') return;
        this.schedule('reload');
      }),
    );
    const root = this.options.projectRoot;
    if (!root) return;
    for (const source of PROJECT_SOURCES.map((name) => join(root, name)).filter((path) => existsSync(path))) {
      this.watchers.push(watch(source, { recursive: true }, () => this.schedule('synth')));
    }
  }

  public close(): void {
    for (const watcher of this.watchers.splice(0)) watcher.close();
    clearTimeout(this.reloadTimer);
    clearTimeout(this.synthTimer);
    this.synth?.kill();
  }

  private schedule(what: 'reload' | 'synth'): void {
    if (what === 'reload') {
      clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(() => this.reload(), this.debounceMs);
    } else {
      clearTimeout(this.synthTimer);
      this.synthTimer = setTimeout(() => this.runSynth(), this.debounceMs);
    }
  }

  private reload(): void {
    // The synth rewrites the stack folder file by file; reload once it is done.
    if (this.synth) return;
    try {
      const report = this.api.reload();
      const restarted = report.restartedFunctions.length ? `; new code or settings: ${report.restartedFunctions.join(', ')}` : '; no function changed';
      this.options.log(`reloaded ${relative(process.cwd(), this.options.stackDir) || '.'}: ${report.routes} routes${restarted}`);
      for (const warning of report.warnings) this.options.log(`warning: ${warning}`);
    } catch (error) {
      this.options.log(`reload failed, still serving the previous version: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private runSynth(): void {
    const root = this.options.projectRoot!;
    if (this.synth) {
      this.synthAgain = true;
      return;
    }
    const command = synthCommand(root);
    this.options.log(`source changed; synthesizing (${command})`);
    const child = spawn(command, { cwd: root, shell: true, stdio: ['ignore', 'ignore', 'pipe'] });
    this.synth = child;
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
    child.on('close', (code) => {
      this.synth = undefined;
      if (code === 0) this.reload();
      else this.options.log(`synth failed (exit ${code}), still serving the previous version:\n${errors.trim()}`);
      if (this.synthAgain) {
        this.synthAgain = false;
        this.runSynth();
      }
    });
  }
}

/** The project's synth command: `app` of its `cdktf.json`, as `cdktf synth` runs it. */
export function synthCommand(root: string): string {
  const config = JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8')) as { app?: string };
  return config.app ?? 'npx tsx main.ts';
}
