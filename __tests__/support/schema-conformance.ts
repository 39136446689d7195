import * as fs from 'fs';
import * as path from 'path';

// Checks a synthesized `cdk.tf.json` against provider schemas in the layout of
// `terraform providers schema -json`, without the terraform binary. See ../shared/schemas/README.md beside the repository
// for what the vendored schema holds and what a schema cannot catch (enum values, ARN formats, ...).

/** A cty type as Terraform writes it in JSON. */
export type CtyType =
  | 'string'
  | 'number'
  | 'bool'
  | 'dynamic'
  | ['list' | 'set' | 'map', CtyType]
  | ['object', Record<string, CtyType>]
  | ['tuple', CtyType[]];

export interface SchemaAttribute {
  /** Absent for attributes with `nested_type`, whose values go unchecked. */
  readonly type?: CtyType;
  readonly nested_type?: unknown;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
}

export interface SchemaBlockType {
  readonly nesting_mode: 'single' | 'group' | 'list' | 'set' | 'map';
  readonly block: SchemaBlock;
  readonly min_items?: number;
  readonly max_items?: number;
  /** Our vendored file's mark for a block whose contents were left out: they go unchecked. */
  readonly x_opaque?: boolean;
}

export interface SchemaBlock {
  readonly attributes?: Record<string, SchemaAttribute>;
  readonly block_types?: Record<string, SchemaBlockType>;
  readonly deprecated?: boolean;
}

export interface Schema {
  readonly version: number;
  readonly block: SchemaBlock;
}

export interface ProviderSchema {
  readonly provider: Schema;
  readonly resource_schemas?: Record<string, Schema>;
  readonly data_source_schemas?: Record<string, Schema>;
}

export interface ProviderSchemas {
  readonly format_version: string;
  /** Keyed by provider address, e.g. `registry.terraform.io/hashicorp/aws`. */
  readonly provider_schemas: Record<string, ProviderSchema>;
}

const SCHEMA_FILE = path.join(__dirname, '..', 'fixtures', 'aws-apigw-lambda.schema.json');

/**
 * The provider versions the vendored schema file describes (../shared/schemas/README.md, "Provider versions"): those
 * `@cdktf/provider-aws` 21.22.1 and `@cdktf/provider-archive` 11.0.1 pin. A stack that requires other versions is
 * checked against these schemas all the same, and `checkProviderVersions` says which schema it needs.
 */
export const SCHEMA_PROVIDER_VERSIONS: Readonly<Record<string, string>> = {
  'registry.terraform.io/hashicorp/archive': '2.7.1',
  'registry.terraform.io/hashicorp/aws': '6.25.0',
};
const TOP_LEVEL_KEYS = new Set(['terraform', 'provider', 'resource', 'data', 'variable', 'output', 'locals', 'module', 'moved', 'import', 'check', '//']);
const META_ARGUMENTS = new Set(['depends_on', 'count', 'for_each', 'provider', 'lifecycle', 'provisioner', 'connection']);
const PROVIDER_META_ARGUMENTS = new Set(['alias', 'version']);
const LIFECYCLE_ARGUMENTS = new Set(['create_before_destroy', 'prevent_destroy', 'ignore_changes', 'replace_triggered_by', 'precondition', 'postcondition']);
/** Arguments whose strings are bare expressions (`aws_x.y`) rather than templates (`${aws_x.y}`). */
const BARE_EXPRESSION_LISTS = new Set(['depends_on', 'replace_triggered_by']);
/** Address prefix of each element in the sections checked for references. */
const ADDRESS_PREFIXES: Record<string, string> = { resource: '', data: 'data.', provider: 'provider.', output: 'output.', locals: 'local.', variable: 'var.', module: 'module.' };
const DECLARATIONS: Record<string, string> = { var: 'variable', local: 'locals', module: 'module' };
const BUILT_IN_VALUES: Record<string, string[]> = { path: ['module', 'root', 'cwd'], terraform: ['workspace'] };
const UNCHECKED_ROOTS = new Set(['each', 'count', 'self']);
const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if', 'else', 'endif', 'endfor']);
const JS_TYPES = { string: 'string', number: 'number', bool: 'boolean' } as const;
/** Whitespace, identifier (HCL allows `-`), number, or any other single character. */
const TOKEN = /\s+|[A-Za-z_][\w-]*|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[^]/y;

type Json = Record<string, unknown>;
type SchemaNode = SchemaBlock | CtyType;
interface SchemaIndex {
  readonly resource: Map<string, Schema>;
  readonly data: Map<string, Schema>;
  readonly provider: Map<string, Schema>;
}
interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}
/** A reference such as `aws_x.y[0].arn`: its source text and its names, with `[]` for each index or splat. */
interface Traversal {
  readonly text: string;
  readonly parts: string[];
}

