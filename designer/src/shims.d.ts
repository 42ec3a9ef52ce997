// Declarations for packages that ship none.
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, options?: Record<string, unknown>): Promise<{ rootElement: unknown; warnings: { message: string }[] }>;
    toXML(element: unknown, options?: Record<string, unknown>): Promise<{ xml: string }>;
  }
}

declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: unknown;
  export const BpmnPropertiesProviderModule: unknown;
  export function useService<T = unknown>(name: string, strict?: boolean): T;
}

declare module '@bpmn-io/properties-panel' {
  export const TextFieldEntry: unknown;
  export const SelectEntry: unknown;
  export function isTextFieldEntryEdited(node: unknown): boolean;
  export function isSelectEntryEdited(node: unknown): boolean;
}

declare module '@bpmn-io/properties-panel/preact/jsx-runtime' {
  export function jsx(type: unknown, props: Record<string, unknown>): unknown;
}

declare module 'bpmn-js-i18n/translations/zn' {
  const translations: Record<string, string>;
  export default translations;
}

declare module '@tongban/moddle-descriptor' {
  const descriptor: Record<string, unknown>;
  export default descriptor;
}
