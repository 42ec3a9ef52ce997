import { expect } from 'chai';
import { EngineError } from '../../../engine/src/index.js';
import { definitionsXml, processXml } from '../../support/bpmn.js';
import { completeAt, deployXml, openTaskElements, type TestEngine, testEngine, trace } from '../../support/engine.js';

const ERRORS = `<error id="Err_Missing" errorCode="MISSING_MATERIAL"/><error id="Err_Other" errorCode="OTHER"/>`;

describe('engine: subprocesses, call activities and errors', function () {
  let t: TestEngine;
  before(async () => {
    t = await testEngine('scopes');
  });
  after(() => t.close());

  describe('embedded subprocess', () => {
    before(() =>
      deployXml(
        t.engine,
        processXml(
          'sub',
          `<startEvent id="s"/>
           <subProcess id="review">
             <startEvent id="rs"/><userTask id="check"/><endEvent id="re"/>
             <sequenceFlow id="r1" sourceRef="rs" targetRef="check"/><sequenceFlow id="r2" sourceRef="check" targetRef="re"/>
           </subProcess>
           <userTask id="after"/><endEvent id="e"/>`,
          ['s->review', 'review->after', 'after->e'],
        ),
      ),
    );

    it('runs its inner flow and leaves when its scope is empty', async () => {
      const i = await t.engine.startInstance('sub');
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['check']);
      expect((await t.engine.getInstance(i.id))!.activeElementIds.slice().sort()).to.deep.equal(['check', 'review']);
      await completeAt(t.engine, i.id, 'check', { checked: true });
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['after']);
      expect(await trace(t.engine, i.id)).to.deep.equal(['s', 'review', 'rs', 'check', 're', 'after']);
      // Variables set by a task in the subprocess land in the process scope (nearest defining scope, else root).
      expect((await t.engine.getInstance(i.id))!.variables).to.deep.equal({ checked: true, check_outcome: 'approved' });
    });
  });

  describe('error thrown in a nested subprocess', () => {
    before(() =>
      deployXml(
        t.engine,
        processXml(
          'nested_error',
          `<startEvent id="s"/>
           <subProcess id="outer">
             <startEvent id="os"/>
             <subProcess id="inner">
               <startEvent id="is"/><userTask id="verify"/><exclusiveGateway id="ok"/>
               <endEvent id="fine"/>
               <endEvent id="raise"><errorEventDefinition errorRef="Err_Missing"/></endEvent>
               <sequenceFlow id="i1" sourceRef="is" targetRef="verify"/><sequenceFlow id="i2" sourceRef="verify" targetRef="ok"/>
               <sequenceFlow id="i3" sourceRef="ok" targetRef="fine"><conditionExpression>=complete</conditionExpression></sequenceFlow>
               <sequenceFlow id="i4" sourceRef="ok" targetRef="raise"><conditionExpression>=not(complete)</conditionExpression></sequenceFlow>
             </subProcess>
             <userTask id="parallelWork"/>
             <endEvent id="oe"/>
             <parallelGateway id="ofork"/>
             <sequenceFlow id="o1" sourceRef="os" targetRef="ofork"/><sequenceFlow id="o2" sourceRef="ofork" targetRef="inner"/>
             <sequenceFlow id="o3" sourceRef="ofork" targetRef="parallelWork"/>
             <sequenceFlow id="o4" sourceRef="inner" targetRef="oe"/><sequenceFlow id="o5" sourceRef="parallelWork" targetRef="oe"/>
           </subProcess>
           <boundaryEvent id="caught" attachedToRef="outer"><errorEventDefinition errorRef="Err_Missing"/></boundaryEvent>
           <userTask id="supplement"/><userTask id="approve"/><endEvent id="e"/><endEvent id="e2"/>`,
          ['s->outer', 'outer->approve', 'approve->e', 'caught->supplement', 'supplement->e2'],
          ERRORS,
        ),
      ),
    );

    it('is caught by the boundary event of the outer subprocess, cancelling everything inside', async () => {
      const i = await t.engine.startInstance('nested_error');
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['parallelWork', 'verify']);
      await completeAt(t.engine, i.id, 'verify', { complete: false });
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['supplement']);
      const history = await t.engine.history(i.id);
      expect(history.find((h) => h.type === 'errorCaught')?.elementId).to.equal('caught');
      expect(history.filter((h) => h.type === 'taskCancelled').map((h) => h.elementId)).to.deep.equal(['parallelWork']);
      expect((await t.engine.getInstance(i.id))!.activeElementIds).to.deep.equal(['supplement']);
    });

    it('does nothing unusual when no error is thrown', async () => {
      const i = await t.engine.startInstance('nested_error');
      await completeAt(t.engine, i.id, 'verify', { complete: true });
      await completeAt(t.engine, i.id, 'parallelWork');
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['approve']);
    });
  });

  describe('uncaught error', () => {
    before(() =>
      deployXml(
        t.engine,
        processXml('uncaught', `<startEvent id="s"/><userTask id="a"/><endEvent id="boom"><errorEventDefinition errorRef="Err_Other"/></endEvent>`, ['s->a', 'a->boom'], ERRORS),
      ),
    );

    it('refuses the command with the error code, leaving the task open', async () => {
      const i = await t.engine.startInstance('uncaught');
      const [task] = await t.engine.queryTasks({ instanceId: i.id });
      const err = await t.engine.completeTask(task!.id).catch((e: unknown) => e);
      expect((err as EngineError).code).to.equal('UNHANDLED_BPMN_ERROR');
      expect((err as EngineError).message).to.contain('OTHER');
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['a']);
    });
  });

  describe('call activity two levels deep', () => {
    before(async () => {
      await deployXml(
        t.engine,
        processXml('leaf', `<startEvent id="s"/><userTask id="leafTask"/><endEvent id="e"/>`, ['s->leafTask', 'leafTask->e']),
        'leaf.bpmn',
      );
      await deployXml(
        t.engine,
        definitionsXml(`<process id="middle" isExecutable="true">
          <startEvent id="s"/>
          <callActivity id="callLeaf" calledElement="leaf">
            <extensionElements><tongban:in source="=level + 1" target="level"/><tongban:out source="=leafResult" target="leafResult"/></extensionElements>
          </callActivity>
          <endEvent id="e"/>
          <sequenceFlow id="f1" sourceRef="s" targetRef="callLeaf"/><sequenceFlow id="f2" sourceRef="callLeaf" targetRef="e"/>
        </process>`),
        'middle.bpmn',
      );
      await deployXml(
        t.engine,
        processXml('top', `<startEvent id="s"/><callActivity id="callMiddle" calledElement="middle"/><userTask id="afterCall"/><endEvent id="e"/>`, [
          's->callMiddle',
          'callMiddle->afterCall',
          'afterCall->e',
        ]),
        'top.bpmn',
      );
    });

    it('passes variables down and back, and completes the parents when the leaf completes', async () => {
      const top = await t.engine.startInstance('top', { businessKey: 'case-7', variables: { level: 0 } });
      const [leafTask] = await t.engine.queryTasks({ businessKey: 'case-7' });
      expect(leafTask!.elementId).to.equal('leafTask');
      expect(leafTask!.processKey).to.equal('leaf');
      const leaf = await t.engine.getInstance(leafTask!.instanceId);
      expect(leaf!.variables).to.deep.equal({ level: 1 });
      const middle = await t.engine.getInstance(leaf!.parentId!);
      expect(middle!.processKey).to.equal('middle');
      expect(middle!.parentId).to.equal(top.id);

      await t.engine.completeTask(leafTask!.id, { variables: { leafResult: 'ok', leafOnly: 1 } });
      expect((await t.engine.getInstance(leaf!.id))!.status).to.equal('completed');
      expect((await t.engine.getInstance(middle!.id))!.status).to.equal('completed');
      const after = await t.engine.getInstance(top.id);
      expect(after!.activeElementIds).to.deep.equal(['afterCall']);
      // middle maps only leafResult out; top takes all of middle's variables (no mappings).
      expect(after!.variables).to.deep.equal({ level: 0, leafResult: 'ok' });
    });

    it('terminating the top instance terminates the called instances', async () => {
      const top = await t.engine.startInstance('top', { businessKey: 'case-8', variables: { level: 0 } });
      const [leafTask] = await t.engine.queryTasks({ businessKey: 'case-8' });
      await t.engine.terminateInstance(top.id, { reason: 'applicant withdrew' });
      expect((await t.engine.getInstance(leafTask!.instanceId))!.status).to.equal('terminated');
      expect(await t.engine.queryTasks({ businessKey: 'case-8' })).to.have.length(0);
    });
  });

  describe('error from a called instance', () => {
    before(async () => {
      await deployXml(
        t.engine,
        processXml('child_fails', `<startEvent id="s"/><endEvent id="fail"><errorEventDefinition errorRef="Err_Missing"/></endEvent>`, ['s->fail'], ERRORS),
        'child.bpmn',
      );
      await deployXml(
        t.engine,
        processXml(
          'parent_catches',
          `<startEvent id="s"/><callActivity id="call" calledElement="child_fails"/>
           <boundaryEvent id="onMissing" attachedToRef="call"><errorEventDefinition errorRef="Err_Missing"/></boundaryEvent>
           <endEvent id="e"/><userTask id="fix"/><endEvent id="e2"/>`,
          ['s->call', 'call->e', 'onMissing->fix', 'fix->e2'],
          ERRORS,
        ),
        'parent.bpmn',
      );
    });

    it('is caught at the call activity', async () => {
      const i = await t.engine.startInstance('parent_catches');
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['fix']);
    });
  });

  describe('call activity to a missing process', () => {
    before(() => deployXml(t.engine, processXml('calls_nothing', `<startEvent id="s"/><callActivity id="c" calledElement="does_not_exist"/>`, ['s->c'])));

    it('refuses to start, naming the missing key', async () => {
      const err = await t.engine.startInstance('calls_nothing').catch((e: unknown) => e);
      expect(err).to.be.instanceOf(EngineError);
      expect((err as EngineError).code).to.equal('DEFINITION_NOT_FOUND');
      expect((err as EngineError).message).to.contain('does_not_exist');
    });
  });
});
