// What AWS accepts, with the page each limit comes from. The constructs check input against these at synth;
// the local API enforces the ones a request can hit.

/** Cache cluster sizes, in GB, that API Gateway offers (CreateStage `cacheClusterSize`). */
export const CACHE_CLUSTER_SIZES_GB = [0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237] as const;
export type CacheClusterSizeGb = (typeof CACHE_CLUSTER_SIZES_GB)[number];

/** The longest a method's cached response may live, in seconds ("Enable API caching for REST APIs": 0 to 3600). */
export const MAX_CACHE_TTL_SECONDS = 3600;

/** The longest API Gateway caches an authorizer's answer (CreateAuthorizer `authorizerResultTtlInSeconds`: 0 to 3600). */
export const MAX_AUTHORIZER_TTL_SECONDS = 3600;

/**
 * How long API Gateway may wait for an integration: 50 ms to 29 s
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html, "Integration timeout").
 */
export const INTEGRATION_TIMEOUT_RANGE_MS = [50, 29_000] as const;

/** The largest request payload of a REST API (API Gateway quotas: "Payload size: 10 MB"). */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** Paths API Gateway keeps for itself at the root of a REST API (API Gateway "Amazon API Gateway important notes"). */
export const RESERVED_ROOT_PATH_PARTS: readonly string[] = ['ping', 'sping'];

/** API Gateway quotas: "Usage plans per API key: 10". */
export const MAX_USAGE_PLANS_PER_KEY = 10;

/** Periods a usage plan's quota can count over (QuotaSettings `period`). */
export const QUOTA_PERIODS = ['DAY', 'WEEK', 'MONTH'] as const;
export type QuotaPeriod = (typeof QUOTA_PERIODS)[number];

/** Retention periods CloudWatch Logs accepts, in days (PutRetentionPolicy `retentionInDays`). */
export const LOG_RETENTION_PERIODS_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Lambda's memory range, in MB (CreateFunction `MemorySize`: 128 to 10,240). */
export const LAMBDA_MEMORY_RANGE_MB = [128, 10_240] as const;

/** Lambda's timeout range, in seconds (CreateFunction `Timeout`: at most 900). */
export const LAMBDA_TIMEOUT_RANGE_SECONDS = [1, 900] as const;

/** Lambda quotas: "Function resource-based policy: 20 KB". */
export const LAMBDA_RESOURCE_POLICY_BYTES = 20 * 1024;

/** Lambda quotas: "Function environment variables: 4 KB", all of them together. */
export const LAMBDA_ENVIRONMENT_BYTES = 4 * 1024;

/**
 * The largest OpenAPI definition API Gateway imports in one PutRestApi call (PutRestApi `body`: "The maximum size
 * of the API definition file is 6MB").
 */
export const MAX_OPENAPI_BODY_BYTES = 6 * 1024 * 1024;

/**
 * API Gateway quotas for configuring and running a REST API: "Resources per API: 300", which can be increased for
 * one API through Service Quotas.
 */
export const DEFAULT_RESOURCES_PER_API_QUOTA = 300;

/** Lambda quotas: "Lambda layers: five layers" per function. */
export const MAX_LAMBDA_LAYERS = 5;

/** Lambda VpcConfig: at most 16 `SubnetIds` and 5 `SecurityGroupIds`. */
export const MAX_LAMBDA_VPC_SUBNETS = 16;
export const MAX_LAMBDA_VPC_SECURITY_GROUPS = 5;

/** The longest Lambda alias name (CreateAlias `Name`: 1 to 128 characters). */
export const MAX_LAMBDA_ALIAS_NAME_LENGTH = 128;

/**
 * A Lambda alias name (CreateAlias `Name`): 1 to 128 letters, digits, "-" and "_", and not only digits, which would
 * read as a version number.
 */
export const LAMBDA_ALIAS_NAME = new RegExp(`^(?!\\d+$)[A-Za-z0-9_-]{1,${MAX_LAMBDA_ALIAS_NAME_LENGTH}}$`);

/** An alias's weighted routing sends 0.0 to 1.0 of invocations to an additional version (AliasRoutingConfiguration). */
export const ALIAS_VERSION_WEIGHT_RANGE = [0, 1] as const;

/** API Gateway stage canary: `percentTraffic` is a percentage, 0.0 to 100.0 (CanarySettings). */
export const CANARY_PERCENT_RANGE = [0, 100] as const;

/**
 * The instruction sets Lambda runs functions on (CreateFunction `Architectures`). `arm64` (AWS Graviton2) is billed
 * about 20% less per GB-second than `x86_64` (AWS Lambda pricing).
 */
export const ARCHITECTURES = ['x86_64', 'arm64'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];
