/**
 * Directory search for pickers (转办, 委派, 加签, 抄送, the builder's assignees): staff find the
 * users and candidate groups of their own regions — a town its town and villages, a county
 * everything below it — and see names, department and region only.
 */
import { expect } from 'chai';
import { hashPassword } from '../../runtime-api/src/identity/passwords.js';
import * as sql from '../../runtime-api/src/store/sql.js';
import { DISTRICT, FIXTURE_PASSWORD, type Harness, INSIDE_TOWN, INSIDE_VILLAGE, OUTSIDE_TOWN, OUTSIDE_VILLAGE, errorOf, startHarness } from './support/harness.js';

interface Entry { id: string; username: string; displayName: string; departmentId: string | null; departmentName: string | null; regionCode: string | null; regionName: string | null }

describe('api: directory search for pickers', function () {
  this.timeout(60_000);
  let h: Harness;
  let countyHeaders: Record<string, string>;

  before(async () => {
    h = await startHarness('directory');
    const knex = h.server.context.knex;
    const passwordHash = await hashPassword(FIXTURE_PASSWORD);
    const people: Array<[string, string, string, string | null, string]> = [
      ['dir-wang', '王五山', INSIDE_VILLAGE, 'town-in', 'approver'],
      ['dir-li', '李员村', OUTSIDE_TOWN, 'town-out', 'clerk'],
      ['dir-zhao', '赵员村', OUTSIDE_VILLAGE, 'town-out', 'approver'],
      ['dir-county', '陈区级', DISTRICT, 'district', 'approver'],
      ['dir-off', '钱停用', INSIDE_TOWN, 'town-in', 'clerk'],
      ['dir-pct', '100%_孙', INSIDE_TOWN, null, 'clerk'],
    ];
    for (const [id, displayName, regionCode, departmentId, role] of people) {
      await sql.insertUser(knex, { id, username: id, displayName, passwordHash, regionCode, departmentId });
      await sql.replaceRoles(knex, id, [{ role, regionCode }]);
    }
    await sql.updateUser(knex, 'dir-off', { disabled: true });
    const { token } = await h.server.context.tokens.issue('dir-county');
    countyHeaders = { authorization: `Bearer ${token}` };
  });
  after(() => h?.close());

  const search = async (headers: Record<string, string>, query = '') => {
    const res = await h.http().get(`/api/directory/users${query}`).set(headers);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return (res.body as { items: Entry[] }).items;
  };
  const ids = (items: Array<{ id: string }>) => items.map((e) => e.id);

  it('a town clerk finds the users of its town and villages, not the next town, the county, disabled users or region-less admins', async () => {
    const found = ids(await search(h.as.clerk.headers, '?limit=50'));
    expect(found).to.include.members(['dir-wang', 'user-clerk', 'user-approver', 'dir-pct']);
    for (const hidden of ['dir-li', 'dir-zhao', 'dir-county', 'dir-off', 'user-admin']) expect(found).not.to.include(hidden);
  });

  it('a county user finds the county and every town and village below it', async () => {
    const found = ids(await search(countyHeaders, '?limit=50'));
    expect(found).to.include.members(['dir-county', 'dir-wang', 'dir-li', 'dir-zhao', 'user-clerk']);
    expect(found).not.to.include.members(['dir-off', 'user-admin']);
  });

  it('searches by part of the display name or username, case-insensitively, and narrows by department and region', async () => {
    expect(ids(await search(countyHeaders, `?q=${encodeURIComponent('员村')}`))).to.have.members(['dir-li', 'dir-zhao']);
    expect(ids(await search(countyHeaders, '?q=DIR-W'))).to.deep.equal(['dir-wang']);
    expect(ids(await search(countyHeaders, '?departmentId=town-out'))).to.have.members(['dir-li', 'dir-zhao']);
    expect(ids(await search(countyHeaders, `?regionCode=${OUTSIDE_VILLAGE}`))).to.deep.equal(['dir-zhao']);
    // LIKE wildcards in q are plain characters.
    expect(ids(await search(h.as.clerk.headers, `?q=${encodeURIComponent('%_')}`))).to.deep.equal(['dir-pct']);
    expect(ids(await search(h.as.clerk.headers, `?q=${encodeURIComponent('%')}&limit=50`))).to.deep.equal(['dir-pct']);
  });

  it('a region filter narrows but never widens: a town clerk asking for the next town gets nobody', async () => {
    expect(await search(h.as.clerk.headers, `?regionCode=${OUTSIDE_TOWN}`)).to.deep.equal([]);
    expect(await search(h.as.clerk.headers, `?regionCode=${DISTRICT}&q=dir-`)).to.have.length(2); // dir-wang, dir-pct (in its town)
  });

  it('answers only what a picker needs: no password hash, no roles, no flags', async () => {
    const [wang] = await search(h.as.clerk.headers, '?q=dir-wang');
    expect(wang).to.deep.equal({ id: 'dir-wang', username: 'dir-wang', displayName: '王五山', departmentId: 'town-in', departmentName: '五山街道便民服务中心', regionCode: INSIDE_VILLAGE, regionName: '五山社区' });
    const raw = await h.http().get('/api/directory/users?limit=50').set(countyHeaders);
    expect(raw.text).not.to.match(/scrypt|password|hash|roles|disabled/i);
  });

  it('respects the limit', async () => {
    expect(await search(countyHeaders, '?limit=2')).to.have.length(2);
  });

  it('lists candidate groups (department:role) with members, within the caller’s regions', async () => {
    const town = await h.http().get('/api/directory/groups').set(h.as.clerk.headers);
    expect(town.status).to.equal(200);
    const townGroups = ids(town.body.items);
    expect(townGroups).to.include.members(['town-in:clerk', 'town-in:approver']);
    expect(townGroups.some((g) => g.startsWith('town-out:') || g.startsWith('district:'))).to.equal(false);
    const county = await h.http().get(`/api/directory/groups?q=${encodeURIComponent('员村')}`).set(countyHeaders);
    expect(county.body.items).to.deep.equal([
      { id: 'town-out:approver', departmentId: 'town-out', departmentName: '员村街道便民服务中心', role: 'approver', regionCode: OUTSIDE_TOWN, members: 1 },
      { id: 'town-out:clerk', departmentId: 'town-out', departmentName: '员村街道便民服务中心', role: 'clerk', regionCode: OUTSIDE_TOWN, members: 1 },
    ]);
    const byRole = await h.http().get('/api/directory/groups?q=approver').set(countyHeaders);
    expect(ids(byRole.body.items)).to.have.members(['district:approver', 'town-in:approver', 'town-out:approver']);
  });

  it('refuses bad input with 400 and a clear error, API keys with 403, strangers with 401', async () => {
    for (const query of ['?limit=0', '?limit=51', '?limit=abc', `?q=${'x'.repeat(101)}`, '?q=%00', '?departmentId=Bad%20Id', '?regionCode=12345', '?unknown=1']) {
      const res = await h.http().get(`/api/directory/users${query}`).set(h.as.clerk.headers);
      expect(res.status, `${query}: ${JSON.stringify(res.body)}`).to.equal(400);
      expect(errorOf(res.body).code).to.equal('VALIDATION_FAILED');
    }
    const key = await h.http().get('/api/directory/users').set(h.as.adapter.headers);
    expect(key.status).to.equal(403);
    expect((await h.http().get('/api/directory/groups')).status).to.equal(401);
  });
});
