import { App, Duration, Stack } from 'aws-cdk-lib';
import { LambdaIntegration, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';

// The benchmark's API built with AWS CDK's aws-apigateway, the shape bench/bench-stack.ts builds with ours:
// `node scripts/synth.js bench/cdk/app.ts <resources> <outdir> <asset folder>`, run by bench/run.ts the way it
// runs ours. Every function shares one prebuilt asset, so CDK stages it once. Its built-in CloudFormation validation plugin (2 to 4 times the synth time) is off, as with
// `cdk synth --no-validation`; construct validations still run, as ours do.
const [resources, outdir, assetFolder] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
const RESOURCES_PER_FUNCTION = 10; // as in bench/bench-stack.ts, which this bundle must not import (it loads cdktf)

// CloudFormation allows 500 resources per stack, and CDK refuses more at synth; 0 lifts the check so the larger
// sizes still measure synthesis (deploying them would need nested stacks).
const app = new App({
  outdir,
  builtinCloudFormationValidation: false,
  context: { '@aws-cdk/core:stackResourceLimit': 0 },
});
const stack = new Stack(app, 'bench', { env: { region: 'eu-west-1' } });
const api = new RestApi(stack, 'Api', {
  deployOptions: {
    stageName: 'prod',
    throttlingRateLimit: 100,
    throttlingBurstLimit: 50,
    cacheClusterEnabled: true,
    cacheClusterSize: '0.5',
    cachingEnabled: true,
    cacheTtl: Duration.seconds(300),
    cacheDataEncrypted: true,
  },
});
const code = Code.fromAsset(assetFolder);
const integrations = Array.from(
  { length: Math.ceil(resources / RESOURCES_PER_FUNCTION) },
  (_, i) =>
    new LambdaIntegration(
      new LambdaFunction(stack, `fn${i}`, { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code, memorySize: 256, timeout: Duration.seconds(10) }),
    ),
);
for (let i = 0; i < resources; i++) {
  const resource = api.root.addResource(`r${i}`);
  for (const verb of ['GET', 'POST']) resource.addMethod(verb, integrations[Math.floor(i / RESOURCES_PER_FUNCTION)]);
}
app.synth();
