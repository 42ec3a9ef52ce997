/**
 * Forms at a step, as the cases routes use them: hidden fields gone from what a step sees and
 * kept on completion; read-only changes refused with 422 naming the field; prefill from the
 * profile and earlier cases.
 */
import { expect } from 'chai';
import { acceptTaskForm, formForTask, prefillForItemVersion } from '../../../runtime-api/src/catalog/forms-at-step.js';
import { publishedItemVersion } from '../../../runtime-api/src/catalog/published.js';
import { ApiError } from '../../../runtime-api/src/errors.js';
import { type Harness, INSIDE_VILLAGE, startHarness } from '../support/harness.js';
import { makeItem } from './fixtures.js';

describe('catalog: forms at a step', function () {
  this.timeout(60_000);
  let h: Harness;
  let itemVersionId: string;
  const formData = { name: '张三', mobile: '13800138000', opinion: '', note: '内部：核实户籍' };
  before(async () => {
    h = await startHarness('catalog_forms');
    const id = await makeItem(h, INSIDE_VILLAGE, 'published');
    itemVersionId = (await publishedItemVersion(h.server.context.knex, id))!.versionId;
  });
  after(() => h?.close());

  it('serves a step its view: hidden fields removed, read-only ones marked', async () => {
    const view = await formForTask(h.server.context.knex, { itemVersionId, formData }, 'work');
    expect(view).to.include({ formId: 'cat-test-form', formVersion: 1, title: '测试申请表' });
    expect(view.data).to.deep.equal({ name: '张三', mobile: '13800138000', opinion: '' });
    expect(view.schema.properties).not.to.have.property('note');
    expect(view.schema.properties!.name!.readOnly).to.equal(true);
    expect(view.schema.properties!.opinion!.readOnly).to.equal(undefined);
    const applicant = await formForTask(h.server.context.knex, { itemVersionId, formData }, 'applicant');
    expect(applicant.data).to.have.property('note');
  });

  it('accepts a completion: hidden kept, editable taken, read-only changes refused naming the field', async () => {
    const accepted = await acceptTaskForm(h.server.context.knex, { itemVersionId, formData }, 'work', { name: '张三', opinion: '同意', note: '页面改的' });
    expect(accepted).to.deep.equal({ name: '张三', mobile: '13800138000', opinion: '同意', note: '内部：核实户籍' });
    try {
      await acceptTaskForm(h.server.context.knex, { itemVersionId, formData }, 'work', { name: '李四', opinion: '同意' });
      expect.fail('a read-only change was accepted');
    } catch (error) {
      expect(error).to.be.instanceOf(ApiError);
      const e = error as ApiError;
      expect(e.status).to.equal(422);
      expect(e.code).to.equal('FORM_FIELD_READONLY');
      expect(e.message).to.equal('字段“申请人姓名”为只读，不能修改');
      expect((e.details as { field: string }).field).to.equal('/name');
    }
    const invalid = await acceptTaskForm(h.server.context.knex, { itemVersionId, formData: {} }, 'applicant', { mobile: '123' }).catch((e: ApiError) => e);
    expect((invalid as ApiError).code).to.equal('FORM_INVALID');
  });

  it('prefills from the applicant’s profile and earlier cases', async () => {
    const result = await prefillForItemVersion(h.server.context.knex, itemVersionId, { profile: { name: '王五' }, previousCases: [{ mobile: '' }, { mobile: '13900139000' }] });
    expect(result.data).to.deep.equal({ name: '王五', mobile: '13900139000' });
  });

  it('refuses a version that has no pinned form', async () => {
    const draft = await makeItem(h, INSIDE_VILLAGE, 'draft');
    const [version] = await h.server.context.knex('tb_item_version').where({ item_id: draft }).select('id');
    const error = await formForTask(h.server.context.knex, { itemVersionId: (version as { id: string }).id }, 'work').catch((e: ApiError) => e);
    expect((error as ApiError).code).to.equal('ITEM_VERSION_NOT_PINNED');
  });
});
