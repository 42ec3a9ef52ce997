/**
 * The `tongban:` moddle package: our BPMN extension attributes and elements, described the way
 * bpmn-moddle describes BPMN itself, so that bpmn-moddle parses them and bpmn-js can edit them.
 *
 * `tongban.json` beside this file is the same descriptor as a file for tools; a test keeps the
 * two equal. It is kept here as code because the engine's composite build does not include
 * JSON files. moddle rewrites the descriptors it is given, so pass it a copy
 * (`structuredClone(tongbanModdlePackage)`), as `createModdle` does.
 */

export interface ModdleProperty {
  readonly name: string;
  readonly type: string;
  readonly isAttr?: boolean;
  readonly isMany?: boolean;
  readonly default?: unknown;
}

export interface ModdleType {
  readonly name: string;
  readonly isAbstract?: boolean;
  readonly extends?: readonly string[];
  readonly superClass?: readonly string[];
  readonly meta?: Readonly<Record<string, unknown>>;
  readonly properties?: readonly ModdleProperty[];
}

export interface ModdlePackage {
  readonly name: string;
  readonly uri: string;
  readonly prefix: string;
  readonly xml?: { readonly tagAlias?: string };
  readonly associations: readonly unknown[];
  readonly types: readonly ModdleType[];
  readonly enumerations: readonly unknown[];
}

export const TONGBAN_URI = 'http://tongban.dev/schema/bpmn';
export const TONGBAN_PREFIX = 'tongban';

// Attribute values are all strings: FEEL text, names, or values we check ourselves
// ("true"/"false", "latest"/integer), so that bad values are reported instead of coerced.
const attr = (name: string): ModdleProperty => ({ name, isAttr: true, type: 'String' });

export const tongbanModdlePackage: ModdlePackage = {
  name: 'Tongban',
  uri: TONGBAN_URI,
  prefix: TONGBAN_PREFIX,
  xml: { tagAlias: 'lowerCase' },
  associations: [],
  types: [
    { name: 'AsyncCapable', isAbstract: true, extends: ['bpmn:FlowNode'], properties: [attr('async')] },
    {
      name: 'Assignable',
      isAbstract: true,
      extends: ['bpmn:UserTask'],
      properties: [attr('assignee'), attr('candidateUsers'), attr('candidateGroups')],
    },
    {
      name: 'Approval',
      isAbstract: true,
      extends: ['bpmn:UserTask'],
      properties: [
        attr('approvalMode'),
        attr('passRatio'),
        attr('collection'),
        attr('elementVariable'),
        attr('completionCondition'),
        attr('outcomeVariable'),
        attr('returnTargets'),
        attr('onEmptyAssignee'),
        attr('onStarterAssignee'),
        attr('dedupe'),
        attr('stepAdmin'),
        attr('dueDate'),
        attr('priority'),
        attr('timeLimit'),
        attr('timeoutAction'),
        attr('reminders'),
        attr('remindEvery'),
      ],
    },
    {
      name: 'LoopCollection',
      isAbstract: true,
      extends: ['bpmn:MultiInstanceLoopCharacteristics'],
      properties: [attr('collection'), attr('elementVariable')],
    },
    { name: 'TopicCapable', isAbstract: true, extends: ['bpmn:ServiceTask', 'bpmn:SendTask'], properties: [attr('topic')] },
    { name: 'CarbonCopy', isAbstract: true, extends: ['bpmn:SendTask'], properties: [attr('ccUsers'), attr('ccGroups')] },
    { name: 'ScriptResult', isAbstract: true, extends: ['bpmn:ScriptTask'], properties: [attr('resultVariable')] },
    { name: 'Calling', isAbstract: true, extends: ['bpmn:CallActivity'], properties: [attr('calledVersion')] },
    {
      name: 'MessageCorrelation',
      isAbstract: true,
      extends: ['bpmn:ReceiveTask', 'bpmn:IntermediateCatchEvent', 'bpmn:BoundaryEvent', 'bpmn:StartEvent'],
      properties: [attr('correlationKey')],
    },
    { name: 'VariableMapping', isAbstract: true, properties: [attr('source'), attr('target')] },
    { name: 'In', superClass: ['Element', 'VariableMapping'], meta: { allowedIn: ['bpmn:CallActivity'] } },
    { name: 'Out', superClass: ['Element', 'VariableMapping'], meta: { allowedIn: ['bpmn:CallActivity'] } },
  ],
  enumerations: [],
};

/** Local names of every `tongban:` attribute on flow nodes, in the order the README lists them. */
export const TONGBAN_ATTRIBUTES: readonly string[] = tongbanModdlePackage.types
  .filter((t) => t.extends !== undefined)
  .flatMap((t) => (t.properties ?? []).map((p) => p.name));
