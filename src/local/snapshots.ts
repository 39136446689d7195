import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

/**
 * The copies of the stack folder the local API serves. Each load copies the stack folder (its `cdk.tf.json` and
 * bundled code) into a folder of its own and serves the copy, so a synth that rewrites or deletes the stack folder
 * never reaches code a worker runs or will load; a copy is deleted once it is neither the current one nor the
 * code of a running function.
 */
export class StackSnapshots {
  private root?: string;
  private readonly users = new Map<string, number>();
  private count = 0;

  /** Copies `stackDir` into a new snapshot, used once (by the load that reads it). */
  public take(stackDir: string): string {
    this.root ??= mkdtempSync(join(tmpdir(), 'lambda-rest-api-local-'));
    const dir = join(this.root, String(++this.count));
    // The archive provider's zips (`dist`) are outputs of a plan, not inputs of the API.
    cpSync(stackDir, dir, { recursive: true, filter: (source) => relative(stackDir, source).split(sep)[0] !== 'dist' });
    this.users.set(dir, 1);
    return dir;
  }

  /** One more user of `dir`: a function pool that runs its code. */
  public retain(dir: string): void {
    this.users.set(dir, (this.users.get(dir) ?? 0) + 1);
  }

  /** One user less; the last one deletes the snapshot. */
  public release(dir: string): void {
    const users = (this.users.get(dir) ?? 1) - 1;
    if (users > 0) {
      this.users.set(dir, users);
      return;
    }
    this.users.delete(dir);
    rmSync(dir, { recursive: true, force: true });
  }

  /** Deletes every snapshot. */
  public close(): void {
    this.users.clear();
    if (this.root) rmSync(this.root, { recursive: true, force: true });
    this.root = undefined;
  }
}
