import type { ApiModel, FunctionModel, PolicyStatementModel, RouteModel, RouteSettings, StackModel, ThrottleModel } from './stack-model';

// The route table and diagram of a synthesized stack, read from its model, so what they show is what a
// pipeline would deploy rather than what the constructs meant to build.

export const ROUTE_FORMATS = ['table', 'markdown', 'mermaid'] as const;
export type RouteFormat = (typeof ROUTE_FORMATS)[number];

/** One route as the table shows it: every cell already a string. */
export interface RouteRow {
  readonly method: string;
  readonly path: string;
  readonly integration: string;
  readonly function: string;
  readonly authorization: string;
  readonly apiKey: string;
  readonly throttling: string;
  readonly caching: string;
}

const COLUMNS: readonly [keyof RouteRow, string][] = [
  ['method', 'Method'],
  ['path', 'Path'],
  ['integration', 'Integration'],
  ['function', 'Function'],
  ['authorization', 'Authorization'],
  ['apiKey', 'API key'],
  ['throttling', 'Throttling'],
  ['caching', 'Caching'],
];

/** What a cell holds when nothing is configured: no function, or only the account's throttling. */
const NONE = '-';

export function formatRoutes(model: StackModel, format: RouteFormat): string {
  switch (format) {
    case 'table':
      return routeTable(model);
    case 'markdown':
      return routeMarkdown(model);
    case 'mermaid':
      return routeDiagram(model);
  }
}

