import { bindModel, type ProcessTemplate } from '../../../engine/src/model/index.js';
import type { NodeModel } from '../../../engine/src/model/types.js';
import { expect } from './expect.js';
import { around, definitions, fixture, load } from './helpers.js';

async function compileFixture(name: string): Promise<ProcessTemplate> {
  const { problems, processes } = await load(fixture(`valid/${name}`), { resource: name });
  expect(problems).to.eql([]);
  expect(processes).to.have.lengthOf(1);
  return processes[0]!;
}

function node(template: ProcessTemplate, id: string): NodeModel {
  const found = template.nodes.get(id);
  expect(found, id).to.not.equal(undefined);
  return found!;
}

describe('model: compilation', () => {
  describe('approval.bpmn', () => {
    let approval: ProcessTemplate;
    before(async () => {
      approval = await compileFixture('approval.bpmn');
    });

    it('compiles the process with its key, name and start event', () => {
      expect(approval.key).to.equal('approval');
      expect(approval.name).to.equal('并联审批');
      expect(approval.startEventId).to.equal('start');
    });

    it('keeps every node in document order with its kind, scope and flows', () => {
      expect([...approval.nodes.values()].map((n) => [n.id, n.kind])).to.eql([
        ['start', 'startEvent'],
        ['accept', 'userTask'],
        ['split', 'parallelGateway'],
        ['reviewMarket', 'userTask'],
        ['reviewFire', 'userTask'],
        ['reviewEnvironment', 'userTask'],
        ['join', 'parallelGateway'],
        ['decide', 'exclusiveGateway'],
        ['issue', 'userTask'],
        ['endApproved', 'endEvent'],
        ['endRejected', 'endEvent'],
      ]);
      for (const n of approval.nodes.values()) expect(n.scopeId).to.equal('approval');
      expect(node(approval, 'split').outgoing).to.eql(['flow_split_market', 'flow_split_fire', 'flow_split_environment']);
      expect(node(approval, 'join').incoming).to.eql(['flow_market_join', 'flow_fire_join', 'flow_environment_join']);
      expect(node(approval, 'start').incoming).to.eql([]);
      expect(node(approval, 'start').event).to.eql({ kind: 'none' });
    });

    it('compiles the decision: a FEEL condition and a default flow', () => {
      const decide = node(approval, 'decide');
      expect(decide.defaultFlow).to.equal('flow_decide_rejected');
      expect(decide.outgoing).to.eql(['flow_decide_issue', 'flow_decide_rejected']);
      expect(approval.flows.get('flow_decide_issue')).to.eql({
        id: 'flow_decide_issue',
        name: '准予',
        sourceId: 'decide',
        targetId: 'issue',
        condition: { raw: '=approved = true', feel: 'approved = true' },
      });
      expect(approval.flows.get('flow_decide_rejected')!.condition).to.equal(undefined);
      expect(approval.flows.size).to.equal(12);
    });

    it('compiles the user task assignment and keeps the raw attributes as extensions', () => {
      const review = node(approval, 'reviewFire');
      expect(review.assignment).to.eql({ candidateGroups: { raw: 'fire-rescue', feel: 'fire-rescue' } });
      expect(review.extensions).to.eql({ candidateGroups: 'fire-rescue' });
      expect(review.boundaryEvents).to.eql([]);
    });
  });

  describe('supported-elements.bpmn', () => {
    let model: ProcessTemplate;
    before(async () => {
      model = await compileFixture('supported-elements.bpmn');
    });

    it('gives subprocess nodes the subprocess as scope, and the subprocess its start event', () => {
      const review = node(model, 'review');
      expect(review.kind).to.equal('subProcess');
      expect(review.startEventId).to.equal('reviewStart');
      expect(review.scopeId).to.equal('supportedElements');
      for (const id of ['reviewStart', 'examine', 'reminder', 'notifyOverdue', 'outcome', 'reviewEnd', 'rejectedEnd']) {
        expect(node(model, id).scopeId, id).to.equal('review');
      }
      expect(model.flows.get('toExamine')).to.eql({ id: 'toExamine', sourceId: 'reviewStart', targetId: 'examine' });
    });

    it('links boundary events and their activities', () => {
      expect(node(model, 'checkRegistry').boundaryEvents).to.eql(['registryDown']);
      expect(node(model, 'registryDown')).to.include({ attachedTo: 'checkRegistry', cancelActivity: true });
      expect(node(model, 'registryDown').event).to.eql({ kind: 'error', errorCode: 'REGISTRY_DOWN', errorName: 'Registry down' });
      expect(node(model, 'review').boundaryEvents).to.eql(['rejectedCatch']);
      expect(node(model, 'reminder')).to.include({ attachedTo: 'examine', cancelActivity: false });
      expect(node(model, 'reminder').event).to.eql({
        kind: 'message',
        messageName: 'reminder',
        correlationKey: { raw: '=caseNo', feel: 'caseNo' },
      });
      expect(node(model, 'withdrawn').event).to.eql({ kind: 'message', messageName: 'withdraw' });
    });

    it('compiles end events: none, terminate and error', () => {
      expect(node(model, 'end').event).to.eql({ kind: 'none' });
      expect(node(model, 'terminated').event).to.eql({ kind: 'terminate' });
      expect(node(model, 'rejectedEnd').event).to.eql({ kind: 'error', errorCode: 'REJECTED', errorName: 'Rejected' });
    });

    it('compiles tasks: script, service, send, user, receive, manual, plain', () => {
      expect(node(model, 'computeFee').script).to.eql({
        format: 'feel',
        body: '=amount * 0.1',
        expression: { raw: '=amount * 0.1', feel: 'amount * 0.1' },
        resultVariable: 'fee',
      });
      expect(node(model, 'checkRegistry').topic).to.equal('registry.lookup');
      expect(node(model, 'checkRegistry').extensions).to.eql({ async: 'true', topic: 'registry.lookup' });
      expect(node(model, 'notifyOverdue').topic).to.equal('sms.send');
      expect(node(model, 'examine').assignment).to.eql({
        assignee: { raw: '=reviewer', feel: 'reviewer' },
        candidateGroups: { raw: 'examiners', feel: 'examiners' },
      });
      expect(node(model, 'waitPayment').event).to.eql({
        kind: 'message',
        messageName: 'payment',
        correlationKey: { raw: '=caseNo', feel: 'caseNo' },
      });
      expect(node(model, 'manualCheck').kind).to.equal('manualTask');
      expect(node(model, 'archive').kind).to.equal('task');
      expect(node(model, 'archive').event).to.equal(undefined);
    });

    it('compiles the call activity with its version and variable mappings', () => {
      expect(node(model, 'issueCertificate').call).to.eql({
        processKey: 'certificate',
        version: 2,
        inputs: [
          { source: { raw: '=caseNo', feel: 'caseNo' }, target: 'caseNo' },
          { source: { raw: '=fee', feel: 'fee' }, target: 'paid' },
        ],
        outputs: [{ source: { raw: '=certificateNo', feel: 'certificateNo' }, target: 'certificateNo' }],
      });
    });

    it('compiles intermediate events', () => {
      expect(node(model, 'milestone')).to.include({ kind: 'intermediateThrowEvent' });
      expect(node(model, 'milestone').event).to.eql({ kind: 'none' });
      expect(node(model, 'waitPickup').event).to.eql({ kind: 'message', messageName: 'pickup', correlationKey: { raw: 'caseNo', feel: 'caseNo' } });
    });
  });

  it('defaults the called version to latest and leaves unmapped variables to pass through', async () => {
    const { processes } = await load(around('<callActivity id="x" calledElement=" child " />'));
    expect(processes[0]!.nodes.get('x')!.call).to.eql({ processKey: 'child', version: 'latest' });
  });

  it('compiles a script in a registered format without an expression', async () => {
    const { processes } = await load(around('<scriptTask id="x" scriptFormat="groovy"><script>1 + 1</script></scriptTask>'), { scriptFormats: ['groovy'] });
    expect(processes[0]!.nodes.get('x')!.script).to.eql({ format: 'groovy', body: '1 + 1' });
  });

  describe('inclusive joins', () => {
    it('lists the nodes a token may still come from, boundary paths included', async () => {
      const model = await compileFixture('inclusive-join.bpmn');
      const join = node(model, 'join');
      expect([...join.joinReachableFrom!].sort()).to.eql(['catchB', 'fixB', 'fork', 'start', 'taskA', 'taskB', 'taskC']);
      expect(node(model, 'fork').joinReachableFrom).to.equal(undefined);
      expect(node(model, 'taskB').boundaryEvents).to.eql(['catchB']);
      expect(node(model, 'catchB').event).to.eql({ kind: 'error' });
    });

    it('does not pass through the join itself in a loop', async () => {
      const xml = definitions(`
        <startEvent id="s" /><inclusiveGateway id="j" /><task id="t" /><exclusiveGateway id="again" default="back" /><endEvent id="e" />
        <task id="after" />
        <sequenceFlow id="f1" sourceRef="s" targetRef="j" />
        <sequenceFlow id="f2" sourceRef="j" targetRef="t" />
        <sequenceFlow id="f3" sourceRef="t" targetRef="again" />
        <sequenceFlow id="back" sourceRef="again" targetRef="j" />
        <sequenceFlow id="f4" sourceRef="again" targetRef="after"><conditionExpression xsi:type="tFormalExpression">=done</conditionExpression></sequenceFlow>
        <sequenceFlow id="f5" sourceRef="after" targetRef="e" />`);
      const { problems, processes } = await load(xml);
      expect(problems).to.eql([]);
      expect([...processes[0]!.nodes.get('j')!.joinReachableFrom!].sort()).to.eql(['again', 's', 't']);
    });
  });

  describe('immutability and binding', () => {
    it('deep-freezes the template', async () => {
      const model = await compileFixture('supported-elements.bpmn');
      expect(Object.isFrozen(model)).to.equal(true);
      for (const n of model.nodes.values()) {
        expect(Object.isFrozen(n), n.id).to.equal(true);
        expect(Object.isFrozen(n.incoming)).to.equal(true);
        expect(Object.isFrozen(n.extensions)).to.equal(true);
        if (n.event) expect(Object.isFrozen(n.event)).to.equal(true);
        if (n.call) expect(Object.isFrozen(n.call.inputs![0]!.source)).to.equal(true);
      }
      for (const f of model.flows.values()) expect(Object.isFrozen(f)).to.equal(true);
      const start = model.nodes.get('start') as unknown as { outgoing: string[] };
      expect(() => start.outgoing.push('x')).to.throw(/not extensible|read only|frozen/i);
    });

    it('binds a template to a definition id and version, sharing its nodes', async () => {
      const template = await compileFixture('approval.bpmn');
      const model = bindModel(template, 'approval:3:abc', 3);
      expect(model.definitionId).to.equal('approval:3:abc');
      expect(model.version).to.equal(3);
      expect(model.key).to.equal('approval');
      expect(model.nodes).to.equal(template.nodes);
      expect(Object.isFrozen(model)).to.equal(true);
      expect((template as { definitionId?: string }).definitionId).to.equal(undefined);
    });

    it('compiles every executable process of a file, in document order', async () => {
      const second = '<process id="second" isExecutable="true"><startEvent id="s2" /></process>';
      const xml = around('<task id="x" />').replace('</definitions>', `${second}</definitions>`);
      const { problems, processes } = await load(xml);
      expect(problems).to.eql([]);
      expect(processes.map((p) => p.key)).to.eql(['p', 'second']);
    });

    it('compiles nothing when any process has a problem', async () => {
      const broken = '<process id="second" isExecutable="true"><task id="t2" /></process>';
      const xml = around('<task id="x" />').replace('</definitions>', `${broken}</definitions>`);
      const { problems, processes } = await load(xml);
      expect(problems.map((p) => p.elementId)).to.eql(['second']);
      expect(processes).to.eql([]);
    });
  });
});
