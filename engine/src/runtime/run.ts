/**
 * The working state of one step: a mutable draft of the instance, the effects produced so far,
 * and the queue of tokens still moving. Behaviours act on a `Run`; `step()` creates one, drives
 * the queue until every token rests at a wait state, and freezes the result.
 */
import type { BusinessCalendar } from '../calendar/business-calendar.js';
import { defaultCalendar } from '../calendar/default-calendar.js';
import { EngineError } from '../errors.js';
import { evaluateFeel, ExpressionError } from '../expressions/feel.js';
import type { Expression, FlowModel, NodeModel, ProcessModel } from '../model/types.js';
import type {
  Effect,
  HistoryEvent,
  InstanceState,
  InstanceStatus,
  ScopeState,
  SubscriptionState,
  CatchOwner,
  Directory,
  StepState,
  TaskState,
  TimerState,
  TrailEntry,
  TokenState,
  TokenWait,
  Variables,
} from './types.js';

/** A token on its way to a node, not yet entered. */
export interface Arrival {
  readonly elementId: string;
  readonly scopeId: string;
  readonly arrivedVia?: string;
  /** The node's event has already happened (after an event-based gateway, or a link): pass through. */
  readonly triggered?: boolean;
  /** The asynchronous continuation before the node has run: enter it now. */
  readonly continued?: boolean;
  /** Reuse this token id (a token resuming after an asynchronous continuation). */
  readonly tokenId?: string;
}

/** A token while its node's behaviour runs: it has an id but may not be stored yet. */
export interface ActiveToken {
  readonly id: string;
  readonly node: NodeModel;
  readonly scopeId: string;
  readonly arrivedVia?: string;
  readonly triggered?: boolean;
  /** The asynchronous continuation after the node has run: take the flows now. */
  readonly continuedAfter?: boolean;
}

const BPMN_TYPE: Record<string, string> = {};
/** `userTask` → `bpmn:UserTask`, for history rows that readers recognise. */
export function bpmnType(kind: string): string {
  return (BPMN_TYPE[kind] ??= 'bpmn:' + kind.charAt(0).toUpperCase() + kind.slice(1));
}

export class Run {
  readonly tokens: Map<string, TokenState>;
  readonly scopes: Map<string, ScopeState>;
  readonly subscriptions: Map<string, SubscriptionState>;
  readonly timers: Map<string, TimerState>;
  readonly tasks: Map<string, TaskState>;
  readonly steps: Map<string, StepState>;
  readonly trail: TrailEntry[];
  readonly calendar: BusinessCalendar;
  readonly directory: Directory | undefined;
  startedBy: string | undefined;
  acted: boolean;
  readonly effects: Effect[] = [];
  readonly queue: Arrival[] = [];
  status: InstanceStatus;
  suspended: InstanceState['suspended'];
  /** Set when any variable is written; conditional events are re-evaluated then. */
  variablesChanged = false;
  private seq: number;

  constructor(
    readonly model: ProcessModel,
    readonly base: InstanceState,
    readonly now: Date,
    calendar?: BusinessCalendar,
    directory?: Directory,
  ) {
    this.calendar = calendar ?? defaultCalendar();
    this.directory = directory;
    this.tasks = new Map(Object.entries(base.tasks ?? {}));
    this.steps = new Map(Object.entries(base.steps ?? {}));
    this.trail = [...(base.trail ?? [])];
    this.startedBy = base.startedBy;
    this.acted = base.acted ?? false;
    this.timers = new Map(Object.entries(base.timers ?? {}));
    this.tokens = new Map(Object.entries(base.tokens));
    this.scopes = new Map(Object.entries(base.scopes));
    this.subscriptions = new Map(Object.entries(base.subscriptions));
    this.status = base.status;
    this.suspended = base.suspended;
    this.seq = base.seq;
  }

  get instanceId(): string {
    return this.base.id;
  }

  /** Ids local to this instance (tokens, scopes). */
  localId(prefix: string): string {
    return `${prefix}${++this.seq}`;
  }

  /** Ids that must be unique across instances (tasks, jobs, subscriptions). */
  globalId(): string {
    return `${this.base.id}.${++this.seq}`;
  }

  node(id: string): NodeModel {
    const node = this.model.nodes.get(id);
    if (!node) throw new EngineError('DEFINITION_NOT_FOUND', `Element ${id} is not part of process ${this.model.key}.`);
    return node;
  }

  flow(id: string): FlowModel {
    const flow = this.model.flows.get(id);
    if (!flow) throw new EngineError('DEFINITION_NOT_FOUND', `Sequence flow ${id} is not part of process ${this.model.key}.`);
    return flow;
  }

  history(type: HistoryEvent['type'], fields: Omit<HistoryEvent, 'type' | 'time'> = {}): void {
    this.effects.push({ type: 'history', event: { type, time: this.now, ...fields } });
  }

  emit(effect: Effect): void {
    this.effects.push(effect);
  }

  // ---- variables -------------------------------------------------------------------------

  scope(id: string): ScopeState {
    const scope = this.scopes.get(id);
    if (!scope) throw new EngineError('INSTANCE_NOT_ACTIVE', `Scope ${id} of instance ${this.instanceId} no longer exists.`);
    return scope;
  }

  /** Every variable visible from a scope: its own over its parents'. */
  visibleVariables(scopeId: string): Variables {
    const scope = this.scope(scopeId);
    if (scope.parentScopeId === undefined) return scope.variables;
    return { ...this.visibleVariables(scope.parentScopeId), ...scope.variables };
  }

