import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { diffElements, diffMarkers, isEmptyDiff, summarizeElements } from '../../designer/src/lib/diff/bpmn-diff.js';
import { diffFields, diffValues } from '../../designer/src/lib/diff/value-diff.js';
import type { ModdleLike } from '../../designer/src/lib/workbench/process.js';
import { tongbanModdle } from './fixtures.js';

const EXAMPLE = readFileSync(new URL('../../examples/food-business-licence/process.bpmn', import.meta.url), 'utf8');

async function summary(xml: string) {
  const { rootElement } = (await tongbanModdle().fromXML(xml)) as { rootElement: ModdleLike };
  return summarizeElements(rootElement);
}

describe('designer: BPMN difference for review', () => {
  it('finds nothing between a process and itself, or after moving shapes', async () => {
    const moved = EXAMPLE.replace('<dc:Bounds x="240" y="200"', '<dc:Bounds x="260" y="230"');
    const d = diffElements(await summary(EXAMPLE), await summary(moved));
    expect(isEmptyDiff(d)).to.equal(true);
    expect(d.unchanged).to.include('accept');
  });

  it('finds added, removed and changed elements with what changed', async () => {
    const edited = EXAMPLE
      // fire review removed (task and its flows)
      .replace(/<bpmn:userTask id="Task_FireReview"[\s\S]*?<\/bpmn:userTask>/, '')
      .replace(/<bpmn:sequenceFlow id="Flow_ToFire"[^>]*\/>/, '')
      .replace(/<bpmn:sequenceFlow id="Flow_FireDone"[^>]*\/>/, '')
      .replace('<bpmn:outgoing>Flow_ToFire</bpmn:outgoing>', '')
      .replace('<bpmn:incoming>Flow_FireDone</bpmn:incoming>', '')
      // renamed, regrouped, new condition
      .replace('name="许可决定" tongban:candidateGroups="market:approver"', 'name="许可决定（局长）" tongban:candidateGroups="market:director" tongban:timeLimit="P3WD"')
      .replace('=approved = true', '=approved = true and score > 60')
      // a new CC step between the decision and the end
      .replace('<bpmn:sequenceFlow id="Flow_ToGranted" sourceRef="Task_Decide" targetRef="End_Granted" />',
        '<bpmn:sequenceFlow id="Flow_ToGranted" sourceRef="Task_Decide" targetRef="Cc_Notify" /><bpmn:sendTask id="Cc_Notify" name="抄送" tongban:topic="tongban.cc" tongban:ccGroups="window:clerk"/><bpmn:sequenceFlow id="Flow_CcDone" sourceRef="Cc_Notify" targetRef="End_Granted" />');
    const d = diffElements(await summary(EXAMPLE), await summary(edited));
    expect(d.removed.map((c) => c.id).sort()).to.deep.equal(['Flow_FireDone', 'Flow_ToFire', 'Task_FireReview']);
    expect(d.added.map((c) => c.id).sort()).to.deep.equal(['Cc_Notify', 'Flow_CcDone']);
    const byId = new Map(d.changed.map((c) => [c.id, c]));
    expect(byId.get('Task_Decide')!.changes.map((c) => c.prop).sort()).to.deep.equal(['candidateGroups', 'name', 'timeLimit']);
    expect(byId.get('Task_Decide')!.changes.find((c) => c.prop === 'name')).to.deep.equal({ prop: 'name', before: '许可决定', after: '许可决定（局长）' });
    expect(byId.get('Flow_Approved')!.changes).to.deep.equal([{ prop: 'condition', before: '=approved = true', after: '=approved = true and score > 60' }]);
    expect(byId.get('Flow_ToGranted')!.changes).to.deep.equal([{ prop: 'target', before: 'End_Granted', after: 'Cc_Notify' }]);
    expect(diffMarkers(d).filter((m) => m.marker === 'tb-diff-removed')).to.have.length(3);
  });

  it('reports a changed default flow and element type', async () => {
    const edited = EXAMPLE.replace('default="Flow_Denied"', 'default="Flow_Approved"').replace('<bpmn:userTask id="Task_Decide"', '<bpmn:manualTask id="Task_Decide"').replace('</bpmn:userTask>\n    <bpmn:endEvent id="End_Granted"', '</bpmn:manualTask>\n    <bpmn:endEvent id="End_Granted"');
    const d = diffElements(await summary(EXAMPLE), await summary(edited));
    const gw = d.changed.find((c) => c.id === 'Gateway_Approved')!;
    expect(gw.changes).to.deep.include({ prop: 'default', before: 'Flow_Denied', after: 'Flow_Approved' });
    expect(d.changed.find((c) => c.id === 'Task_Decide')!.changes[0]).to.deep.equal({ prop: 'type', before: 'bpmn:UserTask', after: 'bpmn:ManualTask' });
  });
});

describe('designer: item and form difference', () => {
  it('compares nested values and lists by code', () => {
    const before = { name: '食品经营许可', promisedLimit: { value: 10, unit: 'workingDays' }, materials: [{ code: 'M1', name: '申请书', copies: 1 }, { code: 'M2', name: '营业执照' }], version: 3 };
    const after = { name: '食品经营许可', promisedLimit: { value: 5, unit: 'workingDays' }, materials: [{ code: 'M2', name: '营业执照' }, { code: 'M1', name: '申请书', copies: 2 }, { code: 'M3', name: '平面图' }], version: 4, theme: '经营许可' };
    expect(diffValues(before, after, ['version'])).to.deep.equal([
      { path: 'promisedLimit.value', kind: 'changed', before: 10, after: 5 },
      { path: 'materials[M1].copies', kind: 'changed', before: 1, after: 2 },
      { path: 'materials[M3]', kind: 'added', after: { code: 'M3', name: '平面图' } },
      { path: 'theme', kind: 'added', after: '经营许可' },
    ]);
    expect(diffValues({ a: [1, 2] }, { a: [2, 1] })).to.deep.equal([{ path: 'a', kind: 'changed', before: [1, 2], after: [2, 1] }]);
    expect(diffValues({ a: 1, b: 2 }, { a: 1 })).to.deep.equal([{ path: 'b', kind: 'removed', before: 2 }]);
  });

  it('compares form fields by key', () => {
    const before = [
      { key: 'name', type: 'text' as const, label: '姓名', required: true },
      { key: 'id', type: 'idNumber' as const, label: '身份证', required: true },
      { key: 'old', type: 'text' as const, label: '旧', required: false },
    ];
    const after = [
      { key: 'id', type: 'idNumber' as const, label: '身份证号码', required: true },
      { key: 'name', type: 'text' as const, label: '姓名', required: true },
      { key: 'phone', type: 'mobile' as const, label: '手机', required: false },
    ];
    expect(diffFields(before, after)).to.deep.equal([
      { key: 'old', label: '旧', kind: 'removed' },
      { key: 'id', label: '身份证号码', kind: 'changed', props: ['label'] },
      { key: 'name', label: '姓名', kind: 'moved' },
      { key: 'phone', label: '手机', kind: 'added' },
    ]);
  });
});
