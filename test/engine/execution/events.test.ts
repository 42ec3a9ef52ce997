import { expect } from 'chai';
import type { EngineError } from '../../../engine/src/index.js';
import { definitionsXml, processXml } from '../../support/bpmn.js';
import { completeAt, deployXml, openTaskElements, type TestEngine, testEngine, trace } from '../../support/engine.js';

const HOUR = 3_600_000;
const timer = (kind: string, value: string) => `<timerEventDefinition><${kind}>${value}</${kind}></timerEventDefinition>`;
const ROOTS = `<message id="M_Paid" name="paid"/><message id="M_Withdraw" name="withdraw"/><message id="M_Urge" name="urge"/>
  <signal id="S_Closed" name="hall-closed"/><escalation id="Esc_Late" escalationCode="LATE"/><error id="Err_Fail" errorCode="FAIL"/>`;

describe('engine: events', function () {
  let t: TestEngine;
  before(async () => {
    t = await testEngine('events');
  });
  after(() => t.close());

  describe('event-based gateway', () => {
    before(() =>
      deployXml(
        t.engine,
        processXml(
          'race',
          `<startEvent id="s"/><eventBasedGateway id="gw"/>
           <intermediateCatchEvent id="paid" tongban:correlationKey="=caseNo"><messageEventDefinition messageRef="M_Paid"/></intermediateCatchEvent>
           <intermediateCatchEvent id="expired">${timer('timeDuration', 'PT24H')}</intermediateCatchEvent>
           <userTask id="issue"/><userTask id="cancelled"/>`,
          ['s->gw', 'gw->paid', 'gw->expired', 'paid->issue', 'expired->cancelled'],
          ROOTS,
        ),
        'race.bpmn',
      ),
    );

    it('the message wins the race: the timer is withdrawn', async () => {
      t.clock.set('2026-03-02T01:00:00Z');
      const i = await t.engine.startInstance('race', { variables: { caseNo: 'R-1' } });
      expect((await t.engine.getInstance(i.id))!.activeElementIds).to.deep.equal(['gw']);
      expect(await t.engine.queryJobs({ instanceId: i.id })).to.have.length(1);
      await t.engine.correlateMessage('paid', { correlationKey: 'R-1', variables: { amount: 100 } });
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['issue']);
      expect(await t.engine.queryJobs({ instanceId: i.id })).to.have.length(0);
      expect(await trace(t.engine, i.id)).to.deep.equal(['s', 'gw', 'paid', 'issue']);
    });

    it('the timer wins the race: the message subscription is withdrawn', async () => {
      t.clock.set('2026-03-02T01:00:00Z');
      const i = await t.engine.startInstance('race', { variables: { caseNo: 'R-2' } });
      t.clock.advance(24 * HOUR);
      expect(await t.engine.fireDueTimers()).to.equal(1);
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['cancelled']);
      const err = await t.engine.correlateMessage('paid', { correlationKey: 'R-2' }).catch((e: unknown) => e);
      expect((err as EngineError).code).to.equal('MESSAGE_NOT_CORRELATED');
    });
  });

  describe('event subprocesses', () => {
    before(() =>
      deployXml(
        t.engine,
        definitionsXml(`${ROOTS}<process id="esp" isExecutable="true">
          <startEvent id="s"/><userTask id="review"/><endEvent id="e"/>
          <sequenceFlow id="f1" sourceRef="s" targetRef="review"/><sequenceFlow id="f2" sourceRef="review" targetRef="e"/>
          <subProcess id="onWithdraw" triggeredByEvent="true">
            <startEvent id="ws" tongban:correlationKey="=caseNo"><messageEventDefinition messageRef="M_Withdraw"/></startEvent>
            <userTask id="archive"/><endEvent id="we"/>
            <sequenceFlow id="w1" sourceRef="ws" targetRef="archive"/><sequenceFlow id="w2" sourceRef="archive" targetRef="we"/>
          </subProcess>
          <subProcess id="onUrge" triggeredByEvent="true">
            <startEvent id="us" isInterrupting="false" tongban:correlationKey="=caseNo"><messageEventDefinition messageRef="M_Urge"/></startEvent>
            <userTask id="replyUrge"/><endEvent id="ue"/>
            <sequenceFlow id="u1" sourceRef="us" targetRef="replyUrge"/><sequenceFlow id="u2" sourceRef="replyUrge" targetRef="ue"/>
          </subProcess>
          <subProcess id="remindHourly" triggeredByEvent="true">
            <startEvent id="rs" isInterrupting="false">${timer('timeCycle', 'R2/PT1H')}</startEvent>
            <endEvent id="re"/><sequenceFlow id="r1" sourceRef="rs" targetRef="re"/>
          </subProcess>
        </process>`),
        'esp.bpmn',
      ),
    );

    it('non-interrupting: runs beside the main flow, which goes on', async () => {
      const i = await t.engine.startInstance('esp', { variables: { caseNo: 'E-1' } });
      await t.engine.correlateMessage('urge', { correlationKey: 'E-1' });
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['replyUrge', 'review']);
      await completeAt(t.engine, i.id, 'replyUrge');
      await completeAt(t.engine, i.id, 'review');
      expect((await t.engine.getInstance(i.id))!.status).to.equal('completed');
      // Its catches closed with the process scope.
      expect(await t.engine.queryJobs({ instanceId: i.id })).to.have.length(0);
      const err = await t.engine.correlateMessage('withdraw', { correlationKey: 'E-1' }).catch((e: unknown) => e);
      expect((err as EngineError).code).to.equal('MESSAGE_NOT_CORRELATED');
    });

    it('interrupting: cancels the main flow and the other event subprocesses', async () => {
      const i = await t.engine.startInstance('esp', { variables: { caseNo: 'E-2' } });
      await t.engine.correlateMessage('withdraw', { correlationKey: 'E-2' });
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['archive']);
      expect(await t.engine.queryJobs({ instanceId: i.id })).to.have.length(0);
      const err = await t.engine.correlateMessage('urge', { correlationKey: 'E-2' }).catch((e: unknown) => e);
      expect((err as EngineError).code).to.equal('MESSAGE_NOT_CORRELATED');
      await completeAt(t.engine, i.id, 'archive');
      expect((await t.engine.getInstance(i.id))!.status).to.equal('completed');
    });

    it('a non-interrupting timer cycle starts the subprocess each time, twice', async () => {
      t.clock.set('2026-03-02T01:00:00Z');
      const i = await t.engine.startInstance('esp', { variables: { caseNo: 'E-3' } });
      for (let n = 0; n < 4; n++) {
        t.clock.advance(HOUR);
        await t.engine.fireDueTimers();
      }
      const runs = (await t.engine.history(i.id)).filter((h) => h.type === 'eventSubprocessTriggered' && h.elementId === 'remindHourly');
      expect(runs).to.have.length(2);
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['review']);
    });
  });

  describe('error event subprocess inside a subprocess', () => {
    before(() =>
      deployXml(
        t.engine,
        definitionsXml(`${ROOTS}<process id="err_esp" isExecutable="true">
          <startEvent id="s"/>
          <subProcess id="work">
            <startEvent id="ws"/><userTask id="step"/><endEvent id="fail"><errorEventDefinition errorRef="Err_Fail"/></endEvent>
            <sequenceFlow id="w1" sourceRef="ws" targetRef="step"/><sequenceFlow id="w2" sourceRef="step" targetRef="fail"/>
            <subProcess id="handle" triggeredByEvent="true">
              <startEvent id="hs"><errorEventDefinition errorRef="Err_Fail"/></startEvent><userTask id="repair"/><endEvent id="he"/>
              <sequenceFlow id="h1" sourceRef="hs" targetRef="repair"/><sequenceFlow id="h2" sourceRef="repair" targetRef="he"/>
            </subProcess>
          </subProcess>
          <userTask id="after"/><endEvent id="e"/>
          <sequenceFlow id="f1" sourceRef="s" targetRef="work"/><sequenceFlow id="f2" sourceRef="work" targetRef="after"/><sequenceFlow id="f3" sourceRef="after" targetRef="e"/>
        </process>`),
        'err-esp.bpmn',
      ),
    );

    it('catches the error in its scope; the subprocess then completes normally', async () => {
      const i = await t.engine.startInstance('err_esp');
      await completeAt(t.engine, i.id, 'step');
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['repair']);
      await completeAt(t.engine, i.id, 'repair');
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['after']);
    });
  });

  describe('signals', () => {
    before(async () => {
      await deployXml(
        t.engine,
        processXml(
          'sig_wait',
          `<startEvent id="s"/><userTask id="queue"/>
           <boundaryEvent id="closed" attachedToRef="queue"><signalEventDefinition signalRef="S_Closed"/></boundaryEvent>
           <endEvent id="e"/><userTask id="rebook"/>`,
          ['s->queue', 'queue->e', 'closed->rebook'],
          ROOTS,
        ),
        'sig-wait.bpmn',
      );
      await deployXml(
        t.engine,
        processXml('sig_throw', `<startEvent id="s"/><userTask id="decide"/><endEvent id="announce"><signalEventDefinition signalRef="S_Closed"/></endEvent>`, [
          's->decide',
          'decide->announce',
        ], ROOTS),
        'sig-throw.bpmn',
      );
    });

    it('a signal end event reaches every instance waiting for it', async () => {
      const a = await t.engine.startInstance('sig_wait');
      const b = await t.engine.startInstance('sig_wait');
      const thrower = await t.engine.startInstance('sig_throw');
      await completeAt(t.engine, thrower.id, 'decide');
      expect(await openTaskElements(t.engine, a.id)).to.deep.equal(['rebook']);
      expect(await openTaskElements(t.engine, b.id)).to.deep.equal(['rebook']);
    });

    it('broadcastSignal from the API does the same, and reaches nobody twice', async () => {
      const a = await t.engine.startInstance('sig_wait');
      expect((await t.engine.broadcastSignal('hall-closed')).delivered).to.equal(1);
      expect(await openTaskElements(t.engine, a.id)).to.deep.equal(['rebook']);
      expect((await t.engine.broadcastSignal('hall-closed')).delivered).to.equal(0);
    });
  });

  describe('escalation', () => {
    before(() =>
      deployXml(
        t.engine,
        definitionsXml(`${ROOTS}<process id="esc" isExecutable="true">
          <startEvent id="s"/>
          <subProcess id="handle">
            <startEvent id="hs"/><userTask id="check"/><intermediateThrowEvent id="late"><escalationEventDefinition escalationRef="Esc_Late"/></intermediateThrowEvent>
            <userTask id="finish"/><endEvent id="he"/>
            <sequenceFlow id="h1" sourceRef="hs" targetRef="check"/><sequenceFlow id="h2" sourceRef="check" targetRef="late"/>
            <sequenceFlow id="h3" sourceRef="late" targetRef="finish"/><sequenceFlow id="h4" sourceRef="finish" targetRef="he"/>
          </subProcess>
          <boundaryEvent id="notify" attachedToRef="handle" cancelActivity="false"><escalationEventDefinition escalationRef="Esc_Late"/></boundaryEvent>
          <userTask id="supervise"/><endEvent id="e"/><endEvent id="e2"/>
          <sequenceFlow id="f1" sourceRef="s" targetRef="handle"/><sequenceFlow id="f2" sourceRef="handle" targetRef="e"/>
          <sequenceFlow id="f3" sourceRef="notify" targetRef="supervise"/><sequenceFlow id="f4" sourceRef="supervise" targetRef="e2"/>
        </process>`),
        'esc.bpmn',
      ),
    );

    it('a non-interrupting escalation boundary starts a parallel path; the thrower goes on', async () => {
      const i = await t.engine.startInstance('esc');
      await completeAt(t.engine, i.id, 'check');
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['finish', 'supervise']);
    });
  });

  describe('conditional events', () => {
    before(() =>
      deployXml(
        t.engine,
        processXml(
          'cond',
          `<startEvent id="s"/><parallelGateway id="fork"/>
           <intermediateCatchEvent id="whenPaid"><conditionalEventDefinition><condition>=paid = true</condition></conditionalEventDefinition></intermediateCatchEvent>
           <userTask id="issue"/><userTask id="collect"/>
           <boundaryEvent id="waived" attachedToRef="collect"><conditionalEventDefinition><condition>=feeWaived = true</condition></conditionalEventDefinition></boundaryEvent>
           <endEvent id="e1"/><endEvent id="e2"/><endEvent id="e3"/>`,
          ['s->fork', 'fork->whenPaid', 'fork->collect', 'whenPaid->issue', 'issue->e1', 'collect->e2', 'waived->e3'],
        ),
        'cond.bpmn',
      ),
    );

    it('a conditional catch waits until its condition becomes true through a variable change', async () => {
      const i = await t.engine.startInstance('cond', { variables: { paid: false } });
      expect((await t.engine.getInstance(i.id))!.activeElementIds.slice().sort()).to.deep.equal(['collect', 'whenPaid']);
      await t.engine.setVariables(i.id, { paid: true });
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['collect', 'issue']);
    });

    it('is true on entry: passes at once; an interrupting conditional boundary cancels its task', async () => {
      const i = await t.engine.startInstance('cond', { variables: { paid: true, feeWaived: false } });
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['collect', 'issue']);
      await t.engine.setVariables(i.id, { feeWaived: true });
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['issue']);
    });
  });

  describe('link events', () => {
    before(() =>
      deployXml(
        t.engine,
        processXml(
          'links',
          `<startEvent id="s"/><userTask id="a"/><intermediateThrowEvent id="goPage2"><linkEventDefinition name="page2"/></intermediateThrowEvent>
           <intermediateCatchEvent id="page2"><linkEventDefinition name="page2"/></intermediateCatchEvent><userTask id="b"/>`,
          ['s->a', 'a->goPage2', 'page2->b'],
        ),
        'links.bpmn',
      ),
    );

    it('a link throw continues at the link catch of the same name', async () => {
      const i = await t.engine.startInstance('links');
      await completeAt(t.engine, i.id, 'a');
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['b']);
      expect(await trace(t.engine, i.id)).to.deep.equal(['s', 'a', 'goPage2', 'page2', 'b']);
    });
  });

  describe('message start event', () => {
    before(() =>
      deployXml(
        t.engine,
        processXml('by_message', `<startEvent id="ms"><messageEventDefinition messageRef="M_Apply"/></startEvent><userTask id="accept"/>`, ['ms->accept'], '<message id="M_Apply" name="online-application"/>'),
        'by-message.bpmn',
      ),
    );

    it('a message nobody waits for starts the process that starts with it', async () => {
      const { instanceId } = await t.engine.correlateMessage('online-application', { correlationKey: 'WEB-77', variables: { applicant: '张三' } });
      const instance = await t.engine.getInstance(instanceId);
      expect(instance).to.include({ processKey: 'by_message', businessKey: 'WEB-77' });
      expect(instance!.variables).to.deep.equal({ applicant: '张三' });
      expect(await openTaskElements(t.engine, instanceId)).to.deep.equal(['accept']);
    });

    it('a process with only a message start cannot be started without the message', async () => {
      const err = await t.engine.startInstance('by_message').catch((e: unknown) => e);
      expect((err as EngineError).message).to.match(/starts by a message or signal/);
    });
  });
});