let cached: ProviderSchemas | undefined;

/** The vendored provider schemas, read once. */
export function loadProviderSchemas(): ProviderSchemas {
  cached ??= JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as ProviderSchemas;
  return cached;
}

/** Problems found in a Terraform JSON configuration, each starting with a Terraform address; empty when it conforms. */
export function checkConformance(config: unknown, schemas: ProviderSchemas = loadProviderSchemas()): string[] {
  if (!isObject(config)) return [`(root): expected a JSON object, got ${describe(config)}`];
  const index = indexSchemas(schemas);
  const out: string[] = [];
  for (const key of Object.keys(config)) {
    if (!TOP_LEVEL_KEYS.has(key)) out.push(`${key}: unknown top-level key "${key}"`);
  }
  for (const [type, byName] of entries(config.resource)) {
    for (const [name, body] of entries(byName)) checkElement(body, index.resource.get(type), `${type}.${name}`, `resource type "${type}"`, out);
  }
  for (const [type, byName] of entries(config.data)) {
    for (const [name, body] of entries(byName)) checkElement(body, index.data.get(type), `data.${type}.${name}`, `data source type "${type}"`, out);
  }
  for (const [name, value] of entries(config.provider)) {
    for (const body of Array.isArray(value) ? value : [value]) {
      const alias = isObject(body) && typeof body.alias === 'string' ? `.${body.alias}` : '';
      checkElement(body, index.provider.get(name), `provider.${name}${alias}`, `provider "${name}"`, out, PROVIDER_META_ARGUMENTS);
    }
  }
  for (const [name, body] of entries(config.output)) {
    if (!isObject(body) || body.value === undefined) out.push(`output.${name}: missing "value"`);
  }
  for (const [address, body] of elements(config)) {
    const refs: Traversal[] = [];
    collectReferences(body, false, new Set(), refs);
    for (const ref of refs) checkReference(ref, address, config, index, out);
  }
  return out;
}

/**
 * One line for each provider the configuration requires (`terraform.required_providers`) at another version than the
 * vendored schema describes, naming the schema it needs; empty when every version matches.
 */
export function checkProviderVersions(config: unknown, versions: Readonly<Record<string, string>> = SCHEMA_PROVIDER_VERSIONS): string[] {
  const required = asObject(asObject(asObject(config).terraform).required_providers);
  const out: string[] = [];
  for (const [name, requirement] of Object.entries(required)) {
    const { source, version } = asObject(requirement);
    const address = providerAddress(typeof source === 'string' ? source : name);
    const shortName = address.slice(address.indexOf('/') + 1);
    const described = versions[address];
    const where = `terraform.required_providers.${name}`;
    if (described === undefined) out.push(`${where}: no vendored schema describes ${shortName}`);
    else if (version !== described) {
      out.push(`${where}: requires ${shortName} ${String(version)}, but the vendored schema describes ${described}; checking this stack needs the ${shortName} ${String(version)} schema`);
    }
  }
  return out;
}

/** A provider's full address: `aws` → `registry.terraform.io/hashicorp/aws`, `org/x` → `registry.terraform.io/org/x`. */
function providerAddress(source: string): string {
  const parts = source.toLowerCase().split('/');
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  return parts.length === 2 ? `registry.terraform.io/${source.toLowerCase()}` : source.toLowerCase();
}

/**
 * Arguments the configuration sets, and attributes it reads, that the schema marks deprecated: `address: "name" is
 * deprecated`. The schema says only that they are; the provider's documentation says what replaces each.
 */
export function deprecatedUses(config: unknown, schemas: ProviderSchemas = loadProviderSchemas()): string[] {
  if (!isObject(config)) return [];
  const index = indexSchemas(schemas);
  const out: string[] = [];
  for (const [type, byName] of entries(config.resource)) {
    for (const [name, body] of entries(byName)) deprecatedArguments(body, index.resource.get(type)?.block, `${type}.${name}`, out);
  }
  for (const [type, byName] of entries(config.data)) {
    for (const [name, body] of entries(byName)) deprecatedArguments(body, index.data.get(type)?.block, `data.${type}.${name}`, out);
  }
  for (const [address, body] of elements(config)) {
    const refs: Traversal[] = [];
    collectReferences(body, false, new Set(), refs);
    for (const { text, parts } of refs) {
      const kind = parts[0] === 'data' ? 'data' : 'resource';
      const [type, , ...attributePath] = kind === 'data' ? parts.slice(1) : parts;
      let block = index[kind].get(type)?.block;
      for (const segment of attributePath.filter((part) => part !== '[]')) {
        if (block === undefined) break;
        if (block.attributes?.[segment]?.deprecated || block.block_types?.[segment]?.block.deprecated) {
          out.push(`${address}: "${text}" reads "${segment}", which is deprecated`);
          break;
        }
        block = block.block_types?.[segment]?.block;
      }
    }
  }
  return out;
}

