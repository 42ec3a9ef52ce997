/** The public service guide (办事指南): the published version of an item, without signing in. */
import { expect } from 'chai';
import { INSIDE_VILLAGE, startHarness, type Harness } from '../support/harness.js';
import { makeItem } from './fixtures.js';

describe('api/catalog: public service guide', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness('public_guide');
  });
  after(() => h?.close());

  it('shows a published item to anyone, and nothing of a draft', async () => {
    const published = await makeItem(h, INSIDE_VILLAGE, 'published');
    const res = await h.http().get(`/api/public/items/${published}`);
    expect(res.status).to.equal(200);
    expect(res.body.published).to.not.equal(null);
    expect(res.body.open).to.equal(null);
    expect(res.body.departmentName).to.be.a('string');
    expect(res.body.regionName).to.be.a('string');
    const draft = await makeItem(h, INSIDE_VILLAGE, 'draft');
    expect((await h.http().get(`/api/public/items/${draft}`)).status).to.equal(404);
    expect((await h.http().get('/api/public/items/no-such-item')).status).to.equal(404);
  });
});
