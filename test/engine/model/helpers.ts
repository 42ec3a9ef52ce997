/** Small BPMN documents for the model tests. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadBpmn, type LoadedBpmn, type LoadBpmnOptions } from '../../../engine/src/model/index.js';
import type { ValidationProblem } from '../../../engine/src/model/types.js';

export const FIXTURES = path.resolve('test', 'fixtures', 'bpmn');

export function fixture(relative: string): string {
  return readFileSync(path.join(FIXTURES, relative), 'utf8');
}

/** A definitions document around the given process content (messages/errors go in `roots`). */
export function definitions(processBody: string, roots = '', processAttrs = 'isExecutable="true"'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
             xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
             xmlns:tongban="http://tongban.dev/schema/bpmn"
             id="Definitions_test" targetNamespace="http://tongban.dev/test">
  ${roots}
  <process id="p" name="Test" ${processAttrs}>
    ${processBody}
  </process>
</definitions>`;
}

/** start → x → end, where `element` is the node with id "x"; `extra` adds more process content. */
export function around(element: string, roots = '', extra = ''): string {
  return definitions(
    `<startEvent id="start" />
    ${element}
    <endEvent id="end" />
    <sequenceFlow id="f_in" sourceRef="start" targetRef="x" />
    <sequenceFlow id="f_out" sourceRef="x" targetRef="end" />
    ${extra}`,
    roots,
  );
}

export async function load(xml: string, options: LoadBpmnOptions = {}): Promise<LoadedBpmn> {
  return loadBpmn(xml, { resource: 'test.bpmn', ...options });
}

/** The problems of a document, as `elementId elementType` pairs, for compact assertions. */
export function ids(problems: readonly ValidationProblem[]): string[] {
  return problems.map((p) => `${p.elementId} ${p.elementType}`);
}