function deprecatedArguments(body: unknown, block: SchemaBlock | undefined, address: string, out: string[]): void {
  if (block === undefined || !isObject(body)) return;
  for (const [key, value] of Object.entries(body)) {
    const blockType = block.block_types?.[key];
    if (block.attributes?.[key]?.deprecated || blockType?.block.deprecated) out.push(`${address}: "${key}" is deprecated`);
    else if (blockType && !blockType.x_opaque) {
      const items = Array.isArray(value) ? value : blockType.nesting_mode === 'map' && isObject(value) ? Object.values(value) : [value];
      items.forEach((item, i) => deprecatedArguments(item, blockType.block, Array.isArray(value) ? `${address}.${key}[${i}]` : `${address}.${key}`, out));
    }
  }
}

/** Resource, data source and provider schemas by name; a provider is named by its address's last part (`aws`). */
function indexSchemas(schemas: ProviderSchemas): SchemaIndex {
  const index: SchemaIndex = { resource: new Map(), data: new Map(), provider: new Map() };
  for (const [address, provider] of Object.entries(schemas.provider_schemas)) {
    index.provider.set(address.slice(address.lastIndexOf('/') + 1), provider.provider);
    for (const [type, schema] of Object.entries(provider.resource_schemas ?? {})) index.resource.set(type, schema);
    for (const [type, schema] of Object.entries(provider.data_source_schemas ?? {})) index.data.set(type, schema);
  }
  return index;
}

function checkElement(body: unknown, schema: Schema | undefined, address: string, what: string, out: string[], meta = META_ARGUMENTS): void {
  if (!schema) {
    out.push(`${address}: unknown ${what}`);
    return;
  }
  const lifecycle = isObject(body) && isObject(body.lifecycle) ? body.lifecycle : {};
  for (const key of Object.keys(lifecycle)) {
    if (!LIFECYCLE_ARGUMENTS.has(key)) out.push(`${address}: unknown lifecycle argument "${key}"`);
  }
  checkBlock(body, schema.block, address, out, meta);
}

function checkBlock(body: unknown, block: SchemaBlock, address: string, out: string[], meta: Set<string> = new Set()): void {
  if (!isObject(body)) {
    out.push(`${address}: expected a block object, got ${describe(body)}`);
    return;
  }
  for (const [key, value] of Object.entries(body)) {
    const attribute = block.attributes?.[key];
    const blockType = block.block_types?.[key];
    if (key === '//' || meta.has(key)) continue;
    if (attribute?.computed && !attribute.optional && !attribute.required) out.push(`${address}: "${key}" is computed by the provider and cannot be set`);
    else if (attribute) checkValue(value, attribute.type ?? 'dynamic', `${address}.${key}`, out);
    else if (blockType) checkBlockType(value, blockType, address, key, out);
    else out.push(`${address}: unknown argument "${key}"`);
  }
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    if (attribute.required && body[name] == null) out.push(`${address}: missing required argument "${name}"`);
  }
  for (const [name, blockType] of Object.entries(block.block_types ?? {})) {
    if (blockType.min_items && body[name] == null) out.push(`${address}: missing required block "${name}"`);
  }
}

/** cdktf writes a block as an object or as an array of objects, whatever its nesting mode: accept both. */
function checkBlockType(value: unknown, blockType: SchemaBlockType, parent: string, name: string, out: string[]): void {
  const address = `${parent}.${name}`;
  const items: [string, unknown][] =
    blockType.nesting_mode === 'map' && isObject(value)
      ? Object.entries(value).map(([label, item]) => [`${address}.${label}`, item])
      : Array.isArray(value)
        ? value.map((item, i) => [`${address}[${i}]`, item])
        : [[address, value]];
  const single = blockType.nesting_mode === 'single' || blockType.nesting_mode === 'group';
  const min = blockType.min_items ?? 0;
  const max = blockType.max_items ?? (single ? 1 : Infinity);
  if (items.length < min) out.push(`${parent}: too few "${name}" blocks: got ${items.length}, need at least ${min}`);
  if (items.length > max) out.push(`${parent}: too many "${name}" blocks: got ${items.length}, allowed at most ${max}`);
  if (!blockType.x_opaque) for (const [itemAddress, item] of items) checkBlock(item, blockType.block, itemAddress, out);
}

