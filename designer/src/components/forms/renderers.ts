/**
 * The app's renderer set for JSON Forms (`@jsonforms/vue`), in Element Plus: text (and the
 * formats id-card, uscc, mobile-cn, region-code), textarea, number, date, select, radio,
 * checkboxes, yes/no, address with region picker, file upload bound to a material, table.
 */
import {
  and,
  formatIs,
  isBooleanControl,
  isControl,
  isDateControl,
  isIntegerControl,
  isLayout,
  isNumberControl,
  isStringControl,
  optionIs,
  rankWith,
  schemaMatches,
  schemaTypeIs,
  type JsonFormsRendererRegistryEntry,
  type JsonSchema,
} from '@jsonforms/core';
import ElAddressControl from './ElAddressControl.vue';
import ElBooleanControl from './ElBooleanControl.vue';
import ElDateControl from './ElDateControl.vue';
import ElEnumControl from './ElEnumControl.vue';
import ElFileControl from './ElFileControl.vue';
import ElLayout from './ElLayout.vue';
import ElMultiEnumControl from './ElMultiEnumControl.vue';
import ElNumberControl from './ElNumberControl.vue';
import ElTableControl from './ElTableControl.vue';
import ElTextControl from './ElTextControl.vue';

const hasChoices = (s: JsonSchema | undefined): boolean => Array.isArray((s as { oneOf?: unknown })?.oneOf) || Array.isArray((s as { enum?: unknown })?.enum);

export const elementRenderers: JsonFormsRendererRegistryEntry[] = [
  { renderer: ElLayout, tester: rankWith(1, isLayout) },
  { renderer: ElTextControl, tester: rankWith(1, isStringControl) },
  { renderer: ElNumberControl, tester: rankWith(2, isNumberControl) },
  { renderer: ElNumberControl, tester: rankWith(2, isIntegerControl) },
  { renderer: ElDateControl, tester: rankWith(3, isDateControl) },
  { renderer: ElBooleanControl, tester: rankWith(2, isBooleanControl) },
  { renderer: ElEnumControl, tester: rankWith(4, and(isControl, schemaTypeIs('string'), schemaMatches((s) => hasChoices(s)))) },
  {
    renderer: ElMultiEnumControl,
    tester: rankWith(4, and(isControl, schemaTypeIs('array'), schemaMatches((s) => hasChoices((s as { items?: JsonSchema }).items)))),
  },
  { renderer: ElAddressControl, tester: rankWith(5, and(isControl, schemaTypeIs('object'), optionIs('format', 'address'))) },
  { renderer: ElFileControl, tester: rankWith(5, and(isControl, schemaTypeIs('array'), optionIs('format', 'file'))) },
  {
    renderer: ElTableControl,
    tester: rankWith(3, and(isControl, schemaTypeIs('array'), schemaMatches((s) => (s as { items?: { type?: string } }).items?.type === 'object'))),
  },
  { renderer: ElTextControl, tester: rankWith(2, and(isStringControl, formatIs('id-card'))) },
];
