/**
 * The result an immediate item (即办件) takes at acceptance, as the accept dialog collects it:
 * the same rules the server applies (runtime-api/src/cases/acceptance-result.ts) so the clerk
 * cannot confirm what the server would refuse — a certificate number to grant when the case's
 * `acceptanceResult.certificateRequired` says so, the reason to deny.
 */
import type { AcceptanceResult, CaseResult } from '../../api/types.js';

export interface ResultForm {
  decision: 'granted' | 'denied';
  certificateNo: string;
  documentNo: string;
  note: string;
}

export const blankResult = (): ResultForm => ({ decision: 'granted', certificateNo: '', documentNo: '', note: '' });

/** What is missing before the result may be sent; empty when it is complete. */
export function missingForResult(form: ResultForm, rule: AcceptanceResult): Array<'certificateNo' | 'note'> {
  if (form.decision === 'granted') return rule.certificateRequired && !form.certificateNo.trim() ? ['certificateNo'] : [];
  return form.note.trim() ? [] : ['note'];
}

/** The result as the accept route takes it: trimmed, blanks and fields of the other decision left out. */
export function resultOf(form: ResultForm): CaseResult {
  const out: CaseResult = { decision: form.decision };
  const text = (v: string) => v.trim() || undefined;
  const certificateNo = form.decision === 'granted' ? text(form.certificateNo) : undefined;
  const documentNo = text(form.documentNo);
  const note = form.decision === 'denied' ? text(form.note) : undefined;
  return { ...out, ...(certificateNo ? { certificateNo } : {}), ...(documentNo ? { documentNo } : {}), ...(note ? { note } : {}) };
}
