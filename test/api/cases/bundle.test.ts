/**
 * Bundles (一件事一次办) end to end over HTTP: every refusal of a bad bundle, the combined
 * material list (shared materials asked once), one application → one case with one number →
 * each member's outcome and certificate number on the case → concluded when all members are;
 * one member refused; the applicant's progress lookup showing the members.
 */
import { expect } from 'chai';
import { retireItem } from '../../../runtime-api/src/catalog/lifecycle.js';
import { publishedItemVersion } from '../../../runtime-api/src/catalog/published.js';
import { advance, makeItem } from '../catalog/fixtures.js';
import { errorOf, INSIDE_TOWN, INSIDE_VILLAGE, OUTSIDE_TOWN } from '../support/harness.js';
import { bundleData, implCodeOf, publishBundle, publishMembers } from './support/bundle.js';
import { DISTRICT, FORM_DATA, idNumber, person, publishItem } from './support/fixtures.js';
import { type CaseHarness, startCaseHarness } from './support/harness.js';

interface Member {
  position: number;
  implCode: string;
  status: string;
  decision: string | null;
  result: Record<string, unknown> | null;
  certificateNo?: string | null;
}

describe('api/cases: bundles (一件事)', function () {
  this.timeout(120_000);
  let h: CaseHarness;
  before(async () => {
    h = await startCaseHarness('bundles');
  });
  after(() => h?.close());

  const post = (as: keyof CaseHarness['as'], path: string, body: object = {}) => h.http().post(path).set(h.as[as].headers).send(body);
  const get = (as: keyof CaseHarness['as'], path: string) => h.http().get(path).set(h.as[as].headers);
  const createBundle = (data: Record<string, unknown>, regionCode = INSIDE_TOWN) =>
    post('editor', '/api/items', { baseCode: 'YJS0002', implCode: `YJS${Math.random().toString(36).slice(2, 10)}`, regionCode, kind: 'bundle', data });
  const refusal = async (data: Record<string, unknown>, code: string, regionCode = INSIDE_TOWN) => {
    const res = await createBundle(data, regionCode);
    expect(res.status, JSON.stringify(res.body)).to.equal(422);
    expect(errorOf(res.body).code).to.equal(code);
    expect(errorOf(res.body).message).to.match(/[\u4e00-\u9fff]/); // a sentence in Chinese
    return errorOf(res.body);
  };

  describe('refusals', () => {
    let members: string[];
    before(async () => {
      members = await publishMembers(h.server);
    });

    it('refuses fewer than two members, the same member twice and an unknown one', async () => {
      expect((await refusal(bundleData([members[0]!]), 'BUNDLE_TOO_FEW_MEMBERS')).message).to.include('至少要组合两个成员事项');
      await refusal(bundleData([]), 'BUNDLE_TOO_FEW_MEMBERS');
      await refusal({ ...bundleData(members), bundle: undefined }, 'BUNDLE_TOO_FEW_MEMBERS');
      await refusal(bundleData([members[0]!, members[0]!]), 'BUNDLE_DUPLICATE_MEMBER');
      expect((await refusal(bundleData([members[0]!, 'NO-SUCH-CODE']), 'BUNDLE_MEMBER_NOT_FOUND')).details).to.deep.equal({ implCode: 'NO-SUCH-CODE' });
      // Two members running the very same process could not be told apart on the case.
      const sameProcess = await implCodeOf(h.server, await publishItem(h.server));
      expect((await refusal(bundleData([members[0]!, sameProcess]), 'BUNDLE_DUPLICATE_MEMBER')).message).to.include('同一个流程');
    });

    it('refuses a member that is not published: a draft, one in review, a retired one', async () => {
      const draft = await implCodeOf(h.server, await makeItem(h, DISTRICT, 'draft'));
      const inReview = await implCodeOf(h.server, await makeItem(h, DISTRICT, 'in_review'));
      const retiredId = await makeItem(h, DISTRICT, 'published');
      await retireItem(h.server.context, retiredId);
      const retired = await implCodeOf(h.server, retiredId);
      for (const code of [draft, inReview, retired]) {
        const error = await refusal(bundleData([members[0]!, code]), 'BUNDLE_MEMBER_NOT_PUBLISHED');
        expect(error.message).to.include('没有已发布的版本');
        expect(error.details).to.deep.equal({ implCode: code });
      }
    });

    it('refuses a member that is itself a bundle, and a template', async () => {
      const inner = await publishBundle(h.server);
      expect((await refusal(bundleData([members[0]!, inner.implCode]), 'BUNDLE_MEMBER_IS_BUNDLE')).message).to.include('一件事不能再包含一件事');
      const template = await implCodeOf(h.server, await makeItem(h, DISTRICT, 'published', { isTemplate: true }));
      await refusal(bundleData([members[0]!, template]), 'BUNDLE_MEMBER_IS_TEMPLATE');
    });

    it('refuses a member implemented outside the bundle’s region (another town, or below the bundle)', async () => {
      const otherTown = await implCodeOf(h.server, await publishItem(h.server, { regionCode: OUTSIDE_TOWN, processKey: 'case_immediate' }));
      const error = await refusal(bundleData([members[0]!, otherTown]), 'BUNDLE_MEMBER_OUTSIDE_REGION');
      expect(error.details).to.deep.include({ implCode: otherTown, memberRegionCode: OUTSIDE_TOWN, regionCode: INSIDE_TOWN });
      // A village item does not serve the whole town the bundle serves.
      const village = await implCodeOf(h.server, await publishItem(h.server, { regionCode: INSIDE_VILLAGE, processKey: 'case_immediate' }));
      await refusal(bundleData([members[0]!, village]), 'BUNDLE_MEMBER_OUTSIDE_REGION');
    });

    it('refuses a promised limit longer than the longest member’s, 即办 with a promised member, and members in a plain item', async () => {
      // Members promise 5 working days and 0 (即办): a bundle may promise at most 5.
      const limit = await refusal(bundleData(members, { promisedLimit: { value: 6, unit: 'workingDays' } }), 'BUNDLE_LIMIT_INVALID');
      expect(limit.message).to.include('不能超过最长的成员承诺时限（5 个工作日）');
      await refusal(bundleData(members, { immediate: true, promisedLimit: { value: 0, unit: 'workingDays' } }), 'BUNDLE_LIMIT_INVALID');
      expect((await createBundle(bundleData(members, { promisedLimit: { value: 5, unit: 'workingDays' } }))).status).to.equal(201);

      const plain = await post('editor', '/api/items', { baseCode: 'X1', implCode: `X${Date.now()}`, regionCode: INSIDE_TOWN, data: { ...bundleData(members), process: { key: 'case_basic' } } });
      expect(plain.status).to.equal(422);
      expect(errorOf(plain.body).code).to.equal('ITEM_INVALID');
    });

    it('reports a retired member on the bundle and refuses to publish it or take applications', async () => {
      const [first, second] = await publishMembers(h.server);
      const created = await createBundle(bundleData([first!, second!]));
      const id = created.body.id as string;
      expect(created.body.kind).to.equal('bundle');
      expect(created.body.bundle.members.map((m: { standing: string }) => m.standing)).to.deep.equal(['published', 'published']);
      // The member (a district item) names the bundles it belongs to.
      expect((await get('admin', `/api/items/${(await publishedItemVersion(h.server.context.knex, first!))!.itemId}`)).body.inBundles.map((b: { id: string }) => b.id)).to.deep.equal([id]);
      await advance(h, id, 'draft', 'approved');
      const secondId = (await publishedItemVersion(h.server.context.knex, second!))!.itemId;
      await retireItem(h.server.context, secondId);

      const refused = await post('reviewer', `/api/items/${id}/publish`);
      expect(refused.status).to.equal(409);
      expect(errorOf(refused.body)).to.include({ code: 'BUNDLE_MEMBER_RETIRED' });
      expect(errorOf(refused.body).message).to.include('已停用');
      const shown = await get('editor', `/api/items/${id}`);
      expect(shown.body.bundle.retiredMembers).to.deep.equal([second]);
      expect(shown.body.bundle.members[1]).to.include({ implCode: second, standing: 'retired' });

      // Published before the member was retired: shown as such, and no application is taken.
      const published = await publishBundle(h.server);
      await retireItem(h.server.context, (await publishedItemVersion(h.server.context.knex, published.members[0]!))!.itemId);
      expect((await h.http().get(`/api/public/items/${published.id}`)).body.bundle.retiredMembers).to.deep.equal([published.members[0]]);
      const apply = await post('clerk', '/api/cases', { itemId: published.id, regionCode: INSIDE_VILLAGE, channel: 'window', applicant: person(40), formData: FORM_DATA });
      expect(apply.status).to.equal(409);
      expect(errorOf(apply.body).code).to.equal('BUNDLE_MEMBER_RETIRED');
    });
  });

  it('asks a material shared by several members once (same e-certificate or same name), keeps same-id different documents apart, carries situations over', async () => {
    const idCard = { id: 'idCard', name: '居民身份证', necessity: 'required', form: 'both', copies: 1, eCertificate: '居民身份证' };
    const [a, b] = await publishMembers(h.server, {
      first: {
        materials: [
          idCard as never,
          { id: 'application', name: '食品经营许可申请书', necessity: 'required', form: 'electronic', copies: 1 },
          { id: 'lease', name: '经营场所使用证明', necessity: 'optional', form: 'paper', copies: 1 },
          { id: 'licence', name: '营业执照', necessity: 'required', form: 'both', copies: 1, eCertificate: '营业执照' },
        ],
        situations: [{ id: 'agent', name: '委托代理人办理', materials: [{ id: 'poa', name: '授权委托书', necessity: 'required', form: 'paper', copies: 1 }], variables: { byAgent: true } }],
      },
      second: {
        materials: [
          { id: 'operatorId', name: '经营者身份证明', necessity: 'required', form: 'paper', copies: 2, eCertificate: '居民身份证' },
          { id: 'application', name: '个体工商户登记申请书', necessity: 'required', form: 'electronic', copies: 1 },
          { id: 'premises', name: '经营场所使用证明', necessity: 'required', form: 'both', copies: 1 },
        ],
        situations: [
          { id: 'agent', name: '委托代理人办理', materials: [{ id: 'proxy', name: '授权委托书', necessity: 'required', form: 'both', copies: 1 }], variables: { byAgent: true } },
          { id: 'family', name: '家庭经营', materials: [], variables: { family: true } },
        ],
      },
    });
    const data = bundleData([a!, b!], { materials: [{ id: 'joint', name: '一件事联办申请表', necessity: 'required', form: 'electronic', copies: 1 }] });
    (data.bundle as { members: Array<{ implCode: string; issues?: string }> }).members[1]!.issues = '营业执照';
    const created = await createBundle(data);
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const materials = created.body.bundle.materials as Array<{ id: string; name: string; necessity: string; copies: number; form: string; members: string[] }>;
    expect(materials.map((m) => m.name)).to.deep.equal(['一件事联办申请表', '居民身份证', '食品经营许可申请书', '经营场所使用证明', '个体工商户登记申请书']);
    const byName = Object.fromEntries(materials.map((m) => [m.name, m]));
    expect(byName['居民身份证']).to.deep.include({ id: 'idCard', necessity: 'required', copies: 2, form: 'both', members: [a, b] });
    expect(byName['经营场所使用证明']).to.deep.include({ id: 'lease', necessity: 'required', form: 'both', members: [a, b] });
    // Two members' `application` are two documents: both asked, the second's id qualified.
    expect(byName['个体工商户登记申请书']).to.deep.include({ id: `application@${b}`, members: [b] });
    // Member 2 issues the 营业执照, so member 1 does not ask for it.
    expect(created.body.bundle.replaced).to.deep.equal([{ name: '营业执照', members: [a], issuedBy: b }]);
    const situations = created.body.bundle.situations as Array<{ id: string; members: string[]; materials: Array<{ name: string }>; variables: Record<string, unknown> }>;
    expect(situations.map((s) => s.id)).to.deep.equal(['agent', 'family']);
    expect(situations[0]).to.deep.include({ members: [a, b], variables: { byAgent: true } });
    expect(situations[0]!.materials.map((m) => m.name)).to.deep.equal(['授权委托书']);
    // The composed form asks the members' shared fields once.
    const form = created.body.open.data.form as { schema: { properties: Record<string, unknown> }; uiSchema: { elements: Array<{ label: string; elements: unknown[] }> } };
    expect(Object.keys(form.schema.properties)).to.have.members(['business', 'opinion', 'internalNote']);
    expect(form.uiSchema.elements.map((g) => g.label)).to.deep.equal(['成员甲：食品经营许可']);

    // The public guide shows the members and the combined list once published.
    await advance(h, created.body.id, 'draft', 'published');
    const guide = await h.http().get(`/api/public/items/${created.body.id}`);
    expect(guide.status, JSON.stringify(guide.body)).to.equal(200);
    expect(guide.body.kind).to.equal('bundle');
    expect(guide.body.bundle.members.map((m: { name: string; departmentName: string }) => `${m.name}/${m.departmentName}`)).to.deep.equal([
      '成员甲：食品经营许可/天河区政务服务中心',
      '成员乙：个体工商户登记/天河区政务服务中心',
    ]);
    expect(guide.body.bundle.materials.map((m: { name: string }) => m.name)).to.deep.equal(materials.map((m) => m.name));
  });

  it('refuses members whose forms define the same field differently', async () => {
    const [a] = await publishMembers(h.server);
    const conflicting = await publishItem(h.server, {
      processKey: 'case_immediate',
      data: {
        form: {
          id: 'conflict-form',
          title: '冲突',
          schema: { type: 'object', properties: { business: { type: 'object', title: '经营信息', properties: { name: { type: 'integer', title: '名称' } } } } },
          uiSchema: { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/business/properties/name' }] },
        },
        fieldPermissions: {},
      },
    });
    const error = await refusal(bundleData([a!, await implCodeOf(h.server, conflicting)]), 'BUNDLE_COMPOSITION_CONFLICT');
    expect((error.details as { problems: Array<{ path: string }> }).problems[0]!.path).to.equal('/form/business/name');
  });

  describe('one application, one case', () => {
    let bundle: { id: string; implCode: string; members: readonly string[] };
    before(async () => {
      bundle = await publishBundle(h.server);
    });
    const apply = (n: number) =>
      post('clerk', '/api/cases', { itemId: bundle.implCode, regionCode: INSIDE_VILLAGE, channel: 'window', applicant: person(n), formData: FORM_DATA, materials: [{ materialId: 'm1', name: '申请书' }] });
    const memberTask = async (caseId: string) => {
      const c = (await get('clerk', `/api/cases/${caseId}`)).body as { openTasks: Array<{ id: string; elementId: string; memberPosition: number | null }> };
      return c.openTasks.find((t) => t.elementId === 'review')!;
    };

    it('both members approved → concluded (准予) with both certificate numbers; the progress lookup shows the members', async () => {
      h.clock.set('2026-01-05T02:00:00Z');
      const created = await apply(10);
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      const c = created.body;
      expect(c).to.include({ isBundle: true, status: 'submitted' });
      expect(c.caseNo).to.match(/^440106YJS0001202601050000\d$/);
      expect(c.members.map((m: Member) => `${m.position}:${m.implCode}:${m.status}`)).to.deep.equal([`1:${bundle.members[0]}:pending`, `2:${bundle.members[1]}:pending`]);
      expect(c.openTasks.map((t: { elementId: string }) => t.elementId)).to.deep.equal(['accept']);
      const receipt = await get('clerk', `/api/cases/${c.id}/receipt`);
      expect(receipt.body.caseNo).to.equal(c.caseNo);
      expect(receipt.body.members.map((m: { name: string }) => m.name)).to.deep.equal(['成员甲：食品经营许可', '成员乙：个体工商户登记']);

      const accepted = await post('clerk', `/api/cases/${c.id}/accept`, { comment: '材料齐全，一窗受理' });
      expect(accepted.status, JSON.stringify(accepted.body)).to.equal(200);
      expect(accepted.body.status).to.equal('accepted');
      // Member 2 concludes at acceptance (即办); member 1 waits at its review step, on the same case.
      expect(accepted.body.members.map((m: Member) => `${m.status}:${m.decision}`)).to.deep.equal(['processing:null', 'concluded:granted']);
      const task = await memberTask(c.id);
      expect(task.memberPosition).to.equal(1);
      const form = await get('approver', `/api/cases/${c.id}/form?taskId=${task.id}`);
      expect(form.status, JSON.stringify(form.body)).to.equal(200);
      expect(form.body.schema.properties.business.readOnly).to.equal(true);
      expect(form.body.data.business).to.deep.equal(FORM_DATA.business);

      const done = await post('approver', `/api/cases/${c.id}/complete-task`, {
        taskId: task.id,
        outcome: 'approve',
        formData: { business: FORM_DATA.business, opinion: '同意' },
        result: { decision: 'granted', certificateNo: 'JY14401060000099' },
      });
      expect(done.status, JSON.stringify(done.body)).to.equal(200);
      expect(done.body).to.include({ status: 'concluded', decision: 'granted' });
      expect(done.body.result).to.equal(null);
      expect(done.body.members[0]).to.deep.include({ status: 'concluded', decision: 'granted', result: { decision: 'granted', certificateNo: 'JY14401060000099' } });

      // Member 2 concluded at acceptance: its licence number is recorded on the case afterwards (by 实施编码 or position).
      const recorded = await post('clerk', `/api/cases/${c.id}/members/${bundle.members[1]}/result`, { certificateNo: '92440106MA5D000001' });
      expect(recorded.status, JSON.stringify(recorded.body)).to.equal(200);
      expect(recorded.body.members.map((m: Member) => m.result?.certificateNo)).to.deep.equal(['JY14401060000099', '92440106MA5D000001']);
      const changed = await post('clerk', `/api/cases/${c.id}/members/2/result`, { decision: 'denied' });
      expect(changed.status).to.equal(409);
      expect(errorOf(changed.body).code).to.equal('MEMBER_ALREADY_DECIDED');
      const unknown = await post('clerk', `/api/cases/${c.id}/members/3/result`, { note: 'x' });
      expect(unknown.status).to.equal(404);
      expect(errorOf(unknown.body).code).to.equal('MEMBER_NOT_FOUND');

      const progress = await h.http().post('/api/public/progress').send({ caseNo: c.caseNo, idNumber: idNumber(10) });
      expect(progress.status, JSON.stringify(progress.body)).to.equal(200);
      expect(progress.body).to.include({ status: 'concluded', decision: 'granted' });
      expect(progress.body.members).to.deep.equal([
        { position: 1, itemName: '成员甲：食品经营许可', status: 'concluded', statusName: '办结', decision: 'granted', certificateNo: 'JY14401060000099', concludedAt: done.body.concludedAt },
        { position: 2, itemName: '成员乙：个体工商户登记', status: 'concluded', statusName: '办结', decision: 'granted', certificateNo: '92440106MA5D000001', concludedAt: accepted.body.acceptedAt },
      ]);
      expect(progress.body.steps.map((s: { name: string }) => s.name)).to.include('成员甲：食品经营许可：审查');
      // Only one case exists for the application.
      expect((await get('clerk', `/api/cases?caseNo=${c.caseNo}`)).body.total).to.equal(1);
    });

    it('one member refused: its 不予 is recorded, the other member’s 准予 stands, the case concludes 不予', async () => {
      const { body: c } = await apply(11);
      await post('clerk', `/api/cases/${c.id}/accept`);
      const task = await memberTask(c.id);
      const done = await post('approver', `/api/cases/${c.id}/complete-task`, {
        taskId: task.id,
        outcome: 'reject',
        comment: '经营场所不符合要求',
        formData: { business: FORM_DATA.business, opinion: '不同意' },
        result: { decision: 'denied', documentNo: '不予许可决定书〔2026〕7号' },
      });
      expect(done.status, JSON.stringify(done.body)).to.equal(200);
      expect(done.body).to.include({ status: 'concluded', decision: 'denied' });
      expect(done.body.members.map((m: Member) => `${m.position}:${m.status}:${m.decision}`)).to.deep.equal(['1:concluded:denied', '2:concluded:granted']);
      expect(done.body.members[0].result).to.deep.equal({ decision: 'denied', documentNo: '不予许可决定书〔2026〕7号' });
      const progress = await h.http().post('/api/public/progress').send({ caseNo: c.caseNo, idNumber: idNumber(11) });
      expect(progress.body.members.map((m: Member) => m.decision)).to.deep.equal(['denied', 'granted']);
    });

    it('不予受理 and 补正 act on the whole bundle: members are stopped with the case', async () => {
      const { body: refusedCase } = await apply(12);
      const refused = await post('clerk', `/api/cases/${refusedCase.id}/refuse`, { reason: '不属于本窗口受理范围' });
      expect(refused.status, JSON.stringify(refused.body)).to.equal(200);
      expect(refused.body.status).to.equal('refused');
      expect(refused.body.members.map((m: Member) => m.status)).to.deep.equal(['withdrawn', 'withdrawn']);

      const { body: c } = await apply(13);
      await post('clerk', `/api/cases/${c.id}/accept`);
      const supplement = await post('clerk', `/api/cases/${c.id}/supplement`, { missingMaterials: [{ name: '经营场所使用证明' }] });
      expect(supplement.status, JSON.stringify(supplement.body)).to.equal(200);
      const memberInstance = supplement.body.members[0].instanceId as string;
      expect((await h.server.engine.getInstance(memberInstance))?.suspended).to.not.equal(undefined);
      const resumed = await post('clerk', `/api/cases/${c.id}/resubmit`, { channel: 'window' });
      expect(resumed.status, JSON.stringify(resumed.body)).to.equal(200);
      expect((await h.server.engine.getInstance(memberInstance))?.suspended).to.equal(undefined);
      const plain = await post('clerk', `/api/cases/${c.id}/members/1/result`, { certificateNo: 'x' });
      expect(plain.status).to.equal(200);
    });
  });
});
