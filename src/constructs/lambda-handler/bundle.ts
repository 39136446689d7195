import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync, BuildFailure, BuildOptions } from 'esbuild';
import { IConstruct } from 'constructs';
import { ValidationError } from '../../apigw/errors';

// Handler code lives in `<functions folder>/<source>/` of the project (`functions/` unless a handler says otherwise);
// it is bundled into the stack's folder at synth.

const ENTRY_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];
/** Where handler folders live, relative to the project root, unless a handler names another folder. */
export const DEFAULT_FUNCTIONS_DIR = 'functions';

/**
 * The project's root: the folder of the nearest `cdktf.json` above the working directory, or the working directory.
 * `cdktf.json` and the `cdktfJsonPath` context are cdktf's names, which CDK Terrain keeps (cdktn 0.24.0's
 * TerraformAsset reads both, and its `Testing.app()` sets the context).
 */
export function projectRoot(scope: IConstruct): string {
  const fromContext = scope.node.tryGetContext('cdktfJsonPath') as string | undefined;
  if (fromContext) return path.dirname(path.resolve(fromContext));
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'cdktf.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

/**
 * The entry file of `handler` (`index.handler` → `<functionsDir>/<source>/index.ts`), or a clear error. `functionsDir`
 * is relative to the project `root`, or absolute.
 */
export function findEntryFile(where: string, root: string, functionsDir: string, source: string, handler: string): string {
  const shown = functionsDir.replace(/\\/g, '/').replace(/\/+$/, '');
  const folder = path.resolve(root, functionsDir, source);
  if (source.includes('..') || path.isAbsolute(source) || !fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    const handlersDir = path.resolve(root, functionsDir);
    // Only folders with an entry file are handlers (functions/shared holds their common code).
    const known = fs.existsSync(handlersDir)
      ? fs
          .readdirSync(handlersDir)
          .filter((name) => ENTRY_EXTENSIONS.some((extension) => fs.existsSync(path.join(handlersDir, name, `index${extension}`))))
          .sort()
      : [];
    throw new ValidationError(
      `${where}: handler folder "${shown}/${source}" does not exist; create it, or use one of: ${known.join(', ') || '(none)'}`,
    );
  }
  const file = handler.slice(0, handler.lastIndexOf('.'));
  const candidates = ENTRY_EXTENSIONS.map((extension) => path.join(folder, `${file}${extension}`));
  const entry = candidates.find((candidate) => fs.existsSync(candidate));
  if (!entry) {
    throw new ValidationError(
      `${where}: handler "${handler}" needs the entry file ${shown}/${source}/${file}.ts (or .mts, .js, .mjs), which does not exist; add it or change handler`,
    );
  }
  return entry;
}

export interface BundleOptions {
  /** The construct path, for messages. */
  readonly where: string;
  readonly root: string;
  readonly entry: string;
  /** Folder the bundle is written to; emptied first. */
  readonly outdir: string;
  /** The Lambda handler, such as `index.handler`: the bundle is written where the runtime will look for it. */
  readonly handler: string;
  readonly runtime: string;
  /**
   * Packages left out of the bundle, besides `@aws-sdk/*`: those of the function's layers, loaded from `/opt`.
   * @default - none
   */
  readonly external?: readonly string[];
}

// Bundles made in this process, by what decides their bytes: handlers built from one entry with the same options
// get identical bundles, so later ones are copies of the first (an API of 100 functions over a few entries runs
// esbuild a few times, not 100 times). A bundle is copied only while its folder and every input file are unchanged.
interface Bundle {
  readonly outdir: string;
  /** Each input file and its `<mtime>:<size>` when it was bundled. */
  readonly inputs: ReadonlyMap<string, string>;
}
const bundles = new Map<string, Bundle>();

/** Bundles one handler into `<outdir>/<handler file>.js` (CommonJS, for the Lambda Node.js runtime). */
export function bundleHandler(options: BundleOptions): void {
  fs.rmSync(options.outdir, { recursive: true, force: true });
  const external = ['@aws-sdk/*', ...(options.external ?? [])];
  const key = JSON.stringify([options.root, options.entry, options.handler, options.runtime, external]);
  const earlier = bundles.get(key);
  if (earlier && isUnchanged(earlier)) {
    fs.cpSync(earlier.outdir, options.outdir, { recursive: true });
    return;
  }
  const file = options.handler.slice(0, options.handler.lastIndexOf('.'));
  const common: BuildOptions = {
    entryPoints: [options.entry],
    // Paths in the bundle's comments are relative to the project, so the bundle is the same on every machine.
    absWorkingDir: options.root,
    bundle: true,
    platform: 'node',
    target: options.runtime.replace(/^nodejs(\d+)\.x$/, 'node$1'),
    // The Node.js runtimes ship AWS SDK for JavaScript v3; layers bring their own packages.
    external,
    legalComments: 'none',
    logLevel: 'silent',
    metafile: true,
  };
  const { metafile } = esbuild(options.where, () => buildSync({ ...common, outfile: path.join(options.outdir, `${file}.js`), format: 'cjs' }));
  checkHandlerExport(options, common, metafile!.inputs);
  const inputs = Object.keys(metafile!.inputs).map((input) => path.resolve(options.root, input));
  bundles.set(key, { outdir: options.outdir, inputs: new Map(inputs.map((input) => [input, fileStamp(input) ?? ''])) });
}

/** Runs esbuild, and turns the errors it reports (syntax, an import it cannot resolve) into one line: file, line, column, message. */
function esbuild<T>(where: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    const errors = (error as Partial<BuildFailure>).errors;
    if (!errors?.length) throw error;
    const [first] = errors;
    const place = first.location ? `${first.location.file}:${first.location.line}:${first.location.column}: ` : '';
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
    throw new ValidationError(`${where}: the handler does not bundle: ${place}${first.text}${more}; fix the code there`);
  }
}

/**
 * Fails when the entry does not export the function the handler names (`index.nothere`): Lambda would fail every
 * invocation with `Runtime.HandlerNotFound`. esbuild lists an ES module's exports (re-exports included) in its
 * metafile when it writes ESM, so this builds the entry once more as ESM, in memory; a CommonJS entry is not checked.
 */
function checkHandlerExport(options: BundleOptions, common: BuildOptions, inputs: Record<string, { format?: string }>): void {
  const entry = path.relative(options.root, options.entry).split(path.sep).join('/');
  if (inputs[entry]?.format === 'cjs') return;
  const exportName = options.handler.slice(options.handler.lastIndexOf('.') + 1);
  const { metafile } = esbuild(options.where, () => buildSync({ ...common, outfile: path.join(options.outdir, 'exports.mjs'), format: 'esm', write: false }));
  const exported = Object.values(metafile!.outputs).flatMap((output) => output.exports);
  if (!exported.includes(exportName)) {
    throw new ValidationError(
      `${options.where}: handler "${options.handler}" names the export "${exportName}", but ${entry} exports ${exported.length ? `only ${exported.sort().join(', ')}` : 'nothing'}; export a function named "${exportName}" there, or change handler`,
    );
  }
}

function isUnchanged(bundle: Bundle): boolean {
  return fs.existsSync(bundle.outdir) && [...bundle.inputs].every(([input, stamp]) => fileStamp(input) === stamp);
}

function fileStamp(file: string): string | undefined {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat && `${stat.mtimeMs}:${stat.size}`;
}
