/**
 * Routes for applicants, who have no account (route table: `public`): the online application,
 * the progress lookup and the rating — the last two proven by case number plus ID number —
 * rate-limited per address (`publicRateLimit`, mounted in app.ts). The audit log records them
 * like any other request.
 */
import { rateLimit } from 'express-rate-limit';
import { noteAudit } from '../audit/trail.js';
import { caseForApplicant, progressOf } from '../cases/progress.js';
import { rateCase } from '../cases/rating.js';
import { applyOnline, type SubmitInput } from '../cases/submit.js';
import { ratingJson, receiptJson } from '../cases/views.js';
import { ApiError, errorBody } from '../errors.js';
import type { HandlerFactory } from './handler.js';

export const publicHandlers: HandlerFactory = (ctx) => ({
  async applyOnline(req, res) {
    const created = await applyOnline(ctx, req.body as Omit<SubmitInput, 'channel'>);
    noteAudit(res, { targetId: created.id, regionCode: created.regionCode, summary: { caseNo: created.caseNo, after: { status: created.status } } });
    res.status(201).json(await receiptJson(ctx, created));
  },

  async lookupProgress(req, res) {
    const { caseNo, idNumber } = req.body as { caseNo: string; idNumber: string };
    const found = await caseForApplicant(ctx, caseNo, idNumber);
    noteAudit(res, { targetId: found.id, regionCode: found.regionCode });
    res.json(await progressOf(ctx, found));
  },

  async rateCase(req, res) {
    const { caseNo, idNumber, score, comment } = req.body as { caseNo: string; idNumber: string; score: number; comment?: string };
    const found = await caseForApplicant(ctx, caseNo, idNumber, { applicantOnly: true });
    const rating = await rateCase(ctx, found, { score, ...(comment !== undefined ? { comment } : {}) });
    noteAudit(res, { targetId: found.id, regionCode: found.regionCode, summary: { caseNo, score } });
    res.status(201).json(ratingJson(rating));
  },
});

/**
 * Online applications per address: every one counts, successful or not — each creates a case
 * that a clerk must look at, so a script must not be able to fill the inbox.
 */
export function publicApplicationLimit(options: { max: number; windowMs: number }) {
  const minutes = Math.ceil(options.windowMs / 60000);
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.max,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler(_req, res) {
      res.status(429).json(errorBody(new ApiError(429, 'TOO_MANY_APPLICATIONS', `Too many online applications from this address; try again in ${minutes} minutes.`, { retryAfterMinutes: minutes })));
    },
  });
}

/**
 * Failed attempts per address on `/api/public` (unknown case or wrong ID number, a second
 * rating, …) share the sign-in limit (`TONGBAN_LOGIN_RATE_LIMIT` per 15 minutes): a guesser
 * fails every time, an applicant looking up their own case does not. Then 429.
 */
export function publicRateLimit(options: { max: number; windowMs: number }) {
  const minutes = Math.ceil(options.windowMs / 60000);
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.max,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler(_req, res) {
      res.status(429).json(errorBody(new ApiError(429, 'TOO_MANY_ATTEMPTS', `Too many failed lookups from this address; try again in ${minutes} minutes.`, { retryAfterMinutes: minutes })));
    },
  });
}
