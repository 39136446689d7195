import * as fs from 'node:fs';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { ArchiveProvider } from '@cdktf/provider-archive/lib/provider';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LambdaLayer } from '../../src/constructs/lambda-layer';
import { only, removeAfterAll, stackInProject, Synthesized } from '../support/helpers';

const LAYER = {
  'layers/shared/nodejs/node_modules/greeting/index.js': 'exports.greet = () => "hi";\n',
  'layers/shared/nodejs/node_modules/@acme/money/index.js': 'exports.cents = (n) => n * 100;\n',
};
const synthOf = (stack: TerraformStack): Synthesized => JSON.parse(Testing.synth(stack));

describe('LambdaLayer', () => {
  test('publishes a layer version named <prefix>-<id> from the zip of its folder, for both architectures by default', () => {
    const stack = stackInProject(LAYER);
    new LambdaLayer(stack, 'Shared', { source: 'layers/shared' });

    const tf = synthOf(stack);

    expect(only(tf, 'aws_lambda_layer_version')).toEqual({
      layer_name: 'stack-Shared',
      filename: expect.stringMatching(/^\$\{data\.archive_file\.Shared_Bundle_\w+\.output_path\}$/),
      source_code_hash: expect.stringMatching(/^\$\{data\.archive_file\.Shared_Bundle_\w+\.output_base64sha256\}$/),
      compatible_architectures: ['x86_64', 'arm64'],
    });
    expect(Object.values(tf.data.archive_file)).toEqual([
      { type: 'zip', source_dir: '${path.module}/assets/layers/stack-Shared', output_path: '${path.module}/dist/layers/stack-Shared.zip', output_file_mode: '0644' },
    ]);
  });

  test('takes the name, description and architectures it is given', () => {
    const stack = stackInProject(LAYER);
    new LambdaLayer(stack, 'Shared', { source: 'layers/shared', layerName: 'native', description: 'Native modules', compatibleArchitectures: ['arm64'] });

    expect(only(synthOf(stack), 'aws_lambda_layer_version')).toMatchObject({ layer_name: 'stack-native', description: 'Native modules', compatible_architectures: ['arm64'] });
  });

  test('lists the packages of its nodejs/node_modules, scoped ones included, sorted', () => {
    const layer = new LambdaLayer(stackInProject(LAYER), 'Shared', { source: 'layers/shared' });

    expect(layer.packages).toEqual(['@acme/money', 'greeting']);
  });

  test('copies its folder into assets/layers/<name> of the stack folder at synth', () => {
    const stack = stackInProject(LAYER);
    new ArchiveProvider(stack, 'archive');
    new AwsProvider(stack, 'aws', {});
    new LambdaLayer(stack, 'Shared', { source: 'layers/shared' });

    const outdir = removeAfterAll(Testing.fullSynth(stack));

    const copied = path.join(outdir, 'stacks', 'stack', 'assets', 'layers', 'stack-Shared', 'nodejs', 'node_modules', 'greeting', 'index.js');
    expect(fs.readFileSync(copied, 'utf8')).toBe(LAYER['layers/shared/nodejs/node_modules/greeting/index.js']);
  });

  test('fails when its folder has no nodejs/ folder, where Node.js looks for layer packages', () => {
    const stack = stackInProject({ 'layers/flat/greeting.js': 'exports.x = 1;\n' });

    expect(() => new LambdaLayer(stack, 'Flat', { source: 'layers/flat' })).toThrow(
      'stack/Flat: layer folder "layers/flat" has no "nodejs/" folder; Node.js loads a layer\'s packages from /opt/nodejs/node_modules, so put them in layers/flat/nodejs/node_modules',
    );
  });

  test('fails when the layer name has a character Lambda does not allow', () => {
    expect(() => new LambdaLayer(stackInProject(LAYER), 'Shared', { source: 'layers/shared', layerName: 'my.layer' })).toThrow(
      'stack/Shared: layer name "stack-my.layer" is not valid; Lambda allows 1 to 140 letters, digits, "-" and "_"',
    );
  });

  test('fails when an architecture is unknown or repeated', () => {
    expect(() => new LambdaLayer(stackInProject(LAYER), 'Shared', { source: 'layers/shared', compatibleArchitectures: ['arm64', 'arm64'] })).toThrow(
      "stack/Shared: compatibleArchitectures [arm64, arm64] is not valid; list each of 'x86_64' and 'arm64' at most once, at least one",
    );
  });

  describe('fromLayerVersionArn', () => {
    test('takes a layer version that exists, with the packages and architectures given', () => {
      const arn = 'arn:aws:lambda:eu-west-1:123456789012:layer:insights:12';

      expect(LambdaLayer.fromLayerVersionArn(arn, { packages: ['pg'], compatibleArchitectures: ['x86_64'] })).toEqual({
        layerVersionArn: arn,
        packages: ['pg'],
        compatibleArchitectures: ['x86_64'],
      });
    });

    test('provides no packages and no architectures by default', () => {
      expect(LambdaLayer.fromLayerVersionArn('arn:aws:lambda:eu-west-1:123456789012:layer:x:1')).toEqual({
        layerVersionArn: 'arn:aws:lambda:eu-west-1:123456789012:layer:x:1',
        packages: [],
        compatibleArchitectures: undefined,
      });
    });

    test('fails when the ARN is not a layer version ARN', () => {
      expect(() => LambdaLayer.fromLayerVersionArn('arn:aws:lambda:eu-west-1:123456789012:layer:x')).toThrow(
        'LambdaLayer.fromLayerVersionArn: "arn:aws:lambda:eu-west-1:123456789012:layer:x" is not a layer version ARN; use arn:<partition>:lambda:<region>:<account>:layer:<name>:<version>',
      );
    });
  });
});
