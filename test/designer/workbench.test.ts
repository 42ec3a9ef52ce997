import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import {
  deadlineMark,
  inboxCounts,
  inTab,
  remaining,
  sortByUrgency,
  type InboxTask,
} from '../../designer/src/lib/workbench/inbox.js';
import { actors, opinions, progress, returnTargets, timeline, type HistoryEvent } from '../../designer/src/lib/workbench/history.js';
import { acceptanceSteps, availableActions, commentRequired, processSteps, stepRole, type ModdleLike } from '../../designer/src/lib/workbench/process.js';
import { tongbanModdle } from './fixtures.js';

const NOW = new Date('2025-03-10T08:00:00Z');
const h = (hours: number) => new Date(NOW.getTime() + hours * 3600_000).toISOString();
const task = (over: Partial<InboxTask> & { id: string }): InboxTask => ({ assignee: null, candidateUsers: [], candidateGroups: [], createdAt: h(-240), dueAt: null, ...over });
const me = { id: 'u1', groups: ['window:clerk'] };

describe('designer: workbench inbox', () => {
  it('marks deadlines: none, normal, yellow near the end, red past it', () => {
    expect(deadlineMark(task({ id: 'a' }), NOW)).to.equal('none');
    expect(deadlineMark(task({ id: 'a', dueAt: h(100) }), NOW)).to.equal('normal');
    expect(deadlineMark(task({ id: 'a', dueAt: h(20) }), NOW)).to.equal('yellow');
    // 20 % of a 10-day task left → yellow even with more than a day to go.
    expect(deadlineMark(task({ id: 'a', createdAt: h(-200), dueAt: h(40) }), NOW)).to.equal('yellow');
    expect(deadlineMark(task({ id: 'a', dueAt: h(-1) }), NOW)).to.equal('red');
    expect(deadlineMark(task({ id: 'a', dueAt: 'garbage' }), NOW)).to.equal('none');
  });

  it('says how much time is left or overdue', () => {
    expect(remaining(h(50), NOW)).to.deep.equal({ overdue: false, days: 2, hours: 2 });
    expect(remaining(h(-3), NOW)).to.deep.equal({ overdue: true, days: 0, hours: 3 });
    expect(remaining(null, NOW)).to.equal(undefined);
  });

  const tasks = [
    task({ id: 'assigned', assignee: 'u1', dueAt: h(10) }),
    task({ id: 'named', candidateUsers: ['u1'], dueAt: h(-5) }),
    task({ id: 'group', candidateGroups: ['window:clerk'], dueAt: h(-1) }),
    task({ id: 'groupLater', candidateGroups: ['window:clerk'], dueAt: h(300) }),
    task({ id: 'claimedByOther', assignee: 'u2', candidateGroups: ['window:clerk'], dueAt: h(-10) }),
    task({ id: 'otherGroup', candidateGroups: ['market:approver'] }),
  ];

  it('splits mine, my groups, overdue', () => {
    const ids = (tab: 'mine' | 'groups' | 'overdue') => tasks.filter((t) => inTab(t, tab, me, NOW)).map((t) => t.id);
    expect(ids('mine')).to.deep.equal(['assigned', 'named']);
    expect(ids('groups')).to.deep.equal(['group', 'groupLater']);
    expect(ids('overdue')).to.deep.equal(['named', 'group']);
    expect(inboxCounts(tasks, me, NOW)).to.deep.equal({ mine: 2, groups: 2, overdue: 2, yellow: 1, red: 2 });
  });

  it('sorts red, yellow, then by due time', () => {
    expect(sortByUrgency(tasks.slice(0, 4), NOW).map((t) => t.id)).to.deep.equal(['named', 'group', 'assigned', 'groupLater']);
  });
});

const ev = (id: number, type: string, over: Partial<HistoryEvent> = {}): HistoryEvent => ({
  id,
  type,
  elementId: null,
  elementType: null,
  taskId: null,
  userId: null,
  data: null,
  time: new Date(Date.UTC(2025, 2, 1, 0, id)).toISOString(),
  ...over,
});

