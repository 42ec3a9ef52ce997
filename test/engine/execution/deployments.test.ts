import { expect } from 'chai';
import { DeploymentError } from '../../../engine/src/index.js';
import { processXml } from '../../support/bpmn.js';
import { completeAt, deployXml, openTaskElements, type TestEngine, testEngine } from '../../support/engine.js';

const v1 = processXml('licence', `<startEvent id="s"/><userTask id="accept"/><userTask id="decide"/><endEvent id="e"/>`, ['s->accept', 'accept->decide', 'decide->e']);
const v2 = processXml('licence', `<startEvent id="s"/><userTask id="accept"/><userTask id="review"/><userTask id="decide"/><endEvent id="e"/>`, [
  's->accept',
  'accept->review',
  'review->decide',
  'decide->e',
]);

describe('engine: deployments and versions', function () {
  let t: TestEngine;
  before(async () => {
    t = await testEngine('deployments');
  });
  after(() => t.close());

  it('versions definitions by key; an identical redeploy is not a new version', async () => {
    const [first] = await deployXml(t.engine, v1, 'licence.bpmn');
    expect(first).to.include({ key: 'licence', version: 1, isNew: true });
    const [again] = await deployXml(t.engine, v1, 'licence.bpmn');
    expect(again).to.include({ id: first!.id, version: 1, isNew: false });
    expect(await t.engine.listDefinitions({ key: 'licence' })).to.have.length(1);
  });

  it('a redeploy while instances run leaves them on their version; new instances take the latest', async () => {
    const old = await t.engine.startInstance('licence');
    const [second] = await deployXml(t.engine, v2, 'licence.bpmn');
    expect(second).to.include({ version: 2, isNew: true });

    await completeAt(t.engine, old.id, 'accept');
    expect(await openTaskElements(t.engine, old.id)).to.deep.equal(['decide']);
    expect((await t.engine.getInstance(old.id))!.definitionId).to.equal('licence:1');

    const fresh = await t.engine.startInstance('licence');
    expect(fresh.definitionId).to.equal('licence:2');
    await completeAt(t.engine, fresh.id, 'accept');
    expect(await openTaskElements(t.engine, fresh.id)).to.deep.equal(['review']);

    const pinned = await t.engine.startInstance('licence', { version: 1 });
    expect(pinned.definitionId).to.equal('licence:1');
  });

  it('deploying the old XML again after a change makes a new version', async () => {
    const [third] = await deployXml(t.engine, v1, 'licence.bpmn');
    expect(third).to.include({ version: 3, isNew: true });
    expect(await t.engine.definitionXml(third!.id)).to.equal(v1);
  });

  it('refuses a whole deployment when one file is invalid, naming the element, and stores nothing', async () => {
    const bad = processXml('broken', `<startEvent id="s"/><exclusiveGateway id="gw_no_way_out"/>`, ['s->gw_no_way_out']);
    const good = processXml('fine', `<startEvent id="s"/><endEvent id="e"/>`, ['s->e']);
    const err = await t.engine
      .deploy({ name: 'pair', resources: [{ name: 'good.bpmn', xml: good }, { name: 'bad.bpmn', xml: bad }] })
      .catch((e: unknown) => e);
    expect(err).to.be.instanceOf(DeploymentError);
    const problems = (err as DeploymentError).problems;
    expect(problems.map((p) => p.elementId)).to.include('gw_no_way_out');
    expect(problems.find((p) => p.elementId === 'gw_no_way_out')!.resource).to.equal('bad.bpmn');
    expect(await t.engine.listDefinitions({ key: 'fine' })).to.have.length(0);
  });

  it('refuses two files defining the same process id in one deployment', async () => {
    const err = await t.engine
      .deploy({ name: 'dup', resources: [{ name: 'a.bpmn', xml: v1 }, { name: 'b.bpmn', xml: v2 }] })
      .catch((e: unknown) => e);
    expect((err as DeploymentError).problems.map((p) => p.elementId)).to.deep.equal(['licence']);
  });

  it('starting an unknown key or version is refused clearly', async () => {
    const unknown = await t.engine.startInstance('nope').catch((e: unknown) => e);
    expect((unknown as Error).message).to.contain('nope');
    const noVersion = await t.engine.startInstance('licence', { version: 99 }).catch((e: unknown) => e);
    expect((noVersion as Error).message).to.contain('99');
  });
});
