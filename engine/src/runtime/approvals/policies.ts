/**
 * Step policies, applied when a signer's turn comes (before a task is created):
 * - the signer is the applicant (`tongban:onStarterAssignee`): approve their own (default),
 *   skip them (counted as approved), or hand to a named user;
 * - the signer already approved (`tongban:dedupe`): `always` — in any earlier step,
 *   `consecutive` — in the step just before; such a signer is skipped as approved;
 * - nobody can be resolved (`tongban:onEmptyAssignee`): no assignee, no candidate users, and
 *   every candidate group empty in the directory — auto-approve, auto-reject, hand to the
 *   step's administrator or a named user, or leave the task unassigned (default).
 * Every decision taken here is recorded in history.
 */
import type { Run } from '../run.js';
import type { SignerState } from '../types.js';
import { updateSigner } from './step.js';

/** Returns the signer when a policy settled it (skipped or auto-rejected); undefined when it needs a task. */
export function applyPolicies(run: Run, stepId: string, index: number): SignerState | undefined {
  const step = run.steps.get(stepId)!;
  const config = run.node(step.elementId).approval!;
  let s = step.signers[index]!;
  const skip = (reason: string) => {
    run.history('signerSkipped', { elementId: step.elementId, ...(s.assignee ? { userId: s.assignee } : {}), data: { signer: index, reason } });
    return updateSigner(run, stepId, index, { status: 'skipped', ...(s.assignee ? { by: s.assignee } : {}) });
  };

  if (s.assignee !== undefined && s.assignee === run.startedBy) {
    const policy = config.onStarterAssignee;
    if (policy.action === 'skip') return skip('assigneeIsStarter');
    if (policy.action === 'assign' && policy.user) s = updateSigner(run, stepId, index, { assignee: policy.user });
  }
  if (s.assignee !== undefined && config.dedupe !== 'never') {
    const earlier = config.dedupe === 'consecutive' ? run.trail.slice(-1) : run.trail;
    if (earlier.some((entry) => entry.by.includes(s.assignee!))) return skip('alreadyApproved');
  }
  if (isEmpty(run, s)) {
    const policy = config.onEmptyAssignee;
    run.history('signerSkipped', { elementId: step.elementId, data: { signer: index, reason: 'noAssignee', policy: policy.action } });
    switch (policy.action) {
      case 'autoApprove':
        return updateSigner(run, stepId, index, { status: 'skipped', by: 'system' });
      case 'autoReject':
        return updateSigner(run, stepId, index, { status: 'completed', outcome: 'reject', by: 'system' });
      case 'admin':
        updateSigner(run, stepId, index, { assignee: config.stepAdmin! });
        return undefined;
      case 'assign':
        updateSigner(run, stepId, index, { assignee: policy.user! });
        return undefined;
      case 'leave':
        return undefined;
    }
  }
  return undefined;
}

/** Nobody to do it: no assignee, no candidate user, and no member in any candidate group the directory knows. */
function isEmpty(run: Run, s: SignerState): boolean {
  if (s.assignee !== undefined || s.candidateUsers.length > 0) return false;
  if (s.candidateGroups.length === 0) return true;
  const directory = run.directory;
  if (!directory) return false;
  return s.candidateGroups.every((g) => {
    const members = directory.membersOf(g);
    return members !== undefined && members.length === 0;
  });
}
