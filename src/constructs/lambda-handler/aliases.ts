import { Construct } from 'constructs';
import { LambdaAlias } from '@cdktf/provider-aws/lib/lambda-alias';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaProvisionedConcurrencyConfig } from '@cdktf/provider-aws/lib/lambda-provisioned-concurrency-config';
import { Token } from 'cdktf';
import { onFailureDestination } from './async-failures';
import { checkWholeNumberInRange } from '../validate';
import { ValidationError } from '../../apigw/errors';
import { ALIAS_VERSION_WEIGHT_RANGE, LAMBDA_ALIAS_NAME } from '../../apigw/limits';

// A handler's versions and aliases: one alias per API stage, named after it, with its provisioned concurrency, traffic
// shift and, when failed asynchronous invocations go to a destination, its own event invoke configuration.

/** Moving a stage's alias to a new version gradually: the previous version keeps a share of the invocations. */
export interface TrafficShift {
  /** The version the alias pointed at before this deployment, such as `'7'` (the `version` output of the last apply). */
  readonly previousVersion: string;
  /** The share of invocations, 0 to 1, that still go to `previousVersion`; the rest go to the version just published. */
  readonly previousVersionWeight: number;
}

export interface AliasSettings {
  readonly aliasPerStage: boolean;
  readonly provisionedConcurrency?: number;
  readonly trafficShift?: TrafficShift;
  readonly reservedConcurrency?: number;
}

/** Checks the alias settings of a handler; the options that act on aliases need `aliasPerStage`. */
export function checkAliasSettings(where: string, settings: AliasSettings): void {
  const needAliases = (['provisionedConcurrency', 'trafficShift'] as const).filter((option) => settings[option] !== undefined);
  if (!settings.aliasPerStage && needAliases.length) {
    throw new ValidationError(`${where}: ${needAliases.join(' and ')} act on the stage aliases, and aliasPerStage is off; set aliasPerStage: true or remove them`);
  }
  if (settings.provisionedConcurrency !== undefined) {
    checkWholeNumberInRange(where, 'provisionedConcurrency', settings.provisionedConcurrency, 1, settings.reservedConcurrency ?? Number.MAX_SAFE_INTEGER,
      settings.reservedConcurrency === undefined ? 'Lambda provisions 1 or more' : 'provisioned concurrency fits within reservedConcurrency');
  }
  const shift = settings.trafficShift;
  if (shift) {
    // A version is a number Lambda gives when it publishes (PublishVersion `Version`).
    if (!Token.isUnresolved(shift.previousVersion) && !/^[1-9]\d*$/.test(shift.previousVersion)) {
      throw new ValidationError(`${where}: trafficShift previousVersion "${shift.previousVersion}" is not a published version; use its number, such as '7'`);
    }
    const [min, max] = ALIAS_VERSION_WEIGHT_RANGE;
    if (!(shift.previousVersionWeight >= min && shift.previousVersionWeight <= max)) {
      throw new ValidationError(`${where}: trafficShift previousVersionWeight ${shift.previousVersionWeight} must be from ${min} to ${max}, the share of invocations the previous version keeps`);
    }
  }
}

/** The aliases of one handler, one per API stage, created when a stage first asks for its own. */
export class StageAliases {
  private readonly byStage = new Map<string, LambdaAlias>();

  constructor(
    private readonly scope: Construct,
    private readonly fn: LambdaFunction,
    private readonly settings: AliasSettings,
    private readonly onFailure: string | undefined,
  ) {}

  /** The alias named `stage`, pointing at the latest version (or shifting to it). */
  public aliasFor(stage: string): LambdaAlias {
    const existing = this.byStage.get(stage);
    if (existing) return existing;
    const where = this.scope.node.path;
    if (!LAMBDA_ALIAS_NAME.test(stage)) {
      throw new ValidationError(`${where}: stage "${stage}" cannot name a Lambda alias (letters, digits, "-" and "_", not only digits); rename the stage or leave aliasPerStage off`);
    }
    const { provisionedConcurrency, reservedConcurrency, trafficShift } = this.settings;
    if (provisionedConcurrency !== undefined && reservedConcurrency !== undefined && provisionedConcurrency * (this.byStage.size + 1) > reservedConcurrency) {
      throw new ValidationError(
        `${where}: ${this.byStage.size + 1} stage aliases with provisionedConcurrency ${provisionedConcurrency} each need ${provisionedConcurrency * (this.byStage.size + 1)}, over reservedConcurrency ${reservedConcurrency}; raise reservedConcurrency or lower provisionedConcurrency`,
      );
    }
    const alias = new LambdaAlias(this.scope, `Alias ${stage}`, {
      name: stage,
      description: `Stage ${stage} of the API`,
      functionName: this.fn.functionName,
      // The alias moves to each version published; during a traffic shift, the previous version keeps its weight.
      functionVersion: this.fn.version,
      routingConfig: trafficShift ? { additionalVersionWeights: { [trafficShift.previousVersion]: trafficShift.previousVersionWeight } } : undefined,
    });
    this.byStage.set(stage, alias);
    if (provisionedConcurrency !== undefined) {
      new LambdaProvisionedConcurrencyConfig(this.scope, `ProvisionedConcurrency ${stage}`, {
        functionName: this.fn.functionName,
        qualifier: alias.name,
        provisionedConcurrentExecutions: provisionedConcurrency,
      });
    }
    if (this.onFailure) onFailureDestination(this.scope, `EventInvokeConfig ${stage}`, this.fn, alias.name, this.onFailure);
    return alias;
  }
}
