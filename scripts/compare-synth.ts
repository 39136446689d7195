// `npm run synth:compare -- <git ref>`: synthesizes the example app at <git ref> and in the working tree, and
// compares the two cdktf.out folders file by file (cdk.tf.json and every bundled handler). A refactoring that
// changes no behaviour must print "identical"; any other change is listed, so a reviewer sees what a commit does
// to the Terraform a pipeline would apply.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

/** Every file below `dir`, by its path relative to `dir`, with `/` separators. */
export function filesBelow(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full).split(path.sep).join('/'), fs.readFileSync(full));
  }
  return files;
}

/** What differs between two synthesized folders: files only in one, and files whose bytes differ. */
export function compareFolders(before: string, after: string): string[] {
  const a = filesBelow(before);
  const b = filesBelow(after);
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  return names.flatMap((name) => {
    if (!a.has(name)) return [`added: ${name}`];
    if (!b.has(name)) return [`removed: ${name}`];
    return a.get(name)!.equals(b.get(name)!) ? [] : [`changed: ${name}`];
  });
}

/** Synthesizes the app of the project checked out at `dir` into a fresh `cdktf.out`, with this project's modules. */
function synthesize(dir: string): string {
  const outdir = path.join(dir, 'cdktf.out');
  fs.rmSync(outdir, { recursive: true, force: true });
  const { app } = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.json'), 'utf8')) as { app: string };
  execFileSync(app, { cwd: dir, shell: true, stdio: ['ignore', 'ignore', 'inherit'] });
  return outdir;
}

function main(ref: string | undefined): number {
  if (!ref) {
    process.stderr.write('usage: npm run synth:compare -- <git ref>   (such as HEAD~3 or main)\n');
    return 2;
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-compare-'));
  const checkout = path.join(scratch, 'ref');
  try {
    execFileSync('git', ['worktree', 'add', '--detach', checkout, ref], { cwd: ROOT, stdio: 'ignore' });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(checkout, 'node_modules'), 'dir');
    const differences = compareFolders(synthesize(checkout), synthesize(ROOT));
    process.stdout.write(differences.length ? `${differences.join('\n')}\n` : `identical: the example synthesizes to the same bytes at ${ref} and now\n`);
    return differences.length ? 1 : 0;
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', checkout], { cwd: ROOT, stdio: 'ignore' });
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) process.exitCode = main(process.argv[2]);
