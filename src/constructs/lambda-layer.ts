import * as fs from 'node:fs';
import * as path from 'node:path';
import { TerraformStack, Token } from 'cdktf';
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct } from 'constructs';
import { DataArchiveFile } from '@cdktf/provider-archive/lib/data-archive-file';
import { LambdaLayerVersion } from '@cdktf/provider-aws/lib/lambda-layer-version';
import { projectRoot } from './lambda-handler/bundle';
import { physicalName } from './naming';
import { checkProps, propsShape } from './props';
import { ValidationError } from '../apigw/errors';
import { ARCHITECTURES, Architecture } from '../apigw/limits';


/** A layer version a `LambdaHandler` can use: a `LambdaLayer` of this stack, or one that exists (`LambdaLayer.fromLayerVersionArn`). */
export interface ILambdaLayer {
  /** `arn:<partition>:lambda:<region>:<account>:layer:<name>:<version>`. */
  readonly layerVersionArn: string;
  /** What the layer was built for; a function on another architecture is refused. Absent: not checked. */
  readonly compatibleArchitectures?: readonly Architecture[];
  /** Node.js packages the layer provides (under `nodejs/node_modules`), which functions leave out of their bundles. */
  readonly packages: readonly string[];
}

export interface LambdaLayerProps {
  /**
   * Folder of the layer's content, relative to the project root (the folder of `cdktf.json`), or absolute. Lambda
   * unpacks it in `/opt`; Node.js finds packages in its `nodejs/node_modules`, so the folder must hold `nodejs/`.
   */
  readonly source: string;
  /**
   * Name of the layer, after the stack's name prefix.
   * @default - the construct id
   */
  readonly layerName?: string;
  /**
   * Description of the layer.
   * @default - no description
   */
  readonly description?: string;
  /**
   * Architectures the layer runs on: both for plain JavaScript, one for native modules.
   * @default ['x86_64', 'arm64']
   */
  readonly compatibleArchitectures?: Architecture[];
}

/** Lambda's "Layer paths for each Lambda runtime": Node.js reads `/opt/nodejs/node_modules`. */
const NODE_LAYER_FOLDER = 'nodejs';
// PublishLayerVersion `LayerName`: 1 to 140 letters, digits, "-" and "_".
const LAYER_NAME = /^[A-Za-z0-9_-]{1,140}$/;
const LAYER_VERSION_ARN = /^arn:[a-z0-9-]+:lambda:[a-z0-9-]+:\d{12}:layer:[A-Za-z0-9_-]{1,140}:\d+$/;

const LAMBDA_LAYER_PROPS = propsShape<LambdaLayerProps>('LambdaLayerProps', { source: true, layerName: true, description: true, compatibleArchitectures: true });

/**
 * A Lambda layer version built from a folder of the project: copied into `assets/layers/<name>` of the stack folder at
 * synth and zipped from there, as handlers are. Functions that use it (`LambdaHandler` `layers`) leave the packages
 * of its `nodejs/node_modules` out of their bundles, so they load them from the layer.
 */
export class LambdaLayer extends Construct implements ILambdaLayer {
  /** A layer version that already exists, such as one published by AWS or another stack. */
  public static fromLayerVersionArn(
    layerVersionArn: string,
    options: { compatibleArchitectures?: Architecture[]; packages?: string[] } = {},
  ): ILambdaLayer {
    if (!Token.isUnresolved(layerVersionArn) && !LAYER_VERSION_ARN.test(layerVersionArn)) {
      throw new ValidationError(
        `LambdaLayer.fromLayerVersionArn: "${layerVersionArn}" is not a layer version ARN; use arn:<partition>:lambda:<region>:<account>:layer:<name>:<version>`,
      );
    }
    return { layerVersionArn, compatibleArchitectures: options.compatibleArchitectures, packages: options.packages ?? [] };
  }

  public readonly layerVersionArn: string;
  public readonly layerName: string;
  public readonly compatibleArchitectures: readonly Architecture[];
  public readonly packages: readonly string[];

  constructor(scope: Construct, id: string, props: LambdaLayerProps) {
    super(scope, id);
    const where = this.node.path;
    checkProps(where, props, LAMBDA_LAYER_PROPS);
    this.layerName = physicalName(this, props.layerName ?? id);
    this.compatibleArchitectures = props.compatibleArchitectures ?? [...ARCHITECTURES];
    if (!LAYER_NAME.test(this.layerName)) {
      throw new ValidationError(`${where}: layer name "${this.layerName}" is not valid; Lambda allows 1 to 140 letters, digits, "-" and "_"`);
    }
    checkArchitectures(where, 'compatibleArchitectures', this.compatibleArchitectures);
    const folder = path.resolve(projectRoot(this), props.source);
    if (!fs.existsSync(path.join(folder, NODE_LAYER_FOLDER)) || !fs.statSync(path.join(folder, NODE_LAYER_FOLDER)).isDirectory()) {
      throw new ValidationError(
        `${where}: layer folder "${props.source}" has no "${NODE_LAYER_FOLDER}/" folder; Node.js loads a layer's packages from /opt/${NODE_LAYER_FOLDER}/node_modules, so put them in ${props.source}/${NODE_LAYER_FOLDER}/node_modules`,
      );
    }
    this.packages = packagesIn(path.join(folder, NODE_LAYER_FOLDER, 'node_modules'));

    const assetDir = `assets/layers/${this.layerName}`;
    addCustomSynthesis(this, {
      onSynthesize: (session) => {
        const stackFile = session.manifest.forStack(TerraformStack.of(this)).synthesizedStackPath;
        const outdir = path.join(path.dirname(path.join(session.outdir, stackFile)), assetDir);
        fs.rmSync(outdir, { recursive: true, force: true });
        fs.cpSync(folder, outdir, { recursive: true });
      },
    });
    const archive = new DataArchiveFile(this, 'Bundle', {
      type: 'zip',
      sourceDir: `\${path.module}/${assetDir}`,
      outputPath: `\${path.module}/dist/layers/${this.layerName}.zip`,
      outputFileMode: '0644',
    });
    const layer = new LambdaLayerVersion(this, 'LayerVersion', {
      layerName: this.layerName,
      description: props.description,
      filename: archive.outputPath,
      sourceCodeHash: archive.outputBase64Sha256,
      compatibleArchitectures: [...this.compatibleArchitectures],
    });
    this.layerVersionArn = layer.arn;
  }
}

/** Checks a list of architectures: known names, at least one, each once. */
export function checkArchitectures(where: string, what: string, architectures: readonly string[]): void {
  const unknown = architectures.filter((architecture) => !(ARCHITECTURES as readonly string[]).includes(architecture));
  if (architectures.length === 0 || unknown.length > 0 || new Set(architectures).size !== architectures.length) {
    throw new ValidationError(`${where}: ${what} [${architectures.join(', ')}] is not valid; list each of ${ARCHITECTURES.map((a) => `'${a}'`).join(' and ')} at most once, at least one`);
  }
}

/** The top-level package names in a `node_modules` folder: `name` and `@scope/name`, sorted. */
function packagesIn(nodeModules: string): string[] {
  if (!fs.existsSync(nodeModules)) return [];
  const names: string[] = [];
  for (const entry of fs.readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    if (entry.name.startsWith('@')) {
      for (const scoped of fs.readdirSync(path.join(nodeModules, entry.name), { withFileTypes: true })) {
        if (scoped.isDirectory()) names.push(`${entry.name}/${scoped.name}`);
      }
    } else {
      names.push(entry.name);
    }
  }
  return names.sort();
}
