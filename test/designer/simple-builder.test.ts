import { expect } from 'chai';
import { loadBpmn } from '../../engine/src/model/index.js';
import {
  compileSimpleProcess,
  createNode,
  findNode,
  moveNode,
  parseSimpleModel,
  removeNode,
  type SimpleNode,
  type SimpleProcess,
  walkNodes,
} from '../../designer/src/lib/simple-builder/index.js';
import { engineReadyChain, fullChain, tongbanModdle } from './fixtures.js';

interface El {
  $type: string;
  id: string;
  [k: string]: unknown;
}

async function read(xml: string): Promise<{ root: El; warnings: { message: string }[] }> {
  const r = (await tongbanModdle().fromXML(xml)) as { rootElement: El; warnings: { message: string }[] };
  return { root: r.rootElement, warnings: r.warnings };
}

async function roundTrip(process: SimpleProcess): Promise<SimpleProcess> {
  const { xml } = compileSimpleProcess(process);
  const result = await parseSimpleModel(xml, tongbanModdle());
  expect(result.reason, result.reason?.message).to.equal(undefined);
  return result.process!;
}

function single(node: SimpleNode): SimpleProcess {
  return { key: 'p', name: '单节点', startName: '开始', endName: '结束', nodes: [node] };
}

describe('designer: simple builder → BPMN → simple builder', () => {
  it('round-trips the full chain (every node type, mode, operator, nesting)', async () => {
    expect(await roundTrip(fullChain())).to.deep.equal(fullChain());
  });

  const singles: [string, SimpleNode][] = [
    ['approver 或签 with groups', { type: 'approver', id: 'A', name: '审批', mode: 'anySign', assignees: { users: [], groups: ['d:r', 'e:s'] } }],
    ['approver 会签', { type: 'approver', id: 'A', name: '审批', mode: 'allSign', assignees: { users: ['u1', 'u2'], groups: [] } }],
    ['approver 依次', { type: 'approver', id: 'A', name: '审批', mode: 'sequential', assignees: { users: ['u1', 'u2'], groups: [] } }],
    ['approver 比例', { type: 'approver', id: 'A', name: '审批', mode: 'ratio', passRatio: 0.75, assignees: { users: ['u1', 'u2', 'u3', 'u4'], groups: [] } }],
    ['approver by FEEL expression and groups', { type: 'approver', id: 'A', name: '审批', mode: 'anySign', assignees: { users: [], groups: ['d:r'], expression: 'manager(applicant)' } }],
    ['approver with time limit', { type: 'approver', id: 'A', name: '审批', mode: 'anySign', assignees: { users: ['u'], groups: [] }, timeLimit: { workingDays: 7, action: 'autoReject' } }],
    ['CC', { type: 'cc', id: 'C', name: '抄送', recipients: { users: ['u1', 'u2'], groups: ['d:r'] } }],
    ['department hand-off', { type: 'handoff', id: 'H', name: '移交', topic: 'dept.review', timeLimit: { workingDays: 2, action: 'remind' } }],
    ['condition with an empty branch', { type: 'condition', id: 'G', name: '条件', branches: [{ id: 'F1', name: '是', condition: { kind: 'rules', combinator: 'and', rules: [{ field: 'ok', operator: 'eq', value: true }] }, nodes: [] }], defaultBranch: { id: 'F2', name: '否', nodes: [] } }],
    ['parallel with two branches', { type: 'parallel', id: 'P', name: '并行', branches: [{ id: 'F1', name: '甲', nodes: [] }, { id: 'F2', name: '乙', nodes: [{ type: 'cc', id: 'C', name: '抄送', recipients: { users: ['u'], groups: [] } }] }] }],
  ];
  for (const [title, node] of singles) {
    it(`round-trips ${title}`, async () => {
      expect(await roundTrip(single(node))).to.deep.equal(single(node));
    });
  }

  it('round-trips an empty chain', async () => {
    const empty: SimpleProcess = { key: 'p', name: '', startName: 'S', endName: 'E', nodes: [] };
    expect(await roundTrip(empty)).to.deep.equal(empty);
  });

  it('round-trips nodes made by the factory', async () => {
    const p: SimpleProcess = { key: 'p', name: 'n', startName: 'S', endName: 'E', nodes: [] };
    for (const t of ['approver', 'cc', 'handoff', 'parallel'] as const) p.nodes.push(createNode(t));
    const cond = createNode('condition');
    if (cond.type === 'condition') cond.branches[0]!.condition = { kind: 'rules', combinator: 'and', rules: [{ field: 'a', operator: 'eq', value: 1 }] };
    p.nodes.push(cond);
    expect(await roundTrip(p)).to.deep.equal(p);
  });

  it('escapes names and values in the XML', async () => {
    const node: SimpleNode = { type: 'approver', id: 'A', name: 'a<b>&"c"\n', mode: 'anySign', assignees: { users: [], groups: [], expression: 'if x < 1 then "a&b" else "c"' } };
    expect(await roundTrip(single(node))).to.deep.equal(single(node));
  });
});

