/** JSON pointers (RFC 6901) and the dotted property paths editors like to write. */

/** `/a/b~1c` → `['a', 'b/c']`; `''` → `[]`. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer.slice(1).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** `['a', 'b/c']` → `/a/b~1c`; `[]` → `''`. */
export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

/**
 * A field path as written in permissions and prefill mappings, into segments. Accepts a JSON
 * pointer (`/members/*\/name`) or a dotted path (`members[].name`, `members.*.name`); array items
 * are the segment `*`.
 */
export function parseFieldPath(path: string): string[] {
  if (path === '' || path.startsWith('/')) return parsePointer(path);
  return path
    .replaceAll('[*]', '.*')
    .replaceAll('[]', '.*')
    .split('.')
    .filter((s) => s !== '');
}

/** `#/properties/a/items/properties/b` (a JSON Forms scope) → data segments `['a', '*', 'b']`. */
export function scopeToFieldPath(scope: string): string[] | undefined {
  if (scope !== '#' && !scope.startsWith('#/')) return undefined;
  const parts = parsePointer(scope.slice(1));
  const segments: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === 'properties' && i + 1 < parts.length) segments.push(parts[++i] ?? '');
    else if (parts[i] === 'items') segments.push('*');
    else return undefined;
  }
  return segments;
}
