/**
 * The pure step: `(model, state, command, now) → (state', effects)`.
 *
 * No I/O, no clock but `ctx.now`, no randomness: ids come from a counter in the state. The
 * step applies one command, then moves tokens until every one rests at a wait state. Any
 * exception means the command is refused as a whole; the caller keeps the old state.
 */
import { EngineError } from '../errors.js';
import type { ProcessModel } from '../model/types.js';
import './behaviours/index.js';
import { deliver, evaluateConditions, fireTimer, openEventSubprocesses } from './behaviours/catches.js';
import { fireReadyInclusiveJoins } from './behaviours/gateways.js';
import { childCompleted, childError } from './behaviours/scopes.js';
import { ccCommand } from './approvals/cc.js';
import { completeTask, taskCommand } from './approvals/commands.js';
import { returnTo, withdraw } from './approvals/return.js';
import { completeJob, failJobWithError } from './behaviours/tasks.js';
import { continueAsync } from './async-continuation.js';
import { Run } from './run.js';
import { ALLOWED_WHILE_SUSPENDED, resume, suspend } from './suspension.js';
import { cancelScopeTokens, completeScope, enter } from './tokens.js';
import type { Command, InstanceState, StepContext, StepResult, Variables } from './types.js';

export interface NewInstance {
  readonly id: string;
  readonly businessKey?: string;
  readonly parent?: { readonly instanceId: string; readonly tokenId: string };
}

/** The state of an instance before its `start` command: a root scope and nothing else. */
export function initialState(model: ProcessModel, instance: NewInstance): InstanceState {
  return {
    id: instance.id,
    definitionId: model.definitionId,
    processKey: model.key,
    ...(instance.businessKey !== undefined ? { businessKey: instance.businessKey } : {}),
    status: 'active',
    ...(instance.parent ? { parent: instance.parent } : {}),
    rootScopeId: instance.id,
    tokens: {},
    scopes: { [instance.id]: { id: instance.id, elementId: model.key, variables: {} } },
    subscriptions: {},
    timers: {},
    seq: 0,
  };
}

export function step(model: ProcessModel, state: InstanceState, command: Command, ctx: StepContext): StepResult {
  if (state.status !== 'active') {
    throw new EngineError('INSTANCE_NOT_ACTIVE', `Instance ${state.id} has ${state.status}; it accepts no more commands.`, {
      instanceId: state.id,
      status: state.status,
    });
  }
  if (state.suspended && !ALLOWED_WHILE_SUSPENDED.has(command.type)) {
    throw new EngineError('INSTANCE_SUSPENDED', `Instance ${state.id} is suspended (since ${state.suspended.at}); resume it first.`, {
      instanceId: state.id,
    });
  }
  const run = new Run(model, state, ctx.now, ctx.calendar, ctx.directory);
  apply(run, command);
  drain(run);
  return { state: run.freeze(), effects: run.effects };
}

function apply(run: Run, command: Command): void {
  switch (command.type) {
    case 'start':
      run.startedBy = command.userId;
      return start(run, command.variables, command.startEventId);
    case 'completeTask':
      return completeTask(run, command);
    case 'returnTo':
      return returnTo(run, command);
    case 'withdraw':
      return withdraw(run, command);
    case 'cc':
      return ccCommand(run, command);
    case 'claimTask':
    case 'unclaimTask':
    case 'transferTask':
    case 'delegateTask':
    case 'resolveTask':
    case 'addSigner':
    case 'removeSigner':
    case 'addComment':
      return taskCommand(run, command);
    case 'completeJob':
      return completeJob(run, command);
    case 'jobError':
      return failJobWithError(run, command);
    case 'message':
    case 'signal':
      return deliver(run, command.subscriptionId, command.variables, command.type);
    case 'continue':
      return continueAsync(run, command.jobId);
    case 'timerFired':
      return fireTimer(run, command.jobId);
    case 'childCompleted':
      return childCompleted(run, command);
    case 'childError':
      return childError(run, command);
    case 'setVariables':
      run.setVariables(run.base.rootScopeId, command.variables);
      run.history('variablesSet', { data: { variables: command.variables } });
      return;
    case 'suspend':
      return suspend(run, command);
    case 'resume':
      return resume(run, command);
    case 'terminate':
      cancelScopeTokens(run, run.base.rootScopeId);
      run.history('instanceTerminated', {
        elementId: run.model.key,
        ...(command.userId !== undefined ? { userId: command.userId } : {}),
        data: { reason: command.reason ?? null },
      });
      run.setStatus('terminated');
      run.emit({ type: 'instanceEnded', status: 'terminated', variables: run.scope(run.base.rootScopeId).variables });
      return;
  }
}

function start(run: Run, variables: Variables | undefined, at: string | undefined): void {
  if (run.tokens.size > 0 || run.base.seq > 0) {
    throw new EngineError('INVALID_ARGUMENT', `Instance ${run.instanceId} has already started.`);
  }
  const startEventId = at ?? run.model.startEventId;
  if (!startEventId) {
    throw new EngineError('INVALID_ARGUMENT', `Process ${run.model.key} has no start event without a trigger; it starts by a message or signal.`);
  }
  if (at !== undefined && !run.model.triggeredStartEvents.includes(at)) {
    throw new EngineError('INVALID_ARGUMENT', `${at} is not a start event of process ${run.model.key} with a trigger.`);
  }
  const root = run.base.rootScopeId;
  if (variables) run.setLocalVariables(root, variables);
  run.history('instanceStarted', { elementId: run.model.key, data: { definitionId: run.model.definitionId } });
  openEventSubprocesses(run, root, run.model.eventSubprocesses);
  run.queue.push({ elementId: startEventId, scopeId: root });
}

/** Rounds of conditional-event evaluation one command may cause before it is refused as a loop. */
const MAX_CONDITION_ROUNDS = 100;

/**
 * Moves tokens until all wait; then lets inclusive joins that nothing can reach fire, and —
 * when variables changed — conditional events whose condition now holds; and again.
 */
function drain(run: Run): void {
  for (let rounds = 0; ; ) {
    while (run.queue.length > 0 && run.status === 'active') {
      const arrival = run.queue.shift()!;
      if (run.scopes.has(arrival.scopeId)) enter(run, arrival);
    }
    if (run.status !== 'active') break;
    if (fireReadyInclusiveJoins(run)) continue;
    if (!run.variablesChanged) break;
    run.variablesChanged = false;
    if (!evaluateConditions(run)) break;
    if (++rounds > MAX_CONDITION_ROUNDS) {
      throw new EngineError('EXPRESSION_FAILED', `Conditional events of instance ${run.instanceId} keep triggering each other; stopped after ${MAX_CONDITION_ROUNDS} rounds.`);
    }
  }
  if (run.status === 'active' && !run.scopeBusy(run.base.rootScopeId) && run.tokens.size === 0) {
    completeScope(run, run.base.rootScopeId);
  }
}