describe('designer: generated BPMN', () => {
  it('parses with bpmn-moddle without warnings; a shape for every flow node and an edge for every flow', async () => {
    const { xml } = compileSimpleProcess(fullChain());
    const { root, warnings } = await read(xml);
    // The only warnings are the attributes the engine does not define yet.
    for (const w of warnings) expect(w.message).to.match(/^unknown attribute <tongban:(approvalMode|passRatio|timeLimit|timeoutAction|ccUsers|ccGroups)>$/);
    const process = (root.rootElements as El[])[0]!;
    const elements = process.flowElements as El[];
    const flows = elements.filter((e) => e.$type === 'bpmn:SequenceFlow');
    const nodes = elements.filter((e) => e.$type !== 'bpmn:SequenceFlow');
    const plane = ((root.diagrams as El[])[0]!.plane as El).planeElement as El[];
    const shapes = plane.filter((d) => d.$type === 'bpmndi:BPMNShape').map((d) => (d.bpmnElement as El).id);
    const edges = plane.filter((d) => d.$type === 'bpmndi:BPMNEdge').map((d) => (d.bpmnElement as El).id);
    expect(shapes.sort()).to.deep.equal(nodes.map((n) => n.id).sort());
    expect(edges.sort()).to.deep.equal(flows.map((f) => f.id).sort());
    // 2 events, 8 tasks, 2 + 2 gateways.
    expect(nodes).to.have.lengthOf(2 + 9 + 4);
  });

  it('lays out top to bottom: shapes do not overlap, every edge is orthogonal and goes down', async () => {
    const { xml } = compileSimpleProcess(fullChain());
    const { root } = await read(xml);
    const plane = ((root.diagrams as El[])[0]!.plane as El).planeElement as El[];
    type B = { x: number; y: number; width: number; height: number };
    const boxes = plane.filter((d) => d.$type === 'bpmndi:BPMNShape').map((d) => ({ id: (d.bpmnElement as El).id, b: d.bounds as B }));
    for (const [i, a] of boxes.entries()) {
      for (const c of boxes.slice(i + 1)) {
        const overlap = a.b.x < c.b.x + c.b.width && c.b.x < a.b.x + a.b.width && a.b.y < c.b.y + c.b.height && c.b.y < a.b.y + a.b.height;
        expect(overlap, `${a.id} overlaps ${c.id}`).to.equal(false);
      }
      expect(a.b.x).to.be.at.least(0);
      expect(a.b.y).to.be.at.least(0);
    }
    const start = boxes.find((b) => b.id === 'Start')!.b;
    const end = boxes.find((b) => b.id === 'End')!.b;
    expect(start.x).to.equal(end.x);
    for (const d of plane.filter((p) => p.$type === 'bpmndi:BPMNEdge')) {
      const pts = d.waypoint as { x: number; y: number }[];
      expect(pts.length).to.be.at.least(2);
      for (let i = 1; i < pts.length; i++) {
        const [p, q] = [pts[i - 1]!, pts[i]!];
        expect(p.x === q.x || p.y === q.y, `${(d.bpmnElement as El).id} segment ${i}`).to.equal(true);
        expect(q.y).to.be.at.least(p.y);
      }
    }
  });

  it('writes conditions as FEEL with the default branch marked', async () => {
    const { xml } = compileSimpleProcess(fullChain());
    expect(xml).to.contain('<bpmn:exclusiveGateway id="Amount" name="按金额" default="Flow_Other">');
    expect(xml).to.contain('=amount &gt; 100000 and applicant.type in [&quot;企业&quot;, &quot;个体&quot;]');
    expect(xml).to.contain('tongban:approvalMode="allSign"');
    expect(xml).to.contain('tongban:passRatio="0.6"');
    expect(xml).to.contain('tongban:timeLimit="P5WD" tongban:timeoutAction="autoApprove"');
    expect(xml).to.contain('tongban:candidateUsers="=experts"');
    expect(xml).to.contain('tongban:assignee="zhangsan"');
    expect(xml).to.contain('<bpmn:sendTask id="Notify" name="抄送科室" tongban:topic="tongban.cc" tongban:ccUsers="zhao" tongban:ccGroups="office:staff">');
  });

  it('leaves out a condition whose rules are incomplete and says which', () => {
    const p = single({ type: 'condition', id: 'G', name: '条件', branches: [{ id: 'F1', name: '是', condition: { kind: 'rules', combinator: 'and', rules: [{ field: '', operator: 'eq', value: '' }] }, nodes: [] }], defaultBranch: { id: 'F2', name: '否', nodes: [] } });
    const { xml, incomplete } = compileSimpleProcess(p);
    expect(incomplete).to.deep.equal([{ branchId: 'F1', problems: ['condition.problem.field', 'condition.problem.value'] }]);
    expect(xml).to.not.contain('conditionExpression');
  });

  it('passes the engine validation when it uses only what the engine executes today', async () => {
    const { xml } = compileSimpleProcess(engineReadyChain());
    const { problems, processes } = await loadBpmn(xml, { resource: 'ready.bpmn' });
    expect(problems).to.deep.equal([]);
    expect(processes[0]!.key).to.equal('ready');
  });

  it('gets engine problems, if any, only about its own elements (so the UI can mark them)', async () => {
    // Approval modes, CC and time limits arrive in the engine over time; whatever it still
    // refuses must name an element the builder drew.
    const { xml } = compileSimpleProcess(fullChain());
    const { root } = await read(xml);
    const ids = new Set(((root.rootElements as El[])[0]!.flowElements as El[]).map((e) => e.id));
    const { problems } = await loadBpmn(xml, { resource: 'full.bpmn' });
    for (const p of problems) expect(ids.has(p.elementId), `${p.elementId}: ${p.message}`).to.equal(true);
  });
});