function checkValue(value: unknown, type: CtyType, address: string, out: string[]): void {
  if (value === null || type === 'dynamic' || isTemplate(value)) return;
  const expected = typeof type === 'string' ? type : type[0];
  const fail = () => out.push(`${address}: expected ${expected}, got ${describe(value)}`);
  if (typeof type === 'string') {
    // Exact types on purpose: Terraform would convert "5" to 5 and "true" to true, but a string where the
    // schema wants a number or a bool means a typed cdktf prop was bypassed (an override or a token cast).
    if (typeof value !== JS_TYPES[type]) fail();
  } else if (type[0] === 'object') {
    if (!isObject(value)) return void fail();
    const attributes = type[1];
    for (const [key, item] of Object.entries(value)) {
      if (Object.hasOwn(attributes, key)) checkValue(item, attributes[key], `${address}.${key}`, out);
      else out.push(`${address}: unknown object attribute "${key}"`);
    }
    for (const key of Object.keys(attributes)) if (!Object.hasOwn(value, key)) out.push(`${address}: missing object attribute "${key}"`);
  } else if (type[0] === 'map') {
    if (!isObject(value)) return void fail();
    for (const [key, item] of Object.entries(value)) checkValue(item, type[1], `${address}.${key}`, out);
  } else if (type[0] === 'tuple') {
    if (!Array.isArray(value) || value.length !== type[1].length) return void fail();
    const types = type[1];
    value.forEach((item, i) => checkValue(item, types[i], `${address}[${i}]`, out));
  } else {
    if (!Array.isArray(value)) return void fail();
    const itemType = type[1];
    value.forEach((item, i) => checkValue(item, itemType, `${address}[${i}]`, out));
  }
}

/** Every element that can hold references, with its address: `aws_x.y`, `data.aws_x.y`, `output.url`, `terraform`, ... */
function* elements(config: Json): Generator<[string, unknown]> {
  for (const [section, value] of Object.entries(config)) {
    const prefix = ADDRESS_PREFIXES[section];
    if (prefix === undefined) {
      if (section !== '//') yield [section, value];
      continue;
    }
    for (const [key, inner] of entries(value)) {
      if (section === 'resource' || section === 'data') {
        for (const [name, body] of entries(inner)) yield [`${prefix}${key}.${name}`, body];
      } else {
        yield [`${prefix}${key}`, inner];
      }
    }
  }
}

/** `scope` collects the names declared by `for` expressions, which are not references. */
function collectReferences(value: unknown, bare: boolean, scope: Set<string>, refs: Traversal[]): void {
  if (typeof value === 'string') {
    if (bare && !isTemplate(value)) scanExpression(value, 0, scope, refs);
    else scanTemplate(value, 0, '', scope, refs);
  } else if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, bare, scope, refs);
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) if (key !== '//') collectReferences(item, BARE_EXPRESSION_LISTS.has(key), scope, refs);
  }
}

/** Scans template text from `i` to the closing `quote` (or the end); returns the index after it. */
function scanTemplate(s: string, i: number, quote: string, scope: Set<string>, refs: Traversal[]): number {
  while (i < s.length && s[i] !== quote) {
    if (quote && s[i] === '\\') i += 2;
    else if (s.startsWith('$${', i) || s.startsWith('%%{', i)) i += 3;
    else if (s.startsWith('${', i) || s.startsWith('%{', i)) i = scanExpression(s, i + 2, scope, refs);
    else i += 1;
  }
  return i + 1;
}

/** Tokenizes one expression from `i` to its closing `}` (or the end), records its references, returns the index after it. */
function scanExpression(s: string, i: number, scope: Set<string>, refs: Traversal[]): number {
  const tokens: Token[] = [];
  let depth = 0;
  let declaring = false;
  while (i < s.length && !(s[i] === '}' && depth === 0)) {
    const start = i;
    if (s[i] === '"') {
      i = scanTemplate(s, i + 1, '"', scope, refs); // a string literal is a template of its own
      tokens.push({ text: '""', start, end: i });
      continue;
    }
    TOKEN.lastIndex = i;
    const text = (TOKEN.exec(s) as RegExpExecArray)[0];
    i += text.length;
    if (/^\s/.test(text)) continue;
    if (text === '{') depth += 1;
    if (text === '}') depth -= 1;
    if (text === 'for' || text === 'in') declaring = text === 'for';
    else if (declaring && isIdentifier(text)) scope.add(text);
    tokens.push({ text, start, end: i });
  }
  collectTraversals(s, tokens, scope, refs);
  return i + 1;
}

