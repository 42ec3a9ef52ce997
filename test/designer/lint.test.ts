import { expect } from 'chai';
import { lintDefinitions, lintXml, LINT_RULES } from '../../designer/src/lib/lint/index.js';
import { mergeProblems, sourceOf, type ValidationProblem } from '../../designer/src/lib/problems.js';
import { compileSimpleProcess } from '../../designer/src/lib/simple-builder/index.js';
import { engineReadyChain, fullChain, tongbanModdle } from './fixtures.js';

/**
 * A diagram with known modelling faults (ids name the fault). Like hand-written files it has no
 * `<incoming>`/`<outgoing>` lists: the linter derives them from the flows.
 */
const FAULTY = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="Defs" targetNamespace="http://tongban.dev/test">
  <bpmn:process id="faulty" isExecutable="true">
    <bpmn:startEvent id="Start" name="申请" />
    <bpmn:userTask id="Unnamed" />
    <bpmn:exclusiveGateway id="Choice" name="金额？" />
    <bpmn:userTask id="Big" name="大额审批" />
    <bpmn:userTask id="DeadEnd" name="无出口" />
    <bpmn:userTask id="Lonely" name="孤立任务" />
    <bpmn:endEvent id="End" name="结束" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Unnamed" />
    <bpmn:sequenceFlow id="F2" sourceRef="Unnamed" targetRef="Choice" />
    <bpmn:sequenceFlow id="NoCondition" sourceRef="Choice" targetRef="Big" />
    <bpmn:sequenceFlow id="F4" name="小额" sourceRef="Choice" targetRef="DeadEnd">
      <bpmn:conditionExpression>=amount &lt; 100</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="F5" sourceRef="Big" targetRef="End" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram">
    <bpmndi:BPMNPlane id="Plane" bpmnElement="faulty">
      <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Unnamed_di" bpmnElement="Unnamed"><dc:Bounds x="180" y="78" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Choice_di" bpmnElement="Choice"><dc:Bounds x="330" y="93" width="50" height="50" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Big_di" bpmnElement="Big"><dc:Bounds x="430" y="78" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="DeadEnd_di" bpmnElement="DeadEnd"><dc:Bounds x="430" y="200" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Lonely_di" bpmnElement="Lonely"><dc:Bounds x="100" y="300" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="F1_di" bpmnElement="F1"><di:waypoint x="136" y="118" /><di:waypoint x="180" y="118" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="F2_di" bpmnElement="F2"><di:waypoint x="280" y="118" /><di:waypoint x="330" y="118" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="NoCondition_di" bpmnElement="NoCondition"><di:waypoint x="380" y="118" /><di:waypoint x="430" y="118" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="F4_di" bpmnElement="F4"><di:waypoint x="355" y="143" /><di:waypoint x="430" y="240" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;

const pairs = (problems: ValidationProblem[]): string[] => problems.map((p) => `${p.rule} ${p.elementId}`).sort();

describe('designer: bpmnlint', () => {
  it('reports each known fault with its element id and rule name', async () => {
    const problems = await lintXml(FAULTY, tongbanModdle());
    expect(pairs(problems)).to.deep.equal(
      [
        'conditional-flows NoCondition',
        'label-required Unnamed',
        'no-bpmndi End',
        'no-bpmndi F5',
        'no-disconnected Lonely',
        'no-implicit-end DeadEnd',
        'no-implicit-end Lonely',
        'no-implicit-start Lonely',
      ].sort(),
    );
    for (const p of problems) expect(sourceOf(p)).to.equal('lint');
  });

  it('names the element kind and the severity of each rule', async () => {
    const problems = await lintXml(FAULTY, tongbanModdle());
    const byRule = new Map(problems.map((p) => [`${p.rule} ${p.elementId}`, p]));
    expect(byRule.get('label-required Unnamed')).to.include({ elementType: 'bpmn:UserTask', severity: 'error' });
    expect(byRule.get('conditional-flows NoCondition')).to.include({ elementType: 'bpmn:SequenceFlow', severity: 'error' });
    expect(byRule.get('no-bpmndi End')?.message).to.match(/diagram|BPMNDI/i);
  });

  it('rates warnings as warnings (a superfluous gateway is advice, not an error)', async () => {
    const xml = FAULTY.replace('<bpmn:userTask id="DeadEnd" name="无出口" />', '<bpmn:userTask id="DeadEnd" name="无出口" /><bpmn:exclusiveGateway id="Extra" />').replace(
      '<bpmn:sequenceFlow id="F5" sourceRef="Big" targetRef="End" />',
      '<bpmn:sequenceFlow id="F5" sourceRef="Big" targetRef="Extra" /><bpmn:sequenceFlow id="F6" sourceRef="Extra" targetRef="End" />',
    );
    const extra = (await lintXml(xml, tongbanModdle())).filter((p) => p.elementId === 'Extra');
    expect(extra.map((p) => [p.rule, p.severity])).to.deep.include(['superfluous-gateway', 'warn']);
  });

  it('finds nothing in what the simple builder compiles', async () => {
    for (const chain of [fullChain(), engineReadyChain()]) {
      const { rootElement } = (await tongbanModdle().fromXML(compileSimpleProcess(chain).xml)) as { rootElement: unknown };
      expect(pairs(await lintDefinitions(rootElement)), chain.key).to.deep.equal([]);
    }
  });

  it('turns a file that does not parse into one problem instead of throwing', async () => {
    const problems = await lintXml('<bpmn:definitions', tongbanModdle());
    expect(problems).to.have.length(1);
    expect(problems[0]).to.include({ source: 'lint', severity: 'error' });
  });

  it('leaves out the two recommended rules that contradict Tongban', () => {
    expect(LINT_RULES).not.to.have.property('no-inclusive-gateway');
    expect(LINT_RULES).not.to.have.property('superfluous-label');
    expect(LINT_RULES).to.have.property('label-required');
  });

  it('lists engine problems first, then lint errors, then lint warnings, each with its source', () => {
    const engine: ValidationProblem[] = [{ elementId: 'A', elementType: 'bpmn:UserTask', message: 'engine says no' }];
    const lint: ValidationProblem[] = [
      { elementId: 'B', elementType: '', message: 'w', source: 'lint', rule: 'superfluous-gateway', severity: 'warn' },
      { elementId: 'C', elementType: '', message: 'e', source: 'lint', rule: 'label-required', severity: 'error' },
    ];
    expect(mergeProblems(engine, lint).map((p) => [p.elementId, sourceOf(p)])).to.deep.equal([
      ['A', 'engine'],
      ['C', 'lint'],
      ['B', 'lint'],
    ]);
  });
});
