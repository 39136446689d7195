import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ArchiveProvider } from '@cdktf/provider-archive/lib/provider';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LambdaHandler } from '../src/constructs/lambda-handler/lambda-handler';
import { LambdaIntegration } from '../src/constructs/integrations/lambda-integration';
import { DefinitionMode, RestApi } from '../src/constructs/rest-api/rest-api';

/** Resources served by each function: N resources spread over N/10 functions. */
export const RESOURCES_PER_FUNCTION = 10;
/** The verbs every resource has. */
export const BENCH_VERBS = ['GET', 'POST'] as const;

export interface BenchStackProps {
  /** Number of resources (`/r0` ... `/r<n-1>`), each with GET and POST. */
  readonly resources: number;
  /** Terraform resources per route, or one OpenAPI body. */
  readonly definition: DefinitionMode;
}

/**
 * The benchmark's API, built through the public constructs only: `resources` paths with GET and POST over
 * `resources / 10` functions, stage throttling and a cache cluster (what bench/cdk-app.ts builds with AWS CDK).
 */
export class BenchStack extends TerraformStack {
  public readonly api: RestApi;

  constructor(scope: Construct, id: string, props: BenchStackProps) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'eu-west-1' });
    new ArchiveProvider(this, 'archive');
    this.api = new RestApi(this, 'Api', {
      stageName: 'prod',
      throttling: { rateLimit: 100, burstLimit: 50 },
      cacheCluster: { sizeGb: 0.5 },
      caching: { ttlSeconds: 300 },
      definition: props.definition,
      // The paths and the root, over API Gateway's default quota of 300 above 299 routes: as raised for the API.
      resourcesPerApiQuota: Math.max(300, props.resources + 1),
    });
    const functionCount = Math.ceil(props.resources / RESOURCES_PER_FUNCTION);
    const integrations = Array.from(
      { length: functionCount },
      (_, i) => new LambdaIntegration(new LambdaHandler(this, `fn${i}`, { source: 'fallback' })),
    );
    for (let i = 0; i < props.resources; i++) {
      const resource = this.api.root.addResource(`r${i}`);
      for (const verb of BENCH_VERBS) resource.addMethod(verb, integrations[Math.floor(i / RESOURCES_PER_FUNCTION)]);
    }
  }
}
