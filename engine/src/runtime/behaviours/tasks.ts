/**
 * Tasks: user, service, send, script, receive, manual and abstract tasks.
 */
import { EngineError } from '../../errors.js';
import type { Expression } from '../../model/types.js';
import type { Behaviour } from '../behaviour.js';
import { throwBpmnError } from '../bpmn-error.js';
import type { ActiveToken, Run } from '../run.js';
import { activate, leave } from '../tokens.js';
import type { Command, TokenState } from '../types.js';
import { waitAtActivity, waitForEvent } from './catches.js';

/** Abstract task and manual task (BPMN 2.0 §10.3.3): nothing for the engine to do; pass through. */
export const passThrough: Behaviour = {
  enter: (run, token) => leave(run, token),
};

/**
 * User task (BPMN 2.0 §10.3.3): creates a work item for a person and waits until it is
 * completed. Assignee and candidates are literals or FEEL expressions (`=…`) evaluated now.
 */
export const userTask: Behaviour = {
  enter(run, token) {
    const assignment = token.node.assignment ?? {};
    const assignee = assignment.assignee ? resolveOne(run, assignment.assignee, token) : undefined;
    const task = {
      id: run.globalId(),
      elementId: token.node.id,
      ...(token.node.name !== undefined ? { name: token.node.name } : {}),
      tokenId: token.id,
      ...(assignee !== undefined ? { assignee } : {}),
      candidateUsers: assignment.candidateUsers ? resolveList(run, assignment.candidateUsers, token) : [],
      candidateGroups: assignment.candidateGroups ? resolveList(run, assignment.candidateGroups, token) : [],
      createdAt: run.now,
    };
    run.emit({ type: 'taskCreated', task });
    run.history('taskCreated', { elementId: token.node.id, taskId: task.id, tokenId: token.id });
    waitAtActivity(run, token, { kind: 'userTask', taskId: task.id });
  },
};

/** Completes the user task a token waits on; its variables are set from the task's scope outward. */
export function completeUserTask(run: Run, command: Extract<Command, { type: 'completeTask' }>): void {
  const stored = findToken(run, (t) => t.wait.kind === 'userTask' && t.wait.taskId === command.taskId);
  if (!stored) {
    throw new EngineError('TASK_NOT_FOUND', `Task ${command.taskId} is not open in instance ${run.instanceId}.`, { taskId: command.taskId });
  }
  run.setVariables(stored.scopeId, command.variables);
  run.emit({ type: 'taskEnded', taskId: command.taskId, reason: 'completed' });
  run.history('taskCompleted', {
    elementId: stored.elementId,
    taskId: command.taskId,
    tokenId: stored.id,
    ...(command.userId !== undefined ? { userId: command.userId } : {}),
    data: {
      ...(command.outcome !== undefined ? { outcome: command.outcome } : {}),
      ...(command.variables ? { variables: command.variables } : {}),
    },
  });
  leave(run, activate(run, stored));
}

/**
 * Service task and send task (BPMN 2.0 §10.3.3): the work is a job on the task's topic. The
 * shell runs an in-process handler registered for the topic at once, or leaves the job for an
 * external worker to fetch; either way the token waits for `completeJob` or `jobError`.
 */
export const serviceTask: Behaviour = {
  enter(run, token) {
    const topic = token.node.topic;
    if (!topic) throw new EngineError('INVALID_ARGUMENT', `Service task ${token.node.id} has no topic.`);
    createJob(run, token, 'serviceTask', topic);
  },
};

/**
 * Script task (BPMN 2.0 §10.3.3). Format `feel`: the body is evaluated here and the result
 * stored in `tongban:resultVariable`. Any other format (accepted at deploy only when the
 * embedding program registered a handler for it) becomes a job for that handler.
 */
export const scriptTask: Behaviour = {
  enter(run, token) {
    const script = token.node.script;
    if (!script) throw new EngineError('INVALID_ARGUMENT', `Script task ${token.node.id} has no script.`);
    if (script.expression) {
      const value = run.evaluate(script.expression, token.scopeId, token.node.id);
      if (script.resultVariable) run.setVariables(token.scopeId, { [script.resultVariable]: value });
      leave(run, token);
      return;
    }
    createJob(run, token, 'script', script.format, script.body);
  },
};

/** Receive task (BPMN 2.0 §10.3.3): waits for its message, like a message catch event. */
export const receiveTask: Behaviour = {
  enter: (run, token) => waitForEvent(run, token),
};

function createJob(run: Run, token: ActiveToken, kind: 'serviceTask' | 'script', topic: string, script?: string): void {
  const job = {
    id: run.globalId(),
    kind,
    elementId: token.node.id,
    tokenId: token.id,
    topic,
    ...(script !== undefined ? { script } : {}),
    createdAt: run.now,
  };
  run.emit({ type: 'jobCreated', job });
  waitAtActivity(run, token, { kind: 'job', jobId: job.id });
}

/** A job finished: its variables are set and the token moves on. */
export function completeJob(run: Run, command: Extract<Command, { type: 'completeJob' }>): void {
  const stored = jobToken(run, command.jobId);
  run.setVariables(stored.scopeId, command.variables);
  run.emit({ type: 'jobEnded', jobId: command.jobId, reason: 'completed' });
  leave(run, activate(run, stored));
}

/** A handler or worker raised a BPMN error: it is thrown at the task (its boundaries first). */
export function failJobWithError(run: Run, command: Extract<Command, { type: 'jobError' }>): void {
  const stored = jobToken(run, command.jobId);
  run.setVariables(stored.scopeId, command.variables);
  throwBpmnError(
    run,
    { errorCode: command.errorCode, elementId: stored.elementId, ...(command.message !== undefined ? { message: command.message } : {}) },
    stored.scopeId,
    stored,
  );
}

function jobToken(run: Run, jobId: string): TokenState {
  const stored = findToken(run, (t) => t.wait.kind === 'job' && t.wait.jobId === jobId);
  if (!stored) throw new EngineError('JOB_NOT_FOUND', `Job ${jobId} is not open in instance ${run.instanceId}.`, { jobId });
  return stored;
}

export function findToken(run: Run, predicate: (token: TokenState) => boolean): TokenState | undefined {
  for (const token of run.tokens.values()) if (predicate(token)) return token;
  return undefined;
}

/** A literal, or a FEEL expression (`=…`) giving one user id. */
function resolveOne(run: Run, expression: Expression, token: ActiveToken): string | undefined {
  if (!expression.raw.trim().startsWith('=')) return expression.raw.trim() || undefined;
  const value = run.evaluate(expression, token.scopeId, token.node.id);
  return value === null || value === undefined || value === '' ? undefined : String(value);
}

/** A comma-separated literal list, or a FEEL expression giving a string or a list of strings. */
function resolveList(run: Run, expression: Expression, token: ActiveToken): string[] {
  if (!expression.raw.trim().startsWith('=')) return splitList(expression.raw);
  const value = run.evaluate(expression, token.scopeId, token.node.id);
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map(String);
  return splitList(String(value));
}

function splitList(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
