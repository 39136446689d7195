import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareFolders } from '../scripts/compare-synth';

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compare-synth-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('compareFolders', () => {
  test('finds nothing when every file has the same bytes', () => {
    const files = { 'stacks/dev/cdk.tf.json': '{}', 'stacks/dev/assets/fn/index.js': 'x' };

    expect(compareFolders(folder(files), folder(files))).toEqual([]);
  });

  test('lists added, removed and changed files, sorted by path', () => {
    const before = folder({ 'stacks/dev/cdk.tf.json': '{"a":1}', 'stacks/dev/assets/old/index.js': 'x', 'manifest.json': 'm' });
    const after = folder({ 'stacks/dev/cdk.tf.json': '{"a":2}', 'stacks/dev/assets/new/index.js': 'x', 'manifest.json': 'm' });

    expect(compareFolders(before, after)).toEqual([
      'added: stacks/dev/assets/new/index.js',
      'removed: stacks/dev/assets/old/index.js',
      'changed: stacks/dev/cdk.tf.json',
    ]);
  });
});
