/**
 * 流程预测 path preview: the steps that would run next, in order, with their resolved
 * signers — from an instance's current position, or from a definition's start with given
 * variables. Computed on a copy; nothing changes. Conditions are evaluated with the variables
 * as they are now: a later task that changes them can change the real path, and a condition
 * that cannot be evaluated yet marks its branches as possible rather than certain.
 */
import type { BusinessCalendar } from '../calendar/business-calendar.js';
import type { NodeModel, ProcessModel } from '../model/types.js';
import { initialSigners } from './approvals/signers.js';
import { Run } from './run.js';
import type { Directory, InstanceState } from './types.js';

export interface PreviewStep {
  readonly elementId: string;
  readonly name?: string;
  readonly kind: NodeModel['kind'];
  /** `current`: a token waits here now; `next`: certain with today's variables; `possible`: depends on what is not known yet. */
  readonly status: 'current' | 'next' | 'possible';
  /** User tasks: the approval mode and who would sign. */
  readonly approval?: { readonly mode: string; readonly signers: readonly { readonly assignee?: string; readonly candidateUsers: readonly string[]; readonly candidateGroups: readonly string[] }[] };
  /** Call activities: the process they call. */
  readonly calls?: string;
}

const MAX_STEPS = 200;

export function previewPath(
  model: ProcessModel,
  state: InstanceState,
  ctx: { now: Date; calendar?: BusinessCalendar; directory?: Directory },
): PreviewStep[] {
  const run = new Run(model, state, ctx.now, ctx.calendar, ctx.directory);
  const steps: PreviewStep[] = [];
  const seen = new Set<string>();
  const queue: Array<{ elementId: string; scopeId: string; status: PreviewStep['status']; current?: boolean }> = [];

  const waiting = Object.values(state.tokens);
  if (waiting.length === 0 && state.status === 'active' && model.startEventId) {
    queue.push({ elementId: model.startEventId, scopeId: state.rootScopeId, status: 'next' });
  }
  for (const token of waiting) {
    if (token.wait.kind === 'subProcess' || token.wait.kind === 'join') continue;
    queue.push({ elementId: token.elementId, scopeId: token.scopeId, status: 'current', current: true });
  }

  while (queue.length > 0 && steps.length < MAX_STEPS) {
    const item = queue.shift()!;
    const key = `${item.scopeId}/${item.elementId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const node = model.nodes.get(item.elementId)!;
    const status = item.status;
    if (node.kind === 'userTask') steps.push({ ...describe(node), status, approval: signersOf(run, node, item.scopeId) });
    else if (node.kind === 'callActivity') steps.push({ ...describe(node), status, calls: node.call!.processKey });
    else if (node.kind === 'serviceTask' || node.kind === 'sendTask' || node.kind === 'receiveTask' || node.kind === 'scriptTask') steps.push({ ...describe(node), status });

    if (node.kind === 'subProcess' && node.startEventId && !item.current) {
      queue.push({ elementId: node.startEventId, scopeId: item.scopeId, status });
    }
    if (node.kind === 'subProcess' && node.triggeredByEvent) continue;
    for (const next of nextOf(run, node, item.scopeId, status)) queue.push({ ...next, scopeId: item.scopeId });
  }
  return steps;
}

function describe(node: NodeModel): Pick<PreviewStep, 'elementId' | 'name' | 'kind'> {
  return { elementId: node.id, ...(node.name !== undefined ? { name: node.name } : {}), kind: node.kind };
}

function signersOf(run: Run, node: NodeModel, scopeId: string): PreviewStep['approval'] {
  const mode = node.approval?.mode ?? 'single';
  try {
    const signers = initialSigners(run, node, run.scopes.has(scopeId) ? scopeId : run.base.rootScopeId);
    return { mode, signers: signers.map((s) => ({ ...(s.assignee !== undefined ? { assignee: s.assignee } : {}), candidateUsers: s.candidateUsers, candidateGroups: s.candidateGroups })) };
  } catch {
    return { mode, signers: [] }; // assignees depend on variables not set yet
  }
}

/** Where a token goes from a node, with today's variables; branches that cannot be told yet are "possible". */
function nextOf(run: Run, node: NodeModel, scopeId: string, status: PreviewStep['status']): Array<{ elementId: string; status: PreviewStep['status'] }> {
  const later = status === 'current' ? 'next' : status;
  const targets = (ids: readonly string[], s: PreviewStep['status']) => ids.map((id) => ({ elementId: run.model.flows.get(id)!.targetId, status: s }));
  if (node.kind === 'endEvent') return [];
  if (node.kind === 'parallelGateway' || node.kind === 'eventBasedGateway') return targets(node.outgoing, node.kind === 'eventBasedGateway' ? 'possible' : later);
  const conditional = node.outgoing.filter((id) => id !== node.defaultFlow);
  const taken: string[] = [];
  let unknown = false;
  for (const id of conditional) {
    const flow = run.model.flows.get(id)!;
    if (!flow.condition) {
      taken.push(id);
      continue;
    }
    try {
      if (run.evaluate(flow.condition, run.scopes.has(scopeId) ? scopeId : run.base.rootScopeId, id) === true) {
        taken.push(id);
        if (node.kind === 'exclusiveGateway') break;
      }
    } catch {
      unknown = true;
    }
  }
  if (unknown) return targets(node.outgoing, 'possible');
  if (taken.length === 0 && node.defaultFlow !== undefined) taken.push(node.defaultFlow);
  return targets(taken, later);
}
