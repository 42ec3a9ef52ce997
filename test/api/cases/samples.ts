/**
 * One valid request per case, supervision and audit route, for the permission matrix and the
 * generated error tests (spread into test/api/support/samples.ts). Cases are brought into the
 * state a route needs through the case services as the admin (a candidate of every step), so
 * the request under test is the only one made over HTTP.
 */
import { expect } from 'chai';
import type { Response } from 'supertest';
import type { AUDIT_OPERATIONS } from '../../../runtime-api/src/audit/openapi.js';
import { acceptCase, requestSupplement, startSpecialProcedure } from '../../../runtime-api/src/cases/lifecycle.js';
import type { CASE_OPERATIONS } from '../../../runtime-api/src/cases/openapi.js';
import { rateCase } from '../../../runtime-api/src/cases/rating.js';
import { completeCaseTask } from '../../../runtime-api/src/cases/steps.js';
import { getCase } from '../../../runtime-api/src/cases/store.js';
import { submitCase } from '../../../runtime-api/src/cases/submit.js';
import type { Actor } from '../../../runtime-api/src/identity/roles.js';
import { issueCards } from '../../../runtime-api/src/supervision/cards.js';
import type { SUPERVISION_OPERATIONS } from '../../../runtime-api/src/supervision/openapi.js';
import { type Harness, INSIDE_VILLAGE, OUTSIDE_VILLAGE } from '../support/harness.js';
import { publishBundle } from './support/bundle.js';
import { CASE_PROCESSES, FORM_DATA, idNumber, person, principal, publishItem } from './support/fixtures.js';

type Place = 'inside' | 'outside';
interface Sample {
  readonly path: string;
  readonly body?: unknown;
  readonly check?: (res: Response, actor: Actor, place: Place) => void;
}
type Builder = (h: Harness, place: Place, actor: Actor) => Promise<Sample>;
type State = 'submitted' | 'accepted' | 'supplement' | 'special' | 'concluded';

const regionOf = (place: Place) => (place === 'inside' ? INSIDE_VILLAGE : OUTSIDE_VILLAGE);
const items = new WeakMap<Harness, Promise<string>>();

/** The harness's case item (and processes), made once. */
function itemOf(h: Harness): Promise<string> {
  let found = items.get(h);
  if (!found) {
    found = (async () => {
      await h.server.engine.deploy({ name: 'case-samples', resources: CASE_PROCESSES.map((xml, i) => ({ name: `case-${i}.bpmn`, xml })) });
      return publishItem(h.server);
    })();
    items.set(h, found);
  }
  return found;
}

/** A case in `place` brought to `state`; returns its id and number. */
async function caseIn(h: Harness, place: Place, state: State): Promise<{ id: string; caseNo: string }> {
  const ctx = h.server.context;
  const admin = await principal(h.server);
  const c = await submitCase(ctx, admin, { itemId: await itemOf(h), regionCode: regionOf(place), channel: 'window', applicant: person(1), formData: FORM_DATA });
  if (state === 'supplement') await requestSupplement(ctx, admin, c.id, { missingMaterials: [{ name: '身份证复印件' }] });
  if (state === 'accepted' || state === 'special' || state === 'concluded') await acceptCase(ctx, admin, c.id, {});
  if (state === 'special') await startSpecialProcedure(ctx, admin, c.id, { kind: 'testing', reason: '送检' });
  if (state === 'concluded') {
    const [task] = await h.server.engine.queryTasks({ instanceId: c.id, elementId: 'review' });
    await completeCaseTask(ctx, admin, c.id, { taskId: task!.id, formData: { ...FORM_DATA, opinion: '同意' } });
    expect((await getCase(ctx.knex, c.id))?.status).to.equal('concluded');
  }
  return { id: c.id, caseNo: c.caseNo };
}

const reviewTask = async (h: Harness, caseId: string) => (await h.server.engine.queryTasks({ instanceId: caseId, elementId: 'review' }))[0]!.id;

/** A listing filtered to one object of `place`: non-admins see it only inside their region. */
function visibility(res: Response, actor: Actor, place: Place): void {
  expect((res.body as { total: number }).total, `${actor} ${place}`).to.equal(place === 'inside' || actor === 'admin' ? 1 : 0);
}

type Operations = keyof typeof CASE_OPERATIONS | keyof typeof SUPERVISION_OPERATIONS | keyof typeof AUDIT_OPERATIONS;

