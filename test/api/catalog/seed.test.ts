/** First start in development: the examples' items are published on their deployed processes, once. */
import { expect } from 'chai';
import { createServer } from '../../../runtime-api/src/index.js';
import { publishedItemVersion } from '../../../runtime-api/src/catalog/published.js';
import { createLogger } from '../../../runtime-api/src/middleware/request-log.js';
import { testDatabase } from '../../support/db.js';
import { testConfig } from '../support/harness.js';

describe('catalog: example items seeded on first start', function () {
  this.timeout(180_000); // the first PGlite snapshot, 16 demo users' password hashes and 9 seeded items

  it('publishes the food licence and the residence-certificate template with a derived village item', async () => {
    const database = await testDatabase('catalog_seed');
    const config = testConfig({ seed: 'demo' });
    const first = await createServer({ config, database, logger: createLogger('silent') });
    try {
      const food = await publishedItemVersion(first.context.knex, '11440106MB2C0001XK440106');
      expect(food).to.include({ name: '食品经营许可（新办）', itemType: '01', departmentId: 'market', processKey: 'food_business_licence', immediate: false });
      expect(food!.legalLimit).to.deep.equal({ value: 20, unit: 'workingDays' });
      expect(food!.promisedLimit).to.deep.equal({ value: 10, unit: 'workingDays' });
      expect(food!.form.id).to.equal('food-business-licence-application');
      expect(food!.fieldPermissions.Task_HealthReview).to.deep.equal({ '/applicant/legalRepresentativeId': 'hidden', '/reviewOpinion': 'editable' });
      const village = await publishedItemVersion(first.context.knex, '20440106CJ0001-440106001001');
      expect(village).to.include({ name: '五山社区开具居住证明', level: 'village', departmentId: 'wushan', processKey: 'village_residence_certificate' });
      expect(village!.templateParams).to.include({ handler: 'wushan' });
    } finally {
      await first.close();
    }
    const second = await createServer({ config, database, logger: createLogger('silent') });
    try {
      const versions = await second.context.knex('tb_item_version').count<{ count: string }[]>('* as count');
      // One published version per example item, none added by the second start: food licence,
      // residence-certificate template + its village item, 个体工商户设立登记, 施工许可, 宅基地,
      // 老年人优待证 template + its village item, and the bundle 开办餐饮店.
      expect(Number(versions[0]!.count)).to.equal(9);
    } finally {
      await second.close();
      await database.close();
    }
  });
});
