/**
 * Shared bits of the Element Plus renderers for JSON Forms: options merged from config and UI
 * schema, the choices of an enum (`oneOf: [{ const, title }]` or `enum`), read-only state.
 */
import type { ControlElement, JsonSchema } from '@jsonforms/core';
import { useJsonFormsControl, type RendererProps } from '@jsonforms/vue';
import { computed } from 'vue';

export interface Choice {
  value: string;
  label: string;
}

export function choicesOf(schema: JsonSchema | undefined): Choice[] {
  if (!schema) return [];
  const s = schema as { oneOf?: Array<{ const?: unknown; title?: string }>; enum?: unknown[] };
  if (Array.isArray(s.oneOf)) return s.oneOf.filter((o) => o.const !== undefined).map((o) => ({ value: String(o.const), label: o.title ?? String(o.const) }));
  if (Array.isArray(s.enum)) return s.enum.map((v) => ({ value: String(v), label: String(v) }));
  return [];
}

export function useElControl(props: RendererProps<ControlElement>) {
  const input = useJsonFormsControl(props);
  const options = computed<Record<string, unknown>>(() => ({ ...(input.control.value.config ?? {}), ...(input.control.value.uischema.options ?? {}) }));
  const readonly = computed(() => !input.control.value.enabled);
  const frame = computed(() => {
    const c = input.control.value;
    return { label: c.label, required: c.required, errors: c.errors, description: c.description, visible: c.visible, id: c.id, readonly: !c.enabled };
  });
  const change = (value: unknown) => input.handleChange(input.control.value.path, value);
  return { ...input, options, readonly, frame, change };
}
