/**
 * Tasks: user, service, send, script, receive, manual and abstract tasks.
 */
import { EngineError } from '../../errors.js';
import type { Behaviour } from '../behaviour.js';
import { throwBpmnError } from '../bpmn-error.js';
import type { ActiveToken, Run } from '../run.js';
import { activate, leave } from '../tokens.js';
import type { Command, TokenState } from '../types.js';
import { ccStep } from '../approvals/cc.js';
import { waitAtActivity, waitForEvent } from './catches.js';

/** Abstract task and manual task (BPMN 2.0 §10.3.3): nothing for the engine to do; pass through. */
export const passThrough: Behaviour = {
  enter: (run, token) => leave(run, token),
};

/**
 * Service task and send task (BPMN 2.0 §10.3.3): the work is a job on the task's topic. The
 * shell runs an in-process handler registered for the topic at once, or leaves the job for an
 * external worker to fetch; either way the token waits for `completeJob` or `jobError`. A
 * send task with topic `tongban.cc` is a CC step (抄送), which the engine does itself.
 */
export const serviceTask: Behaviour = {
  enter(run, token) {
    if (token.node.cc) {
      ccStep.enter(run, token);
      return;
    }
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
