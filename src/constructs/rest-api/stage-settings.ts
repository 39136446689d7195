import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { ApiGatewayMethodSettings } from '@cdktf/provider-aws/lib/api-gateway-method-settings';
import { ValidationError } from '../../apigw/errors';
import { DEFAULT_CACHE_TTL_SECONDS } from '../../apigw/defaults';
import type { CacheClusterSizeGb } from '../../apigw/limits';
import { methodKey, parseMethodKey } from '../../apigw/method-keys';
import { ALL_METHODS_PATH, methodSettingsPath } from '../../apigw/method-settings';
import { eachValue, propsShape } from '../props';
import { checkCacheTtl, checkThrottling } from '../validate';
import type { LoggingLevel } from './logging';

// The stage's method settings: throttling and caching for every method (`*/*`) and per method, as
// `aws_api_gateway_method_settings`, with the logging and metrics every entry repeats.

/** A token bucket: steady requests per second and the burst it may absorb. */
export interface ThrottleSettings {
  /** Steady-state requests per second, above 0. */
  readonly rateLimit: number;
  /** Requests that may arrive at once above the rate; a whole number, 0 or more. */
  readonly burstLimit: number;
}

/** How responses are cached. Caching needs the stage's cache cluster (`cacheCluster`). */
export interface CacheSettings {
  /**
   * Seconds a cached response is served, 0 to 3600.
   * @default 300
   */
  readonly ttlSeconds?: number;
  /**
   * Encrypt the cached responses.
   * @default true
   */
  readonly encrypted?: boolean;
}

export interface CacheClusterSettings {
  /** Size of the stage's cache cluster, one of the sizes API Gateway offers. */
  readonly sizeGb: CacheClusterSizeGb;
}

/** Settings of one method that replace the stage's defaults. */
export interface MethodOverride {
  /**
   * Throttling of this method.
   * @default - the stage's throttling
   */
  readonly throttling?: ThrottleSettings;
  /**
   * Caching of this method; `false` turns the stage's caching off for it.
   * @default - the stage's caching
   */
  readonly caching?: CacheSettings | false;
}

export const THROTTLE_SETTINGS = propsShape<ThrottleSettings>('ThrottleSettings', { rateLimit: true, burstLimit: true });
export const CACHE_SETTINGS = propsShape<CacheSettings>('CacheSettings', { ttlSeconds: true, encrypted: true });
export const CACHE_CLUSTER_SETTINGS = propsShape<CacheClusterSettings>('CacheClusterSettings', { sizeGb: true });
export const METHOD_OVERRIDE = propsShape<MethodOverride>('MethodOverride', { throttling: THROTTLE_SETTINGS, caching: CACHE_SETTINGS });
export const METHOD_OVERRIDES = eachValue(METHOD_OVERRIDE);

/** The throttling and caching in force for one method path of the stage; what `aws_api_gateway_method_settings` holds. */
export interface EffectiveSettings {
  readonly throttling?: ThrottleSettings;
  readonly caching?: Required<CacheSettings>;
}

/** Logging and metrics, the same for every method: API Gateway does not merge a method's settings with the stage's. */
export interface Observability {
  readonly loggingLevel: LoggingLevel;
  readonly metricsEnabled: boolean;
}

/** One overridden method: the route it names and the settings in force for it. */
export interface ResolvedOverride {
  /** The method, as `GET /items/{id}`, whatever the spelling of its key. */
  readonly route: string;
  readonly methodPath: string;
  readonly settings: EffectiveSettings;
}

/** Checks throttling and caching, and fills in caching's defaults. */
export function resolveSettings(where: string, settings: { throttling?: ThrottleSettings; caching?: CacheSettings }): EffectiveSettings {
  const { throttling, caching } = settings;
  if (throttling) checkThrottling(where, throttling.rateLimit, throttling.burstLimit);
  if (!caching) return { throttling };
  const ttlSeconds = caching.ttlSeconds ?? DEFAULT_CACHE_TTL_SECONDS;
  checkCacheTtl(where, ttlSeconds);
  return { throttling, caching: { ttlSeconds, encrypted: caching.encrypted ?? true } };
}

/**
 * The settings in force for each overridden method. API Gateway does not merge a method's settings with the
 * stage's (its unset throttling means none), so each override starts from the stage's.
 */
