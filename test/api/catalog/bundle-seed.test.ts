/**
 * The example bundle 开办餐饮店 (examples/restaurant-opening-bundle) is seeded on first start
 * after its members (个体工商户设立登记 and 食品经营许可), composed from their published versions,
 * and taken by one application.
 */
import { expect } from 'chai';
import { createServer, type RunningServer } from '../../../runtime-api/src/index.js';
import { publishedItemVersion } from '../../../runtime-api/src/catalog/published.js';
import { createLogger } from '../../../runtime-api/src/middleware/request-log.js';
import { testDatabase } from '../../support/db.js';
import { testConfig } from '../support/harness.js';

const BUNDLE = '11440106YJS0001CY440106';
const REGISTRATION = '20440106GT0001440106';
const FOOD = '11440106MB2C0001XK440106';

describe('catalog: the example bundle 开办餐饮店 seeded on first start', function () {
  this.timeout(120_000);
  let server: RunningServer;
  let close: () => Promise<void>;
  before(async () => {
    const database = await testDatabase('catalog_bundle_seed');
    server = await createServer({ config: testConfig({ seed: 'demo' }), database, logger: createLogger('silent') });
    close = async () => {
      await server.close();
      await database.close();
    };
  });
  after(() => close?.());

  it('is published after its members, with the combined materials and situations', async () => {
    const bundle = await publishedItemVersion(server.context.knex, BUNDLE);
    expect(bundle, 'the bundle is published').to.not.equal(undefined);
    expect(bundle).to.include({ kind: 'bundle', name: '开办餐饮店（一件事）', departmentId: 'window' });
    expect(bundle!.composition!.members.map((m) => m.implCode)).to.deep.equal([REGISTRATION, FOOD]);
    const names = bundle!.materials.map((m) => m.name);
    // The operator's ID card is asked once for both members; the 营业执照 is issued by member 1, not asked.
    expect(names.filter((n) => n === '经营者身份证明' || n === '法定代表人（负责人）身份证明')).to.have.length(1);
    expect(bundle!.composition!.materials.find((m) => m.eCertificate === '居民身份证')!.members).to.deep.equal([REGISTRATION, FOOD]);
    expect(names).to.not.include('营业执照');
    expect(bundle!.composition!.replaced).to.deep.equal([{ name: '营业执照', members: [FOOD], issuedBy: REGISTRATION }]);
    // Two different 申请书 share the id `application`: both are asked.
    expect(names).to.include.members(['个体工商户登记（备案）申请书', '食品经营许可申请书', '开办餐饮店“一件事”联办申请表']);
    const agent = bundle!.situations.find((s) => s.id === 'agent')!;
    expect(agent.materials.map((m) => m.name)).to.deep.equal(['授权委托书', '代理人身份证明']);
    expect(bundle!.situations.map((s) => s.id)).to.have.members(['agent', 'family', 'catering']);
    // Shared form fields (the premises' region and address) are asked once.
    const premises = (bundle!.form.schema.properties as Record<string, { properties: Record<string, unknown>; required: string[] }>).premises!;
    expect(Object.keys(premises.properties)).to.have.members(['regionCode', 'address', 'area']);
    expect(premises.required).to.have.members(['regionCode', 'address', 'area']);
  });
});