function collectTraversals(s: string, tokens: Token[], scope: Set<string>, refs: Traversal[]): void {
  const text = (k: number) => tokens[k]?.text ?? '';
  for (let k = 0; k < tokens.length; k++) {
    const root = text(k);
    if (!isIdentifier(root) || KEYWORDS.has(root) || scope.has(root) || text(k - 1) === '.') continue;
    const parts = [root];
    let j = k + 1;
    for (;;) {
      if (text(j) === '.' && isIdentifier(text(j + 1))) parts.push(text(j + 1));
      else if (text(j) === '.' && /^(\d+|\*)$/.test(text(j + 1))) parts.push('[]');
      else if (text(j) === '[') {
        j = closingBracket(tokens, j) - 1;
        parts.push('[]');
      } else break;
      j += 2;
    }
    // A reference has at least one `.name` or index, so function names (`f(`, `provider::aws::f(`) and object keys never count.
    if (parts.length > 1) refs.push({ text: s.slice(tokens[k].start, tokens[j - 1].end), parts });
  }
}

function closingBracket(tokens: Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    if (tokens[k].text === '[') depth += 1;
    if (tokens[k].text === ']' && --depth === 0) return k;
  }
  return tokens.length - 1;
}

function checkReference({ text, parts }: Traversal, where: string, config: Json, index: SchemaIndex, out: string[]): void {
  const [root, first, ...rest] = parts;
  const fail = (why: string) => out.push(`${where}: "${text}" ${why}`);
  const section = DECLARATIONS[root];
  const builtIns = BUILT_IN_VALUES[root];
  if (section) {
    if (!Object.hasOwn(asObject(config[section]), first)) fail(`refers to ${root}.${first}, which is not declared`);
  } else if (builtIns) {
    if (!builtIns.includes(first)) fail(`is not one of ${builtIns.map((name) => `${root}.${name}`).join(', ')}`);
  } else if (!UNCHECKED_ROOTS.has(root)) {
    const kind = root === 'data' ? 'data' : 'resource';
    const [type, name, ...attributePath] = kind === 'data' ? [first, ...rest] : parts;
    const address = `${kind === 'data' ? 'data.' : ''}${type}.${name}`;
    if (name === undefined || name === '[]') return void fail('is not a complete reference');
    if (!Object.hasOwn(asObject(asObject(config[kind])[type]), name)) return void fail(`refers to ${address}, which is not declared`);
    let node: SchemaNode | undefined = index[kind].get(type)?.block; // an unknown type is reported on its own
    for (const segment of attributePath) {
      if (node === undefined) return;
      if (segment === '[]') continue;
      const next = step(node, segment);
      if (next === null) return void fail(`refers to unknown attribute "${segment}"`);
      node = next;
    }
  }
}

/**
 * Follows one name from a block or a type. Returns null when the name is not there, and undefined when the
 * schema does not say (a primitive, dynamic or opaque value): the rest of the path is then not checked.
 */
function step(node: SchemaNode, name: string): SchemaNode | null | undefined {
  if (isSchemaBlock(node)) {
    const blockType = node.block_types?.[name];
    const attribute = node.attributes?.[name];
    if (blockType) return blockType.x_opaque ? undefined : blockType.block;
    return attribute ? (attribute.type ?? 'dynamic') : null;
  }
  if (typeof node === 'string') return undefined;
  if (node[0] === 'object') return Object.hasOwn(node[1], name) ? node[1][name] : null;
  if (node[0] === 'map') return node[1]; // `name` is a key
  if (node[0] === 'list' || node[0] === 'set') return step(node[1], name);
  return undefined;
}

function isSchemaBlock(node: SchemaNode): node is SchemaBlock {
  return typeof node === 'object' && !Array.isArray(node);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown): Json {
  return isObject(value) ? value : {};
}

function entries(value: unknown): [string, unknown][] {
  return Object.entries(asObject(value));
}

function isIdentifier(text: string): boolean {
  return /^[A-Za-z_]/.test(text);
}

/** True for a string holding a `${...}` template anywhere (`$${` is an escaped literal). */
function isTemplate(value: unknown): boolean {
  return typeof value === 'string' && /(^|[^$])\$\{/.test(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isObject(value)) return 'an object';
  return `${typeof value === 'boolean' ? 'bool' : typeof value} ${JSON.stringify(value)}`;
}
