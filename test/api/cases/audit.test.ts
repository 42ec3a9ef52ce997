/**
 * The audit log: every mutating request on record (successes and refusals, who, roles, region,
 * route, target, outcome, before/after), region-scoped reading, a chain that concurrent writers
 * cannot fork, and tampering — an edited, deleted or truncated entry — found by verification.
 */
import { expect } from 'chai';
import { verifyChain } from '../../../runtime-api/src/audit/chain.js';
import { INSIDE_VILLAGE, OUTSIDE_VILLAGE } from '../support/harness.js';
import { FORM_DATA, person, publishItem } from './support/fixtures.js';
import { type CaseHarness, startCaseHarness } from './support/harness.js';

describe('api/cases: audit log (hash chain)', function () {
  this.timeout(60_000);
  let h: CaseHarness;
  let item: string;
  before(async () => {
    h = await startCaseHarness('audit');
    item = await publishItem(h.server);
  });
  after(() => h?.close());

  const post = (as: keyof CaseHarness['as'], path: string, body: object = {}) => h.http().post(path).set(h.as[as].headers).send(body);
  const entries = async (query: string, as: keyof CaseHarness['as'] = 'admin') => (await h.http().get(`/api/audit?${query}`).set(h.as[as].headers)).body;

  it('records case actions with actor, roles, region, target, outcome and a before/after summary', async () => {
    const created = await post('clerk', '/api/cases', { itemId: item, regionCode: INSIDE_VILLAGE, channel: 'window', applicant: person(1), formData: FORM_DATA });
    const id = created.body.id as string;
    await post('clerk', `/api/cases/${id}/accept`);
    await post('approver', `/api/cases/${id}/accept`); // refused by role: 403, on record too
    const log = await entries(`targetId=${id}`);
    expect(log.items.map((e: { operationId: string; status: number }) => [e.operationId, e.status])).to.deep.equal([
      ['acceptCase', 403],
      ['acceptCase', 200],
      ['createCase', 201],
    ]);
    const [denied, accepted, createdEntry] = log.items;
    expect(accepted).to.include({ actorId: 'user-clerk', actorKind: 'user', regionCode: INSIDE_VILLAGE, method: 'POST', path: `/api/cases/${id}/accept`, outcome: 'success' });
    expect(accepted.roles).to.deep.equal(['clerk']);
    expect(accepted.summary).to.deep.equal({ caseNo: created.body.caseNo, before: { status: 'submitted' }, after: { status: 'accepted' } });
    expect(createdEntry.summary).to.deep.include({ before: null, after: { status: 'submitted' } });
    expect(denied).to.include({ actorId: 'user-approver', outcome: 'denied', regionCode: INSIDE_VILLAGE });
    expect(JSON.stringify(log)).not.to.include(person(1).idNumber); // ID numbers stay out of the log
    const reads = await entries(`operationId=getCase`);
    expect(reads.total).to.equal(0); // reads are not mutations
  });

  it('records administration and failed sign-ins without secrets', async () => {
    await h.http().post('/api/auth/login').send({ username: 'r_clerk', password: 'wrong-password' });
    const users = await post('admin', '/api/admin/users', { username: 'newbie', displayName: '新人', password: 'secret-password-9', regionCode: '440106001' });
    expect(users.status).to.equal(201);
    const logins = await entries('operationId=login');
    expect(logins.items[0]).to.include({ actorId: 'login:r_clerk', status: 401, outcome: 'denied' });
    const created = await entries('operationId=createUser');
    expect(created.items[0]).to.include({ actorId: 'user-admin', status: 201 });
    expect(JSON.stringify([logins, created])).not.to.include('secret-password-9');
    expect(JSON.stringify(logins)).not.to.include('wrong-password');
  });

  it('is region-scoped for reviewers and supervisors; admins see everything', async () => {
    const outside = await post('admin', '/api/cases', { itemId: item, regionCode: OUTSIDE_VILLAGE, channel: 'window', applicant: person(2), formData: FORM_DATA });
    const inside = await entries(`targetId=${outside.body.id}`, 'reviewer');
    expect(inside.total).to.equal(0);
    expect((await entries(`targetId=${outside.body.id}`, 'admin')).total).to.equal(1);
    const mine = await entries('limit=200', 'supervisor');
    expect(mine.items.length).to.be.greaterThan(0);
    expect(mine.items.every((e: { regionCode: string | null }) => e.regionCode !== null && e.regionCode.startsWith('440106001'))).to.equal(true);
    expect((await h.http().get('/api/audit').set(h.as.clerk.headers)).status).to.equal(403);
  });

  it('keeps one chain under concurrent writers and verifies it', async () => {
    await Promise.all(Array.from({ length: 15 }, (_, i) => post('clerk', '/api/cases', { itemId: item, regionCode: INSIDE_VILLAGE, channel: 'window', applicant: person(10 + i), formData: FORM_DATA })));
    const report = await h.http().get('/api/audit/verify').set(h.as.reviewer.headers);
    expect(report.status).to.equal(200);
    expect(report.body).to.include({ ok: true, firstBroken: null });
    expect(report.body.entries).to.equal(report.body.head.seq);
    const all = await entries('limit=200');
    const seqs = all.items.map((e: { seq: number }) => e.seq).reverse();
    expect(seqs).to.deep.equal(Array.from({ length: seqs.length }, (_, i) => i + 1));
    for (let i = 1; i < all.items.length; i++) expect(all.items[i - 1].prevHash).to.equal(all.items[i].hash);
  });

  it('refuses updates and deletes in the database, and finds the first broken link after tampering', async () => {
    const knex = h.server.context.knex;
    let refused: unknown;
    try {
      await knex.raw("update tb_audit_log set status = 200 where seq = 2");
    } catch (err) {
      refused = err;
    }
    expect(String(refused)).to.include('append-only');
    // Someone with the database owner's rights disables the guard and edits an entry…
    await knex.raw('alter table tb_audit_log disable trigger tb_audit_log_no_change');
    try {
      await knex.raw(`update tb_audit_log set summary = '{"after":{"status":"refused"}}'::jsonb where seq = 3`);
      const edited = await verifyChain(knex);
      expect(edited).to.deep.include({ ok: false, firstBroken: { seq: 3, reason: 'content' } });
      const report = await h.http().get('/api/audit/verify').set(h.as.supervisor.headers);
      expect(report.body.firstBroken).to.deep.equal({ seq: 3, reason: 'content' });
      // …or recomputes that entry's hash too: the next link breaks.
      const row = (await knex.raw<{ rows: Array<Record<string, unknown>> }>('select * from tb_audit_log where seq = 3')).rows[0]!;
      const { entryFromRow, entryHash } = await import('../../../runtime-api/src/audit/chain.js');
      const entry = entryFromRow(row);
      await knex.raw('update tb_audit_log set hash = ? where seq = 3', [entryHash(3, entry.prevHash, entry)]);
      expect((await verifyChain(knex)).firstBroken).to.deep.equal({ seq: 4, reason: 'link' });
    } finally {
      await knex.raw('alter table tb_audit_log enable trigger tb_audit_log_no_change');
    }
  });

  it('finds entries cut off the end (the head remembers the last hash) and entries taken out of the middle', async () => {
    const fresh = await startCaseHarness('audit_tail');
    try {
      for (let i = 0; i < 3; i++) await fresh.http().post('/api/supervision/scan').set(fresh.as.admin.headers);
      const fk = fresh.server.context.knex;
      expect((await verifyChain(fk)).ok).to.equal(true);
      await fk.raw('alter table tb_audit_log disable trigger tb_audit_log_no_change');
      await fk.raw('delete from tb_audit_log where seq = (select max(seq) from tb_audit_log)');
      expect((await verifyChain(fk)).firstBroken).to.deep.equal({ seq: 3, reason: 'head' });
      await fk.raw('delete from tb_audit_log where seq = 1');
      expect((await verifyChain(fk)).firstBroken).to.deep.equal({ seq: 2, reason: 'sequence' });
    } finally {
      await fresh.server.context.knex.raw('alter table tb_audit_log enable trigger tb_audit_log_no_change');
      await fresh.close();
    }
  });
});
