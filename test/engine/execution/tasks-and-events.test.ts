import { expect } from 'chai';
import type { EngineError } from '../../../engine/src/index.js';
import { BpmnError } from '../../../engine/src/index.js';
import { processXml } from '../../support/bpmn.js';
import { completeAt, deployXml, openTaskElements, type TestEngine, testEngine, trace } from '../../support/engine.js';

describe('engine: tasks, messages and end events', function () {
  let t: TestEngine;
  before(async () => {
    t = await testEngine('tasks_events');
  });
  after(() => t.close());

  describe('user task', () => {
    before(() =>
      deployXml(
        t.engine,
        processXml(
          'assign',
          `<startEvent id="s"/>
           <userTask id="literal" name="受理" tongban:assignee="zhang" tongban:candidateUsers="li, wang" tongban:candidateGroups="window:clerk"/>
           <userTask id="expr" tongban:assignee="=applicant.agent" tongban:candidateGroups="=[dept + &quot;:approver&quot;, &quot;supervisor&quot;]"/>
           <endEvent id="e"/>`,
          ['s->literal', 'literal->expr', 'expr->e'],
        ),
      ),
    );

    it('creates a task with literal assignee and candidates, and records who completed it', async () => {
      const i = await t.engine.startInstance('assign', { businessKey: 'B-1', variables: { applicant: { agent: 'village-agent-3' }, dept: 'market' } });
      const [task] = await t.engine.queryTasks({ instanceId: i.id });
      expect(task).to.include({ elementId: 'literal', name: '受理', assignee: 'zhang', businessKey: 'B-1', processKey: 'assign' });
      expect(task!.candidateUsers).to.deep.equal(['li', 'wang']);
      expect(task!.candidateGroups).to.deep.equal(['window:clerk']);
      expect(task!.createdAt.toISOString()).to.equal(t.clock.now().toISOString());

      await t.engine.completeTask(task!.id, { userId: 'zhang', outcome: 'approve', variables: { accepted: true } });
      const done = (await t.engine.history(i.id)).find((h) => h.type === 'taskCompleted');
      expect(done).to.include({ taskId: task!.id, userId: 'zhang', elementId: 'literal' });
      expect(done!.data).to.deep.equal({ outcome: 'approve', variables: { accepted: true } });
    });

    it('resolves assignee and candidate groups from FEEL expressions', async () => {
      const i = await t.engine.startInstance('assign', { variables: { applicant: { agent: 'village-agent-3' }, dept: 'market' } });
      await completeAt(t.engine, i.id, 'literal');
      const [task] = await t.engine.queryTasks({ instanceId: i.id });
      expect(task!.assignee).to.equal('village-agent-3');
      expect(task!.candidateGroups).to.deep.equal(['market:approver', 'supervisor']);
      expect(await t.engine.queryTasks({ candidateGroups: ['market:approver'], instanceId: i.id })).to.have.length(1);
    });

    it('refuses to complete a task that does not exist', async () => {
      const err = await t.engine.completeTask('no-such-task').catch((e: unknown) => e);
      expect((err as EngineError).code).to.equal('TASK_NOT_FOUND');
    });

    it('refuses a second completion of the same task as already completed', async () => {
      const i = await t.engine.startInstance('assign', { variables: { applicant: { agent: 'a' }, dept: 'x' } });
      const [task] = await t.engine.queryTasks({ instanceId: i.id });
      await t.engine.completeTask(task!.id, { userId: 'zhang' });
      const err = await t.engine.completeTask(task!.id, { userId: 'li' }).catch((e: unknown) => e);
      expect((err as EngineError).code).to.equal('TASK_ALREADY_COMPLETED');
      expect((err as EngineError).message).to.contain('zhang');
    });
  });

  describe('service task', () => {
    before(() =>
      deployXml(
        t.engine,
        processXml(
          'service',
          `<startEvent id="s"/><serviceTask id="lookup" tongban:topic="e-certificate"/>
           <boundaryEvent id="notFound" attachedToRef="lookup"><errorEventDefinition errorRef="E1"/></boundaryEvent>
           <userTask id="review"/><userTask id="manual"/><endEvent id="e"/><endEvent id="e2"/>`,
          ['s->lookup', 'lookup->review', 'review->e', 'notFound->manual', 'manual->e2'],
          '<error id="E1" errorCode="CERT_NOT_FOUND"/>',
        ),
      ),
    );
    afterEach(() => {
      // Handlers are per engine; tests below register what they need.
      t.engine.registerTaskHandler('e-certificate', () => {
        throw new Error('no handler expected');
      });
    });

    it('waits as an external job when no handler is registered, and continues on completion', async () => {
      const fresh = await testEngine('service_external');
      try {
        await deployXml(fresh.engine, processXml('ext', `<startEvent id="s"/><serviceTask id="push" tongban:topic="webhook"/><userTask id="next"/>`, ['s->push', 'push->next']));
        const i = await fresh.engine.startInstance('ext');
        const [job] = await fresh.engine.queryJobs({ topic: 'webhook' });
        expect(job).to.include({ instanceId: i.id, elementId: 'push', kind: 'serviceTask' });
        expect((await fresh.engine.getInstance(i.id))!.activeElementIds).to.deep.equal(['push']);
        await fresh.engine.completeJob(job!.id, { delivered: true });
        expect(await openTaskElements(fresh.engine, i.id)).to.deep.equal(['next']);
        expect((await fresh.engine.getInstance(i.id))!.variables).to.deep.equal({ delivered: true });
        expect(await fresh.engine.queryJobs({ topic: 'webhook' })).to.have.length(0);
        const err = await fresh.engine.completeJob(job!.id).catch((e: unknown) => e);
        expect((err as EngineError).code).to.equal('JOB_NOT_FOUND');
      } finally {
        await fresh.close();
      }
    });

    it('runs a registered in-process handler in the same command and stores its result', async () => {
      const seen: unknown[] = [];
      t.engine.registerTaskHandler('e-certificate', (job) => {
        seen.push(job.variables);
        return { licenceNo: 'JY1234' };
      });
      const i = await t.engine.startInstance('service', { variables: { idNumber: '11010519491231002X' } });
      expect(seen).to.deep.equal([{ idNumber: '11010519491231002X' }]);
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['review']);
      expect((await t.engine.getInstance(i.id))!.variables).to.include({ licenceNo: 'JY1234' });
    });

    it('routes a BpmnError from the handler to the error boundary event', async () => {
      t.engine.registerTaskHandler('e-certificate', () => {
        throw new BpmnError('CERT_NOT_FOUND', 'no certificate on file');
      });
      const i = await t.engine.startInstance('service');
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['manual']);
    });

    it('rolls the whole command back when a handler throws, and reports the error', async () => {
      t.engine.registerTaskHandler('e-certificate', () => {
        throw new Error('department system unreachable');
      });
      const before = (await t.engine.queryTasks({ processKey: 'service' })).length;
      const err = await t.engine.startInstance('service', { businessKey: 'rolled-back' }).catch((e: unknown) => e);
      expect((err as EngineError).code).to.equal('HANDLER_FAILED');
      expect((err as EngineError).message).to.contain('department system unreachable');
      expect((await t.engine.queryTasks({ processKey: 'service' })).length).to.equal(before);
      expect(await t.engine.queryTasks({ businessKey: 'rolled-back' })).to.have.length(0);
    });

    it('rolls back to the last wait state when a handler fails mid-way through a command', async () => {
      await deployXml(
        t.engine,
        processXml('midway', `<startEvent id="s"/><userTask id="first"/><serviceTask id="call" tongban:topic="flaky"/><userTask id="second"/>`, [
          's->first',
          'first->call',
          'call->second',
        ]),
        'midway.bpmn',
      );
      let fail = true;
      t.engine.registerTaskHandler('flaky', () => {
        if (fail) throw new Error('timeout');
        return { ok: true };
      });
      const i = await t.engine.startInstance('midway');
      const [first] = await t.engine.queryTasks({ instanceId: i.id });
      const err = await t.engine.completeTask(first!.id, { variables: { note: 'x' } }).catch((e: unknown) => e);
      expect((err as EngineError).code).to.equal('HANDLER_FAILED');
      const after = await t.engine.getInstance(i.id);
      expect(after!.activeElementIds).to.deep.equal(['first']);
      expect(after!.variables).to.deep.equal({});
      expect((await t.engine.history(i.id)).some((h) => h.type === 'taskCompleted')).to.equal(false);
      fail = false;
      await t.engine.completeTask(first!.id, { variables: { note: 'x' } });
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['second']);
    });
  });

  describe('script task', () => {
    before(() =>
      deployXml(
        t.engine,
        processXml(
          'script',
          `<startEvent id="s"/>
           <scriptTask id="fee" scriptFormat="feel" tongban:resultVariable="fee"><script>if area > 100 then 500 else 200</script></scriptTask>
           <userTask id="pay"/>`,
          ['s->fee', 'fee->pay'],
        ),
      ),
    );

    it('evaluates a FEEL script and stores the result', async () => {
      const i = await t.engine.startInstance('script', { variables: { area: 150 } });
      expect((await t.engine.getInstance(i.id))!.variables).to.deep.equal({ area: 150, fee: 500 });
    });

    it('runs another format only through a registered handler', async () => {
      const xml = processXml('groovy', `<startEvent id="s"/><scriptTask id="g" scriptFormat="groovy"><script>x = 1</script></scriptTask>`, ['s->g']);
      const refused = await deployXml(t.engine, xml, 'groovy.bpmn').catch((e: unknown) => e);
      expect((refused as EngineError).code).to.equal('DEPLOYMENT_INVALID');
      expect((refused as EngineError).message).to.contain('g');

      t.engine.registerScriptHandler('groovy', (job) => ({ ran: job.script }));
      await deployXml(t.engine, xml, 'groovy.bpmn');
      const i = await t.engine.startInstance('groovy');
      expect((await t.engine.getInstance(i.id))!.variables).to.deep.equal({ ran: 'x = 1' });
    });
  });

  describe('messages', () => {
    before(() =>
      deployXml(
        t.engine,
        processXml(
          'msg',
          `<startEvent id="s"/>
           <receiveTask id="waitPayment" messageRef="M_Paid" tongban:correlationKey="=caseNo"/>
           <intermediateCatchEvent id="waitSupplement" tongban:correlationKey="=caseNo"><messageEventDefinition messageRef="M_Supplement"/></intermediateCatchEvent>
           <userTask id="review"/>`,
          ['s->waitPayment', 'waitPayment->waitSupplement', 'waitSupplement->review'],
          '<message id="M_Paid" name="payment-received"/><message id="M_Supplement" name="materials-supplemented"/>',
        ),
      ),
    );

    it('correlates by message name and correlation key, to the right instance', async () => {
      const a = await t.engine.startInstance('msg', { variables: { caseNo: 'A-1' } });
      const b = await t.engine.startInstance('msg', { variables: { caseNo: 'B-2' } });
      const r = await t.engine.correlateMessage('payment-received', { correlationKey: 'B-2', variables: { paid: 300 } });
      expect(r.instanceId).to.equal(b.id);
      expect((await t.engine.getInstance(b.id))!.activeElementIds).to.deep.equal(['waitSupplement']);
      expect((await t.engine.getInstance(a.id))!.activeElementIds).to.deep.equal(['waitPayment']);
      expect((await t.engine.getInstance(b.id))!.variables).to.include({ paid: 300 });
      await t.engine.correlateMessage('materials-supplemented', { correlationKey: 'B-2' });
      expect(await openTaskElements(t.engine, b.id)).to.deep.equal(['review']);
    });

    it('refuses a message nobody waits for, changing nothing', async () => {
      const err = await t.engine.correlateMessage('payment-received', { correlationKey: 'nobody' }).catch((e: unknown) => e);
      expect((err as EngineError).code).to.equal('MESSAGE_NOT_CORRELATED');
    });
  });

  describe('message boundary events', () => {
    before(() =>
      deployXml(
        t.engine,
        processXml(
          'boundary_msg',
          `<startEvent id="s"/><userTask id="handle"/>
           <boundaryEvent id="withdrawn" attachedToRef="handle" tongban:correlationKey="=caseNo"><messageEventDefinition messageRef="M_W"/></boundaryEvent>
           <boundaryEvent id="urged" attachedToRef="handle" cancelActivity="false" tongban:correlationKey="=caseNo"><messageEventDefinition messageRef="M_U"/></boundaryEvent>
           <endEvent id="done"/><endEvent id="gone"/><userTask id="reply"/>`,
          ['s->handle', 'handle->done', 'withdrawn->gone', 'urged->reply'],
          '<message id="M_W" name="withdrawn"/><message id="M_U" name="urged"/>',
        ),
      ),
    );

    it('non-interrupting: starts a parallel path and keeps the task', async () => {
      const i = await t.engine.startInstance('boundary_msg', { variables: { caseNo: 'U-1' } });
      await t.engine.correlateMessage('urged', { correlationKey: 'U-1' });
      await t.engine.correlateMessage('urged', { correlationKey: 'U-1' });
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['handle', 'reply', 'reply']);
    });

    it('interrupting: cancels the task and leaves through the event; subscriptions close with the task', async () => {
      const i = await t.engine.startInstance('boundary_msg', { variables: { caseNo: 'W-1' } });
      await t.engine.correlateMessage('withdrawn', { correlationKey: 'W-1' });
      expect((await t.engine.getInstance(i.id))!.status).to.equal('completed');
      expect(await t.engine.queryTasks({ instanceId: i.id })).to.have.length(0);
      const err = await t.engine.correlateMessage('urged', { correlationKey: 'W-1' }).catch((e: unknown) => e);
      expect((err as EngineError).code).to.equal('MESSAGE_NOT_CORRELATED');
      expect(await trace(t.engine, i.id)).to.deep.equal(['s', 'handle', 'withdrawn', 'gone']);
    });
  });

  describe('end events', () => {
    before(() =>
      deployXml(
        t.engine,
        processXml(
          'terminate',
          `<startEvent id="s"/><parallelGateway id="fork"/><userTask id="a"/><userTask id="b"/>
           <endEvent id="stopAll"><terminateEventDefinition/></endEvent><endEvent id="e"/>`,
          ['s->fork', 'fork->a', 'fork->b', 'a->stopAll', 'b->e'],
        ),
      ),
    );

    it('terminate end event ends the instance and cancels the other branches', async () => {
      const i = await t.engine.startInstance('terminate');
      await completeAt(t.engine, i.id, 'a');
      const after = await t.engine.getInstance(i.id);
      expect(after!.status).to.equal('completed');
      expect(after!.activeElementIds).to.deep.equal([]);
      expect(await t.engine.queryTasks({ instanceId: i.id })).to.have.length(0);
      expect((await t.engine.history(i.id)).filter((h) => h.type === 'taskCancelled').map((h) => h.elementId)).to.deep.equal(['b']);
    });

    it('a task with no outgoing flow ends its token there (implicit end)', async () => {
      await deployXml(t.engine, processXml('implicit', `<startEvent id="s"/><userTask id="only"/>`, ['s->only']), 'implicit.bpmn');
      const i = await t.engine.startInstance('implicit');
      await completeAt(t.engine, i.id, 'only');
      expect((await t.engine.getInstance(i.id))!.status).to.equal('completed');
    });

    it('manual and abstract tasks and none throw events pass straight through', async () => {
      await deployXml(
        t.engine,
        processXml('passthrough', `<startEvent id="s"/><manualTask id="m"/><task id="t"/><intermediateThrowEvent id="milestone"/><endEvent id="e"/>`, [
          's->m',
          'm->t',
          't->milestone',
          'milestone->e',
        ]),
        'pt.bpmn',
      );
      const i = await t.engine.startInstance('passthrough');
      expect((await t.engine.getInstance(i.id))!.status).to.equal('completed');
      expect(await trace(t.engine, i.id)).to.deep.equal(['s', 'm', 't', 'milestone', 'e']);
    });
  });

  describe('terminate command', () => {
    it('cancels open tasks, records the reason and refuses further commands', async () => {
      const i = await t.engine.startInstance('terminate');
      await t.engine.terminateInstance(i.id, { reason: '申请人撤回', userId: 'clerk-1' });
      const view = await t.engine.getInstance(i.id);
      expect(view!.status).to.equal('terminated');
      expect(view!.endedAt!.toISOString()).to.equal(t.clock.now().toISOString());
      const last = (await t.engine.history(i.id)).at(-1)!;
      expect(last).to.include({ type: 'instanceTerminated', userId: 'clerk-1' });
      expect(last.data).to.deep.equal({ reason: '申请人撤回' });
      const err = await t.engine.setVariables(i.id, { x: 1 }).catch((e: unknown) => e);
      expect((err as EngineError).code).to.equal('INSTANCE_NOT_ACTIVE');
    });
  });
});