export const CASE_SAMPLES: Record<Operations, Builder> = {
  createCase: async (h, place) => ({
    path: '/api/cases',
    body: { itemId: await itemOf(h), regionCode: regionOf(place), channel: 'window', applicant: person(2), formData: FORM_DATA },
  }),
  listCases: async (h, place) => ({ path: `/api/cases?caseNo=${(await caseIn(h, place, 'submitted')).caseNo}`, check: visibility }),
  getCase: async (h, place) => ({ path: `/api/cases/${(await caseIn(h, place, 'submitted')).id}` }),
  getCaseReceipt: async (h, place) => ({ path: `/api/cases/${(await caseIn(h, place, 'submitted')).id}/receipt` }),
  acceptCase: async (h, place) => ({ path: `/api/cases/${(await caseIn(h, place, 'submitted')).id}/accept`, body: { comment: '材料齐全' } }),
  refuseCase: async (h, place) => ({ path: `/api/cases/${(await caseIn(h, place, 'submitted')).id}/refuse`, body: { reason: '不属于本机关职权范围' } }),
  requestSupplement: async (h, place) => ({ path: `/api/cases/${(await caseIn(h, place, 'submitted')).id}/supplement`, body: { missingMaterials: [{ name: '营业场所证明' }] } }),
  resubmitCase: async (h, place) => ({ path: `/api/cases/${(await caseIn(h, place, 'supplement')).id}/resubmit`, body: { channel: 'window' } }),
  startSpecialProcedure: async (h, place) => ({ path: `/api/cases/${(await caseIn(h, place, 'accepted')).id}/special-procedure`, body: { kind: 'hearing', reason: '依申请举行听证' } }),
  endSpecialProcedure: async (h, place) => ({ path: `/api/cases/${(await caseIn(h, place, 'special')).id}/special-procedure/end`, body: { comment: '检测完成' } }),
  getCaseTaskForm: async (h, place) => {
    const { id } = await caseIn(h, place, 'accepted');
    return { path: `/api/cases/${id}/form?taskId=${await reviewTask(h, id)}` };
  },
  completeCaseTask: async (h, place) => {
    const { id } = await caseIn(h, place, 'accepted');
    return { path: `/api/cases/${id}/complete-task`, body: { taskId: await reviewTask(h, id), outcome: 'approve', formData: { ...FORM_DATA, opinion: '同意' } } };
  },
  withdrawCase: async (h, place) => ({ path: `/api/cases/${(await caseIn(h, place, 'submitted')).id}/withdraw`, body: { reason: '申请人撤回' } }),
  // A bundle's case, accepted: member 2 (concluded at acceptance) gets its certificate number.
  recordMemberResult: async (h, place) => {
    await itemOf(h);
    const bundle = await publishBundle(h.server);
    const ctx = h.server.context;
    const c = await submitCase(ctx, await principal(h.server), { itemId: bundle.id, regionCode: regionOf(place), channel: 'window', applicant: person(3), formData: FORM_DATA });
    await acceptCase(ctx, await principal(h.server, 'user-clerk'), c.id, {});
    return { path: `/api/cases/${c.id}/members/2/result`, body: { certificateNo: '92440106MA0000001X', documentNo: '营业执照' } };
  },
  revokeCard: async (h, place) => {
    const { id } = await caseIn(h, place, 'accepted');
    const [card] = await issueCards(h.server.context.knex, { caseId: id, regionCode: regionOf(place), departmentId: 'district', dueAt: new Date() }, ['yellow'], new Date());
    return { path: `/api/cases/${id}/cards/revoke`, body: { cardId: card!.id, reason: '已核实' } };
  },
  resolveFollowUp: async (h, place) => {
    const { id } = await caseIn(h, place, 'concluded');
    await rateCase(h.server.context, (await getCase(h.server.context.knex, id))!, { score: 1 });
    return { path: `/api/cases/${id}/follow-up/resolve`, body: { resolution: '已回访' } };
  },
  applyOnline: async (h) => ({ path: '/api/public/applications', body: { itemId: await itemOf(h), applicant: person(4), formData: FORM_DATA } }),
  lookupProgress: async (h, place) => ({ path: '/api/public/progress', body: { caseNo: (await caseIn(h, place, 'submitted')).caseNo, idNumber: idNumber(1) } }),
  rateCase: async (h, place) => ({ path: '/api/public/rating', body: { caseNo: (await caseIn(h, place, 'concluded')).caseNo, idNumber: idNumber(1), score: 5 } }),

  listCards: async (h, place) => {
    const { id } = await caseIn(h, place, 'accepted');
    await issueCards(h.server.context.knex, { caseId: id, regionCode: regionOf(place), departmentId: 'district', dueAt: new Date() }, ['yellow'], new Date());
    return { path: `/api/supervision/cards?caseId=${id}`, check: visibility };
  },
  runSupervisionScan: async () => ({ path: '/api/supervision/scan' }),
  getSupervisionMetrics: async () => ({ path: '/api/supervision/metrics?from=2026-01-01&to=2026-02-01' }),
  listOverdueCases: async () => ({ path: '/api/supervision/overdue' }),
  listFollowUps: async () => ({ path: '/api/supervision/follow-ups?status=open' }),
  getSupervisionSettings: async () => ({ path: '/api/supervision/settings' }),
  updateSupervisionSettings: async () => ({ path: '/api/supervision/settings', body: { yellowWorkingDays: 1, redOverdueWorkingDays: 0 } }),

  listAuditEntries: async (h, place) => {
    const { id } = await caseIn(h, place, 'submitted');
    // An entry about this case, made over HTTP as the admin (a withdrawal).
    await h.http().post(`/api/cases/${id}/withdraw`).set(h.as.admin.headers).send({ reason: '样例' });
    return { path: `/api/audit?targetId=${id}`, check: visibility };
  },
  verifyAuditChain: async () => ({ path: '/api/audit/verify' }),
};
