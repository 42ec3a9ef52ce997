/**
 * Templates over HTTP: a county template with parameters; a town editor reads it, derives a
 * village item by filling parameters only, submits it for town review; the template publishes
 * a new version and the derived item is offered the upgrade.
 */
import { expect } from 'chai';
import { DISTRICT, errorOf, type Harness, INSIDE_VILLAGE, startHarness } from '../support/harness.js';
import { advance, itemData, TEMPLATE_PARAMETERS, unique } from './fixtures.js';

describe('api: catalogue templates (应规整下级事项)', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness('catalog_templates');
  });
  after(() => h?.close());

  const post = (path: string, who: keyof Harness['as'], body?: object) => h.http().post(path).set(h.as[who].headers).send(body);
  const get = (path: string, who: keyof Harness['as']) => h.http().get(path).set(h.as[who].headers);

  it('derives a village item from parameters, reviews it in the town and offers the upgrade', async () => {
    const templateData = itemData({ name: '{{village}}开具居住证明', contact: '咨询电话：{{phone}}', templateParameters: [...TEMPLATE_PARAMETERS, { name: 'village', label: '村居名称', type: 'text', required: true }] });
    const created = await post('/api/items', 'admin', { baseCode: 'TPL001', implCode: `TPL-${unique()}`, regionCode: DISTRICT, isTemplate: true, data: templateData });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const templateId = created.body.id as string;
    const derivedEarly = await post(`/api/items/${templateId}/derive`, 'townEditor', { regionCode: INSIDE_VILLAGE, parameters: {} });
    expect(errorOf(derivedEarly.body).code).to.equal('TEMPLATE_NOT_PUBLISHED');
    await advance(h, templateId, 'draft', 'published');

    // The town editor sees the county's template (above their town) but cannot edit it.
    expect((await get(`/api/items/${templateId}`, 'townEditor')).status).to.equal(200);
    expect((await get('/api/items?isTemplate=true', 'townEditor')).body.items.map((i: { id: string }) => i.id)).to.include(templateId);
    expect((await post(`/api/items/${templateId}/submit`, 'townEditor')).status).to.equal(403);

    const badParams = await post(`/api/items/${templateId}/derive`, 'townEditor', { regionCode: INSIDE_VILLAGE, parameters: { handler: 'nowhere', phone: '12345', extra: 1 } });
    expect(badParams.status).to.equal(422);
    const messages = (errorOf(badParams.body).details as { problems: { message: string }[] }).problems.map((p) => p.message);
    expect(messages).to.include.members(['经办部门：部门“nowhere”不存在', '咨询电话：应为手机号或带区号的固定电话', '模板没有参数“extra”', '村居名称：必填']);

    const derived = await post(`/api/items/${templateId}/derive`, 'townEditor', {
      regionCode: INSIDE_VILLAGE,
      parameters: { handler: 'town-in', phone: '020-87654321', village: '五山社区', villages: [INSIDE_VILLAGE] },
    });
    expect(derived.status, JSON.stringify(derived.body)).to.equal(201);
    const itemId = derived.body.id as string;
    expect(derived.body).to.include({ templateId, level: 'village', baseCode: 'TPL001', name: '五山社区开具居住证明', departmentId: 'town-in' });
    const data = derived.body.open.data;
    expect(data.contact).to.equal('咨询电话：020-87654321');
    expect(data.process).to.deep.equal({ definitionId: 'api_task:1' });
    expect(data.form).to.include({ id: 'cat-test-form', version: 1 });
    expect(data).not.to.have.property('templateParameters');

    const edit = await h.http().patch(`/api/items/${itemId}`).set(h.as.townEditor.headers).send({ data: itemData() });
    expect(errorOf(edit.body).code).to.equal('DERIVED_ITEM');
    const params = await h.http().patch(`/api/items/${itemId}`).set(h.as.townEditor.headers).send({ parameters: { handler: 'town-in', phone: '13800138000', village: '五山社区' } });
    expect(params.status, JSON.stringify(params.body)).to.equal(200);
    expect(params.body.data.contact).to.equal('咨询电话：13800138000');

    await post(`/api/items/${itemId}/submit`, 'townEditor');
    expect((await post(`/api/items/${itemId}/review`, 'reviewer', { decision: 'approve', comment: '街道审核通过' })).status).to.equal(200);
    expect((await post(`/api/items/${itemId}/publish`, 'townEditor')).body.status).to.equal('published');
    expect((await get(`/api/items/${itemId}`, 'townEditor')).body.upgrade).to.deep.equal({ available: false, templateVersion: 1, fromTemplateVersion: 1 });
    expect(errorOf((await post(`/api/items/${itemId}/upgrade`, 'townEditor')).body).code).to.equal('NO_UPGRADE');

    // The county publishes version 2 of the template: the village item is offered the upgrade.
    await h.http().patch(`/api/items/${templateId}`).set(h.as.admin.headers).send({ data: { ...templateData, contact: '咨询电话（工作日）：{{phone}}', onlineDepth: 3 } });
    await advance(h, templateId, 'draft', 'published');
    const upgradable = await get('/api/items?upgradable=true', 'townEditor');
    expect(upgradable.body.items.map((i: { id: string }) => i.id)).to.deep.equal([itemId]);
    const derivedList = await get(`/api/items/${templateId}/derived`, 'townEditor');
    expect(derivedList.body.items).to.have.length(1);
    expect(derivedList.body.items[0]).to.include({ id: itemId, upgradeAvailable: true, publishedVersion: 1 });

    const upgraded = await post(`/api/items/${itemId}/upgrade`, 'townEditor');
    expect(upgraded.status, JSON.stringify(upgraded.body)).to.equal(200);
    expect(upgraded.body).to.include({ version: 2, status: 'draft' });
    expect(upgraded.body.data).to.include({ contact: '咨询电话（工作日）：13800138000', onlineDepth: 3, name: '五山社区开具居住证明' });
    expect((await get('/api/items?upgradable=true', 'townEditor')).body.total).to.equal(0);
    const diff = await get(`/api/items/${itemId}/diff`, 'townEditor');
    expect(diff.body.changedFields).to.have.members(['contact', 'onlineDepth']);
  });

  it('refuses to derive at or above the template’s region', async () => {
    const created = await post('/api/items', 'admin', { baseCode: 'TPL002', implCode: `TPL-${unique()}`, regionCode: DISTRICT, isTemplate: true, data: itemData({ templateParameters: TEMPLATE_PARAMETERS }) });
    await advance(h, created.body.id, 'draft', 'published');
    const same = await post(`/api/items/${created.body.id}/derive`, 'admin', { regionCode: DISTRICT, parameters: { handler: 'town-in', phone: '13800138000' } });
    expect(errorOf(same.body).code).to.equal('REGION_NOT_BELOW_TEMPLATE');
    const notTemplate = await post('/api/items', 'editor', { baseCode: 'TPL003', implCode: `TPL-${unique()}`, regionCode: INSIDE_VILLAGE, data: itemData({ templateParameters: TEMPLATE_PARAMETERS }) });
    expect((errorOf(notTemplate.body).details as { problems: { path: string }[] }).problems[0]!.path).to.equal('/templateParameters');
  });
});
