/**
 * The permission matrix, generated from the route table: every route × every actor (each user
 * role, and an API key) × an object inside or outside the caller's town. Allowed means the
 * route's success status (or 501 for routes not built yet); denied means 403. Listings are
 * allowed either way but must not show the other town's objects.
 */
import { expect } from 'chai';
import { ACTORS, type Actor } from '../../runtime-api/src/identity/roles.js';
import { OPERATIONS } from '../../runtime-api/src/openapi/operations.js';
import { ROUTE_TABLE, allows, type Route } from '../../runtime-api/src/routes/route-table.js';
import { type Harness, errorOf, startHarness } from './support/harness.js';
import { type Place, SAMPLES } from './support/samples.js';

const REGIONAL = new Set(['instance', 'task', 'job', 'body', 'message', /* ── catalogue ── */ 'item', 'itemRead']);

export function expectedAllowed(route: Route, actor: Actor, place: Place): boolean {
  if (route.roles === 'public') return true; // ── cases ── applicants' routes: anyone, credentials or not
  if (!allows(route, actor)) return false;
  return place === 'inside' || actor === 'admin' || !REGIONAL.has(route.scope);
}

export function successStatus(route: Route): number {
  if (route.later) return 501;
  return Number(Object.keys(OPERATIONS[route.operationId].responses)[0]);
}

describe('api: permission matrix (route table × actor × region)', function () {
  this.timeout(120_000);
  let h: Harness;
  before(async () => {
    h = await startHarness('matrix');
  });
  after(() => h?.close());

  it('admin may use every route that needs credentials', () => {
    for (const route of ROUTE_TABLE) if (route.roles !== 'public') expect(allows(route, 'admin'), route.operationId).to.equal(true);
  });

  for (const route of ROUTE_TABLE) {
    if (route.operationId === 'login') continue;
    describe(`${route.method.toUpperCase()} ${route.path}`, () => {
      for (const actor of ACTORS) {
        for (const place of ['inside', 'outside'] as const) {
          const allowed = expectedAllowed(route, actor, place);
          it(`${actor} ${place} → ${allowed ? 'allow' : 'deny'}`, async () => {
            const sample = await SAMPLES[route.operationId as keyof typeof SAMPLES](h, place, actor);
            let request = h.http()[route.method](sample.path).set(h.as[actor].headers);
            if (sample.contentType) request = request.type(sample.contentType);
            if (sample.body !== undefined) request = request.send(sample.body as object);
            const res = await request;
            if (allowed) {
              expect(res.status, JSON.stringify(res.body)).to.equal(successStatus(route));
              sample.check?.(res, actor, place);
            } else {
              expect(res.status, JSON.stringify(res.body)).to.equal(403);
              expect(['FORBIDDEN', 'OUTSIDE_REGION']).to.include(errorOf(res.body).code);
            }
          });
        }
      }
    });
  }
});
