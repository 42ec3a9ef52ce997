/**
 * The process designer's state: one BPMN file seen two ways. In simple mode the chain is the
 * source and the XML is compiled from it; in modeler mode the modeler's XML is the source.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as api from '@/api';
import { createModdle } from '@/bpmn/moddle';
import { lintDefinitions, lintXml } from '@/lib/lint';
import { mergeProblems, type ValidationProblem } from '@/lib/problems';
import {
  compileSimpleProcess,
  emptyProcess,
  type ModdleElement,
  type NotSimpleReason,
  parseSimpleDefinitions,
  parseSimpleModel,
  type SimpleProcess,
} from '@/lib/simple-builder';

export type DesignerMode = 'simple' | 'modeler';
export type ValidationState = 'idle' | 'running' | 'done' | 'failed';

export const useDesignerStore = defineStore('designer', () => {
  const mode = ref<DesignerMode>('simple');
  const process = ref<SimpleProcess>(emptyProcess());
  /** The modeler's XML (modeler mode). */
  const modelerXml = ref('');
  /** Why the modeler's diagram does not fit the simple builder (undefined: it fits or unknown). */
  const notSimple = ref<NotSimpleReason>();
  /** The engine's problems (server validation or a refused deployment). */
  const problems = ref<ValidationProblem[]>([]);
  /** bpmnlint's, computed in the page on every edit. */
  const lintProblems = ref<ValidationProblem[]>([]);
  /** Both, engine first, each marked with its source: what the panel and the markers show. */
  const allProblems = computed(() => mergeProblems(problems.value, lintProblems.value));
  const validation = ref<ValidationState>('idle');
  const validationError = ref('');
  const definitionId = ref<string>();
  /** Key and name of the modeler's (first executable) process. */
  const modelerProcess = ref<{ key: string; name: string }>();
  let validationRun = 0;
  let lintRun = 0;

  const xml = computed(() => (mode.value === 'simple' ? compileSimpleProcess(process.value).xml : modelerXml.value));
  const current = computed(() => (mode.value === 'simple' ? { key: process.value.key, name: process.value.name } : (modelerProcess.value ?? { key: 'process', name: '' })));
  const resourceName = computed(() => `${current.value.key || 'process'}.bpmn`);

  function reset(): void {
    mode.value = 'simple';
    process.value = emptyProcess();
    modelerXml.value = '';
    notSimple.value = undefined;
    problems.value = [];
    lintProblems.value = [];
    validation.value = 'idle';
    definitionId.value = undefined;
  }

  /** Opens a deployed definition: in the simple builder when it fits, else in the modeler. */
  async function open(id: string): Promise<'simple' | 'modeler'> {
    const text = await api.definitionXml(id);
    definitionId.value = id;
    problems.value = [];
    lintProblems.value = [];
    validation.value = 'idle';
    const parsed = await parseSimpleModel(text, createModdle());
    if (parsed.process) {
      process.value = parsed.process;
      notSimple.value = undefined;
      mode.value = 'simple';
      return 'simple';
    }
    modelerXml.value = text;
    notSimple.value = parsed.reason;
    mode.value = 'modeler';
    return 'modeler';
  }

  /** Simple → modeler: the compiled XML goes into the modeler; nothing is lost. */
  function toModeler(): void {
    if (mode.value === 'modeler') return;
    modelerXml.value = compileSimpleProcess(process.value).xml;
    notSimple.value = undefined;
    mode.value = 'modeler';
  }

  /** Modeler → simple, when the diagram still fits; else records why and stays. */
  function toSimple(definitions: ModdleElement): boolean {
    const parsed = parseSimpleDefinitions(definitions);
    if (!parsed.process) {
      notSimple.value = parsed.reason;
      return false;
    }
    process.value = parsed.process;
    notSimple.value = undefined;
    mode.value = 'simple';
    return true;
  }

  /** Re-checks whether the modeler's diagram fits the simple builder (after an edit). */
  function recheck(definitions: ModdleElement): void {
    const parsed = parseSimpleDefinitions(definitions);
    notSimple.value = parsed.reason;
    const processes = ((definitions.rootElements as ModdleElement[] | undefined) ?? []).filter((r) => r.$type === 'bpmn:Process');
    const main = processes.find((p) => p.isExecutable === true) ?? processes[0];
    modelerProcess.value = main ? { key: main.id ?? 'process', name: main.name ?? '' } : undefined;
  }

  async function validate(): Promise<void> {
    const run = ++validationRun;
    validation.value = 'running';
    try {
      const result = await api.validate([{ name: resourceName.value, xml: xml.value }]);
      if (run !== validationRun) return;
      problems.value = result;
      validation.value = 'done';
      validationError.value = '';
    } catch (err) {
      if (run !== validationRun) return;
      validation.value = 'failed';
      validationError.value = (err as Error).message;
    }
  }

  /**
   * Lints the current diagram: the modeler's definitions as they are, or else the XML (the
   * simple builder's compiled file). A later run wins over one still going.
   */
  async function lint(definitions?: ModdleElement): Promise<void> {
    const run = ++lintRun;
    const found = definitions ? await lintDefinitions(definitions) : await lintXml(xml.value, createModdle());
    if (run === lintRun) lintProblems.value = found;
  }

  async function deploy(): Promise<api.DeploymentResult | undefined> {
    validationRun++;
    const name = current.value.name || current.value.key;
    const { result, problems: found } = await api.deploy(name, [{ name: resourceName.value, xml: xml.value }]);
    problems.value = found;
    validation.value = 'done';
    validationError.value = '';
    return result;
  }

  return { mode, process, modelerXml, modelerProcess, notSimple, problems, lintProblems, allProblems, validation, validationError, definitionId, xml, resourceName, reset, open, toModeler, toSimple, recheck, validate, lint, deploy };
});
