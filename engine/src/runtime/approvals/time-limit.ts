/**
 * A step's time limit (`tongban:timeLimit`, e.g. P5WD): when it runs out, reminders
 * (`tongban:reminders`, every `tongban:remindEvery`) go to the step's open tasks, then the
 * timeout action runs: auto-approve or auto-reject the open tasks, or escalate to the step's
 * administrator. The limit is a timer of the step's token, so it ends with the step and
 * stops while the instance is suspended.
 */
import type { NodeModel } from '../../model/types.js';
import { planTimer, timerUnit } from '../../timers/schedule.js';
import type { ActiveToken, Run } from '../run.js';
import type { TimerState } from '../types.js';
import { notify } from './notify.js';
import { settle, updateSigner, updateTask, closeTask } from './step.js';

export function startTimeLimit(run: Run, node: NodeModel, token: ActiveToken): void {
  const config = node.approval!;
  const plan = planTimer('duration', config.timeLimit!, run.now, run.calendar);
  const unit = timerUnit(config.timeLimit!);
  run.openTimer({
    id: run.globalId(),
    elementId: node.id,
    tokenId: token.id,
    dueAt: plan.dueAt.toISOString(),
    repeatsLeft: 0,
    ...(unit !== 'wallClock' ? { unit } : {}),
    purpose: 'approvalTimeout',
    remindersLeft: config.reminders,
  });
}

export function onTimeLimit(run: Run, timer: TimerState): void {
  const token = run.tokens.get(timer.tokenId!);
  if (!token || token.wait.kind !== 'approval') return;
  const stepId = token.wait.stepId;
  const step = run.steps.get(stepId);
  if (!step) return;
  const config = run.node(step.elementId).approval!;
  const open = step.signers.filter((s) => s.status === 'active').map((s) => run.tasks.get(s.taskId!)!);

  if ((timer.remindersLeft ?? 0) > 0) {
    for (const task of open) {
      notify(run, 'reminder', { taskId: task.id, elementId: task.elementId, users: task.assignee ? [task.assignee] : task.candidateUsers, groups: task.assignee ? [] : task.candidateGroups, comment: `${step.elementId} 已超过办理时限` });
      run.history('taskReminded', { elementId: task.elementId, taskId: task.id });
    }
    const left = timer.remindersLeft! - 1;
    if (left > 0 || config.timeoutAction !== 'remind') {
      const next = planTimer('duration', config.remindEvery, new Date(timer.dueAt), run.calendar);
      const unit = timerUnit(config.remindEvery);
      run.openTimer({ ...timer, id: run.globalId(), dueAt: next.dueAt.toISOString(), remindersLeft: left, ...(unit !== 'wallClock' ? { unit } : {}) });
    }
    return;
  }
  switch (config.timeoutAction) {
    case 'autoApprove':
    case 'autoReject':
      for (const task of open) {
        if (!run.steps.has(stepId) || !run.tasks.has(task.id)) continue;
        const outcome = config.timeoutAction === 'autoApprove' ? 'approve' : 'reject';
        run.history('taskCompleted', { elementId: task.elementId, taskId: task.id, userId: 'system', data: { outcome, auto: 'timeout' } });
        closeTask(run, task.id, 'completed');
        const signer = updateSigner(run, stepId, task.signer, { status: 'completed', outcome, by: 'system' });
        settle(run, stepId, signer);
      }
      return;
    case 'escalate': {
      const admin = config.stepAdmin!;
      run.history('stepEscalated', { elementId: step.elementId, data: { to: admin } });
      notify(run, 'reminder', { elementId: step.elementId, users: [admin], groups: [], comment: `${step.elementId} 超时未办，已提请督办` });
      for (const task of open) {
        if (!task.candidateUsers.includes(admin)) updateTask(run, task.id, { candidateUsers: [...task.candidateUsers, admin] });
      }
      return;
    }
    default:
      return;
  }
}
