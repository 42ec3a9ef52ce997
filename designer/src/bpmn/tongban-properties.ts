/**
 * Properties-panel group "通办" for our `tongban:` attributes. Attributes the engine knows come
 * from its moddle package; those the simple builder writes for later engine versions are kept
 * as extra attributes (`$attrs`) and labelled as not supported yet.
 */
import { SelectEntry, TextFieldEntry, isSelectEntryEdited, isTextFieldEntryEdited } from '@bpmn-io/properties-panel';
import { jsx } from '@bpmn-io/properties-panel/preact/jsx-runtime';
import { useService } from 'bpmn-js-properties-panel';
import { is } from 'bpmn-js/lib/util/ModelUtil';

interface Element {
  id: string;
  businessObject: { get(name: string): unknown };
}

type Label = (key: string) => string;

interface AttributeEntry {
  /** Local name: `tongban:<attr>`. */
  attr: string;
  types: readonly string[];
  options?: readonly string[];
  /** i18n key of the description, when there is one. */
  hint?: string;
}

const ENTRIES: readonly AttributeEntry[] = [
  { attr: 'assignee', types: ['bpmn:UserTask'], hint: 'panel.assigneeHint' },
  { attr: 'candidateUsers', types: ['bpmn:UserTask'], hint: 'panel.candidateUsersHint' },
  { attr: 'candidateGroups', types: ['bpmn:UserTask'], hint: 'panel.candidateGroupsHint' },
  { attr: 'approvalMode', types: ['bpmn:UserTask'], options: ['', 'allSign', 'anySign', 'sequential', 'ratio'] },
  { attr: 'passRatio', types: ['bpmn:UserTask'], hint: 'panel.passRatioHint' },
  { attr: 'topic', types: ['bpmn:ServiceTask', 'bpmn:SendTask'] },
  { attr: 'ccUsers', types: ['bpmn:SendTask'], hint: 'panel.candidateUsersHint' },
  { attr: 'ccGroups', types: ['bpmn:SendTask'], hint: 'panel.candidateGroupsHint' },
  { attr: 'timeLimit', types: ['bpmn:UserTask', 'bpmn:ServiceTask'], hint: 'panel.timeLimitHint' },
  { attr: 'timeoutAction', types: ['bpmn:UserTask', 'bpmn:ServiceTask'], options: ['', 'remind', 'autoApprove', 'autoReject'] },
  { attr: 'correlationKey', types: ['bpmn:ReceiveTask', 'bpmn:IntermediateCatchEvent', 'bpmn:BoundaryEvent'], hint: 'panel.correlationKeyHint' },
  { attr: 'resultVariable', types: ['bpmn:ScriptTask'] },
  { attr: 'calledVersion', types: ['bpmn:CallActivity'], hint: 'panel.calledVersionHint' },
  { attr: 'async', types: ['bpmn:FlowNode'], options: ['', 'true', 'false'] },
];

function read(element: Element, attr: string): string {
  const v = element.businessObject.get(`tongban:${attr}`);
  return typeof v === 'string' ? v : '';
}

function AttributeField(props: { element: Element; id: string; entry: AttributeEntry; label: Label }): unknown {
  const { element, id, entry, label } = props;
  const modeling = useService<{ updateProperties(el: Element, props: Record<string, unknown>): void }>('modeling');
  const debounce = useService('debounceInput');
  const getValue = (): string => read(element, entry.attr);
  const setValue = (value: string): void => {
    modeling.updateProperties(element, { [`tongban:${entry.attr}`]: value === '' ? undefined : value });
  };
  const common = { element, id, label: label(`panel.${entry.attr}`), getValue, setValue };
  if (entry.options) {
    const getOptions = (): { value: string; label: string }[] =>
      entry.options!.map((o) => ({ value: o, label: o === '' ? '—' : label(`panel.option.${o}`) === `panel.option.${o}` ? o : `${label(`panel.option.${o}`)} (${o})` }));
    return jsx(SelectEntry, { ...common, getOptions, ...(entry.attr === 'approvalMode' ? { description: label('panel.approvalHint') } : {}) });
  }
  const description = entry.hint ? { description: label(entry.hint) } : {};
  return jsx(TextFieldEntry, { ...common, debounce, ...description });
}

export class TongbanPropertiesProvider {
  static $inject = ['propertiesPanel', 'config.tongbanPanel'];

  private readonly label: Label;

  constructor(propertiesPanel: { registerProvider(priority: number, provider: unknown): void }, config: { label?: Label } | undefined) {
    this.label = config?.label ?? ((key) => key);
    propertiesPanel.registerProvider(400, this);
  }

  getGroups(element: Element): (groups: unknown[]) => unknown[] {
    return (groups) => {
      const entries = ENTRIES.filter((e) => e.types.some((t) => is(element, t))).map((entry) => ({
        id: `tongban-${entry.attr}`,
        element,
        entry,
        label: this.label,
        component: AttributeField,
        isEdited: entry.options ? isSelectEntryEdited : isTextFieldEntryEdited,
      }));
      if (entries.length > 0) groups.splice(1, 0, { id: 'tongban', label: this.label('panel.group'), entries });
      return groups;
    };
  }
}

export const TongbanPropertiesModule = {
  __init__: ['tongbanPropertiesProvider'],
  tongbanPropertiesProvider: ['type', TongbanPropertiesProvider],
};
