/** Deep freezing of compiled models: a cached model is shared by every instance, so nobody may change it. */

/**
 * Freezes plain objects and arrays recursively, and walks the values of Maps and Sets.
 * Maps and Sets themselves stay mutable at run time; their `ReadonlyMap`/`ReadonlySet` types
 * keep callers from changing them.
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (value instanceof Map) {
    for (const v of value.values()) deepFreeze(v);
  } else if (value instanceof Set) {
    for (const v of value) deepFreeze(v);
  } else {
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return Object.freeze(value);
}
