/**
 * The process a bundle (一件事) runs, generated from its members' pinned processes:
 *
 *   start → 受理 `accept` (the lead department's window) → accepted? ─no→ end (不予受理)
 *                                                          └yes→ ⊕ → call member 1 … member n (in parallel) → ⊕ → end (办结)
 *
 * Each call activity runs a member's published process version (`calledElement` = its key,
 * `tongban:calledVersion` = its pinned version), with every variable of the bundle passed in
 * (situation variables, form, `approved`) and only the member's `approved` / `decision` passed
 * back as `member<n>Approved` / `member<n>Decision`, so members cannot overwrite each other's
 * variables nor the bundle's form. The engine deploys it like any inline BPMN when the bundle
 * is submitted; identical XML keeps its version.
 */
import type { BundleMember } from './bundle-types.js';
import { processKeyOf } from './published.js';

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A process key from a 实施编码: letters, digits and `_` only, starting with `bundle_`. */
export function bundleProcessKey(implCode: string): string {
  return `bundle_${implCode.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

const versionOf = (definitionId: string): string => definitionId.slice(definitionId.lastIndexOf(':') + 1);

export function bundleProcessXml(input: { implCode: string; name: string; departmentId: string; members: readonly BundleMember[] }): string {
  const key = bundleProcessKey(input.implCode);
  const n = input.members.length;
  const rowY = (i: number) => 80 + i * 120;
  const midY = rowY((n - 1) / 2);
  const calls = input.members.map((m) => {
    const id = `Member_${m.position}`;
    return `    <bpmn:callActivity id="${id}" name="${escape(m.name)}" calledElement="${escape(processKeyOf(m.processDefinitionId))}" tongban:calledVersion="${versionOf(m.processDefinitionId)}">
      <bpmn:extensionElements>
        <tongban:out source="=approved" target="member${m.position}Approved" />
        <tongban:out source="=decision" target="member${m.position}Decision" />
      </bpmn:extensionElements>
      <bpmn:incoming>Flow_To${id}</bpmn:incoming>
      <bpmn:outgoing>Flow_${id}Done</bpmn:outgoing>
    </bpmn:callActivity>
    <bpmn:sequenceFlow id="Flow_To${id}" sourceRef="Gateway_Split" targetRef="${id}" />
    <bpmn:sequenceFlow id="Flow_${id}Done" sourceRef="${id}" targetRef="Gateway_Join" />`;
  });
  const shapes = input.members.map((m, i) => {
    const id = `Member_${m.position}`;
    const y = rowY(i);
    return `      <bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="560" y="${y}" width="120" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_To${id}_di" bpmnElement="Flow_To${id}"><di:waypoint x="500" y="${midY + 40}" /><di:waypoint x="530" y="${y + 40}" /><di:waypoint x="560" y="${y + 40}" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_${id}Done_di" bpmnElement="Flow_${id}Done"><di:waypoint x="680" y="${y + 40}" /><di:waypoint x="710" y="${y + 40}" /><di:waypoint x="740" y="${midY + 40}" /></bpmndi:BPMNEdge>`;
  });
  const c = midY + 40; // centre line
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated for the bundle (一件事) ${escape(input.implCode)}: do not edit; it is composed again when the bundle is submitted. -->
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
                  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
                  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:tongban="http://tongban.dev/schema/bpmn"
                  id="Definitions_${key}" targetNamespace="http://tongban.dev/bundles">
  <bpmn:process id="${key}" name="${escape(input.name)}" isExecutable="true">
    <bpmn:startEvent id="Start_Applied" name="申请提交"><bpmn:outgoing>Flow_ToAccept</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="accept" name="一窗受理" tongban:candidateGroups="${escape(input.departmentId)}:clerk">
      <bpmn:incoming>Flow_ToAccept</bpmn:incoming><bpmn:outgoing>Flow_ToAccepted</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="Gateway_Accepted" name="是否受理" default="Flow_NotAccepted">
      <bpmn:incoming>Flow_ToAccepted</bpmn:incoming><bpmn:outgoing>Flow_Accepted</bpmn:outgoing><bpmn:outgoing>Flow_NotAccepted</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:endEvent id="End_NotAccepted" name="不予受理"><bpmn:incoming>Flow_NotAccepted</bpmn:incoming></bpmn:endEvent>
    <bpmn:parallelGateway id="Gateway_Split" name="并联办理">
      <bpmn:incoming>Flow_Accepted</bpmn:incoming>
${input.members.map((m) => `      <bpmn:outgoing>Flow_ToMember_${m.position}</bpmn:outgoing>`).join('\n')}
    </bpmn:parallelGateway>
${calls.join('\n')}
    <bpmn:parallelGateway id="Gateway_Join" name="全部办结">
${input.members.map((m) => `      <bpmn:incoming>Flow_Member_${m.position}Done</bpmn:incoming>`).join('\n')}
      <bpmn:outgoing>Flow_ToEnd</bpmn:outgoing>
    </bpmn:parallelGateway>
    <bpmn:endEvent id="End_Concluded" name="办结"><bpmn:incoming>Flow_ToEnd</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_ToAccept" sourceRef="Start_Applied" targetRef="accept" />
    <bpmn:sequenceFlow id="Flow_ToAccepted" sourceRef="accept" targetRef="Gateway_Accepted" />
    <bpmn:sequenceFlow id="Flow_Accepted" name="受理" sourceRef="Gateway_Accepted" targetRef="Gateway_Split">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=accepted = true</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="Flow_NotAccepted" name="不予受理" sourceRef="Gateway_Accepted" targetRef="End_NotAccepted" />
    <bpmn:sequenceFlow id="Flow_ToEnd" sourceRef="Gateway_Join" targetRef="End_Concluded" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_${key}">
    <bpmndi:BPMNPlane id="Plane_${key}" bpmnElement="${key}">
      <bpmndi:BPMNShape id="Start_Applied_di" bpmnElement="Start_Applied"><dc:Bounds x="100" y="${c - 18}" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="accept_di" bpmnElement="accept"><dc:Bounds x="190" y="${c - 40}" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Gateway_Accepted_di" bpmnElement="Gateway_Accepted" isMarkerVisible="true"><dc:Bounds x="340" y="${c - 25}" width="50" height="50" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_NotAccepted_di" bpmnElement="End_NotAccepted"><dc:Bounds x="347" y="${c + 80}" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Gateway_Split_di" bpmnElement="Gateway_Split"><dc:Bounds x="450" y="${c - 25}" width="50" height="50" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Gateway_Join_di" bpmnElement="Gateway_Join"><dc:Bounds x="740" y="${c - 25}" width="50" height="50" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_Concluded_di" bpmnElement="End_Concluded"><dc:Bounds x="850" y="${c - 18}" width="36" height="36" /></bpmndi:BPMNShape>
${shapes.join('\n')}
      <bpmndi:BPMNEdge id="Flow_ToAccept_di" bpmnElement="Flow_ToAccept"><di:waypoint x="136" y="${c}" /><di:waypoint x="190" y="${c}" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_ToAccepted_di" bpmnElement="Flow_ToAccepted"><di:waypoint x="290" y="${c}" /><di:waypoint x="340" y="${c}" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_Accepted_di" bpmnElement="Flow_Accepted"><di:waypoint x="390" y="${c}" /><di:waypoint x="450" y="${c}" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_NotAccepted_di" bpmnElement="Flow_NotAccepted"><di:waypoint x="365" y="${c + 25}" /><di:waypoint x="365" y="${c + 80}" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_ToEnd_di" bpmnElement="Flow_ToEnd"><di:waypoint x="790" y="${c}" /><di:waypoint x="850" y="${c}" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
