import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeApi, readableResource, RouteRow, routeRows } from './route-table';
import type { ApiModel, FunctionModel, StackModel, UsagePlanModel } from './stack-model';

// What changes from one synthesis of a stack to another, in the route table's words: routes added, removed or
// changed, the stage's settings and usage plans, functions, invoke permissions and role statements. Things are
// matched by the names AWS knows them by (API and function names, route keys), not by Terraform addresses.

export const DIFF_SECTIONS = ['routes', 'stages', 'usage plans', 'functions', 'permissions', 'roles'] as const;
export type DiffSection = (typeof DIFF_SECTIONS)[number];

/** One difference: something added (`+`), removed (`-`) or changed (`~`), and how. */
export interface StackChange {
  readonly section: DiffSection;
  readonly change: '+' | '-' | '~';
  /** What changed, such as `items-prod-api GET /items` or a function's name. */
  readonly subject: string;
  /** For `+` and `-`, what the thing is; for `~`, each field that changed, `before → after`. */
  readonly detail: string;
}

/** The differences from `before` to `after`, section by section, each sorted by subject. */
export function diffStacks(before: StackModel, after: StackModel): StackChange[] {
  return [
    ...diffRoutes(before, after),
    ...compare('stages', apisByName(before), apisByName(after), stageFacts),
    ...compare('usage plans', plansByName(before), plansByName(after), planFacts),
    ...compare('functions', functionsByName(before), functionsByName(after), (fn) => functionFacts(fn, before.functions[fn.address] === fn ? before : after)),
    ...compareSets('permissions', permissionsByFunction(before), permissionsByFunction(after)),
    ...compareSets('roles', statementsByRole(before), statementsByRole(after)),
  ];
}

/** The differences as text, one line each, under a heading per section: `no differences` when there are none. */
export function formatDiff(changes: readonly StackChange[]): string {
  if (changes.length === 0) return 'no differences\n';
  return DIFF_SECTIONS.filter((section) => changes.some((change) => change.section === section))
    .map((section) => {
      const lines = changes.filter((change) => change.section === section).map((change) => `  ${change.change} ${change.subject}${change.detail ? `: ${change.detail}` : ''}`);
      return `${section}\n${lines.join('\n')}\n`;
    })
    .join('\n');
}

/** The route table's cells besides the method and path, as `Title value` pairs. */
const ROUTE_FIELDS: readonly [keyof RouteRow, string][] = [
  ['integration', 'integration'],
  ['function', 'function'],
  ['authorization', 'authorization'],
  ['apiKey', 'API key'],
  ['throttling', 'throttling'],
  ['caching', 'caching'],
];

function diffRoutes(before: StackModel, after: StackModel): StackChange[] {
  const rowsOf = (model: StackModel) =>
    new Map(model.apis.flatMap((api) => routeRows(model, api).map((row) => [`${api.name} ${row.method} ${row.path}`, row] as const)));
  const facts = (row: RouteRow) => new Map(ROUTE_FIELDS.map(([key, title]) => [title, row[key]]));
  return compare('routes', rowsOf(before), rowsOf(after), facts);
}

function apisByName(model: StackModel): Map<string, ApiModel> {
  return new Map(model.apis.map((api) => [api.name, api]));
}

function stageFacts(api: ApiModel): Map<string, string> {
  const variables = Object.entries(api.stage.variables).map(([name, value]) => `${name}=${value}`);
  return new Map([
    ['stage', describeApi(api).slice(api.name.length + 2)],
    ['X-Ray tracing', api.stage.tracingEnabled ? 'on' : 'off'],
    ['stage variables', variables.sort().join(', ') || '-'],
    ['binary media types', [...api.binaryMediaTypes].sort().join(', ') || '-'],
  ]);
}

function plansByName(model: StackModel): Map<string, UsagePlanModel> {
  return new Map(model.apis.flatMap((api) => api.usagePlans.map((plan) => [`${plan.name} (${api.name})`, plan] as const)));
}

function planFacts(plan: UsagePlanModel): Map<string, string> {
  const throttle = (t?: { rateLimit: number; burstLimit: number }) => (t ? `${t.rateLimit}/s, burst ${t.burstLimit}` : '-');
  return new Map([
    ['throttling', throttle(plan.throttling)],
    ['quota', plan.quota ? `${plan.quota.limit} a ${plan.quota.period.toLowerCase()}` : '-'],
    ['method throttling', Object.entries(plan.methodThrottling).map(([key, t]) => `${key} ${throttle(t)}`).sort().join(', ') || '-'],
    ['API keys', plan.apiKeys.map((key) => key.name).sort().join(', ') || '-'],
  ]);
}

