/** Health, readiness, metrics, the OpenAPI document and docs, request ids, security headers, `/`. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ROUTE_TABLE } from '../../runtime-api/src/routes/route-table.js';
import { type Harness, INSIDE_VILLAGE, startHarness } from './support/harness.js';

describe('api: operations', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness('ops');
  });
  after(() => h?.close());

  it('answers /healthz and /readyz', async () => {
    expect((await h.http().get('/healthz')).body).to.deep.equal({ status: 'ok' });
    const ready = await h.http().get('/readyz');
    expect(ready.status).to.equal(200);
    expect(ready.body.database).to.equal('reachable');
  });

  it('exposes Prometheus metrics: defaults, request histogram by route pattern, engine commands', async () => {
    await h.http().post('/api/instances').set(h.as.clerk.headers).send({ processKey: 'api_task', regionCode: INSIDE_VILLAGE });
    await h.http().post('/api/tasks/does-not-exist/complete').set(h.as.clerk.headers).send({});
    const res = await h.http().get('/metrics');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/text\/plain/);
    expect(res.text).to.include('process_cpu_user_seconds_total');
    expect(res.text).to.match(/tongban_http_request_duration_seconds_count\{method="POST",route="\/api\/instances",status="201"\} 1/);
    expect(res.text).to.match(/tongban_engine_commands_total\{command="startInstance",outcome="ok"\} 1/);
    expect(res.text).not.to.include('does-not-exist');
  });

  it('serves an OpenAPI 3.1 document with every route of the route table, and browsable docs', async () => {
    const doc = (await h.http().get('/api/openapi.json')).body as { openapi: string; paths: Record<string, Record<string, { operationId: string; 'x-roles': unknown }>> };
    expect(doc.openapi).to.equal('3.1.0');
    for (const route of ROUTE_TABLE) {
      const op = doc.paths[route.path]?.[route.method];
      expect(op?.operationId, `${route.method} ${route.path}`).to.equal(route.operationId);
      expect(op?.['x-roles']).to.deep.equal(route.roles);
    }
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(operations).to.have.length(ROUTE_TABLE.length);
    const docs = await h.http().get('/api/docs/');
    expect(docs.status).to.equal(200);
    expect(docs.text).to.include('swagger-ui');
  });

  it('sends request ids and security headers, and a Chinese page at / without a built designer', async () => {
    const given = await h.http().get('/healthz').set('x-request-id', 'trace-123');
    expect(given.headers['x-request-id']).to.equal('trace-123');
    const made = await h.http().get('/healthz').set('x-request-id', 'bad id with spaces');
    expect(made.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    expect(made.headers).to.include.keys('x-content-type-options', 'content-security-policy', 'x-frame-options');
    expect(made.headers).to.not.have.property('x-powered-by');
    const home = await h.http().get('/');
    expect(home.status).to.equal(200);
    expect(home.text).to.include('通办').and.include('/api/docs');
  });
});

describe('api: serving the built designer', function () {
  this.timeout(60_000);
  let h: Harness;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'designer-dist-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>设计器</title><div id="app"></div>');
    h = await startHarness('designer', { designerDir: dir });
  });
  after(async () => {
    await h?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and for client-side routes, but not for /api', async () => {
    expect((await h.http().get('/')).text).to.include('设计器');
    expect((await h.http().get('/catalog/items/42')).text).to.include('设计器');
    const api = await h.http().get('/api/unknown').set(h.as.admin.headers);
    expect(api.status).to.equal(404);
    expect(api.body.error.code).to.equal('NOT_FOUND');
  });
});
