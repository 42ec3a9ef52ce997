/**
 * Error answers for every route, generated from the route table: 401 without or with bad
 * credentials, 400 for unknown query parameters, unknown body fields and broken JSON, 404 for
 * ids that do not exist. Always the error shape, never a 500.
 */
import { expect } from 'chai';
import { FILE_BODY } from '../../runtime-api/src/files/openapi.js';
import { OPERATIONS } from '../../runtime-api/src/openapi/operations.js';
import { ROUTE_TABLE } from '../../runtime-api/src/routes/route-table.js';
import { type Harness, errorOf, startHarness } from './support/harness.js';
import { SAMPLES } from './support/samples.js';

const sampleOf = (operationId: string) => SAMPLES[operationId as keyof typeof SAMPLES];
const missingIds = (path: string) => path.replace('{id}', 'does-not-exist').replace('{code}', '999999999999');
/** Uploads send raw bytes with the file's media type; everything else sends JSON. */
const bodyType = (sample: { contentType?: string }) => (sample.contentType ? { 'content-type': sample.contentType } : {});

describe('api: generated error answers (every route)', function () {
  this.timeout(120_000);
  let h: Harness;
  before(async () => {
    h = await startHarness('errors');
  });
  after(() => h?.close());

  for (const route of ROUTE_TABLE) {
    const label = `${route.method.toUpperCase()} ${route.path}`;
    // Uploads take no JSON: their body tests are in test/api/files.
    const hasBody = route.method !== 'get' && route.method !== 'delete' && OPERATIONS[route.operationId].body !== FILE_BODY;

    if (route.roles !== 'public') {
      it(`${label}: 401 without credentials, with a forged token, with a bad API key`, async () => {
        const sample = await sampleOf(route.operationId)(h, 'inside', 'admin');
        for (const headers of [{}, { authorization: 'Bearer not.a.token' }, { 'x-api-key': 'tbk_0000000000000000_' + 'x'.repeat(43) }]) {
          const res = await h.http()[route.method](sample.path).set(headers).set(bodyType(sample)).send(sample.body as object);
          expect(res.status, JSON.stringify(res.body)).to.equal(401);
          expect(errorOf(res.body).code).to.equal('UNAUTHENTICATED');
        }
      });
    }

    it(`${label}: 400 for an unknown query parameter`, async () => {
      const sample = route.operationId === 'login' ? { path: '/api/auth/login', body: { username: 'r_admin', password: 'x' } } : await sampleOf(route.operationId)(h, 'inside', 'admin');
      const separator = sample.path.includes('?') ? '&' : '?';
      const res = await h.http()[route.method](`${sample.path}${separator}unexpected=1`).set(h.as.admin.headers).set(bodyType(sample)).send(sample.body as object);
      expect(res.status, JSON.stringify(res.body)).to.equal(400);
      expect(errorOf(res.body).code).to.equal('VALIDATION_FAILED');
    });

    if (hasBody) {
      it(`${label}: 400 for an unknown body field and for broken JSON`, async () => {
        const sample = route.operationId === 'login' ? { path: '/api/auth/login', body: { username: 'r_admin', password: 'x' } } : await sampleOf(route.operationId)(h, 'inside', 'admin');
        const unknown = await h.http()[route.method](sample.path).set(h.as.admin.headers).send({ ...(sample.body as object), unexpectedField: true });
        expect(unknown.status, JSON.stringify(unknown.body)).to.equal(400);
        expect(errorOf(unknown.body).code).to.equal('VALIDATION_FAILED');
        const broken = await h.http()[route.method](sample.path).set(h.as.admin.headers).set('content-type', 'application/json').send('{"oops": ');
        expect(broken.status, JSON.stringify(broken.body)).to.equal(400);
        expect(errorOf(broken.body).code).to.equal('INVALID_JSON');
      });
    }

    if (route.path.includes('{')) {
      it(`${label}: 404 for an id that does not exist`, async () => {
        const sample = await sampleOf(route.operationId)(h, 'inside', 'admin');
        const res = await h.http()[route.method](missingIds(route.path)).set(h.as.admin.headers).set(bodyType(sample)).send(sample.body as object);
        expect(res.status, JSON.stringify(res.body)).to.equal(404);
        expect(errorOf(res.body).code).to.match(/NOT_FOUND$/);
      });
    }
  }

  it('answers unknown routes with 404 and wrong methods with 405, in the error shape', async () => {
    const unknown = await h.http().get('/api/nothing-here').set(h.as.admin.headers);
    expect(unknown.status).to.equal(404);
    expect(errorOf(unknown.body).code).to.equal('NOT_FOUND');
    const wrong = await h.http().delete('/api/tasks').set(h.as.admin.headers);
    expect(wrong.status).to.equal(405);
    expect(errorOf(wrong.body).code).to.equal('METHOD_NOT_ALLOWED');
    expect(wrong.headers.allow).to.equal('GET');
  });

  it('never answers 500 to hostile input, and never shows a stack trace', async () => {
    const attempts = [
      h.http().post('/api/instances').set(h.as.admin.headers).set('content-type', 'application/json').send('[1,2,3]'),
      h.http().post('/api/instances').set(h.as.admin.headers).set('content-type', 'application/json').send('null'),
      h.http().post('/api/instances').set(h.as.admin.headers).set('content-type', 'text/plain').send('processKey=x'),
      h.http().post('/api/instances').set(h.as.admin.headers).send({ processKey: { $ne: 1 } }),
      h.http().post('/api/instances').set(h.as.admin.headers).send({ processKey: 'api_task', variables: 'not-an-object' }),
      h.http().post('/api/instances').set(h.as.admin.headers).send({ processKey: 'x'.repeat(10_000) }),
      h.http().post('/api/instances').set(h.as.admin.headers).send({ processKey: 'api_task', variables: { note: 'a\u0000b' } }),
      h.http().post('/api/instances').set(h.as.admin.headers).send({ processKey: 'api_task', businessKey: 'a\u0000b' }),
      h.http().get('/api/instances?limit=-1').set(h.as.admin.headers),
      h.http().get('/api/instances?limit=1e9').set(h.as.admin.headers),
      h.http().get('/api/instances?offset=abc').set(h.as.admin.headers),
      h.http().get('/api/instances?status=paused').set(h.as.admin.headers),
      h.http().get('/api/instances/%E0%A4%A').set(h.as.admin.headers),
      h.http().get(`/api/instances/${'%00'.repeat(10)}`).set(h.as.admin.headers),
      h.http().post('/api/admin/regions').set(h.as.admin.headers).send({ code: '4401060019999', name: 'x' }),
      h.http().post('/api/admin/users').set(h.as.admin.headers).send({ username: 'a b', displayName: 'x', password: 'short' }),
      h.http().post('/api/auth/login').send({ username: 'r_admin' }),
      h.http().post('/api/auth/login').set('content-type', 'application/json').send('{"username": "r_admin", "password": "x", "password": "y"'),
    ];
    for (const [i, res] of (await Promise.all(attempts)).entries()) {
      expect(res.status, `attempt ${i}: ${JSON.stringify(res.body)}`).to.be.within(400, 499);
      errorOf(res.body);
      expect(JSON.stringify(res.body)).not.to.match(/\bat .+\.(ts|js):\d+/);
    }
  });
});
