/**
 * A typed view of the bpmn-moddle objects we read. Only the properties validation and
 * compilation use are listed; bpmn-moddle gives every element more.
 */
import { BpmnModdle } from 'bpmn-moddle';
import { tongbanModdlePackage } from './extension.js';

/** A parsed BPMN element (a moddle object). */
export interface BpmnElement {
  readonly $type: string;
  readonly $parent?: BpmnElement;
  /** Attributes moddle did not map to a property, keyed `prefix:name`. */
  readonly $attrs?: Readonly<Record<string, string>>;
  $instanceOf(type: string): boolean;
  get(name: string): unknown;

  readonly id?: string;
  readonly name?: string;
  // definitions, processes and subprocesses
  readonly rootElements?: readonly BpmnElement[];
  readonly flowElements?: readonly BpmnElement[];
  readonly artifacts?: readonly BpmnElement[];
  readonly isExecutable?: boolean;
  readonly triggeredByEvent?: boolean;
  // sequence flows
  readonly sourceRef?: BpmnElement;
  readonly targetRef?: BpmnElement;
  readonly conditionExpression?: BpmnElement;
  readonly body?: string;
  readonly language?: string;
  // flow nodes
  readonly default?: BpmnElement;
  readonly loopCharacteristics?: BpmnElement;
  readonly isForCompensation?: boolean;
  readonly extensionElements?: BpmnElement;
  readonly values?: readonly BpmnElement[];
  readonly resources?: readonly BpmnElement[];
  // events
  readonly eventDefinitions?: readonly BpmnElement[];
  readonly eventDefinitionRef?: readonly BpmnElement[];
  readonly attachedToRef?: BpmnElement;
  readonly cancelActivity?: boolean;
  readonly messageRef?: BpmnElement;
  readonly errorRef?: BpmnElement;
  readonly errorCode?: string;
  // tasks
  readonly script?: string;
  readonly scriptFormat?: string;
  readonly calledElement?: string;
  readonly instantiate?: boolean;
}

/** A warning bpmn-moddle's reader records for content it could not map. */
export interface ModdleWarning {
  readonly message: string;
  readonly element?: BpmnElement;
  readonly property?: string;
  readonly value?: unknown;
}

export interface ModdleParseResult {
  readonly rootElement: BpmnElement;
  readonly warnings: readonly ModdleWarning[];
  readonly elementsById: Readonly<Record<string, BpmnElement>>;
}

/** A moddle with BPMN and our `tongban:` package, as bpmn-js will use it. */
export function createModdle(): BpmnModdle {
  // moddle rewrites the descriptors it registers (qualified names, ns objects): give it a copy
  // so that the exported package stays the plain JSON descriptor.
  return new BpmnModdle({ tongban: structuredClone(tongbanModdlePackage) });
}

export async function fromXml(moddle: BpmnModdle, xml: string): Promise<ModdleParseResult> {
  return (await moddle.fromXML(xml)) as ModdleParseResult;
}
