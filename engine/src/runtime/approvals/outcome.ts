/** Outcomes of approval tasks and steps. */

/** `approve`/`approved` → `approve`, `reject`/`rejected` → `reject`; none given → `approve`; others as given. */
export function normalizeOutcome(outcome: string | undefined): string {
  if (outcome === undefined || outcome === 'approve' || outcome === 'approved') return 'approve';
  if (outcome === 'reject' || outcome === 'rejected') return 'reject';
  return outcome;
}

/** A step's outcome as its outcome variable holds it: `approved`, `rejected`, or the named outcome. */
export function stepOutcome(signerOutcome: string): string {
  if (signerOutcome === 'approve') return 'approved';
  if (signerOutcome === 'reject') return 'rejected';
  return signerOutcome;
}