/** A case accepted at the window, then in parallel review with the market step done. */
const HISTORY: HistoryEvent[] = [
  ev(1, 'instanceStarted', { elementId: 'food_business_licence', userId: 'clerk' }),
  ev(2, 'elementEntered', { elementId: 'Start_Applied', elementType: 'bpmn:StartEvent' }),
  ev(3, 'elementLeft', { elementId: 'Start_Applied', elementType: 'bpmn:StartEvent' }),
  ev(4, 'elementEntered', { elementId: 'accept', elementType: 'bpmn:UserTask' }),
  ev(5, 'taskCreated', { elementId: 'accept', taskId: 't1' }),
  ev(6, 'taskCompleted', { elementId: 'accept', taskId: 't1', userId: 'clerk', data: { outcome: 'accept', comment: '材料齐全，予以受理' } }),
  ev(7, 'elementLeft', { elementId: 'accept', elementType: 'bpmn:UserTask' }),
  ev(8, 'elementEntered', { elementId: 'Gateway_Split', elementType: 'bpmn:ParallelGateway' }),
  ev(9, 'elementLeft', { elementId: 'Gateway_Split', elementType: 'bpmn:ParallelGateway' }),
  ev(10, 'elementEntered', { elementId: 'Task_MarketReview', elementType: 'bpmn:UserTask' }),
  ev(11, 'elementEntered', { elementId: 'Task_HealthReview', elementType: 'bpmn:UserTask' }),
  ev(12, 'taskCreated', { elementId: 'Task_MarketReview', taskId: 't2' }),
  ev(13, 'taskCreated', { elementId: 'Task_HealthReview', taskId: 't3' }),
  ev(14, 'taskTransferred', { elementId: 'Task_HealthReview', taskId: 't3', userId: 'health', data: { to: 'health2', comment: '请李科长处理' } }),
  ev(15, 'taskCompleted', { elementId: 'Task_MarketReview', taskId: 't2', userId: 'market', data: { outcome: 'reject', comment: '场地不符合要求' } }),
  ev(16, 'elementLeft', { elementId: 'Task_MarketReview', elementType: 'bpmn:UserTask' }),
  ev(17, 'ccSent', { elementId: 'Task_HealthReview', userId: 'health2', data: { users: ['boss'], groups: ['market:approver'] } }),
  ev(18, 'instanceSuspended', { elementId: 'food_business_licence', userId: 'clerk', data: { reason: '补正：缺少平面图' } }),
];

describe('designer: case history', () => {
  it('reads the timeline with outcomes, comments and details', () => {
    const t = timeline(HISTORY);
    expect(t.map((e) => e.type)).to.deep.equal(['instanceStarted', 'taskCreated', 'taskCompleted', 'taskCreated', 'taskCreated', 'taskTransferred', 'taskCompleted', 'ccSent', 'instanceSuspended']);
    expect(t[2]).to.deep.include({ outcome: 'accept', comment: '材料齐全，予以受理', tone: 'success', userId: 'clerk' });
    expect(t[5]).to.deep.include({ detail: 'health2', comment: '请李科长处理' });
    expect(t[6]).to.deep.include({ outcome: 'reject', tone: 'danger' });
    expect(t[7]).to.deep.include({ detail: 'boss、market:approver' });
    expect(t[8]).to.deep.include({ detail: '补正：缺少平面图', tone: 'warning' });
  });

  it('finds finished and current elements for the diagram', () => {
    const p = progress(HISTORY, undefined, 'food_business_licence');
    expect(p.current).to.deep.equal(['Task_HealthReview']);
    expect(p.finished.sort()).to.deep.equal(['Gateway_Split', 'Start_Applied', 'Task_MarketReview', 'accept']);
    // The instance's active elements win when known.
    expect(progress(HISTORY, ['Task_HealthReview', 'Gateway_Join']).current).to.deep.equal(['Task_HealthReview', 'Gateway_Join']);
  });

  it('lists opinions and actors for the approval sheet', () => {
    expect(opinions(HISTORY).map((o) => [o.elementId, o.outcome, o.comment])).to.deep.equal([
      ['accept', 'accept', '材料齐全，予以受理'],
      ['Task_MarketReview', 'reject', '场地不符合要求'],
    ]);
    expect(actors(HISTORY)).to.deep.equal(['clerk', 'market']);
  });
});

