/**
 * Catalogue over real HTTP: create → edit → submit (pins process and form) → review (reject
 * with comment, approve; never by the author) → publish (retires the previous) → retire;
 * validation errors in Chinese; listing filters; the diff; publishedItemVersion for cases.
 */
import { expect } from 'chai';
import { publishedItemVersion } from '../../../runtime-api/src/catalog/published.js';
import { DISTRICT, errorOf, type Harness, INSIDE_VILLAGE, startHarness } from '../support/harness.js';
import { itemData, unique } from './fixtures.js';

describe('api: catalogue lifecycle', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness('catalog_lifecycle');
  });
  after(() => h?.close());

  const post = (path: string, who: keyof Harness['as'], body?: object) => h.http().post(path).set(h.as[who].headers).send(body);
  const patch = (path: string, who: keyof Harness['as'], body: object) => h.http().patch(path).set(h.as[who].headers).send(body);
  const get = (path: string, who: keyof Harness['as']) => h.http().get(path).set(h.as[who].headers);

  it('goes draft → in_review → (rejected → draft) → published → new version → retired', async () => {
    const implCode = `LC-${unique()}`;
    const created = await post('/api/items', 'editor', { baseCode: 'LC0001', implCode, regionCode: INSIDE_VILLAGE, data: itemData() });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const id = created.body.id as string;
    expect(created.body).to.include({ implCode, level: 'village', itemTypeName: '公共服务' });
    expect(created.body.open).to.include({ version: 1, status: 'draft' });
    expect(created.body.published).to.equal(null);

    const edited = await patch(`/api/items/${id}`, 'editor', { data: itemData({ name: '居住证明开具' }) });
    expect(edited.status).to.equal(200);
    expect(edited.body).to.include({ version: 1, status: 'draft' });

    const submitted = await post(`/api/items/${id}/submit`, 'editor');
    expect(submitted.status, JSON.stringify(submitted.body)).to.equal(200);
    expect(submitted.body).to.include({ status: 'in_review', processDefinitionId: 'api_task:1', submittedBy: h.as.editor.id });
    expect(submitted.body.formVersionId).to.be.a('string');

    expect((await patch(`/api/items/${id}`, 'editor', { data: itemData() })).status).to.equal(409);
    expect((await post(`/api/items/${id}/review`, 'editor', { decision: 'approve' })).status).to.equal(403);
    const noComment = await post(`/api/items/${id}/review`, 'reviewer', { decision: 'reject' });
    expect(noComment.status).to.equal(422);
    expect(errorOf(noComment.body).code).to.equal('COMMENT_REQUIRED');

    const rejected = await post(`/api/items/${id}/review`, 'reviewer', { decision: 'reject', comment: '材料清单缺少户口簿' });
    expect(rejected.body).to.include({ status: 'draft', reviewDecision: 'rejected', reviewComment: '材料清单缺少户口簿', reviewedBy: h.as.reviewer.id });

    await post(`/api/items/${id}/submit`, 'editor');
    const early = await post(`/api/items/${id}/publish`, 'editor');
    expect(early.status).to.equal(409);
    expect(errorOf(early.body).code).to.equal('NOT_APPROVED');
    const approved = await post(`/api/items/${id}/review`, 'reviewer', { decision: 'approve', comment: '同意' });
    expect(approved.body).to.include({ status: 'in_review', reviewDecision: 'approved' });
    const again = await post(`/api/items/${id}/review`, 'reviewer', { decision: 'approve' });
    expect(errorOf(again.body).code).to.equal('ALREADY_REVIEWED');
    const published = await post(`/api/items/${id}/publish`, 'editor');
    expect(published.body).to.include({ status: 'published', version: 1 });

    const forCases = await publishedItemVersion(h.server.context.knex, implCode);
    expect(forCases).to.include({ itemId: id, implCode, name: '居住证明开具', processKey: 'api_task', processDefinitionId: 'api_task:1', immediate: false, onlineDepth: 4 });
    expect(forCases!.legalLimit).to.deep.equal({ value: 20, unit: 'workingDays' });
    expect(forCases!.form).to.include({ id: 'cat-test-form', version: 1 });
    expect(forCases!.materials[0]).to.include({ id: 'idCard', eCertificate: '居民身份证' });
    expect(await publishedItemVersion(h.server.context.knex, id)).to.include({ versionId: published.body.id });

    // Version 2: a new draft beside the published one; the diff names what changes.
    const v2 = await patch(`/api/items/${id}`, 'editor', { data: itemData({ name: '居住证明开具（新版）', promisedLimit: { value: 5, unit: 'workingDays' }, materials: [] }) });
    expect(v2.body).to.include({ version: 2, status: 'draft' });
    const diff = await get(`/api/items/${id}/diff`, 'reviewer');
    expect(diff.status, JSON.stringify(diff.body)).to.equal(200);
    expect(diff.body).to.include({ version: 2, publishedVersion: 1, formChanged: false, processChanged: false });
    expect(diff.body.changedFields).to.have.members(['name', 'promisedLimit', 'materials']);
    expect(diff.body.materials.removed).to.deep.equal(['idCard']);
    await post(`/api/items/${id}/submit`, 'editor');
    await post(`/api/items/${id}/review`, 'reviewer', { decision: 'approve' });
    await post(`/api/items/${id}/publish`, 'reviewer');
    const versions = await get(`/api/items/${id}/versions`, 'clerk');
    expect(versions.body.items.map((v: { version: number; status: string }) => `${v.version}:${v.status}`)).to.deep.equal(['2:published', '1:retired']);
    expect((await get(`/api/items/${id}`, 'clerk')).body.name).to.equal('居住证明开具（新版）');

    const retired = await post(`/api/items/${id}/retire`, 'editor');
    expect(retired.body).to.include({ status: 'retired', version: 2 });
    expect(await publishedItemVersion(h.server.context.knex, id)).to.equal(undefined);
    expect(errorOf((await post(`/api/items/${id}/retire`, 'editor')).body).code).to.equal('VERSION_STATE');
  });

  it('refuses a review by the version’s author', async () => {
    const created = await post('/api/items', 'admin', { baseCode: 'LC0002', implCode: `LC-${unique()}`, regionCode: INSIDE_VILLAGE, data: itemData() });
    await post(`/api/items/${created.body.id}/submit`, 'admin');
    const own = await post(`/api/items/${created.body.id}/review`, 'admin', { decision: 'approve' });
    expect(own.status).to.equal(403);
    expect(errorOf(own.body).code).to.equal('REVIEWER_IS_AUTHOR');
  });

  it('answers bad item data with 422 and a Chinese message per problem', async () => {
    const bad = await post('/api/items', 'editor', {
      baseCode: 'LC0003',
      implCode: `LC-${unique()}`,
      regionCode: INSIDE_VILLAGE,
      data: itemData({
        onSiteVisits: 1,
        onlineDepth: 5,
        itemType: '11',
        materials: [{ id: 'm1', name: '证明', necessity: 'conditional', form: 'paper', copies: 0 }],
      }),
    });
    expect(bad.status).to.equal(422);
    const error = errorOf(bad.body);
    expect(error.code).to.equal('ITEM_INVALID');
    const problems = (error.details as { problems: { path: string; message: string }[] }).problems;
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p.message]));
    expect(byPath['/onSiteReason']).to.equal('到现场理由：必填');
    expect(byPath['/onlineDepth']).to.match(/^网上办理深度：/);
    expect(byPath['/itemType']).to.match(/^事项类型：/);
    expect(byPath['/materials/0/copies']).to.match(/^份数：/);
    expect(byPath['/materials/0/condition']).to.equal('需要的情形：必填');

    const limits = await post('/api/items', 'editor', { baseCode: 'LC0003', implCode: `LC-${unique()}`, regionCode: INSIDE_VILLAGE, data: itemData({ promisedLimit: { value: 30, unit: 'workingDays' } }) });
    expect((errorOf(limits.body).details as { problems: { message: string }[] }).problems[0]!.message).to.equal('承诺时限：不能超过法定时限（20）');

    const form = await post('/api/items', 'editor', {
      baseCode: 'LC0003', implCode: `LC-${unique()}`, regionCode: INSIDE_VILLAGE,
      data: itemData({ fieldPermissions: { work: { '/nope': 'hidden' } } }),
    });
    expect((errorOf(form.body).details as { problems: { path: string }[] }).problems[0]!.path).to.match(/^\/fieldPermissions/);

    const department = await post('/api/items', 'editor', { baseCode: 'LC0003', implCode: `LC-${unique()}`, regionCode: INSIDE_VILLAGE, data: itemData({ departmentId: 'nowhere' }) });
    expect(errorOf(department.body).code).to.equal('UNKNOWN_DEPARTMENT');

    const implCode = `LC-${unique()}`;
    expect((await post('/api/items', 'editor', { baseCode: 'LC0003', implCode, regionCode: INSIDE_VILLAGE, data: itemData() })).status).to.equal(201);
    expect(errorOf((await post('/api/items', 'editor', { baseCode: 'LC0003', implCode, regionCode: INSIDE_VILLAGE, data: itemData() })).body).code).to.equal('IMPL_CODE_TAKEN');
  });

  it('deploys inline BPMN when submitted, and refuses invalid BPMN with the engine’s problems', async () => {
    const xml = (body: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tongban="http://tongban.dev/schema/bpmn" targetNamespace="t">${body}</definitions>`;
    const good = xml('<process id="cat_inline" isExecutable="true"><startEvent id="s"/><userTask id="work"/><endEvent id="e"/><sequenceFlow id="f1" sourceRef="s" targetRef="work"/><sequenceFlow id="f2" sourceRef="work" targetRef="e"/></process>');
    const created = await post('/api/items', 'editor', { baseCode: 'LC0004', implCode: `LC-${unique()}`, regionCode: INSIDE_VILLAGE, data: itemData({ process: { bpmn: good } }) });
    const submitted = await post(`/api/items/${created.body.id}/submit`, 'editor');
    expect(submitted.body.processDefinitionId).to.match(/^cat_inline:\d+$/);

    const broken = xml('<process id="cat_broken" isExecutable="true"><startEvent id="s"/><complexGateway id="g"/><sequenceFlow id="f1" sourceRef="s" targetRef="g"/></process>');
    const other = await post('/api/items', 'editor', { baseCode: 'LC0004', implCode: `LC-${unique()}`, regionCode: INSIDE_VILLAGE, data: itemData({ process: { bpmn: broken } }) });
    const refused = await post(`/api/items/${other.body.id}/submit`, 'editor');
    expect(refused.status).to.equal(422);
    expect(errorOf(refused.body).code).to.equal('DEPLOYMENT_INVALID');
    expect((await get(`/api/items/${other.body.id}`, 'editor')).body.open.status).to.equal('draft');
  });

  it('keeps town editors to their town and lists with filters', async () => {
    const county = await post('/api/items', 'townEditor', { baseCode: 'LC0005', implCode: `LC-${unique()}`, regionCode: DISTRICT, data: itemData() });
    expect(county.status).to.equal(403);
    expect(errorOf(county.body).code).to.equal('OUTSIDE_REGION');
    const q = `LF-${unique()}`;
    await post('/api/items', 'townEditor', { baseCode: 'LC0005', implCode: `${q}-a`, regionCode: INSIDE_VILLAGE, data: itemData({ theme: '企业设立', itemType: '01' }) });
    await post('/api/items', 'townEditor', { baseCode: 'LC0005', implCode: `${q}-b`, regionCode: INSIDE_VILLAGE, data: itemData() });
    const count = async (query: string) => (await get(`/api/items?q=${q}${query}`, 'clerk')).body.total as number;
    expect(await count('')).to.equal(2);
    expect(await count('&theme=企业设立')).to.equal(1);
    expect(await count('&itemType=01')).to.equal(1);
    expect(await count('&status=draft')).to.equal(2);
    expect(await count('&status=published')).to.equal(0);
    expect(await count(`&regionCode=${INSIDE_VILLAGE}&departmentId=town-in`)).to.equal(2);
  });
});
