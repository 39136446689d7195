import leven from 'leven';
import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { ValidationError } from '../apigw/errors';

// Props a construct does not know fail at synth, in JavaScript as in TypeScript: esbuild, which runs the app,
// does not type-check, and spread objects escape TypeScript's excess-property check, so a misspelt
// `throttle:` would otherwise be dropped without a word.

/** What one prop holds: anything (`true`), an object of known props, or a map or array whose every value is one. */
export type PropShape = true | PropsShape | { readonly eachValue: PropsShape };

/** The props of one interface, by name. Make one with `propsShape`. */
export interface PropsShape {
  /** The interface's name, such as `RestApiProps`, for messages. */
  readonly name: string;
  readonly props: Readonly<Record<string, PropShape>>;
}

/**
 * The props interface `T` declares, listed once beside it. The compiler checks the list against `T`: a prop
 * missing from it, or one `T` does not declare, fails the build, so a new prop cannot be forgotten here.
 */
export function propsShape<T>(name: string, props: { readonly [K in keyof Required<T>]: PropShape }): PropsShape {
  return { name, props };
}

/** A map (such as `methodOverrides`) or an array (such as `policyStatements`) whose every value has the props of `shape`. */
export function eachValue(shape: PropsShape): { readonly eachValue: PropsShape } {
  return { eachValue: shape };
}

/**
 * Fails when `props`, or an object nested in it, has a prop its shape does not know, naming the construct path
 * (`where`), the prop, the value received and the closest known prop:
 * `stack/Api: unknown prop "throttle" (received {"rateLimit":10}); did you mean "throttling"?`.
 */
export function checkProps(where: string, props: unknown, shape: PropsShape, prefix = ''): void {
  if (!isPlainObject(props)) return;
  for (const [key, value] of Object.entries(props)) {
    const known = Object.hasOwn(shape.props, key) ? shape.props[key] : undefined;
    if (known === undefined) {
      const suggestion = closestName(key, Object.keys(shape.props));
      const fix = suggestion !== undefined ? `did you mean "${prefix}${suggestion}"?` : `${shape.name} takes ${Object.keys(shape.props).join(', ')}`;
      throw new ValidationError(`${where}: unknown prop "${prefix}${key}" (received ${describeValue(value)}); ${fix}`);
    }
    if (known === true) continue;
    if ('eachValue' in known) {
      if (Array.isArray(value)) value.forEach((item, i) => checkProps(where, item, known.eachValue, `${prefix}${key}[${i}].`));
      else if (isPlainObject(value)) for (const [entry, item] of Object.entries(value)) checkProps(where, item, known.eachValue, `${prefix}${key}[${JSON.stringify(entry)}].`);
    } else {
      checkProps(where, value, known, `${prefix}${key}.`);
    }
  }
}

/**
 * The known name closest to `name`, when one is close enough to be what was meant: compared without case and `_`
 * (so `stage_name` finds `stageName`), within a few edits for its length, or a name that starts with it (`timeout`
 * finds `timeoutSeconds`).
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const plain = (text: string) => text.toLowerCase().replace(/_/g, '');
  const wanted = plain(name);
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const other = plain(candidate);
    const distance = leven(wanted, other);
    const close = distance <= Math.max(2, Math.ceil(Math.max(wanted.length, other.length) * 0.4));
    const prefix = wanted.length >= 3 && (other.startsWith(wanted) || wanted.startsWith(other));
    if ((close || prefix) && (best === undefined || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

/** A value as a message shows it: on one line, short, constructs by their path. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object' || value === null) return String(value);
  if (Construct.isConstruct(value)) return value.node.path;
  let json: string;
  try {
    json = JSON.stringify(value, (_key, item) => (Construct.isConstruct(item) ? item.node.path : item)) ?? String(value);
  } catch {
    json = Array.isArray(value) ? '[...]' : '{...}';
  }
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** An object literal (not an array, a construct, a class instance or a token): the only kind whose props are checked. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Token.isUnresolved(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
