// Partial matching of a resource's properties, as AWS CDK's `Template.hasResourceProperties` does it: objects match
// when they hold the expected keys (more are fine, at every depth); arrays match element by element, with the same
// length; anything with `asymmetricMatch` (jest's `expect.stringMatching`, `Match.*`, `Capture`) decides for itself.

/** A pattern that decides for itself whether a value matches, as jest's asymmetric matchers do. */
interface Pattern {
  asymmetricMatch(value: unknown): boolean;
  toString(): string;
}

function isPattern(value: unknown): value is Pattern {
  return typeof value === 'object' && value !== null && typeof (value as Pattern).asymmetricMatch === 'function';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Where a value differs from what was expected: its path (`environment.variables.TABLE`) and why. */
export interface Mismatch {
  readonly path: string;
  readonly message: string;
}

/** What one comparison found: the mismatches, and the values captures took (kept only if nothing mismatched). */
interface MatchResult {
  readonly mismatches: Mismatch[];
  readonly captured: [Capture, unknown][];
}

/** Compares `actual` with `expected` as described above; never throws. */
export function matchValue(expected: unknown, actual: unknown, path = ''): MatchResult {
  const result: MatchResult = { mismatches: [], captured: [] };
  compare(expected, actual, path, result);
  return result;
}

const show = (value: unknown): string => (isPattern(value) ? value.toString() : value === undefined ? 'nothing' : JSON.stringify(value));
const join = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

function compare(expected: unknown, actual: unknown, path: string, result: MatchResult): void {
  const at = path || '(the value)';
  if (expected instanceof Capture) {
    if (expected.pattern !== undefined) compare(expected.pattern, actual, path, result);
    if (actual === undefined) result.mismatches.push({ path: at, message: 'expected a value to capture, received nothing' });
    result.captured.push([expected, actual]);
  } else if (expected instanceof MatchPattern) {
    expected.compare(actual, path, result);
  } else if (isPattern(expected)) {
    if (!expected.asymmetricMatch(actual)) result.mismatches.push({ path: at, message: `expected ${show(expected)}, received ${show(actual)}` });
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      result.mismatches.push({ path: at, message: `expected an array, received ${show(actual)}` });
    } else if (actual.length !== expected.length) {
      result.mismatches.push({ path: at, message: `expected ${expected.length} items, received ${actual.length}: ${show(actual)} (Match.arrayWith matches some of them)` });
    } else {
      expected.forEach((item, i) => compare(item, actual[i], join(path, i), result));
    }
  } else if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) {
      result.mismatches.push({ path: at, message: `expected an object, received ${show(actual)}` });
      return;
    }
    for (const [key, value] of Object.entries(expected)) compare(value, actual[key], join(path, key), result);
  } else if (!Object.is(expected, actual)) {
    result.mismatches.push({ path: at, message: `expected ${show(expected)}, received ${show(actual)}` });
  }
}

/** A pattern of `Match`: compares through this module, so captures and mismatch paths work inside it. */
abstract class MatchPattern implements Pattern {
  public abstract compare(actual: unknown, path: string, result: MatchResult): void;
  public abstract toString(): string;

  public asymmetricMatch(actual: unknown): boolean {
    return matchValue(this, actual).mismatches.length === 0;
  }
}

class Absent extends MatchPattern {
  public compare(actual: unknown, path: string, result: MatchResult): void {
    if (actual !== undefined) result.mismatches.push({ path: path || '(the value)', message: `expected nothing, received ${show(actual)}` });
  }
  public toString(): string {
    return 'Match.absent()';
  }
}

class AnyValue extends MatchPattern {
  public compare(actual: unknown, path: string, result: MatchResult): void {
    if (actual === undefined || actual === null) result.mismatches.push({ path: path || '(the value)', message: `expected any value, received ${show(actual)}` });
  }
  public toString(): string {
    return 'Match.anyValue()';
  }
}

class Exact extends MatchPattern {
  constructor(private readonly value: unknown) {
    super();
  }
  public compare(actual: unknown, path: string, result: MatchResult): void {
    if (JSON.stringify(actual) !== JSON.stringify(this.value) || !sameKeys(this.value, actual)) {
      result.mismatches.push({ path: path || '(the value)', message: `expected exactly ${show(this.value)}, received ${show(actual)}` });
    }
  }
  public toString(): string {
    return `Match.exact(${JSON.stringify(this.value)})`;
  }
}