describe('designer: the process behind a task', () => {
  let definitions: ModdleLike;
  before(async () => {
    const xml = readFileSync(new URL('../../examples/food-business-licence/process.bpmn', import.meta.url), 'utf8');
    definitions = ((await tongbanModdle().fromXML(xml)) as { rootElement: ModdleLike }).rootElement;
  });

  it('finds the window acceptance step (no user task before it)', () => {
    expect(acceptanceSteps(definitions)).to.deep.equal(['accept']);
    expect(stepRole('accept', ['accept'])).to.equal('acceptance');
    expect(stepRole('Task_Decide', ['accept'])).to.equal('review');
  });

  it('offers return targets the case passed through, limited by tongban:returnTargets', () => {
    const steps = processSteps(definitions);
    expect(returnTargets(HISTORY, 'Task_HealthReview', steps).map((s) => s.id)).to.deep.equal(['accept', 'Task_MarketReview']);
    steps.set('Task_HealthReview', { ...steps.get('Task_HealthReview')!, returnTargets: ['accept'] });
    expect(returnTargets(HISTORY, 'Task_HealthReview', steps).map((s) => s.id)).to.deep.equal(['accept']);
    steps.set('Task_HealthReview', { ...steps.get('Task_HealthReview')!, returnTargets: 'none' });
    expect(returnTargets(HISTORY, 'Task_HealthReview', steps)).to.deep.equal([]);
  });

  it('reads tongban:returnTargets from the BPMN', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tongban="http://tongban.dev/schema/bpmn" id="D" targetNamespace="x">
  <bpmn:process id="p" isExecutable="true"><bpmn:userTask id="A" tongban:returnTargets="X, Y"/><bpmn:userTask id="B" tongban:returnTargets="none"/></bpmn:process>
</bpmn:definitions>`;
    const d = ((await tongbanModdle().fromXML(xml)) as { rootElement: ModdleLike }).rootElement;
    const steps = processSteps(d);
    expect(steps.get('A')!.returnTargets).to.deep.equal(['X', 'Y']);
    expect(steps.get('B')!.returnTargets).to.equal('none');
  });

  it('offers actions by step role and who holds the task', () => {
    const base = { mine: true, claimable: false, delegatedToMe: false, canReturn: false };
    expect(availableActions({ ...base, role: 'acceptance' })).to.deep.equal(['accept', 'refuse', 'supplement', 'transfer', 'delegate', 'addSigner', 'cc', 'unclaim']);
    expect(availableActions({ ...base, role: 'review', canReturn: true }).slice(0, 3)).to.deep.equal(['approve', 'reject', 'return']);
    expect(availableActions({ ...base, role: 'review' })).to.not.include('return');
    expect(availableActions({ ...base, role: 'review', claimable: true, mine: false })).to.deep.equal(['claim']);
    expect(availableActions({ ...base, role: 'review', delegatedToMe: true })).to.deep.equal(['resolve']);
    expect(availableActions({ ...base, role: 'review', mine: false })).to.deep.equal([]);
    expect(commentRequired('reject')).to.equal(true);
    expect(commentRequired('approve')).to.equal(false);
  });
});

describe('designer: identity numbers on screen', () => {
  it('masks resident ID numbers and credit codes wherever they sit in case data', async () => {
    const { maskIdentities, maskId } = await import('../../designer/src/lib/workbench/mask.js');
    expect(maskId('11010519491231002X')).to.equal('110105********002X');
    expect(maskIdentities({ applicant: { name: '张三', idNumber: '11010519491231002X' }, agents: [{ uscc: '91350100M000100Y43' }], channel: 'window' })).to.deep.equal({
      applicant: { name: '张三', idNumber: '110105********002X' },
      agents: [{ uscc: '913501********0Y43' }],
      channel: 'window',
    });
  });
});
