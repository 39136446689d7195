// The public API of `lambda-rest-api`: what a cdktf app imports. Every name here is documented where it is
// declared; anything not listed is internal and may change. The jest matchers are `lambda-rest-api/testing`,
// the local API `lambda-rest-api/local`.

// The REST API and its paths, methods and stage.
export { RestApi, DEFAULT_STAGE_NAME, DEFAULT_ENDPOINT_TYPE, DEFAULT_DEFINITION_MODE } from './constructs/rest-api/rest-api';
export type { RestApiProps, EndpointType, DefinitionMode, CanarySettings } from './constructs/rest-api/rest-api';
export type { ThrottleSettings, CacheSettings, CacheClusterSettings, MethodOverride } from './constructs/rest-api/stage-settings';
export { ACCESS_LOG_FORMAT } from './constructs/rest-api/logging';
export type { LoggingLevel } from './constructs/rest-api/logging';
export { ApiResource } from './constructs/api-resource';
export type { ApiResourceProps } from './constructs/api-resource';
export { ApiMethod } from './constructs/api-method';
export type { ApiMethodProps, MethodOptions, AuthorizationType, IAuthorizer } from './constructs/api-method';

// Request validation.
export { RequestModel } from './constructs/request-model';
export type { RequestModelProps } from './constructs/request-model';
export type { JsonSchema, JsonSchemaType, RequestValidatorKind } from './apigw/request-validation';

// Backends of methods.
export type { IIntegration, IntegrationConfig, IntegrationResponseConfig } from './constructs/integrations/integration';
export { LambdaIntegration } from './constructs/integrations/lambda-integration';
export type { LambdaIntegrationOptions } from './constructs/integrations/lambda-integration';
export { LambdaHandler } from './constructs/lambda-handler/lambda-handler';
export type { LambdaHandlerProps, NodeRuntime, InvokeTarget } from './constructs/lambda-handler/lambda-handler';
export type { InvokePermissions } from './constructs/lambda-handler/invoke-permissions';
export type { TrafficShift } from './constructs/lambda-handler/aliases';
export type { AsyncFailures } from './constructs/lambda-handler/async-failures';
export { LambdaLayer } from './constructs/lambda-layer';
export type { LambdaLayerProps, ILambdaLayer } from './constructs/lambda-layer';

// Custom domains.
export { DomainName } from './constructs/domain-name';
export type { DomainNameProps, BasePathMappingOptions, DomainEndpointType, SecurityPolicy } from './constructs/domain-name';

// Encryption and integrity.
export { EncryptionKey, LOGS_KEY_ACTIONS } from './constructs/encryption-key';
export type { EncryptionKeyProps } from './constructs/encryption-key';
export { CodeSigningConfig, LAMBDA_SIGNING_PLATFORM } from './constructs/code-signing-config';
export type { CodeSigningConfigProps, UntrustedArtifactPolicy } from './constructs/code-signing-config';

// Who may call the API, and how often.
export { LambdaAuthorizer } from './constructs/authorizers/lambda-authorizer';
export type { LambdaAuthorizerProps, LambdaAuthorizerType } from './constructs/authorizers/lambda-authorizer';
export { CognitoAuthorizer } from './constructs/authorizers/cognito-authorizer';
export type { CognitoAuthorizerProps } from './constructs/authorizers/cognito-authorizer';
export { UsagePlan } from './constructs/usage-plan';
export type { UsagePlanProps, QuotaSettings } from './constructs/usage-plan';
export { ApiKey } from './constructs/api-key';
export type { ApiKeyProps } from './constructs/api-key';
export { WebAcl } from './constructs/web-acl';
export type { WebAclProps } from './constructs/web-acl';
export type { CorsOptions } from './constructs/cors';
export { ApiGatewayAccountRole } from './constructs/api-gateway-account-role';
export type { ApiGatewayAccountRoleProps } from './constructs/api-gateway-account-role';

// The stack around them.
export { StateBackend, REQUIRED_TERRAFORM_VERSION, stateKey, checkRegion } from './constructs/state-backend';
export type { StateBackendSettings, LocalStateSettings, S3StateSettings, PipelineStateSettings } from './constructs/state-backend';
export { NAME_PREFIX_CONTEXT } from './constructs/naming';
export { s3Arn, logGroupArn } from './constructs/arn';
export { reportSynthErrors } from './constructs/report-synth-errors';
// For constructs of your own: reject props they do not know, as the library's constructs do.
export { checkProps, propsShape, eachValue } from './constructs/props';
export type { PropsShape, PropShape } from './constructs/props';

// API Gateway's own vocabulary.
export { ValidationError } from './apigw/errors';
export { HTTP_METHODS } from './apigw/http-methods';
export type { HttpMethod } from './apigw/http-methods';
export { ARCHITECTURES, CACHE_CLUSTER_SIZES_GB, LOG_RETENTION_PERIODS_DAYS, QUOTA_PERIODS } from './apigw/limits';
export type { Architecture, CacheClusterSizeGb, QuotaPeriod } from './apigw/limits';
export { customDomainUrl, EDGE_CERTIFICATE_REGION } from './apigw/domains';