export function resolveOverrides(
  where: string,
  overrides: Record<string, MethodOverride>,
  stage: EffectiveSettings,
  stageCaching: CacheSettings | undefined,
): ResolvedOverride[] {
  const keyOfRoute = new Map<string, string>();
  return Object.entries(overrides).map(([key, override]) => {
    const { httpMethod, path } = parseMethodKey(`${where} methodOverrides`, key);
    const route = methodKey(httpMethod, path);
    const earlier = keyOfRoute.get(route);
    if (earlier !== undefined) {
      throw new ValidationError(`${where}: methodOverrides "${earlier}" and "${key}" both name ${route}; merge them into one entry`);
    }
    keyOfRoute.set(route, key);
    const settings = resolveSettings(`${where} methodOverrides["${key}"]`, {
      throttling: override.throttling ?? stage.throttling,
      // What the override leaves out of caching comes from the stage's caching.
      caching: override.caching === false ? undefined : override.caching ? { ...stageCaching, ...override.caching } : stageCaching,
    });
    return { route, methodPath: methodSettingsPath(httpMethod, path), settings };
  });
}

/** A cache cluster exists exactly when some method caches: caching needs one, and an idle one is billed. */
export function checkCacheCluster(where: string, cacheCluster: CacheClusterSettings | undefined, settings: EffectiveSettings[]): void {
  const cachingWanted = settings.some((s) => s.caching);
  if (cachingWanted && !cacheCluster) {
    throw new ValidationError(
      `${where}: caching is turned on but the stage has no cache cluster; set cacheCluster: { sizeGb: 0.5 } or remove the caching settings`,
    );
  }
  if (cacheCluster && !cachingWanted) {
    throw new ValidationError(
      `${where}: cacheCluster ${cacheCluster.sizeGb} GB is set but no method caches, and the cluster is billed by the hour; turn caching on (caching, or caching in methodOverrides) or remove cacheCluster`,
    );
  }
}

/**
 * The stage's `aws_api_gateway_method_settings`: one for `*\/*` when the stage throttles, caches or is observed,
 * and one per override, created one after another (concurrent UpdateStage calls on one stage conflict).
 */
export function addMethodSettings(
  scope: Construct,
  stage: { restApiId: string; stageName: string },
  stageSettings: EffectiveSettings,
  overrides: ResolvedOverride[],
  observability: Observability,
  executionLogGroup: CloudwatchLogGroup | undefined,
): ApiGatewayMethodSettings[] {
  const { loggingLevel, metricsEnabled } = observability;
  const observed = loggingLevel !== 'OFF' || metricsEnabled;
  const entries = [];
  if (stageSettings.throttling || stageSettings.caching || observed) {
    entries.push({ id: 'MethodSettings', methodPath: ALL_METHODS_PATH, settings: stageSettings });
  }
  for (const override of overrides) {
    entries.push({ id: `MethodSettings ${override.route}`, methodPath: override.methodPath, settings: override.settings });
  }
  const created: ApiGatewayMethodSettings[] = [];
  for (const entry of entries) {
    const { throttling, caching } = entry.settings;
    const previous = created[created.length - 1];
    const dependencies = [previous, executionLogGroup].filter((r): r is ApiGatewayMethodSettings | CloudwatchLogGroup => r !== undefined);
    created.push(
      new ApiGatewayMethodSettings(scope, entry.id, {
        restApiId: stage.restApiId,
        stageName: stage.stageName,
        methodPath: entry.methodPath,
        settings: {
          // -1 turns throttling off for the method, which is the stage default only when none is configured.
          throttlingRateLimit: throttling?.rateLimit ?? -1,
          throttlingBurstLimit: throttling?.burstLimit ?? -1,
          cachingEnabled: caching !== undefined,
          cacheTtlInSeconds: caching?.ttlSeconds,
          cacheDataEncrypted: caching?.encrypted,
          loggingLevel: observed ? loggingLevel : undefined,
          metricsEnabled: observed ? metricsEnabled : undefined,
          // Full request and response bodies in the logs would leak tokens and personal data.
          dataTraceEnabled: observed ? false : undefined,
        },
        dependsOn: dependencies.length ? dependencies : undefined,
      }),
    );
  }
  return created;
}
