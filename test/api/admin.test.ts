/** Administration of regions, departments, users, roles and API keys; the directory. */
import { expect } from 'chai';
import { type Harness, INSIDE_TOWN, errorOf, startHarness } from './support/harness.js';

describe('api: administration and the directory', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness('admin');
  });
  after(() => h?.close());

  const admin = () => ({ ...h.as.admin.headers });

  it('keeps the region tree whole: parents first, no deleting what is in use', async () => {
    const orphan = await h.http().post('/api/admin/regions').set(admin()).send({ code: '450102001001', name: '无父级' });
    expect(orphan.status).to.equal(422);
    expect(errorOf(orphan.body).code).to.equal('PARENT_REGION_MISSING');
    const made = await h.http().post('/api/admin/regions').set(admin()).send({ code: '440106001555', name: '新社区' });
    expect(made.status).to.equal(201);
    expect(made.body).to.deep.equal({ code: '440106001555', name: '新社区', level: 'village', parentCode: INSIDE_TOWN });
    const dup = await h.http().post('/api/admin/regions').set(admin()).send({ code: '440106001555', name: '重复' });
    expect(dup.status).to.equal(409);
    const inUse = await h.http().delete(`/api/admin/regions/${INSIDE_TOWN}`).set(admin());
    expect(inUse.status).to.equal(409);
    expect(errorOf(inUse.body).code).to.equal('IN_USE');
    const tree = await h.http().get(`/api/regions?under=${INSIDE_TOWN}`).set(h.as.clerk.headers);
    expect(tree.body.items.map((r: { code: string }) => r.code)).to.include.members([INSIDE_TOWN, '440106001555']);
    expect((await h.http().delete('/api/admin/regions/440106001555').set(admin())).status).to.equal(204);
  });

  it('creates users with scrypt-hashed passwords and roles held in regions', async () => {
    const noRegion = await h.http().post('/api/admin/users').set(admin()).send({ username: 'bad', displayName: 'x', password: 'long-enough-1', roles: [{ role: 'clerk', regionCode: null }] });
    expect(noRegion.status).to.equal(400);
    const created = await h.http().post('/api/admin/users').set(admin()).send({
      username: 'zhangsan',
      displayName: '张三',
      password: 'zhangsan-pass-1',
      regionCode: INSIDE_TOWN,
      departmentId: 'town-in',
      roles: [{ role: 'approver', regionCode: INSIDE_TOWN }],
    });
    expect(created.status).to.equal(201);
    expect(created.body).to.not.have.property('password');
    expect(created.body).to.not.have.property('passwordHash');
    const stored = await h.server.context.knex.raw<{ rows: Array<{ password_hash: string }> }>('select password_hash from tb_user where username = ?', ['zhangsan']);
    expect(stored.rows[0]!.password_hash).to.match(/^scrypt\$16384\$8\$1\$/);
    const dupe = await h.http().post('/api/admin/users').set(admin()).send({ username: 'zhangsan', displayName: 'x', password: 'long-enough-1' });
    expect(dupe.status).to.equal(409);
    const login = await h.http().post('/api/auth/login').send({ username: 'zhangsan', password: 'zhangsan-pass-1' });
    expect(login.body.user.roles).to.deep.equal(['approver']);

    const id = created.body.id as string;
    expect(await h.server.context.directory.usersInGroup('town-in:approver')).to.satisfy((users: Array<{ id: string }>) => users.some((u) => u.id === id));
    expect(h.server.context.directory.groupsOf(id)).to.deep.equal(['town-in:approver']);
    const roles = await h.http().put(`/api/admin/users/${id}/roles`).set(admin()).send({ roles: [{ role: 'clerk', regionCode: INSIDE_TOWN }, { role: 'supervisor', regionCode: '440106' }] });
    expect(roles.body.roles).to.have.length(2);
    expect([...(h.server.context.directory.groupsOf(id) ?? [])].sort()).to.deep.equal(['town-in:clerk', 'town-in:supervisor']);
    expect(h.server.context.directory.membersOf('town-in:approver')).to.not.include(id);
    const disabled = await h.http().patch(`/api/admin/users/${id}`).set(admin()).send({ disabled: true });
    expect(disabled.body.disabled).to.equal(true);
    expect(h.server.context.directory.groupsOf(id)).to.deep.equal([]);
    expect(await h.server.context.directory.userById(id)).to.equal(undefined);
    const list = await h.http().get(`/api/admin/users?departmentId=town-in&limit=100`).set(admin());
    expect(list.body.items.map((u: { username: string }) => u.username)).to.include('zhangsan');
  });

  it('shows an API key once and stores only its hash', async () => {
    const unknownDept = await h.http().post('/api/admin/api-keys').set(admin()).send({ name: 'x', departmentId: 'nope' });
    expect(unknownDept.status).to.equal(422);
    const made = await h.http().post('/api/admin/api-keys').set(admin()).send({ name: '五山街道业务系统', departmentId: 'town-in' });
    expect(made.status).to.equal(201);
    expect(made.body.key).to.match(/^tbk_[a-f0-9]{16}_/);
    expect(made.body.apiKey).to.include({ departmentId: 'town-in', regionCode: INSIDE_TOWN, revokedAt: null });
    // The secret is everything after `tbk_<id>_`; base64url may itself contain "_".
    const secret = (made.body.key as string).slice('tbk_'.length + 16 + 1);
    expect(secret).to.have.length(43);
    const rows = await h.server.context.knex.raw<{ rows: Array<Record<string, unknown>> }>('select * from tb_api_key');
    expect(JSON.stringify(rows.rows)).to.not.include(secret);
    const listed = await h.http().get('/api/admin/api-keys?departmentId=town-in').set(admin());
    expect(JSON.stringify(listed.body)).to.not.include(secret);
    expect(listed.body.items.map((k: { id: string }) => k.id)).to.include(made.body.apiKey.id);
  });

  it('manages departments, refusing to delete one still in use', async () => {
    const made = await h.http().post('/api/admin/departments').set(admin()).send({ id: 'civil', name: '民政办', regionCode: INSIDE_TOWN });
    expect(made.status).to.equal(201);
    const badRegion = await h.http().patch('/api/admin/departments/civil').set(admin()).send({ regionCode: '440106001999' });
    expect(badRegion.status).to.equal(422);
    const moved = await h.http().patch('/api/admin/departments/civil').set(admin()).send({ name: '民政和社会事务办' });
    expect(moved.body.name).to.equal('民政和社会事务办');
    const inUse = await h.http().delete('/api/admin/departments/town-in').set(admin());
    expect(inUse.status).to.equal(409);
    expect((await h.http().delete('/api/admin/departments/civil').set(admin())).status).to.equal(204);
    const listed = await h.http().get(`/api/departments?regionCode=${INSIDE_TOWN}`).set(h.as.clerk.headers);
    expect(listed.body.items.map((d: { id: string }) => d.id)).to.deep.equal(['town-in']);
  });
});
