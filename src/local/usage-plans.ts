import { createHash, randomInt } from 'node:crypto';
import { usagePlanThrottleKey } from '../apigw/usage-plan-keys';
import type { ApiModel, RouteModel, UsagePlanModel } from '../model/stack-model';
import { TokenBucket } from './token-bucket';

/** The gateway error API Gateway answers a request its usage plans refuse with. */
export interface Refusal {
  readonly ok: false;
  readonly error: 'INVALID_API_KEY' | 'THROTTLED' | 'QUOTA_EXCEEDED';
}

export type Admission = { readonly ok: true } | Refusal;

/** An API key the local API accepts, for the start-up message. */
export interface LocalApiKey {
  /** The key's id, `$context.identity.apiKeyId`: stable for the key's Terraform address, as AWS gives one per key. */
  readonly id: string;
  readonly name: string;
  readonly usagePlan: string;
  readonly value: string;
  /** True when Terraform leaves the value to AWS, so the local API made one up for this run. */
  readonly generated: boolean;
  readonly enabled: boolean;
}

const INVALID_API_KEY: Refusal = { ok: false, error: 'INVALID_API_KEY' };
const THROTTLED: Refusal = { ok: false, error: 'THROTTLED' };
const QUOTA_EXCEEDED: Refusal = { ok: false, error: 'QUOTA_EXCEEDED' };

// API Gateway generates 40 letters and digits when a key is created without a value.
const KEY_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const GENERATED_KEY_LENGTH = 40;
const DAY_MS = 86_400_000;

interface KeyState {
  readonly key: LocalApiKey;
  readonly plan: UsagePlanModel;
  readonly throttle?: TokenBucket;
  readonly methodThrottles: Map<string, TokenBucket>;
  quotaPeriodStart?: number;
  used: number;
}

/**
 * The usage plans of one stage, enforced per API key as API Gateway does on methods that require a key:
 * a missing, unknown or disabled key is 403 Forbidden; each key has its plan's token bucket, and its own bucket
 * per method the plan throttles apart (`/items/{id}/GET`), both of which apply; past either, 429 Too Many Requests.
 * The plan's quota counts the requests let through per calendar period (UTC day, week from Sunday, month), less
 * `offset` in the first period (API Gateway QuotaSettings); once it is used up, 429 Limit Exceeded.
 */
export class UsagePlans {
  private readonly byValue = new Map<string, KeyState>();

  constructor(
    plans: readonly UsagePlanModel[],
    private readonly apiKeySource: ApiModel['apiKeySource'],
    private readonly now: () => number = Date.now,
  ) {
    for (const plan of plans) {
      for (const apiKey of plan.apiKeys) {
        // A value Terraform only knows at apply (`${random_password.x.result}`) is as unknown as none.
        const known = apiKey.value !== undefined && !apiKey.value.includes('${');
        const value = known ? apiKey.value! : generateKeyValue();
        // A key belongs to one plan per stage (API Gateway refuses a second one), so the first plan holds it.
        if (this.byValue.has(value)) continue;
        this.byValue.set(value, {
          key: { id: createHash('sha1').update(apiKey.address).digest('hex').slice(0, 10), name: apiKey.name, usagePlan: plan.name, value, generated: !known, enabled: apiKey.enabled },
          plan,
          throttle: plan.throttling && new TokenBucket(plan.throttling.rateLimit, plan.throttling.burstLimit, now),
          methodThrottles: new Map(),
          used: 0,
        });
      }
    }
  }

  /** The keys the local API accepts, with the values to send. */
  public get keys(): LocalApiKey[] {
    return [...this.byValue.values()].map((state) => state.key);
  }

  /** One line per key, for the start-up message: its name, plan, value and where a client sends it. */
  public describeKeys(): string[] {
    const where = this.apiKeySource === 'HEADER' ? 'send it in the x-api-key header' : "return it as the Lambda authorizer's usageIdentifierKey";
    return this.keys.map(
      (key) =>
        `API key "${key.name}" (usage plan "${key.usagePlan}"): ${key.value}` +
        `${key.generated ? ' (made up for this run: Terraform leaves the value to AWS)' : ''}${key.enabled ? '' : ' (disabled)'}; ${where}`,
    );
  }

  /** Whether a request to `route` with this API key value may go on, or what API Gateway answers instead. */
  public admit(route: Pick<RouteModel, 'apiKeyRequired' | 'resourcePath' | 'httpMethod'>, apiKeyValue?: string): Admission {
    if (!route.apiKeyRequired) return { ok: true };
    // Stryker disable next-line ConditionalExpression: equivalent, Map.get(undefined) is undefined too; the check is for the type
    const state = apiKeyValue === undefined ? undefined : this.byValue.get(apiKeyValue);
    if (!state || !state.key.enabled) return INVALID_API_KEY;
    if (!this.takeTokens(state, usagePlanThrottleKey(route.httpMethod, route.resourcePath))) return THROTTLED;
    return this.countTowardsQuota(state) ? { ok: true } : QUOTA_EXCEEDED;
  }

  /** The id of the key with this value, when it is one of the stage's: `$context.identity.apiKeyId`. */
  public keyId(apiKeyValue: string | undefined): string | undefined {
    // Stryker disable next-line ConditionalExpression: equivalent, Map.get(undefined) is undefined too; the check is for the type
    return apiKeyValue === undefined ? undefined : this.byValue.get(apiKeyValue)?.key.id;
  }

  private takeTokens(state: KeyState, methodPath: string): boolean {
    const methodThrottle = state.plan.methodThrottling[methodPath];
    let methodBucket = state.methodThrottles.get(methodPath);
    if (methodThrottle && !methodBucket) {
      methodBucket = new TokenBucket(methodThrottle.rateLimit, methodThrottle.burstLimit, this.now);
      state.methodThrottles.set(methodPath, methodBucket);
    }
    return (methodBucket?.tryTake() ?? true) && (state.throttle?.tryTake() ?? true);
  }

  private countTowardsQuota(state: KeyState): boolean {
    const quota = state.plan.quota;
    if (!quota) return true;
    const periodStart = quotaPeriodStart(quota.period, this.now());
    if (state.quotaPeriodStart === undefined) {
      state.used = quota.offset;
    } else if (periodStart !== state.quotaPeriodStart) {
      state.used = 0;
    }
    state.quotaPeriodStart = periodStart;
    if (state.used >= quota.limit) return false;
    state.used += 1;
    return true;
  }
}

/** Start of the UTC calendar day, week (from Sunday) or month that holds `timeMs`. */
export function quotaPeriodStart(period: 'DAY' | 'WEEK' | 'MONTH', timeMs: number): number {
  const day = Math.floor(timeMs / DAY_MS) * DAY_MS;
  if (period === 'DAY') return day;
  if (period === 'WEEK') return day - new Date(day).getUTCDay() * DAY_MS;
  const date = new Date(timeMs);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

function generateKeyValue(): string {
  return Array.from({ length: GENERATED_KEY_LENGTH }, () => KEY_CHARACTERS[randomInt(KEY_CHARACTERS.length)]).join('');
}
