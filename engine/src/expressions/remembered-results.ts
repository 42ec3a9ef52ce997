/**
 * Remembered results of FEEL expressions.
 *
 * feelin parses an expression's text on every evaluation (its parser depends on the names in
 * the context, so it offers no compiled form), and parsing is most of the cost: about 55 µs of
 * the 60 µs that `approved = true` takes. A process evaluates the same few conditions over the
 * same few values again and again, so a result is remembered under the expression and the
 * values of the variables it can name. This is exact because such an expression is a pure
 * function of those values, and we remember only where that holds:
 *
 * - never for an expression that may read the clock (`now()`, `today()`: any text containing
 *   those words);
 * - only when every variable it can name holds plain JSON (a Date and its ISO string are
 *   different values in FEEL) and the key stays short;
 * - only results that are null, a boolean, a number or a string: an object or list handed out
 *   twice could be changed by the first receiver.
 */

/** A result that may be remembered. */
type Plain = string | number | boolean | null;

const LIMIT = 10_000;
const KEY_LIMIT = 1_000;
const CLOCK = /now|today/;

const results = new Map<string, Plain>();
/** Per expression text: the start of its keys, or null when it may read the clock. */
const keyStarts = new Map<string, string | null>();

/**
 * The variables of `context` that `feel` can name. A FEEL name is written out in the
 * expression token by token (feelin only normalises the blanks around `. / - ' + *` in it), so
 * a variable whose first token is not in the text cannot be named by it. Leaving such variables
 * out spares feelin the work of offering them to its parser.
 */
export function variablesNamedIn(feel: string, context: Record<string, unknown>): Record<string, unknown> {
  const named: Record<string, unknown> = {};
  for (const name of Object.keys(context)) {
    if (feel.includes(firstToken(name))) named[name] = context[name];
  }
  return named;
}

const firstTokens = new Map<string, string>();

function firstToken(name: string): string {
  let token = firstTokens.get(name);
  if (token === undefined) {
    token = name.split(/[\s./\-'+*]/, 1)[0]!;
    if (firstTokens.size >= LIMIT) firstTokens.clear();
    firstTokens.set(name, token);
  }
  return token;
}

/** The key a result of `feel` over `variables` is remembered under, or undefined when it must not be. */
export function resultKey(feel: string, variables: Record<string, unknown>): string | undefined {
  let start = keyStarts.get(feel);
  if (start === undefined) {
    start = CLOCK.test(feel) ? null : JSON.stringify(feel);
    if (keyStarts.size >= LIMIT) keyStarts.clear();
    keyStarts.set(feel, start);
  }
  if (start === null) return undefined;
  const key = new KeyWriter(start);
  for (const name of Object.keys(variables)) {
    if (!key.put(JSON.stringify(name)) || !key.value(variables[name])) return undefined;
  }
  return key.parts.join('\u0000');
}

/** Writes a type-faithful text of plain JSON values, within a length budget. */
class KeyWriter {
  readonly parts: string[];
  private left = KEY_LIMIT;

  constructor(start: string) {
    this.parts = [start];
  }

  put(text: string): boolean {
    this.left -= text.length + 1;
    this.parts.push(text);
    return this.left >= 0;
  }

  /** False for anything but plain JSON (a Date, a Map, a class instance, a function). */
  value(value: unknown): boolean {
    switch (typeof value) {
      case 'undefined':
        return this.put('u');
      case 'boolean':
        return this.put(value ? 't' : 'f');
      case 'number':
        return this.put(Object.is(value, -0) ? '#-0' : `#${value}`);
      case 'string':
        return this.put(JSON.stringify(value));
      case 'object':
        if (value === null) return this.put('n');
        if (Array.isArray(value)) return this.list(value);
        if (![Object.prototype, null].includes(Object.getPrototypeOf(value))) return false;
        return this.put('{') && Object.entries(value).every(([k, item]) => this.put(JSON.stringify(k)) && this.value(item)) && this.put('}');
      default:
        return false;
    }
  }

  private list(items: readonly unknown[]): boolean {
    if (!this.put('[')) return false;
    // By index: a hole is written as `undefined`, as FEEL reads it.
    for (let i = 0; i < items.length; i++) if (!this.value(items[i])) return false;
    return this.put(']');
  }
}

/** The remembered result, or undefined (`undefined` is never a FEEL result). */
export function rememberedResult(key: string): Plain | undefined {
  return results.get(key);
}

/** Remembers a plain result; others are not kept. */
export function rememberResult(key: string, value: unknown): void {
  if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return;
  if (results.size >= LIMIT) results.delete(results.keys().next().value!);
  results.set(key, value);
}