/** Routes in path order, then method, by code point so the order never depends on the machine's locale. */
export function sortedRoutes(api: ApiModel): RouteModel[] {
  const key = (route: RouteModel) => `${route.resourcePath}\u0000${route.httpMethod}`;
  return [...api.routes].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export function routeRows(model: StackModel, api: ApiModel): RouteRow[] {
  return sortedRoutes(api).map((route) => ({
    method: route.httpMethod,
    path: route.resourcePath,
    integration: route.integration.invocationType === 'Event' ? `${route.integration.type} (Event)` : route.integration.type,
    function: qualifiedName(functionOf(model, route)?.functionName ?? route.integration.functionAddress ?? NONE, route),
    authorization: describeAuthorization(route),
    apiKey: route.apiKeyRequired ? 'required' : 'no',
    throttling: throttlingCell(route),
    caching: route.settings.caching ? describeCaching(route.settings.caching) : NONE,
  }));
}

/**
 * Who the route lets in besides API key holders: `-` for anyone (API Gateway's `NONE`, which beside "API key
 * required" would read as a contradiction), else the type and the authorizer's name.
 */
export function describeAuthorization(route: RouteModel): string {
  if (route.authorization === 'NONE') return NONE;
  return route.authorizer ? `${route.authorization} (${route.authorizer.name})` : route.authorization;
}

/** A function as the route invokes it: `<name>:<alias>` when the integration calls an alias (Lambda's qualified name). */
export function qualifiedName(functionName: string, route: RouteModel): string {
  return route.integration.qualifier === undefined ? functionName : `${functionName}:${route.integration.qualifier}`;
}

/** The function a route's integration invokes, when it invokes one of this stack. */
export function functionOf(model: StackModel, route: RouteModel): FunctionModel | undefined {
  return route.integration.functionAddress ? model.functions[route.integration.functionAddress] : undefined;
}

export function describeThrottle(throttle: ThrottleModel): string {
  return `${throttle.rateLimit}/s, burst ${throttle.burstLimit}`;
}

function throttlingCell(route: RouteModel): string {
  return route.settings.throttling ? describeThrottle(route.settings.throttling) : NONE;
}

export function describeCaching(caching: NonNullable<RouteSettings['caching']>): string {
  return `${caching.ttlSeconds} s${caching.encrypted ? '' : ', unencrypted'}`;
}

function describeCacheCluster(api: ApiModel): string {
  return `cache cluster ${api.stage.cacheClusterSizeGb ?? '0.5'} GB`;
}

/**
 * `items-prod-api, stage prod, cache cluster 0.5 GB, canary 10%, at https://api.example.com/v1/`: what the heading of
 * each API's table says.
 */
export function describeApi(api: ApiModel): string {
  return [`${api.name}`, `stage ${api.stage.name}`, ...stageNotes(api)].join(', ');
}

/** The cache cluster, the canary and the custom domain URLs of an API's stage, when it has them. */
function stageNotes(api: ApiModel): string[] {
  return [
    ...(api.stage.cacheClusterEnabled ? [describeCacheCluster(api)] : []),
    ...(api.stage.canary ? [describeCanary(api.stage.canary)] : []),
    ...(api.customDomains.length ? [`at ${customUrls(api)}`] : []),
  ];
}

/** `canary 10%`: the share of the stage's requests its canary deployment serves. */
export function describeCanary(canary: NonNullable<ApiModel['stage']['canary']>): string {
  return `canary ${canary.percentTraffic}%`;
}

/** The custom domain URLs that serve the API's stage, joined with " and ". */
export function customUrls(api: ApiModel): string {
  return api.customDomains.map((domain) => domain.url).join(' and ');
}

/** Aligned plain text, one block per API. */
export function routeTable(model: StackModel): string {
  return model.apis
    .map((api) => {
      const rows = [Object.fromEntries(COLUMNS.map(([key, title]) => [key, title.toUpperCase()])) as unknown as RouteRow, ...routeRows(model, api)];
      const widths = COLUMNS.map(([key]) => Math.max(...rows.map((row) => row[key].length)));
      const lines = rows.map((row) =>
        COLUMNS.map(([key], i) => row[key].padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
      );
      return `${describeApi(api)}\n\n${lines.join('\n')}\n`;
    })
    .join('\n');
}

/** A Markdown table per API, under a line naming it. */
export function routeMarkdown(model: StackModel): string {
  return model.apis
    .map((api) => {
      const cell = (text: string) => (text === NONE ? NONE : `\`${text.replace(/\|/g, '\\|')}\``);
      const header = `| ${COLUMNS.map(([, title]) => title).join(' | ')} |`;
      const divider = `| ${COLUMNS.map(() => '---').join(' | ')} |`;
      const body = routeRows(model, api).map((row) => `| ${COLUMNS.map(([key]) => (key === 'path' || key === 'function' ? cell(row[key]) : row[key])).join(' | ')} |`);
      return `**${describeApi(api)}**\n\n${[header, divider, ...body].join('\n')}\n`;
    })
    .join('\n');
}

/**
 * A Mermaid flowchart: client → stage → routes → functions → the AWS resources each function's role may
 * touch (an edge per policy statement, labelled with its actions). Node ids are positions in sorted
 * order, so the same stack always gives the same text.
 */
export function routeDiagram(model: StackModel): string {
  const lines = ['flowchart LR', '  client(["client"])'];
  const functionIds = new Map<string, string>();
  const resourceIds = new Map<string, string>();
  const resourceEdges = new Set<string>();

  model.apis.forEach((api, a) => {
    const routes = sortedRoutes(api);
    const throttles = new Set(routes.map(throttlingCell));
    // Throttling shared by every route is the stage's: say it once, on the stage.
    const stageThrottle = throttles.size === 1 ? [...throttles][0] : undefined;
    const stageLines = [`stage ${api.stage.name}`, api.name, ...stageNotes(api)];
    if (stageThrottle && stageThrottle !== NONE) stageLines.push(`throttle ${stageThrottle}`);
    const stageId = `api${a}`;
    lines.push(`  ${stageId}["${label(stageLines)}"]`, `  client --> ${stageId}`);

    routes.forEach((route, r) => {
      const routeId = `${stageId}_route${r}`;
      const notes: string[] = [];
      if (route.integration.type !== 'AWS_PROXY') notes.push(`${route.integration.type} integration`);
      if (route.integration.invocationType === 'Event') notes.push('asynchronous');
      if (route.authorization !== 'NONE') notes.push(route.authorizer ? `${route.authorization} ${route.authorizer.name}` : route.authorization);
      if (route.apiKeyRequired) notes.push('API key');
      if (!stageThrottle && route.settings.throttling) notes.push(`throttle ${describeThrottle(route.settings.throttling)}`);
      if (route.settings.caching) notes.push(`cache ${route.settings.caching.ttlSeconds} s`);
      lines.push(`  ${routeId}["${label([`${route.httpMethod} ${route.resourcePath}`, ...notes])}"]`, `  ${stageId} --> ${routeId}`);
      const fn = functionOf(model, route);
      if (fn) lines.push(`  ${routeId} --> ${functionNode(fn)}`);
    });
  });

  function functionNode(fn: FunctionModel): string {
    const known = functionIds.get(fn.address);
    if (known) return known;
    const id = `fn${functionIds.size}`;
    functionIds.set(fn.address, id);
    lines.push(`  ${id}("${label([fn.functionName, `${fn.runtime}, ${fn.architecture}`])}")`);
    for (const statement of fn.roleAddress ? (model.roleStatements[fn.roleAddress] ?? []) : []) {
      for (const resource of statement.resources) addResourceEdge(id, statement, resource);
    }
    return id;
  }

  function addResourceEdge(fnId: string, statement: PolicyStatementModel, resource: string): void {
    const name = readableResource(resource, model.names);
    let id = resourceIds.get(name);
    if (!id) {
      id = `res${resourceIds.size}`;
      resourceIds.set(name, id);
      lines.push(`  ${id}[("${label([name])}")]`);
    }
    const actions = `${statement.effect === 'Deny' ? 'deny ' : ''}${statement.actions.join(', ')}`;
    const edge = `  ${fnId} -->|"${label([actions])}"| ${id}`;
    if (!resourceEdges.has(edge)) lines.push(edge);
    resourceEdges.add(edge);
  }

  return `${lines.join('\n')}\n`;
}

/** What a reader calls a resource of each type, before its name. */
const KINDS: Record<string, string> = {
  aws_cloudwatch_log_group: 'log group',
  aws_api_gateway_rest_api: 'API',
  aws_api_gateway_authorizer: 'authorizer',
  aws_lambda_function: 'function',
  aws_iam_role: 'role',
  aws_s3_bucket: 'bucket',
  aws_dynamodb_table: 'table',
  aws_sqs_queue: 'queue',
  aws_sns_topic: 'topic',
};

/**
 * A policy resource or source ARN as a reader would name it: the partition, region and account data sources become
 * `${partition}`, `${region}` and `${account}`, and a resource's attribute (`${aws_x.name.arn}`) becomes its kind
 * and the name in `names` (`log group /aws/lambda/items-prod-get-item`; a log group's `:*`, its streams, is left
 * out), or its address when it has no name.
 */
export function readableResource(expression: string, names: Record<string, string> = {}): string {
  return expression
    .replace(/\$\{data\.aws_partition\.[^.}]+\.partition\}/g, '${partition}')
    .replace(/\$\{data\.aws_region\.[^.}]+\.(?:name|region)\}/g, '${region}')
    .replace(/\$\{data\.aws_caller_identity\.[^.}]+\.account_id\}/g, '${account}')
    .replace(/\$\{((aws|archive)_[a-z0-9_]+)\.([^.}]+)\.[a-z_]+\}(:\*)?/g, (_reference, type: string, _provider, name: string, streams?: string) => {
      const address = `${type}.${name}`;
      const physical = names[address];
      if (physical === undefined) return `${address}${streams ?? ''}`;
      const kind = KINDS[type] ?? type;
      return type === 'aws_cloudwatch_log_group' ? `${kind} ${physical}` : `${kind} ${physical}${streams ?? ''}`;
    });
}

/** Node and edge text: lines joined with `<br/>`, and the characters Mermaid would read as syntax as entity codes. */
function label(lines: string[]): string {
  const escape = (text: string) => text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
  return lines.map(escape).join('<br/>');
}
