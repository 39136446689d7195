// Defaults this project chooses (not AWS's: those are in apigw/defaults.ts) that more than one construct uses.

/** Days a log group keeps its logs unless a construct is told otherwise: a year, enough for most audits. */
export const DEFAULT_LOG_RETENTION_DAYS = 365;
