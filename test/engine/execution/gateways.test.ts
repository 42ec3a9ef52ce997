import { expect } from 'chai';
import { EngineError } from '../../../engine/src/index.js';
import { processXml } from '../../support/bpmn.js';
import { completeAt, deployXml, openTaskElements, type TestEngine, testEngine, trace } from '../../support/engine.js';

describe('engine: gateways', function () {
  let t: TestEngine;
  before(async () => {
    t = await testEngine('gateways');
  });
  after(() => t.close());

  describe('exclusive gateway', () => {
    before(() =>
      deployXml(
        t.engine,
        processXml(
          'xor',
          `<startEvent id="s"/><exclusiveGateway id="gw"/><userTask id="big"/><userTask id="small"/><userTask id="other"/><endEvent id="e"/>`,
          ['s->gw', 'gw->big: =amount > 1000', 'gw->small: =amount > 0', 'gw->other: default', 'big->e', 'small->e', 'other->e'],
        ),
      ),
    );

    it('takes the first flow whose condition is true, in document order', async () => {
      const i = await t.engine.startInstance('xor', { variables: { amount: 5000 } });
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['big']);
    });

    it('takes a later flow when earlier conditions are false', async () => {
      const i = await t.engine.startInstance('xor', { variables: { amount: 10 } });
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['small']);
    });

    it('takes the default flow when no condition holds (null counts as false)', async () => {
      const i = await t.engine.startInstance('xor', { variables: {} });
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['other']);
    });
  });

  describe('exclusive gateway without default', () => {
    before(() =>
      deployXml(
        t.engine,
        processXml('xor_nodefault', `<startEvent id="s"/><exclusiveGateway id="gw"/><endEvent id="a"/><endEvent id="b"/>`, [
          's->gw',
          'gw->a: =x = 1',
          'gw->b: =x = 2',
        ]),
      ),
    );

    it('refuses the command when no flow can be taken, and starts nothing', async () => {
      const err = await t.engine.startInstance('xor_nodefault', { businessKey: 'no-flow', variables: { x: 3 } }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(EngineError);
      expect((err as EngineError).code).to.equal('NO_OUTGOING_FLOW');
      expect((err as EngineError).message).to.contain('gw');
      expect(await t.engine.queryTasks({ businessKey: 'no-flow' })).to.have.length(0);
    });
  });

  describe('parallel gateway', () => {
    before(() =>
      deployXml(
        t.engine,
        processXml(
          'and',
          `<startEvent id="s"/><parallelGateway id="fork"/><userTask id="a"/><userTask id="b"/><userTask id="c"/><parallelGateway id="join"/><userTask id="after"/><endEvent id="e"/>`,
          ['s->fork', 'fork->a', 'fork->b', 'fork->c', 'a->join', 'b->join', 'c->join', 'join->after', 'after->e'],
        ),
      ),
    );

    it('forks to every branch and joins once when all have arrived', async () => {
      const i = await t.engine.startInstance('and');
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['a', 'b', 'c']);
      await completeAt(t.engine, i.id, 'b');
      await completeAt(t.engine, i.id, 'a');
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['c']);
      expect((await t.engine.getInstance(i.id))!.activeElementIds.slice().sort()).to.deep.equal(['c', 'join', 'join']);
      await completeAt(t.engine, i.id, 'c');
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['after']);
      const entered = await trace(t.engine, i.id);
      expect(entered.filter((e) => e === 'after')).to.have.length(1);
      await completeAt(t.engine, i.id, 'after');
      expect((await t.engine.getInstance(i.id))!.status).to.equal('completed');
    });
  });

  describe('inclusive gateway', () => {
    before(() =>
      deployXml(
        t.engine,
        processXml(
          'or',
          `<startEvent id="s"/><inclusiveGateway id="split"/><userTask id="market"/><userTask id="health"/><userTask id="fire"/>
           <inclusiveGateway id="merge"/><userTask id="decide"/><endEvent id="e"/>`,
          [
            's->split',
            'split->market: =true',
            'split->health: =food = true',
            'split->fire: =area > 500',
            'market->merge',
            'health->merge',
            'fire->merge',
            'merge->decide',
            'decide->e',
          ],
        ),
      ),
    );

    it('takes every flow whose condition holds', async () => {
      const i = await t.engine.startInstance('or', { variables: { food: true, area: 800 } });
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['fire', 'health', 'market']);
    });

    it('joins without waiting for a branch that was not taken', async () => {
      const i = await t.engine.startInstance('or', { variables: { food: true, area: 100 } });
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['health', 'market']);
      await completeAt(t.engine, i.id, 'market');
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['health']);
      await completeAt(t.engine, i.id, 'health');
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['decide']);
      expect((await trace(t.engine, i.id)).filter((e) => e === 'decide')).to.have.length(1);
    });

    it('fires at once when only one branch was taken', async () => {
      const i = await t.engine.startInstance('or', { variables: { food: false, area: 0 } });
      await completeAt(t.engine, i.id, 'market');
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['decide']);
    });
  });

  describe('inclusive join with a branch that may still arrive', () => {
    before(() =>
      deployXml(
        t.engine,
        processXml(
          'or_late',
          `<startEvent id="s"/><parallelGateway id="fork"/><userTask id="quick"/><userTask id="slow1"/><userTask id="slow2"/>
           <inclusiveGateway id="merge"/><userTask id="done"/><endEvent id="e"/>`,
          ['s->fork', 'fork->quick', 'fork->slow1', 'quick->merge', 'slow1->slow2', 'slow2->merge', 'merge->done', 'done->e'],
        ),
      ),
    );

    it('waits for a token that is upstream on another branch', async () => {
      const i = await t.engine.startInstance('or_late');
      await completeAt(t.engine, i.id, 'quick');
      await completeAt(t.engine, i.id, 'slow1');
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['slow2']);
      await completeAt(t.engine, i.id, 'slow2');
      expect(await openTaskElements(t.engine, i.id)).to.deep.equal(['done']);
    });
  });

  describe('inclusive gateway without default', () => {
    before(() =>
      deployXml(
        t.engine,
        processXml('or_none', `<startEvent id="s"/><inclusiveGateway id="split"/><endEvent id="a"/><endEvent id="b"/>`, [
          's->split',
          'split->a: =x = 1',
          'split->b: =x = 2',
        ]),
      ),
    );

    it('refuses the command when no flow can be taken', async () => {
      const err = await t.engine.startInstance('or_none', { variables: { x: 9 } }).catch((e: unknown) => e);
      expect((err as EngineError).code).to.equal('NO_OUTGOING_FLOW');
    });
  });
});