/** Exact also in key order's absence: `{a, b}` equals `{b, a}`. */
function sameKeys(expected: unknown, actual: unknown): boolean {
  if (Array.isArray(expected) && Array.isArray(actual)) return expected.length === actual.length && expected.every((item, i) => sameKeys(item, actual[i]));
  if (isPlainObject(expected) && isPlainObject(actual)) {
    const keys = Object.keys(expected);
    return keys.length === Object.keys(actual).length && keys.every((key) => sameKeys(expected[key], actual[key]));
  }
  return Object.is(expected, actual);
}

class ArrayWith extends MatchPattern {
  constructor(private readonly items: unknown[]) {
    super();
  }
  public compare(actual: unknown, path: string, result: MatchResult): void {
    const at = path || '(the value)';
    if (!Array.isArray(actual)) {
      result.mismatches.push({ path: at, message: `expected an array, received ${show(actual)}` });
      return;
    }
    // Each expected item, in order, matches a later item of the array than the one before it did.
    let from = 0;
    for (const item of this.items) {
      const found = actual.findIndex((candidate, i) => i >= from && matchValue(item, candidate).mismatches.length === 0);
      if (found < 0) {
        result.mismatches.push({ path: at, message: `expected an array with ${show(item)} (after the items before it), received ${show(actual)}` });
        return;
      }
      result.captured.push(...matchValue(item, actual[found]).captured);
      from = found + 1;
    }
  }
  public toString(): string {
    return `Match.arrayWith(${JSON.stringify(this.items)})`;
  }
}

/** Patterns for `toHaveResourceLike` and `toHaveDataSourceLike`, named as AWS CDK's `Match` names them. */
export const Match = {
  /** The property must be left out. */
  absent: (): unknown => new Absent(),
  /** Any value but `undefined` and `null`. */
  anyValue: (): unknown => new AnyValue(),
  /** `value` and nothing more: no extra key at any depth. */
  exact: (value: unknown): unknown => new Exact(value),
  /** An array holding these items (each matched partially) in this order, among others. */
  arrayWith: (items: unknown[]): unknown => new ArrayWith(items),
};

/**
 * Takes the value found where it stands in the matched resource, for a later assertion (a reference to another
 * resource, say). With a `pattern`, the value must also match it. Read `value` after the assertion; when several
 * resources match, `values` holds one value per resource, in the stack's order.
 */
export class Capture implements Pattern {
  private readonly found: unknown[] = [];

  constructor(public readonly pattern?: unknown) {}

  /** The value of the first resource that matched; fails when none did. */
  public get value(): unknown {
    if (this.found.length === 0) throw new Error('the Capture took no value: no resource matched the assertion it was in');
    return this.found[0];
  }

  /** The value of each resource that matched, in the stack's order. */
  public get values(): unknown[] {
    return [...this.found];
  }

  /** @internal Keeps the values of one assertion, replacing those of an earlier one. */
  public _keep(values: unknown[]): void {
    this.found.splice(0, this.found.length, ...values);
  }

  public asymmetricMatch(actual: unknown): boolean {
    const result = matchValue(this, actual);
    if (result.mismatches.length === 0) this._keep(result.captured.filter(([capture]) => capture === this).map(([, value]) => value));
    return result.mismatches.length === 0;
  }

  public toString(): string {
    return `Capture(${this.pattern === undefined ? '' : show(this.pattern)})`;
  }
}

/**
 * Keeps, in each capture of an assertion, the values it took in the resources that matched (in order), and nothing
 * else: a capture whose resources all failed to match is left empty.
 */
export function keepCaptures(all: MatchResult[], matched: MatchResult[]): void {
  const byCapture = new Map<Capture, unknown[]>();
  for (const result of all) for (const [capture] of result.captured) byCapture.set(capture, []);
  for (const result of matched) for (const [capture, value] of result.captured) byCapture.get(capture)!.push(value);
  for (const [capture, values] of byCapture) capture._keep(values);
}