  /**
   * Sets variables from a scope outward: each variable is written in the nearest scope that
   * already defines it, otherwise in the process scope (Camunda's `setVariable` semantics).
   */
  setVariables(scopeId: string, variables: Variables | undefined): void {
    if (!variables) return;
    const names = Object.keys(variables);
    if (names.length === 0) return;
    const writes = new Map<string, Variables>();
    for (const name of names) {
      let target = this.scope(scopeId);
      while (!(name in target.variables) && target.parentScopeId !== undefined) target = this.scope(target.parentScopeId);
      const bucket = writes.get(target.id) ?? {};
      bucket[name] = variables[name];
      writes.set(target.id, bucket);
    }
    for (const [id, values] of writes) this.setLocalVariables(id, values);
  }

  setLocalVariables(scopeId: string, values: Variables): void {
    this.variablesChanged = true;
    const scope = this.scope(scopeId);
    this.scopes.set(scopeId, { ...scope, variables: { ...scope.variables, ...values } });
  }

  evaluate(expression: Expression, scopeId: string, elementId: string): unknown {
    return this.evaluateWith(expression, this.visibleVariables(scopeId), elementId);
  }

  evaluateWith(expression: Expression, variables: Variables, elementId: string): unknown {
    try {
      return evaluateFeel(expression, variables);
    } catch (err) {
      if (err instanceof ExpressionError) {
        throw new EngineError('EXPRESSION_FAILED', `Element ${elementId}: ${err.message}`, { elementId });
      }
      throw err;
    }
  }

  // ---- tokens ----------------------------------------------------------------------------

  /** Sends a token along a flow: it will enter the flow's target next. */
  take(flow: FlowModel, scopeId: string): void {
    this.queue.push({ elementId: flow.targetId, scopeId, arrivedVia: flow.id });
  }

  /** Parks a token at its node until a command wakes it. */
  wait(token: ActiveToken, wait: TokenWait): void {
    this.tokens.set(token.id, {
      id: token.id,
      elementId: token.node.id,
      scopeId: token.scopeId,
      ...(token.arrivedVia !== undefined ? { arrivedVia: token.arrivedVia } : {}),
      wait,
    });
  }

  /** Removes a stored token; its subscriptions and timers (boundary events) end with it. */
  release(tokenId: string): void {
    this.tokens.delete(tokenId);
    this.closeCatches((owner) => owner.tokenId === tokenId);
  }

  /** Closes the subscriptions and timers whose owner matches. */
  closeCatches(match: (owner: CatchOwner) => boolean): void {
    for (const sub of this.subscriptions.values()) if (match(sub)) this.closeSubscription(sub.id);
    for (const timer of this.timers.values()) if (match(timer)) this.cancelTimer(timer.id);
  }

  openTimer(timer: TimerState): void {
    this.timers.set(timer.id, timer);
    const node = this.node(timer.elementId);
    this.emit({
      type: 'jobCreated',
      job: { id: timer.id, kind: 'timer', elementId: node.id, tokenId: ownerId(timer), topic: 'timer', createdAt: this.now, dueAt: new Date(timer.dueAt) },
    });
  }

  cancelTimer(id: string): void {
    if (this.timers.delete(id)) this.emit({ type: 'jobEnded', jobId: id, reason: 'cancelled' });
  }

  /** Conditional subscriptions live in the state only: the step itself evaluates them. */
  openSubscription(subscription: SubscriptionState): void {
    this.subscriptions.set(subscription.id, subscription);
    if (subscription.kind !== 'conditional') this.emit({ type: 'subscriptionOpened', subscription });
  }

  closeSubscription(id: string): void {
    const sub = this.subscriptions.get(id);
    if (!sub) return;
    this.subscriptions.delete(id);
    if (sub.kind !== 'conditional') this.emit({ type: 'subscriptionClosed', subscriptionId: id });
  }

  tokensInScope(scopeId: string): TokenState[] {
    const result: TokenState[] = [];
    for (const token of this.tokens.values()) if (token.scopeId === scopeId) result.push(token);
    return result;
  }

  /** True while a scope still has a stored token or one on its way. */
  scopeBusy(scopeId: string): boolean {
    for (const token of this.tokens.values()) if (token.scopeId === scopeId) return true;
    return this.queue.some((arrival) => arrival.scopeId === scopeId);
  }

  setStatus(status: InstanceStatus): void {
    this.status = status;
  }

  freeze(): InstanceState {
    // Field by field: a rest pattern (`{ suspended, ...base }`) copies through V8's slow
    // excluded-properties path, and this runs once per command.
    const base = this.base;
    return {
      id: base.id,
      definitionId: base.definitionId,
      processKey: base.processKey,
      ...(base.businessKey !== undefined ? { businessKey: base.businessKey } : {}),
      ...(base.parent !== undefined ? { parent: base.parent } : {}),
      rootScopeId: base.rootScopeId,
      ...(this.suspended ? { suspended: this.suspended } : {}),
      ...(this.startedBy !== undefined ? { startedBy: this.startedBy } : {}),
      tasks: Object.fromEntries(this.tasks),
      steps: Object.fromEntries(this.steps),
      trail: this.trail,
      acted: this.acted,
      status: this.status,
      tokens: Object.fromEntries(this.tokens),
      scopes: Object.fromEntries(this.scopes),
      subscriptions: Object.fromEntries(this.subscriptions),
      timers: Object.fromEntries(this.timers),
      seq: this.seq,
    };
  }
}

/** The id of a catch's owner, token or scope, for the rows that must name one. */
export function ownerId(owner: CatchOwner): string {
  return owner.tokenId ?? owner.scopeId!;
}
