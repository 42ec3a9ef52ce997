// bpmn-moddle ships no declaration for its entry point; moddle.ts wraps it with our own types.
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, options?: Record<string, unknown>): Promise<unknown>;
    toXML(element: unknown, options?: Record<string, unknown>): Promise<{ xml: string }>;
    create(type: string, attrs?: Record<string, unknown>): unknown;
  }
}