describe('designer: diagrams that no longer fit the simple builder', () => {
  const base = (): string => compileSimpleProcess(engineReadyChain()).xml;
  const cases: [string, (xml: string) => string, string, string?][] = [
    ['a script task replacing a step', (x) => x.replace(/<bpmn:serviceTask id="Check" name="核查" tongban:topic="credit.check">([\s\S]*?)<\/bpmn:serviceTask>/, '<bpmn:scriptTask id="Check" name="核查">$1</bpmn:scriptTask>'), 'unsupportedElement', 'Check'],
    ['a second end event', (x) => x.replace('</bpmn:process>', '<bpmn:endEvent id="End2" /></bpmn:process>'), 'endEvents'],
    ['a flow that loops back', (x) => x.replace('</bpmn:process>', '<bpmn:sequenceFlow id="Back" sourceRef="A" targetRef="Accept" /></bpmn:process>'), 'fanIn', 'Accept'],
    ['a boundary event', (x) => x.replace('</bpmn:process>', '<bpmn:boundaryEvent id="Err" attachedToRef="Accept"><bpmn:errorEventDefinition /></bpmn:boundaryEvent></bpmn:process>'), 'unsupportedElement', 'Err'],
    ['a multi-instance step', (x) => x.replace('<bpmn:incoming>Flow_Accept</bpmn:incoming>', '<bpmn:incoming>Flow_Accept</bpmn:incoming><bpmn:multiInstanceLoopCharacteristics />'), 'unsupportedProperty', 'Accept'],
    ['documentation on a step', (x) => x.replace('<bpmn:incoming>Flow_Accept</bpmn:incoming>', '<bpmn:documentation>说明</bpmn:documentation><bpmn:incoming>Flow_Accept</bpmn:incoming>'), 'unsupportedProperty', 'Accept'],
    ['a condition without default branch', (x) => x.replace(' default="Flow_Person"', ''), 'defaultBranch', 'Kind'],
    ['a condition in JavaScript', (x) => x.replace('<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">', '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="javascript">'), 'condition', 'Flow_Company'],
    ['branches that meet at the wrong gateway', (x) => x.replace('<bpmn:sequenceFlow id="Flow_B_Both_join" sourceRef="B" targetRef="Both_join" />', '<bpmn:sequenceFlow id="Flow_B_Both_join" sourceRef="B" targetRef="Kind_join" />'), 'unmatchedBranches'],
    ['a foreign attribute', (x) => x.replace('<bpmn:userTask id="Accept"', '<bpmn:userTask xmlns:camunda="http://camunda.org/schema/1.0/bpmn" camunda:formKey="f" id="Accept"'), 'unsupportedAttribute', 'Accept'],
    ['a tongban attribute out of place', (x) => x.replace('<bpmn:userTask id="Accept"', '<bpmn:userTask tongban:topic="x" id="Accept"'), 'unsupportedAttribute', 'Accept'],
    ['a lane set', (x) => x.replace('isExecutable="true">', 'isExecutable="true"><bpmn:laneSet id="LS"><bpmn:lane id="L1" /></bpmn:laneSet>'), 'unsupportedProperty'],
    ['a collaboration', (x) => x.replace('<bpmn:process ', '<bpmn:collaboration id="Col"><bpmn:participant id="P1" processRef="ready" /></bpmn:collaboration><bpmn:process '), 'otherRootElement', 'Col'],
    ['a dangling task', (x) => x.replace('</bpmn:process>', '<bpmn:userTask id="Lonely" /></bpmn:process>'), 'unreachable', 'Lonely'],
    ['an unknown approval mode', (x) => x.replace('<bpmn:userTask id="Accept"', '<bpmn:userTask tongban:approvalMode="veto" id="Accept"'), 'badAttribute', 'Accept'],
  ];
  it('still fits before editing', async () => {
    const r = await parseSimpleModel(base(), tongbanModdle());
    expect(r.reason).to.equal(undefined);
    expect(r.process).to.deep.equal(engineReadyChain());
  });
  for (const [title, edit, code, elementId] of cases) {
    it(`reports ${title}`, async () => {
      const edited = edit(base());
      expect(edited, 'the edit applies').to.not.equal(base());
      const r = await parseSimpleModel(edited, tongbanModdle());
      expect(r.process).to.equal(undefined);
      expect(r.reason!.code, r.reason!.message).to.equal(code);
      if (elementId) expect(r.reason!.elementId).to.equal(elementId);
      expect(r.reason!.message.length).to.be.above(10);
    });
  }
});

describe('designer: builder factory', () => {
  it('creates nodes with distinct XML-name ids', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const n = createNode('condition');
      for (const node of walkNodes([n])) ids.add(node.id);
      expect(n.id).to.match(/^[A-Za-z_][\w]*$/);
    }
    expect(ids.size).to.equal(50);
  });

  it('finds, moves and removes nodes in nested branches', () => {
    const p = fullChain();
    expect(findNode(p, 'Health')?.name).to.equal('卫健委');
    expect(moveNode(p, 'Single', -1)).to.equal(true);
    expect(p.nodes[0]!.id).to.equal('Single');
    expect(moveNode(p, 'Single', -1)).to.equal(false);
    expect(removeNode(p, 'Fire')).to.equal(true);
    expect(findNode(p, 'Fire')).to.equal(undefined);
    expect(removeNode(p, 'Amount')).to.equal(true);
    expect(findNode(p, 'Health')).to.equal(undefined);
  });
});
