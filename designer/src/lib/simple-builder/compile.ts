/**
 * Simple model → BPMN 2.0 XML with diagram interchange (bpmndi), written as text.
 */
import { TONGBAN_NS } from './encoding.js';
import type { Bounds, Graph, GraphFlow, GraphNode } from './graph.js';
import { buildGraph } from './graph.js';
import type { SimpleProcess } from './model.js';

/** Escapes text for an XML attribute value or element content. */
export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** Drops characters XML 1.0 does not allow at all (control characters other than tab and line breaks). */
function xmlText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return xmlEscape(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''));
}

const LOCAL: Record<GraphNode['type'], string> = {
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:UserTask': 'userTask',
  'bpmn:SendTask': 'sendTask',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
};

const n = (v: number): string => String(Math.round(v));
const bounds = (b: Bounds): string => `<dc:Bounds x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" />`;

function nodeXml(node: GraphNode, flows: readonly GraphFlow[]): string {
  const tag = `bpmn:${LOCAL[node.type]}`;
  let attrs = `id="${xmlText(node.id)}"`;
  if (node.name) attrs += ` name="${xmlText(node.name)}"`;
  for (const [k, v] of Object.entries(node.attrs)) attrs += ` tongban:${k}="${xmlText(v)}"`;
  if (node.defaultFlow) attrs += ` default="${xmlText(node.defaultFlow)}"`;
  const incoming = flows.filter((f) => f.target === node.id).map((f) => `      <bpmn:incoming>${xmlText(f.id)}</bpmn:incoming>\n`);
  const outgoing = flows.filter((f) => f.source === node.id).map((f) => `      <bpmn:outgoing>${xmlText(f.id)}</bpmn:outgoing>\n`);
  return `    <${tag} ${attrs}>\n${incoming.join('')}${outgoing.join('')}    </${tag}>\n`;
}

function flowXml(flow: GraphFlow): string {
  let attrs = `id="${xmlText(flow.id)}"`;
  if (flow.name) attrs += ` name="${xmlText(flow.name)}"`;
  attrs += ` sourceRef="${xmlText(flow.source)}" targetRef="${xmlText(flow.target)}"`;
  if (flow.condition === undefined) return `    <bpmn:sequenceFlow ${attrs} />\n`;
  return (
    `    <bpmn:sequenceFlow ${attrs}>\n` +
    `      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${xmlText(`=${flow.condition}`)}</bpmn:conditionExpression>\n` +
    `    </bpmn:sequenceFlow>\n`
  );
}

function diXml(graph: Graph): string {
  let out = '';
  for (const node of graph.nodes) {
    const marker = node.type === 'bpmn:ExclusiveGateway' ? ' isMarkerVisible="true"' : '';
    out += `      <bpmndi:BPMNShape id="${xmlText(node.id)}_di" bpmnElement="${xmlText(node.id)}"${marker}>${bounds(node.bounds)}`;
    if (node.label) out += `<bpmndi:BPMNLabel>${bounds(node.label)}</bpmndi:BPMNLabel>`;
    out += '</bpmndi:BPMNShape>\n';
  }
  for (const flow of graph.flows) {
    out += `      <bpmndi:BPMNEdge id="${xmlText(flow.id)}_di" bpmnElement="${xmlText(flow.id)}">`;
    out += flow.waypoints.map((p) => `<di:waypoint x="${n(p.x)}" y="${n(p.y)}" />`).join('');
    if (flow.label) out += `<bpmndi:BPMNLabel>${bounds(flow.label)}</bpmndi:BPMNLabel>`;
    out += '</bpmndi:BPMNEdge>\n';
  }
  return out;
}

/** Serialises a laid-out graph. */
export function graphToXml(graph: Graph): string {
  const key = xmlText(graph.key);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"' +
    ' xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"' +
    ' xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"' +
    ' xmlns:di="http://www.omg.org/spec/DD/20100524/DI"' +
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
    ` xmlns:tongban="${TONGBAN_NS}"` +
    ` id="Definitions_${key}" targetNamespace="http://tongban.dev/processes">\n` +
    `  <bpmn:process id="${key}"${graph.name ? ` name="${xmlText(graph.name)}"` : ''} isExecutable="true">\n` +
    graph.nodes.map((node) => nodeXml(node, graph.flows)).join('') +
    graph.flows.map(flowXml).join('') +
    '  </bpmn:process>\n' +
    `  <bpmndi:BPMNDiagram id="Diagram_${key}">\n` +
    `    <bpmndi:BPMNPlane id="Plane_${key}" bpmnElement="${key}">\n` +
    diXml(graph) +
    '    </bpmndi:BPMNPlane>\n' +
    '  </bpmndi:BPMNDiagram>\n' +
    '</bpmn:definitions>\n'
  );
}

export interface CompileResult {
  xml: string;
  /** Branches whose condition was left out because its rules are incomplete. */
  incomplete: Graph['incomplete'];
}

/** Compiles a simple process to BPMN 2.0 XML with a top-to-bottom diagram. */
export function compileSimpleProcess(process: SimpleProcess): CompileResult {
  const graph = buildGraph(process);
  return { xml: graphToXml(graph), incomplete: graph.incomplete };
}
