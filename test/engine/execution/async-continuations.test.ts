import { expect } from 'chai';
import { processXml } from '../../support/bpmn.js';
import { completeAt, deployXml, openTaskElements, type TestEngine, testEngine, trace } from '../../support/engine.js';

describe('engine: asynchronous continuations (tongban:async)', function () {
  let t: TestEngine;
  let calls = 0;
  let failures = 0;
  before(async () => {
    t = await testEngine('async');
    t.engine.registerTaskHandler('slow-department', () => {
      calls++;
      if (failures > 0) {
        failures--;
        throw new Error('department system timed out');
      }
      return { registered: true };
    });
    await deployXml(
      t.engine,
      processXml(
        'async_before',
        `<startEvent id="s"/><userTask id="accept"/><serviceTask id="register" tongban:topic="slow-department" tongban:async="before"/><userTask id="next"/>`,
        ['s->accept', 'accept->register', 'register->next'],
      ),
      'before.bpmn',
    );
    await deployXml(
      t.engine,
      processXml(
        'async_after',
        `<startEvent id="s"/><userTask id="sign" tongban:async="after"/><exclusiveGateway id="gw"/><userTask id="yes"/><userTask id="no"/>`,
        ['s->sign', 'sign->gw', 'gw->yes: =ok', 'gw->no: default'],
      ),
      'after.bpmn',
    );
  });
  after(() => t.close());

  it('before: the caller commits at the wait; the executor runs the element in its own transaction', async () => {
    calls = 0;
    const i = await t.engine.startInstance('async_before');
    await completeAt(t.engine, i.id, 'accept');
    expect(calls).to.equal(0);
    expect((await t.engine.getInstance(i.id))!.activeElementIds).to.deep.equal(['register']);
    const [job] = await t.engine.queryJobs({ instanceId: i.id });
    expect(job!.kind).to.equal('async');
    expect(await t.engine.runDueJobs()).to.equal(1);
    expect(calls).to.equal(1);
    expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['next']);
    expect(await trace(t.engine, i.id)).to.deep.equal(['s', 'accept', 'register', 'next']);
  });

  it('before: a failing handler does not roll back the caller; the executor retries later', async () => {
    calls = 0;
    failures = 1;
    const i = await t.engine.startInstance('async_before');
    await completeAt(t.engine, i.id, 'accept'); // succeeds although the department system is down
    expect((await t.engine.history(i.id)).some((h) => h.type === 'taskCompleted' && h.elementId === 'accept')).to.equal(true);
    await t.engine.runDueJobs();
    expect(calls).to.equal(1);
    expect((await t.engine.getInstance(i.id))!.activeElementIds).to.deep.equal(['register']);
    const [job] = await t.engine.queryJobs({ instanceId: i.id });
    expect(job!.errorMessage).to.contain('department system timed out');
    t.clock.advance(60 * 60 * 1000); // past the back-off
    await t.engine.runDueJobs();
    expect(calls).to.equal(2);
    expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['next']);
  });

  it('after: the element completes, and its outgoing flows are taken by the executor', async () => {
    const i = await t.engine.startInstance('async_after');
    await completeAt(t.engine, i.id, 'sign', { ok: true });
    expect((await t.engine.getInstance(i.id))!.activeElementIds).to.deep.equal(['sign']);
    expect(await t.engine.queryTasks({ instanceId: i.id })).to.have.length(0);
    await t.engine.runDueJobs();
    expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['yes']);
  });

  it('terminating an instance cancels its waiting continuation', async () => {
    const i = await t.engine.startInstance('async_before');
    await completeAt(t.engine, i.id, 'accept');
    await t.engine.terminateInstance(i.id);
    expect(await t.engine.queryJobs({ instanceId: i.id })).to.have.length(0);
  });
});