function functionsByName(model: StackModel): Map<string, FunctionModel> {
  return new Map(Object.values(model.functions).map((fn) => [fn.functionName, fn]));
}

function functionFacts(fn: FunctionModel, model: StackModel): Map<string, string> {
  const environment = Object.entries(fn.environment).map(([name, value]) => `${name}=${readableResource(value, model.names)}`);
  return new Map([
    ['runtime', fn.runtime],
    ['handler', fn.handler],
    ['memory', `${fn.memoryMb} MB`],
    ['timeout', `${fn.timeoutSeconds} s`],
    ['tracing', fn.tracing],
    ['environment', environment.sort().join(', ') || '-'],
    ['code', codeDigest(model, fn)],
  ]);
}

/** A digest of the function's bundle in the stack folder, when the model was read from one. */
function codeDigest(model: StackModel, fn: FunctionModel): string {
  if (!model.dir || !fn.codePath) return 'unknown';
  const dir = join(model.dir, fn.codePath);
  if (!existsSync(dir)) return 'unknown';
  const hash = createHash('sha256');
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  for (const file of files.map((entry) => join(entry.parentPath, entry.name)).sort()) hash.update(file.slice(dir.length)).update(readFileSync(file));
  return `sha256 ${hash.digest('hex').slice(0, 12)}`;
}

/** Each function's invoke permissions, by its name: who may invoke it, from where. */
function permissionsByFunction(model: StackModel): Map<string, Set<string>> {
  const byFunction = new Map<string, Set<string>>();
  for (const permission of model.permissions) {
    const fn = permission.functionAddress ? model.functions[permission.functionAddress] : undefined;
    const name = fn?.functionName ?? permission.functionAddress ?? '(a function outside this stack)';
    const source = permission.sourceArn === undefined ? 'any source' : readableResource(permission.sourceArn, model.names);
    const line = `${permission.principal} may ${permission.action} from ${source}`;
    byFunction.set(name, new Set([...(byFunction.get(name) ?? []), line]));
  }
  return byFunction;
}

/** Each role's statements, by the role's name (a function's role has the function's name). */
function statementsByRole(model: StackModel): Map<string, Set<string>> {
  return new Map(
    Object.entries(model.roleStatements).map(([address, statements]) => [
      model.names[address] ?? address,
      new Set(statements.map((s) => `${s.effect} ${s.actions.join(', ')} on ${s.resources.map((r) => readableResource(r, model.names)).join(', ')}`)),
    ]),
  );
}

/** Things of one section, matched by key: added, removed, and changed field by field. */
function compare<T>(section: DiffSection, before: Map<string, T>, after: Map<string, T>, factsOf: (thing: T) => Map<string, string>): StackChange[] {
  const describe = (facts: Map<string, string>) => [...facts].map(([field, value]) => `${field} ${value}`).join(', ');
  const changes: StackChange[] = [];
  for (const key of sortedKeys(before, after)) {
    const old = before.get(key);
    const next = after.get(key);
    if (old === undefined) changes.push({ section, change: '+', subject: key, detail: describe(factsOf(next!)) });
    else if (next === undefined) changes.push({ section, change: '-', subject: key, detail: describe(factsOf(old)) });
    else {
      const oldFacts = factsOf(old);
      const newFacts = factsOf(next);
      const changed = [...newFacts].filter(([field, value]) => oldFacts.get(field) !== value).map(([field, value]) => `${field} ${oldFacts.get(field)} → ${value}`);
      if (changed.length) changes.push({ section, change: '~', subject: key, detail: changed.join('; ') });
    }
  }
  return changes;
}

/** Sets of lines, matched by key: each line added or removed is one change. */
function compareSets(section: DiffSection, before: Map<string, Set<string>>, after: Map<string, Set<string>>): StackChange[] {
  return sortedKeys(before, after).flatMap((key) => {
    const old = before.get(key) ?? new Set<string>();
    const next = after.get(key) ?? new Set<string>();
    return [
      ...[...old].filter((line) => !next.has(line)).sort().map((line) => ({ section, change: '-' as const, subject: key, detail: line })),
      ...[...next].filter((line) => !old.has(line)).sort().map((line) => ({ section, change: '+' as const, subject: key, detail: line })),
    ];
  });
}

/** The keys of both maps, sorted by code point so the order never depends on the machine's locale. */
function sortedKeys(...maps: Map<string, unknown>[]): string[] {
  return [...new Set(maps.flatMap((map) => [...map.keys()]))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
