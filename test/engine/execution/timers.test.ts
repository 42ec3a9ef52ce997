import { expect } from 'chai';
import type { EngineError } from '../../../engine/src/index.js';
import { processXml } from '../../support/bpmn.js';
import { completeAt, deployXml, openTaskElements, type TestEngine, testEngine, trace } from '../../support/engine.js';

const HOUR = 3_600_000;
const timer = (kind: 'timeDuration' | 'timeDate' | 'timeCycle', value: string) =>
  `<timerEventDefinition><${kind} xsi:type="tFormalExpression">${value}</${kind}></timerEventDefinition>`;

describe('engine: timers (injectable clock, no waiting)', function () {
  let t: TestEngine;
  before(async () => {
    t = await testEngine('timers');
    await deployXml(
      t.engine,
      processXml(
        'wait_then',
        `<startEvent id="s"/><intermediateCatchEvent id="cool">${timer('timeDuration', 'PT2H')}</intermediateCatchEvent><userTask id="after"/>`,
        ['s->cool', 'cool->after'],
      ),
      'wait.bpmn',
    );
    await deployXml(
      t.engine,
      processXml(
        'remind',
        `<startEvent id="s"/><userTask id="handle"/>
         <boundaryEvent id="reminder" attachedToRef="handle" cancelActivity="false">${timer('timeCycle', 'R3/PT1H')}</boundaryEvent>
         <serviceTask id="sendReminder" tongban:topic="sms"/><endEvent id="e"/><endEvent id="re"/>`,
        ['s->handle', 'handle->e', 'reminder->sendReminder', 'sendReminder->re'],
      ),
      'remind.bpmn',
    );
    await deployXml(
      t.engine,
      processXml(
        'deadline',
        `<startEvent id="s"/>
         <subProcess id="review">
           <startEvent id="rs"/><parallelGateway id="f"/><userTask id="check"/>
           <userTask id="inner"/><boundaryEvent id="innerReminder" attachedToRef="inner" cancelActivity="false">${timer('timeDuration', 'PT1H')}</boundaryEvent>
           <endEvent id="ie"/><endEvent id="re"/>
           <sequenceFlow id="r1" sourceRef="rs" targetRef="f"/><sequenceFlow id="r2" sourceRef="f" targetRef="check"/>
           <sequenceFlow id="r3" sourceRef="f" targetRef="inner"/><sequenceFlow id="r4" sourceRef="check" targetRef="re"/>
           <sequenceFlow id="r5" sourceRef="inner" targetRef="re"/><sequenceFlow id="r6" sourceRef="innerReminder" targetRef="ie"/>
         </subProcess>
         <boundaryEvent id="overdue" attachedToRef="review">${timer('timeDuration', 'P5WD')}</boundaryEvent>
         <userTask id="escalate"/><endEvent id="e"/><endEvent id="e2"/>`,
        ['s->review', 'review->e', 'overdue->escalate', 'escalate->e2'],
      ),
      'deadline.bpmn',
    );
  });
  after(() => t.close());

  it('an intermediate timer waits until its duration has passed', async () => {
    t.clock.set('2026-03-02T01:00:00Z');
    const i = await t.engine.startInstance('wait_then');
    const [job] = await t.engine.queryJobs({ instanceId: i.id });
    expect(job!.kind).to.equal('timer');
    expect(job!.dueAt!.toISOString()).to.equal('2026-03-02T03:00:00.000Z');
    t.clock.advance(2 * HOUR - 1);
    expect(await t.engine.fireDueTimers()).to.equal(0);
    expect((await t.engine.getInstance(i.id))!.activeElementIds).to.deep.equal(['cool']);
    t.clock.advance(1);
    expect(await t.engine.fireDueTimers()).to.equal(1);
    expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['after']);
    expect(await t.engine.queryJobs({ instanceId: i.id })).to.have.length(0);
  });

  it('a non-interrupting R3/PT1H boundary timer fires three times and stops', async () => {
    t.clock.set('2026-03-02T01:00:00Z');
    const sent: string[] = [];
    t.engine.registerTaskHandler('sms', (job) => {
      sent.push(job.instanceId);
    });
    const i = await t.engine.startInstance('remind');
    for (let hour = 1; hour <= 5; hour++) {
      t.clock.advance(HOUR);
      await t.engine.fireDueTimers();
    }
    expect(sent).to.have.length(3);
    const fired = (await t.engine.history(i.id)).filter((h) => h.type === 'timerFired');
    expect(fired.map((h) => h.data!.dueAt)).to.deep.equal(['2026-03-02T02:00:00.000Z', '2026-03-02T03:00:00.000Z', '2026-03-02T04:00:00.000Z']);
    expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['handle']);
    expect(await t.engine.queryJobs({ instanceId: i.id })).to.have.length(0);
  });

  it('completing the activity cancels its boundary timers', async () => {
    const i = await t.engine.startInstance('remind');
    expect(await t.engine.queryJobs({ instanceId: i.id })).to.have.length(1);
    await completeAt(t.engine, i.id, 'handle');
    expect(await t.engine.queryJobs({ instanceId: i.id })).to.have.length(0);
    expect((await t.engine.getInstance(i.id))!.status).to.equal('completed');
  });

  it('an interrupting timer cancels a running subprocess with its inner timers and tasks (5 working days across a holiday)', async () => {
    // From Friday 2026-09-25 the five working days are 9-28, 9-29, 9-30 and, after National Day (10-1…10-7), 10-8 and 10-9.
    t.clock.set('2026-09-25T02:00:00Z');
    const i = await t.engine.startInstance('deadline');
    const jobs = await t.engine.queryJobs({ instanceId: i.id });
    expect(jobs.map((j) => j.elementId).sort()).to.deep.equal(['innerReminder', 'overdue']);
    const overdue = jobs.find((j) => j.elementId === 'overdue')!;
    expect(overdue.dueAt!.toISOString()).to.equal('2026-10-09T15:59:59.999Z'); // end of that day, Beijing time

    t.clock.set('2026-10-09T15:59:59.998Z');
    await t.engine.fireDueTimers(); // only the inner one-hour reminder fires
    expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['check', 'inner']);

    t.clock.set('2026-10-09T16:00:00Z');
    expect(await t.engine.fireDueTimers()).to.equal(1);
    expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['escalate']);
    expect(await t.engine.queryJobs({ instanceId: i.id })).to.have.length(0);
    const cancelled = (await t.engine.history(i.id)).filter((h) => h.type === 'taskCancelled').map((h) => h.elementId).sort();
    expect(cancelled).to.deep.equal(['check', 'inner']);
    expect(await trace(t.engine, i.id)).to.include.members(['overdue', 'escalate']);
  });

  it('a timer firing after its token moved on changes nothing', async () => {
    const i = await t.engine.startInstance('remind');
    const [job] = await t.engine.queryJobs({ instanceId: i.id });
    await completeAt(t.engine, i.id, 'handle');
    expect(await t.engine.fireTimer(job!.id)).to.equal(false);
  });

  it('refuses invalid timer values at deploy with the element named', async () => {
    const err = await deployXml(
      t.engine,
      processXml('bad_timer', `<startEvent id="s"/><intermediateCatchEvent id="never">${timer('timeDuration', 'two hours')}</intermediateCatchEvent>`, ['s->never']),
      'bad.bpmn',
    ).catch((e: unknown) => e);
    expect((err as EngineError).code).to.equal('DEPLOYMENT_INVALID');
    expect((err as EngineError).message).to.contain('never');
    expect((err as EngineError).message).to.contain('two hours');
  });

  it('evaluates FEEL timer values when the timer starts', async () => {
    await deployXml(
      t.engine,
      processXml('feel_timer', `<startEvent id="s"/><intermediateCatchEvent id="w">${timer('timeDuration', '=limit')}</intermediateCatchEvent><userTask id="a"/>`, [
        's->w',
        'w->a',
      ]),
      'feel.bpmn',
    );
    t.clock.set('2026-03-02T01:00:00Z');
    const i = await t.engine.startInstance('feel_timer', { variables: { limit: 'PT30M' } });
    const [job] = await t.engine.queryJobs({ instanceId: i.id });
    expect(job!.dueAt!.toISOString()).to.equal('2026-03-02T01:30:00.000Z');
  });

  describe('suspension stops the clock', () => {
    before(() =>
      deployXml(
        t.engine,
        processXml(
          'limit5',
          `<startEvent id="s"/><userTask id="handle"/>
           <boundaryEvent id="overdue" attachedToRef="handle">${timer('timeDuration', 'P5WD')}</boundaryEvent>
           <boundaryEvent id="nudge" attachedToRef="handle" cancelActivity="false">${timer('timeDuration', 'PT48H')}</boundaryEvent>
           <endEvent id="e"/><userTask id="late"/><endEvent id="n"/>`,
          ['s->handle', 'handle->e', 'overdue->late', 'nudge->n'],
        ),
        'limit5.bpmn',
      ),
    );

    it('suspended on a Thursday and resumed after National Day, a 5-working-day limit keeps the days it had left', async () => {
      // Tuesday 2026-09-22 10:00 Beijing: 5 working days are 9-23, 9-24, 9-28, 9-29, 9-30 (Mid-Autumn 9-25…27).
      t.clock.set('2026-09-22T02:00:00Z');
      const i = await t.engine.startInstance('limit5');
      const due = async () => Object.fromEntries((await t.engine.queryJobs({ instanceId: i.id })).map((j) => [j.elementId, j.dueAt!.toISOString()]));
      expect(await due()).to.deep.equal({ overdue: '2026-09-30T15:59:59.999Z', nudge: '2026-09-24T02:00:00.000Z' });

      // Thursday 9-24 09:00 Beijing: 补正 — the applicant must supplement materials; the clock stops.
      t.clock.set('2026-09-24T01:00:00Z');
      await t.engine.suspendInstance(i.id, { reason: '补正：缺少营业执照副本', userId: 'clerk-7' });
      expect(await t.engine.queryJobs({ instanceId: i.id })).to.have.length(0);
      expect((await t.engine.getInstance(i.id))!.suspended).to.deep.equal({ at: '2026-09-24T01:00:00.000Z', reason: '补正：缺少营业执照副本' });
      const [task] = await t.engine.queryTasks({ instanceId: i.id });
      const refused = await t.engine.completeTask(task!.id).catch((e: unknown) => e);
      expect((refused as EngineError).code).to.equal('INSTANCE_SUSPENDED');

      // Thursday 10-08 10:00 Beijing, after National Day: resumed. 9-24 was used; 9-28, 9-29, 9-30 and 10-8 passed
      // while suspended, so 3 working days remain: 10-9, 10-10 (a make-up Saturday) and 10-12.
      t.clock.set('2026-10-08T02:00:00Z');
      await t.engine.resumeInstance(i.id, { userId: 'clerk-7' });
      // The 48-hour nudge had 1 hour left when the clock stopped: it keeps that hour.
      expect(await due()).to.deep.equal({ overdue: '2026-10-12T15:59:59.999Z', nudge: '2026-10-08T03:00:00.000Z' });
      const history = await t.engine.history(i.id);
      expect(history.filter((h) => h.type === 'instanceSuspended' || h.type === 'instanceResumed').map((h) => [h.type, h.userId, h.time.toISOString()])).to.deep.equal([
        ['instanceSuspended', 'clerk-7', '2026-09-24T01:00:00.000Z'],
        ['instanceResumed', 'clerk-7', '2026-10-08T02:00:00.000Z'],
      ]);

      t.clock.set('2026-10-12T15:59:59.999Z');
      await t.engine.fireDueTimers();
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['late']);
    });

    it('moves the due dates of open steps with the clock, each in its own unit, across National Day', async () => {
      await deployXml(
        t.engine,
        processXml(
          'step_dues',
          `<startEvent id="s"/><parallelGateway id="f"/>
           <userTask id="review" tongban:dueDate="P5WD" tongban:candidateUsers="a,b" tongban:approvalMode="allSign"/>
           <userTask id="hours" tongban:assignee="c" tongban:dueDate="PT48H"/><userTask id="plain" tongban:assignee="d"/>`,
          ['s->f', 'f->review', 'f->hours', 'f->plain'],
        ),
        'step-dues.bpmn',
      );
      t.clock.set('2026-09-22T02:00:00Z');
      const i = await t.engine.startInstance('step_dues');
      const dues = async () => (await t.engine.queryTasks({ instanceId: i.id })).map((x) => `${x.elementId}:${x.dueAt?.toISOString() ?? '-'}`).sort();
      expect(await dues()).to.deep.equal(['hours:2026-09-24T02:00:00.000Z', 'plain:-', 'review:2026-09-30T15:59:59.999Z', 'review:2026-09-30T15:59:59.999Z']);
      t.clock.set('2026-09-24T01:00:00Z');
      await t.engine.suspendInstance(i.id, { reason: '补正' });
      t.clock.set('2026-10-08T02:00:00Z');
      await t.engine.resumeInstance(i.id);
      // As the 5-working-day timer above: 10-9, 10-10 (make-up Saturday), 10-12. The 48-hour step keeps its hour.
      expect(await dues()).to.deep.equal(['hours:2026-10-08T03:00:00.000Z', 'plain:-', 'review:2026-10-12T15:59:59.999Z', 'review:2026-10-12T15:59:59.999Z']);
    });

    it('stops and restarts the clock of an instance its call activity started (一件事: the members stop with the case)', async () => {
      await deployXml(t.engine, processXml('member', `<startEvent id="s"/><userTask id="check" tongban:assignee="m" tongban:dueDate="P5WD"/>`, ['s->check']), 'member.bpmn');
      await deployXml(t.engine, processXml('bundle', `<startEvent id="s"/><callActivity id="call" calledElement="member"/><userTask id="done"/>`, ['s->call', 'call->done']), 'bundle.bpmn');
      t.clock.set('2026-09-22T02:00:00Z');
      const i = await t.engine.startInstance('bundle');
      const [task] = await t.engine.queryTasks({ processKey: 'member' });
      expect(task!.dueAt!.toISOString()).to.equal('2026-09-30T15:59:59.999Z');
      t.clock.set('2026-09-24T01:00:00Z');
      await t.engine.suspendInstance(i.id, { reason: '补正', userId: 'clerk-7' });
      const child = task!.instanceId;
      expect((await t.engine.getInstance(child))!.suspended).to.deep.equal({ at: '2026-09-24T01:00:00.000Z', reason: '补正' });
      expect(((await t.engine.completeTask(task!.id).catch((e: unknown) => e)) as EngineError).code).to.equal('INSTANCE_SUSPENDED');
      t.clock.set('2026-10-08T02:00:00Z');
      await t.engine.resumeInstance(i.id, { userId: 'clerk-7' });
      expect((await t.engine.getInstance(child))!.suspended ?? null).to.equal(null);
      expect((await t.engine.queryTasks({ processKey: 'member' }))[0]!.dueAt!.toISOString()).to.equal('2026-10-12T15:59:59.999Z');
      await t.engine.completeTask(task!.id);
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['done']);
    });

    it('refuses to resume what is not suspended, and to suspend twice', async () => {
      const i = await t.engine.startInstance('limit5');
      expect(((await t.engine.resumeInstance(i.id).catch((e: unknown) => e)) as EngineError).code).to.equal('INSTANCE_NOT_ACTIVE');
      await t.engine.suspendInstance(i.id);
      expect(((await t.engine.suspendInstance(i.id).catch((e: unknown) => e)) as EngineError).code).to.equal('INSTANCE_SUSPENDED');
    });
  });

  describe('timer start events', () => {
    it('a cycle starts an instance at each firing, three times; a new version replaces the schedule', async () => {
      t.clock.set('2026-03-02T01:00:00Z');
      const xml = (task: string) =>
        processXml('hourly', `<startEvent id="tick">${timer('timeCycle', 'R3/PT1H')}</startEvent><userTask id="${task}"/>`, [`tick->${task}`]);
      await deployXml(t.engine, xml('check'), 'hourly.bpmn');
      const started = async () => (await t.engine.queryTasks({ processKey: 'hourly' })).map((x) => x.elementId);
      expect(await t.engine.runDueJobs()).to.equal(0);
      for (let hour = 1; hour <= 2; hour++) {
        t.clock.advance(HOUR);
        expect(await t.engine.runDueJobs()).to.equal(1);
      }
      expect(await started()).to.deep.equal(['check', 'check']);
      await deployXml(t.engine, xml('inspect'), 'hourly.bpmn'); // version 2: its own schedule from now
      t.clock.advance(HOUR);
      await t.engine.runDueJobs();
      expect((await started()).sort()).to.deep.equal(['check', 'check', 'inspect']);
      for (let hour = 0; hour < 5; hour++) {
        t.clock.advance(HOUR);
        await t.engine.runDueJobs();
      }
      expect((await started()).filter((e) => e === 'inspect')).to.have.length(3);
    });

    it('a date starts one instance at that moment', async () => {
      t.clock.set('2026-03-02T01:00:00Z');
      await deployXml(
        t.engine,
        processXml('new_year', `<startEvent id="at">${timer('timeDate', '2026-03-03T09:00:00+08:00')}</startEvent><userTask id="greet"/>`, ['at->greet']),
        'new-year.bpmn',
      );
      t.clock.set('2026-03-03T00:59:59Z');
      await t.engine.runDueJobs();
      expect(await t.engine.queryTasks({ processKey: 'new_year' })).to.have.length(0);
      t.clock.set('2026-03-03T01:00:00Z');
      await t.engine.runDueJobs();
      t.clock.advance(24 * HOUR);
      await t.engine.runDueJobs();
      const tasks = await t.engine.queryTasks({ processKey: 'new_year' });
      expect(tasks).to.have.length(1);
      const history = await t.engine.history(tasks[0]!.instanceId);
      expect(history[0]).to.include({ type: 'instanceStarted' });
      expect(history[1]).to.include({ type: 'elementEntered', elementId: 'at' });
    });
  });
});
