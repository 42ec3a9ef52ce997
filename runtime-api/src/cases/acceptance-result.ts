/**
 * The result given at acceptance. An immediate item (即办件) is decided at the window: its
 * acceptance is its conclusion, so `POST …/accept` takes the result the last step gives for an
 * ordinary item (`{ decision, certificateNo, documentNo, note }`). The rules, checked before the
 * engine is touched so a refused request changes nothing:
 *
 * - Only a plain immediate case takes a result at acceptance; any other (承诺件, or a bundle's
 *   case, whose members record their own results) answers 422 `RESULT_NOT_AT_ACCEPTANCE`.
 * - Granting (the decision given, or left out: acceptance grants) an item whose type issues a
 *   licence or certificate — 01 行政许可 and 07 行政确认 (registrations, confirmations) — needs its
 *   `certificateNo`: 422 `CERTIFICATE_NO_REQUIRED`. Other types (公共服务, 行政给付, …) issue at
 *   most a document, whose number is optional.
 * - Denying (不予许可) needs the reason in `note`, as a refusal needs its reason: 422
 *   `DECISION_REASON_REQUIRED`.
 */
import { ApiError } from '../errors.js';
import type { CaseResult, CaseRow } from './model.js';

/** Item types (权力事项类型) whose grant is a licence or certificate with a number. */
export const CERTIFICATE_ITEM_TYPES: readonly string[] = ['01', '07'];

/** Whether accepting this case concludes it with a result. */
export const concludesAtAcceptance = (c: CaseRow): boolean => c.immediate && !c.isBundle;

/** Whether granting this case's item issues a numbered licence or certificate. */
export const issuesCertificate = (c: CaseRow): boolean => CERTIFICATE_ITEM_TYPES.includes(c.itemType);

/** The result to record at acceptance (undefined when none is given), or a 422 saying what is missing. */
export function acceptanceResult(c: CaseRow, result: CaseResult | undefined): CaseResult | undefined {
  if (!concludesAtAcceptance(c)) {
    if (result === undefined) return undefined;
    throw new ApiError(422, 'RESULT_NOT_AT_ACCEPTANCE', `Case ${c.caseNo} is not an immediate item (即办件): its result is given with its last step (POST /api/cases/{id}/complete-task), not at acceptance.`, {
      caseId: c.id,
      immediate: c.immediate,
      isBundle: c.isBundle,
    });
  }
  // Left out, the decision is the process's (acceptance grants unless a later step rejects).
  const decision = result?.decision ?? 'granted';
  if (decision === 'granted' && issuesCertificate(c) && !result?.certificateNo?.trim()) {
    throw new ApiError(422, 'CERTIFICATE_NO_REQUIRED', `${c.itemName} is concluded at acceptance and issues a licence or certificate: give its number (result.certificateNo) to grant it.`, {
      caseId: c.id,
      itemType: c.itemType,
      field: 'result.certificateNo',
    });
  }
  if (decision === 'denied' && !result?.note?.trim()) {
    throw new ApiError(422, 'DECISION_REASON_REQUIRED', `Denying ${c.itemName} (不予许可) needs the reason (result.note).`, { caseId: c.id, field: 'result.note' });
  }
  return result;
}
