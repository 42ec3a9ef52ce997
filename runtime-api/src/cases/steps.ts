/**
 * Working a case's steps (办理): the form a step may see, and completing a step with form data.
 * Field permissions of the case's pinned item version are enforced here, on the server: hidden
 * fields are stripped from what a step sees and kept from before on completion; a change to a
 * read-only field refuses the whole completion (422 FORM_FIELD_READONLY). Who may complete the task
 * stays the engine's rule (403 TASK_NOT_PERMITTED). The acceptance step is not completed here
 * but through accept / refuse, which also start the clock.
 */
import type { TaskView } from '@tongban/engine';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import type { Principal } from '../identity/principal.js';
import { ACCEPT_STEP, nowOf, recordEvent, requireCase, requireStatus } from './common.js';
import { acceptStep, APPLICANT_STEP, FORM_VARIABLE, stepView } from './forms.js';
import { memberOfInstance } from './members.js';
import type { CaseMemberRow, CaseResult, CaseRow } from './model.js';
import { settle } from './settle.js';
import { updateCase, updateMember } from './store.js';

/** An open task of this case (404 otherwise, whether it exists elsewhere or not). */
async function caseTask(ctx: AppContext, caseId: string, taskId: string): Promise<TaskView> {
  const task = await ctx.engine.getTask(taskId);
  if (!task || task.rootId !== caseId) throw new ApiError(404, 'TASK_NOT_FOUND', `Case ${caseId} has no open task ${taskId}.`, { caseId, taskId });
  return task;
}

/**
 * Where a task's form lives: the case's item version and process — or, for a step of a bundle
 * member's process, the member's item version and that process's own copy of the form.
 */
async function formPlace(ctx: AppContext, c: CaseRow, task: TaskView | undefined): Promise<{ itemVersionId: string; instanceId: string; member: CaseMemberRow | undefined }> {
  const member = task ? await memberOfInstance(ctx, c, task.instanceId) : undefined;
  return member ? { itemVersionId: member.itemVersionId, instanceId: task!.instanceId, member } : { itemVersionId: c.itemVersionId, instanceId: c.id, member: undefined };
}

async function formData(ctx: AppContext, instanceId: string): Promise<Record<string, unknown>> {
  const instance = await ctx.engine.getInstance(instanceId);
  const data = (instance?.variables as Record<string, unknown> | undefined)?.[FORM_VARIABLE];
  return data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {};
}

/** The form as an open step sees it; without a task, as the applicant's step does (what was submitted). */
export async function taskForm(ctx: AppContext, caseId: string, taskId: string | undefined) {
  const c = await requireCase(ctx, caseId);
  const task = taskId === undefined ? undefined : await caseTask(ctx, caseId, taskId);
  const stepId = task?.elementId ?? APPLICANT_STEP;
  const place = await formPlace(ctx, c, task);
  const view = await stepView(ctx.knex, place.itemVersionId, stepId, await formData(ctx, place.instanceId));
  return { caseId, taskId: task?.id ?? null, stepId, stepName: task ? task.name : '申请人', ...view };
}

export interface CompleteStepInput {
  readonly taskId: string;
  readonly outcome?: string;
  readonly comment?: string;
  readonly formData?: Record<string, unknown>;
  /** The decision and its documents, usually given with the last step. */
  readonly result?: CaseResult;
}

export async function completeCaseTask(ctx: AppContext, principal: Principal, caseId: string, input: CompleteStepInput): Promise<CaseRow> {
  const c = await requireCase(ctx, caseId);
  requireStatus(c, 'complete a step', ['accepted', 'processing']);
  const task = await caseTask(ctx, caseId, input.taskId);
  if (task.elementId === ACCEPT_STEP) {
    throw new ApiError(409, 'USE_ACCEPT_OR_REFUSE', 'The acceptance step is decided with POST /api/cases/{id}/accept or /refuse.', { taskId: task.id });
  }
  const place = await formPlace(ctx, c, task);
  const previous = await formData(ctx, place.instanceId);
  const merged = await acceptStep(ctx.knex, place.itemVersionId, task.elementId, previous, input.formData ?? previous);
  const decision = input.result?.decision;
  // Gateways after review steps test `approved` (true since acceptance). A rejecting step sets it
  // false and nothing sets it back, so in 并联审批 one department's refusal is not overwritten by
  // another's approval — and no read-modify-write races between parallel completions.
  const rejected = input.outcome === 'reject' || input.outcome === 'rejected';
  await ctx.metrics.command('completeTask', () =>
    ctx.engine.completeTask(task.id, {
      userId: principal.id,
      variables: { [FORM_VARIABLE]: merged, ...(decision ? { decision } : {}), ...(rejected ? { approved: false } : {}) },
      ...(input.outcome !== undefined ? { outcome: input.outcome } : {}),
      ...(input.comment !== undefined ? { comment: input.comment } : {}),
    }),
  );
  const now = nowOf(ctx);
  // The task is done whatever happens next: a parallel step completed at the same moment may
  // already have concluded the case, which is not this request's failure.
  // A bundle member's result is the member's (its row), not the case's.
  const member = place.member;
  if (member && input.result) await updateMember(ctx.knex, caseId, member.position, ['pending', 'processing', 'concluded'], { result: { ...member.result, ...input.result } });
  const done =
    (await updateCase(ctx.knex, caseId, ['accepted', 'processing'], {
      status: 'processing',
      ...(input.result && !member ? { result: { ...c.result, ...input.result } } : {}),
      updatedAt: now,
    })) ?? (await requireCase(ctx, caseId));
  await recordEvent(ctx, caseId, 'stepCompleted', principal.id, {
    stepId: task.elementId,
    stepName: member ? `${member.itemName}：${task.name ?? task.elementId}` : task.name,
    ...(member ? { memberPosition: member.position, memberImplCode: member.implCode } : {}),
  });
  return (await settle(ctx, caseId, principal.id)) ?? done;
}
