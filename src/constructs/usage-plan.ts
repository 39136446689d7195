import { Construct } from 'constructs';
import { ApiGatewayUsagePlan, ApiGatewayUsagePlanApiStagesThrottle } from '@cdktf/provider-aws/lib/api-gateway-usage-plan';
import { ApiGatewayUsagePlanKey } from '@cdktf/provider-aws/lib/api-gateway-usage-plan-key';
import type { ApiKey } from './api-key';
import { physicalName } from './naming';
import type { RestApi } from './rest-api/rest-api';
import { THROTTLE_SETTINGS, ThrottleSettings } from './rest-api/stage-settings';
import { checkProps, eachValue, propsShape } from './props';
import { methodKey, parseMethodKey } from '../apigw/method-keys';
import { MAX_USAGE_PLANS_PER_KEY, QuotaPeriod } from '../apigw/limits';
import { usagePlanThrottleKey } from '../apigw/usage-plan-keys';
import { checkQuota, checkThrottling } from './validate';
import { ValidationError } from '../apigw/errors';

/** How many requests each key of a plan may make per period. */
export interface QuotaSettings {
  /** Requests per period, 1 or more. */
  readonly limit: number;
  /** The period the limit counts over. */
  readonly period: QuotaPeriod;
}

export interface UsagePlanProps {
  /** The API whose stage the plan gives access to. */
  readonly api: RestApi;
  /**
   * Name of the plan, after the stack's name prefix.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Description of the plan.
   * @default - no description
   */
  readonly description?: string;
  /**
   * Throttling of each key of the plan, on top of the stage's throttling.
   * @default - no per-key throttling
   */
  readonly throttling?: ThrottleSettings;
  /**
   * Requests each key may make per day, week or month; above it, callers get 429.
   * @default - no quota
   */
  readonly quota?: QuotaSettings;
  /**
   * Throttling of each key on single methods, keyed like `'PUT /items/{id}'`.
   * @default - the plan's throttling for every method
   */
  readonly methodThrottling?: Record<string, ThrottleSettings>;
}

const QUOTA_SETTINGS = propsShape<QuotaSettings>('QuotaSettings', { limit: true, period: true });
const USAGE_PLAN_PROPS = propsShape<UsagePlanProps>('UsagePlanProps', {
  api: true,
  name: true,
  description: true,
  throttling: THROTTLE_SETTINGS,
  quota: QUOTA_SETTINGS,
  methodThrottling: eachValue(THROTTLE_SETTINGS),
});

const plansOfKey = new WeakMap<ApiKey, number>();

/**
 * Per-caller throttling and quotas: the API keys added with `addApiKey` may call the API's stage at the plan's
 * rate and up to its quota. Methods must set `apiKeyRequired` for API Gateway to ask for a key.
 */
export class UsagePlan extends Construct {
  public readonly usagePlanId: string;
  public readonly arn: string;

  private readonly api: RestApi;
  private readonly keys = new Set<ApiKey>();
  /** Each `methodThrottling` entry: its key, the route it names (such as `PUT /items/{id}`) and the plan's throttle for it. */
  private readonly methodThrottles: { readonly key: string; readonly route: string; readonly throttle: ApiGatewayUsagePlanApiStagesThrottle }[];

  constructor(scope: Construct, id: string, props: UsagePlanProps) {
    super(scope, id);
    const where = this.node.path;
    checkProps(where, props, USAGE_PLAN_PROPS);
    this.api = props.api;
    if (props.throttling) checkThrottling(where, props.throttling.rateLimit, props.throttling.burstLimit);
    if (props.quota) checkQuota(where, props.quota.limit, props.quota.period);
    this.methodThrottles = Object.entries(props.methodThrottling ?? {}).map(([key, settings]) => {
      const { httpMethod, path } = parseMethodKey(`${where} methodThrottling`, key);
      checkThrottling(`${where} methodThrottling["${key}"]`, settings.rateLimit, settings.burstLimit);
      const throttle = { path: usagePlanThrottleKey(httpMethod, path), rateLimit: settings.rateLimit, burstLimit: settings.burstLimit };
      return { key, route: methodKey(httpMethod, path), throttle };
    });
    this.methodThrottles.forEach(({ key, route }, index) => {
      const earlier = this.methodThrottles.slice(0, index).find((other) => other.route === route);
      if (earlier) {
        throw new ValidationError(`${where}: methodThrottling "${earlier.key}" and "${key}" both name ${route}; merge them into one entry`);
      }
    });
    const throttle = this.methodThrottles.map((method) => method.throttle);

    const plan = new ApiGatewayUsagePlan(this, 'UsagePlan', {
      name: physicalName(this, props.name ?? id),
      description: props.description,
      // The stage's own attribute, not the deployment's: the plan is created once the stage exists.
      apiStages: [{ apiId: this.api.restApiId, stage: this.api.stage.stageName, throttle: throttle.length ? throttle : undefined }],
      throttleSettings: props.throttling ? { rateLimit: props.throttling.rateLimit, burstLimit: props.throttling.burstLimit } : undefined,
      quotaSettings: props.quota ? { limit: props.quota.limit, period: props.quota.period } : undefined,
    });
    this.usagePlanId = plan.id;
    this.arn = plan.arn;
    this.node.addValidation({ validate: () => this.unknownMethods() });
  }

  /** Lets `key` call the API at this plan's rate and quota. */
  public addApiKey(key: ApiKey): void {
    if (this.keys.has(key)) {
      throw new ValidationError(`${this.node.path}: the API key ${key.node.path} is already in this plan; add it once`);
    }
    const plans = (plansOfKey.get(key) ?? 0) + 1;
    if (plans > MAX_USAGE_PLANS_PER_KEY) {
      throw new ValidationError(
        `${this.node.path}: the API key ${key.node.path} would be in ${plans} usage plans, and API Gateway allows ${MAX_USAGE_PLANS_PER_KEY}; use another key`,
      );
    }
    plansOfKey.set(key, plans);
    this.keys.add(key);
    new ApiGatewayUsagePlanKey(this, `Key-${key.node.id}`, { usagePlanId: this.usagePlanId, keyId: key.keyId, keyType: 'API_KEY' });
  }

  private unknownMethods(): string[] {
    const routes = [...new Set(this.api.allMethods.map((method) => method.route))].sort();
    return this.methodThrottles
      .filter(({ route }) => !routes.includes(route))
      .map(({ key }) => `methodThrottling["${key}"] names no method of ${this.api.node.path}; use one of: ${routes.join(', ') || '(none)'}`);
  }
}
