/** Building `ValidationProblem`s whose messages name the element the way a modeller sees it. */
import type { ValidationProblem } from './types.js';
import type { BpmnElement } from './moddle.js';

/** Element type of problems about the file as a whole (size, DOCTYPE, XML syntax). */
export const FILE_TYPE = 'file';

// Where splitting the type name at capitals does not give the word modellers use.
const LABELS: Readonly<Record<string, string>> = {
  SubProcess: 'Subprocess',
  AdHocSubProcess: 'Ad-hoc subprocess',
  EventBasedGateway: 'Event-based gateway',
};

/** `bpmn:ExclusiveGateway` → `Exclusive gateway`. */
export function typeLabel(type: string): string {
  const local = type.includes(':') ? type.slice(type.indexOf(':') + 1) : type;
  if (LABELS[local]) return LABELS[local];
  const words = local.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * `Exclusive gateway "Check amount" (Gateway_1)`, or `Exclusive gateway Gateway_1` without a
 * name; an element without an id is placed in its container instead.
 */
export function describe(el: BpmnElement): string {
  const label = typeLabel(el.$type);
  const name = el.name?.replace(/\s+/g, ' ').trim();
  if (!el.id) {
    const where = el.$parent ? ` in ${describe(el.$parent)}` : '';
    return name ? `${label} "${name}"${where}` : `${label}${where}`;
  }
  return name ? `${label} "${name}" (${el.id})` : `${label} ${el.id}`;
}

function nearestId(el: BpmnElement): string | undefined {
  for (let p = el.$parent; p; p = p.$parent) if (p.id) return p.id;
  return undefined;
}

/** Collects problems of one file; every problem carries the resource name. */
export class Problems {
  readonly list: ValidationProblem[] = [];
  constructor(readonly resource: string) {}

  /** A problem about an element; ids fall back to the nearest ancestor's, then the file's. */
  at(el: BpmnElement, message: string): void {
    const elementId = el.id || nearestId(el) || this.resource;
    this.list.push({ elementId, elementType: el.$type, message, resource: this.resource });
  }

  /** A problem about the file itself. */
  file(message: string): void {
    this.list.push({ elementId: this.resource, elementType: FILE_TYPE, message, resource: this.resource });
  }

  get count(): number {
    return this.list.length;
  }
}
