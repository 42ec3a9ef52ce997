/** Sign-in, tokens, API keys, the caller, password changes, the login rate limit — and that no secret reaches the log. */
import { expect } from 'chai';
import { SignJWT } from 'jose';
import * as sql from '../../runtime-api/src/store/sql.js';
import { FIXTURE_PASSWORD, type Harness, INSIDE_TOWN, TOKEN_SECRET, errorOf, startHarness } from './support/harness.js';

async function token(claims: { sub: string; exp: number }, secret = TOKEN_SECRET): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer('tongban')
    .setAudience('tongban-api')
    .setIssuedAt(claims.exp - 3600)
    .setExpirationTime(claims.exp)
    .sign(new TextEncoder().encode(secret));
}

describe('api: authentication', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness('auth');
  });
  after(() => h?.close());

  it('signs in with username and password and answers the documented user shape', async () => {
    const res = await h.http().post('/api/auth/login').send({ username: 'r_clerk', password: FIXTURE_PASSWORD });
    expect(res.status).to.equal(200);
    expect(res.body.token).to.be.a('string');
    expect(res.body.user).to.deep.include({ id: 'user-clerk', username: 'r_clerk', displayName: 'clerk', roles: ['clerk'], regionCode: INSIDE_TOWN, departmentId: 'town-in' });
    expect(res.body.user.groups).to.deep.equal(['town-in:clerk']);
    const me = await h.http().get('/api/me').set('authorization', `Bearer ${res.body.token}`);
    expect(me.status).to.equal(200);
    expect(me.body.username).to.equal('r_clerk');
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const wrong = await h.http().post('/api/auth/login').send({ username: 'r_clerk', password: 'not-it' });
    const unknown = await h.http().post('/api/auth/login').send({ username: 'nobody', password: 'not-it' });
    expect([wrong.status, unknown.status]).to.deep.equal([401, 401]);
    expect(errorOf(wrong.body)).to.deep.equal(errorOf(unknown.body));
  });

  it('refuses a disabled user, at sign-in and with a token issued before', async () => {
    const before = (await h.http().post('/api/auth/login').send({ username: 'r_reviewer', password: FIXTURE_PASSWORD })).body.token as string;
    await sql.updateUser(h.server.context.knex, 'user-reviewer', { disabled: true });
    try {
      expect((await h.http().post('/api/auth/login').send({ username: 'r_reviewer', password: FIXTURE_PASSWORD })).status).to.equal(401);
      expect((await h.http().get('/api/me').set('authorization', `Bearer ${before}`)).status).to.equal(401);
    } finally {
      await sql.updateUser(h.server.context.knex, 'user-reviewer', { disabled: false });
    }
  });

  it('refuses expired tokens, tokens signed with another secret, and other schemes', async () => {
    const expired = await token({ sub: 'user-clerk', exp: Math.floor(Date.now() / 1000) - 10 });
    const res = await h.http().get('/api/me').set('authorization', `Bearer ${expired}`);
    expect(res.status).to.equal(401);
    expect(errorOf(res.body).message).to.match(/expired/);
    const forged = await token({ sub: 'user-admin', exp: Math.floor(Date.now() / 1000) + 600 }, 'another-secret-another-secret-another');
    expect((await h.http().get('/api/me').set('authorization', `Bearer ${forged}`)).status).to.equal(401);
    expect((await h.http().get('/api/me').set('authorization', 'Basic cjpw')).status).to.equal(401);
    const unknownUser = await token({ sub: 'ghost', exp: Math.floor(Date.now() / 1000) + 600 });
    expect((await h.http().get('/api/me').set('authorization', `Bearer ${unknownUser}`)).status).to.equal(401);
  });

  it('accepts an API key as X-Api-Key or Authorization: ApiKey, and refuses it once revoked', async () => {
    const viaHeader = await h.http().get('/api/me').set('x-api-key', h.apiKey);
    expect(viaHeader.status).to.equal(200);
    expect(viaHeader.body).to.deep.include({ kind: 'apiKey', roles: ['adapter'], regionCode: INSIDE_TOWN, departmentId: 'town-in' });
    expect((await h.http().get('/api/me').set('authorization', `ApiKey ${h.apiKey}`)).status).to.equal(200);
    const made = await h.http().post('/api/admin/api-keys').set(h.as.admin.headers).send({ name: '临时', departmentId: 'town-in' });
    expect((await h.http().get('/api/me').set('x-api-key', made.body.key)).status).to.equal(200);
    expect((await h.http().delete(`/api/admin/api-keys/${made.body.apiKey.id}`).set(h.as.admin.headers)).status).to.equal(204);
    expect((await h.http().get('/api/me').set('x-api-key', made.body.key)).status).to.equal(401);
    // A right id with a wrong secret.
    const wrongSecret = (made.body.key as string).slice(0, -4) + 'AAAA';
    expect((await h.http().get('/api/me').set('x-api-key', wrongSecret)).status).to.equal(401);
  });

  it('changes a password only with the current one', async () => {
    const login = (password: string) => h.http().post('/api/auth/login').send({ username: 'r_supervisor', password });
    const wrong = await h.http().post('/api/me/password').set(h.as.supervisor.headers).send({ currentPassword: 'nope', newPassword: 'brand-new-pass' });
    expect(wrong.status).to.equal(422);
    expect(errorOf(wrong.body).code).to.equal('WRONG_PASSWORD');
    const ok = await h.http().post('/api/me/password').set(h.as.supervisor.headers).send({ currentPassword: FIXTURE_PASSWORD, newPassword: 'brand-new-pass' });
    expect(ok.status).to.equal(204);
    expect((await login('brand-new-pass')).status).to.equal(200);
    expect((await login(FIXTURE_PASSWORD)).status).to.equal(401);
    const short = await h.http().post('/api/me/password').set(h.as.supervisor.headers).send({ currentPassword: 'brand-new-pass', newPassword: 'short' });
    expect(short.status).to.equal(400);
  });

  it('never writes a password, token or API key to the log', async () => {
    const secret = 'very-secret-password-42';
    await h.http().post('/api/auth/login').send({ username: 'r_clerk', password: secret });
    const signIn = await h.http().post('/api/auth/login').send({ username: 'r_clerk', password: FIXTURE_PASSWORD });
    const bearer = signIn.body.token as string;
    await h.http().get('/api/me').set('authorization', `Bearer ${bearer}`);
    await h.http().get('/api/me').set('x-api-key', h.apiKey);
    await h.http().get('/api/instances?processKey=x').set('authorization', `Bearer ${bearer}`);
    const made = await h.http().post('/api/admin/api-keys').set(h.as.admin.headers).send({ name: 'log-test', departmentId: 'town-in' });
    await h.http().get('/api/me').set('x-api-key', made.body.key);
    const log = h.logs.join('\n');
    expect(h.logs.length).to.be.greaterThan(5);
    // The key's secret is everything after `tbk_<id>_` (base64url may itself contain "_").
    for (const needle of [secret, FIXTURE_PASSWORD, bearer, bearer.split('.')[2]!, h.apiKey, made.body.key as string, (made.body.key as string).slice('tbk_'.length + 16 + 1)]) {
      expect(log.includes(needle), `log contains ${needle.slice(0, 12)}…`).to.equal(false);
    }
    expect(log).to.include('"req":{"id":'); // every line carries its request id
  });
});

describe('api: login rate limit', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness('ratelimit', { loginRateLimit: { max: 3, windowMs: 60_000 } });
  });
  after(() => h?.close());

  it('answers 429 in the error shape after too many failed sign-ins from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await h.http().post('/api/auth/login').send({ username: 'r_clerk', password: `guess-${i}` })).status);
    expect(statuses).to.deep.equal([401, 401, 401, 429, 429]);
    const blocked = await h.http().post('/api/auth/login').send({ username: 'r_clerk', password: FIXTURE_PASSWORD });
    expect(blocked.status).to.equal(429);
    expect(errorOf(blocked.body).code).to.equal('TOO_MANY_ATTEMPTS');
    expect(blocked.headers).to.have.property('ratelimit');
    // Other routes are not limited.
    expect((await h.http().get('/api/me').set(h.as.clerk.headers)).status).to.equal(200);
  });
});
