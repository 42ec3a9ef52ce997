/**
 * One command = one transaction. A `UnitOfWork` runs inside a transaction that has locked the
 * root instance of a call-activity tree: it steps instances, performs the effects that must
 * happen now (in-process handlers, starting or cancelling called instances, telling a parent
 * that its child ended), and finally writes every change in a few batched statements. If
 * anything throws, the transaction rolls back and nothing of the command remains.
 */
import type { Knex } from 'knex';
import type { BusinessCalendar } from '../calendar/business-calendar.js';
import { BpmnError, EngineError } from '../errors.js';
import type { ProcessModel } from '../model/types.js';
import { ownerId } from '../runtime/run.js';
import { initialState, step } from '../runtime/step.js';
import type { Command, Directory, Effect, InstanceState, JobRecord, TaskRecord, Variables } from '../runtime/types.js';
import type { InstanceRow, NewHistory, NewInstance, NewJob, NewNotification, NewSubscription, NewTask } from '../store/rows.js';
import type { UnitWrite, WriteGuard } from '../store/sql.js';
import * as sql from '../store/sql.js';
import type { Definitions } from './definitions.js';
import type { HandlerRegistry } from './handlers.js';

interface Loaded {
  model: ProcessModel;
  state: InstanceState;
  rootId: string;
  startedAt: Date;
  isNew: boolean;
  dirty: boolean;
  endedAt?: Date;
  /** The row's `rev` as read (-1 for an instance this unit creates). */
  rev: number;
}

export interface UnitServices {
  readonly definitions: Definitions;
  readonly handlers: HandlerRegistry;
  readonly newId: () => string;
  readonly now: Date;
  readonly calendar: BusinessCalendar;
  readonly directory?: Directory;
}

type FollowUp = () => Promise<void>;

export class UnitOfWork {
  private readonly loaded = new Map<string, Loaded>();
  private readonly followUps: FollowUp[] = [];
  /** New and changed tasks; `createdHere` tells which rows do not exist yet (plain inserts). */
  private readonly tasksToWrite = new Map<string, NewTask>();
  private readonly createdHere = new Set<string>();
  private readonly taskDeletes = new Set<string>();
  private readonly jobInserts = new Map<string, NewJob>();
  private readonly jobDeletes = new Set<string>();
  private readonly subInserts = new Map<string, NewSubscription>();
  private readonly subDeletes = new Set<string>();
  private readonly history: NewHistory[] = [];
  private readonly notifications: NewNotification[] = [];

  constructor(
    private readonly trx: Knex.Transaction,
    private readonly services: UnitServices,
  ) {}

  /** Registers an instance row already read (and locked) by the caller. */
  async adopt(row: InstanceRow): Promise<void> {
    if (this.loaded.has(row.id)) return;
    const model = await this.services.definitions.model(this.trx, row.definitionId);
    this.loaded.set(row.id, { model, state: row.state, rootId: row.rootId, startedAt: row.startedAt, isNew: false, dirty: false, rev: row.rev });
  }

  /** Creates a new instance in this unit and starts it. */
  async startInstance(
    model: ProcessModel,
    init: {
      id: string;
      businessKey?: string;
      variables?: Variables;
      startEventId?: string;
      userId?: string;
      parent?: { instanceId: string; tokenId: string; rootId: string };
    },
  ): Promise<void> {
    const state = initialState(model, {
      id: init.id,
      ...(init.businessKey !== undefined ? { businessKey: init.businessKey } : {}),
      ...(init.parent ? { parent: { instanceId: init.parent.instanceId, tokenId: init.parent.tokenId } } : {}),
    });
    this.loaded.set(init.id, {
      model,
      state,
      rootId: init.parent?.rootId ?? init.id,
      startedAt: this.services.now,
      isNew: true,
      dirty: true,
      rev: -1,
    });
    await this.dispatch(init.id, {
      type: 'start',
      ...(init.variables ? { variables: init.variables } : {}),
      ...(init.startEventId !== undefined ? { startEventId: init.startEventId } : {}),
      ...(init.userId !== undefined ? { userId: init.userId } : {}),
    });
  }

  /** Applies a command to a loaded instance, then everything it sets off, in order. */
  async dispatch(instanceId: string, command: Command): Promise<void> {
    await this.apply(instanceId, command);
    await this.drain();
  }

  /** Runs the follow-ups effects asked for (handlers, called instances, signals) until none is left. */
  async drain(): Promise<void> {
    while (this.followUps.length > 0) await this.followUps.shift()!();
  }

  state(instanceId: string): InstanceState | undefined {
    return this.loaded.get(instanceId)?.state;
  }

  private async load(instanceId: string): Promise<Loaded> {
    const known = this.loaded.get(instanceId);
    if (known) return known;
    // The tree is already serialised by the root lock the caller holds.
    const row = await sql.getInstance(this.trx, instanceId);
    if (!row) throw new EngineError('INSTANCE_NOT_FOUND', `Instance ${instanceId} does not exist.`, { instanceId });
    await this.adopt(row);
    return this.loaded.get(instanceId)!;
  }

  private async apply(instanceId: string, command: Command): Promise<void> {
    const entry = await this.load(instanceId);
    const result = step(entry.model, entry.state, command, {
      now: this.services.now,
      calendar: this.services.calendar,
      ...(this.services.directory ? { directory: this.services.directory } : {}),
    });
    entry.state = result.state;
    entry.dirty = true;
    if (result.state.status !== 'active') entry.endedAt = this.services.now;
    for (const effect of result.effects) this.collect(entry, effect);
  }

  private collect(entry: Loaded, effect: Effect): void {
    const state = entry.state;
    const instanceId = state.id;
    switch (effect.type) {
      case 'history': {
        const e = effect.event;
        this.history.push({
          instanceId,
          rootId: entry.rootId,
          type: e.type,
          time: e.time,
          elementId: e.elementId ?? null,
          elementType: e.elementType ?? null,
          tokenId: e.tokenId ?? null,
          taskId: e.taskId ?? null,
          userId: e.userId ?? null,
          data: e.data ?? null,
        });
        return;
      }
      case 'taskCreated':
        this.createdHere.add(effect.task.id);
        this.tasksToWrite.set(effect.task.id, this.taskRow(entry, effect.task));
        return;
      case 'taskUpdated':
        this.tasksToWrite.set(effect.task.id, this.taskRow(entry, effect.task));
        return;
      case 'taskEnded':
        this.tasksToWrite.delete(effect.taskId);
        if (!this.createdHere.has(effect.taskId)) this.taskDeletes.add(effect.taskId);
        return;
      case 'notificationCreated': {
        const n = effect.notification;
        this.notifications.push({
          id: n.id,
          instanceId,
          rootId: entry.rootId,
          taskId: n.taskId ?? null,
          elementId: n.elementId ?? null,
          kind: n.kind,
          recipientUser: n.recipientUser ?? null,
          recipientGroup: n.recipientGroup ?? null,
          sender: n.sender ?? null,
          comment: n.comment ?? null,
          createdAt: n.createdAt,
        });
        return;
      }
      case 'jobCreated':
        this.onJobCreated(entry, effect.job);
        return;
      case 'jobEnded':
        if (!this.jobInserts.delete(effect.jobId)) this.jobDeletes.add(effect.jobId);
        return;
      case 'subscriptionOpened': {
        const s = effect.subscription;
        this.subInserts.set(s.id, {
          id: s.id,
          instanceId,
          rootId: entry.rootId,
          kind: s.kind,
          name: s.name,
          correlationKey: s.correlationKey ?? null,
          elementId: s.elementId,
          tokenId: ownerId(s),
          createdAt: this.services.now,
        });
        return;
      }
      case 'subscriptionClosed':
        if (!this.subInserts.delete(effect.subscriptionId)) this.subDeletes.add(effect.subscriptionId);
        return;
      case 'callActivityStarted':
        this.followUps.push(async () => {
          const definitions = this.services.definitions;
          const summary = await definitions.resolve(this.trx, effect.processKey, effect.version);
          const model = await definitions.model(this.trx, summary.id);
          await this.startInstance(model, {
            id: this.services.newId(),
            ...(state.businessKey !== undefined ? { businessKey: state.businessKey } : {}),
            variables: effect.variables,
            parent: { instanceId, tokenId: effect.tokenId, rootId: entry.rootId },
          });
        });
        return;
      case 'callActivityCancelled':
        this.followUps.push(async () => {
          const childId = await this.calledBy(instanceId, effect.tokenId);
          if (!childId) return;
          const child = await this.load(childId);
          if (child.state.status === 'active') await this.apply(childId, { type: 'terminate', reason: 'calling activity cancelled' });
        });
        return;
      case 'callActivityClock':
        this.followUps.push(async () => {
          const childId = await this.calledBy(instanceId, effect.tokenId);
          if (!childId) return;
          const child = await this.load(childId);
          // A child already in the wanted state (suspended on its own, or never suspended) is left as it is.
          if (child.state.status !== 'active' || (child.state.suspended !== undefined) === (effect.command === 'suspend')) return;
          const by = effect.userId !== undefined ? { userId: effect.userId } : {};
          await this.apply(childId, effect.command === 'suspend' ? { type: 'suspend', ...by, ...(effect.reason !== undefined ? { reason: effect.reason } : {}) } : { type: 'resume', ...by });
        });
        return;
      case 'instanceEnded': {
        const parent = state.parent;
        if (parent && effect.status === 'completed') {
          this.followUps.push(() => this.apply(parent.instanceId, { type: 'childCompleted', tokenId: parent.tokenId, variables: effect.variables }));
        }
        return;
      }
      case 'signalThrown':
        this.followUps.push(async () => {
          await this.broadcast(effect.name, effect.variables);
        });
        return;
      case 'errorToParent': {
        const parent = state.parent;
        if (!parent) return;
        this.followUps.push(() =>
          this.apply(parent.instanceId, {
            type: 'childError',
            tokenId: parent.tokenId,
            errorCode: effect.errorCode,
            ...(effect.message !== undefined ? { message: effect.message } : {}),
          }),
        );
        return;
      }
    }
  }

  /** A job runs now when an in-process handler is registered for it; otherwise it waits for a worker. */
  private onJobCreated(entry: Loaded, job: JobRecord): void {
    const { handlers } = this.services;
    const handler =
      job.kind === 'script' ? handlers.scripts.get(job.topic) : job.kind === 'serviceTask' ? handlers.tasks.get(job.topic) : undefined;
    if (!handler) {
      this.jobInserts.set(job.id, {
        id: job.id,
        instanceId: entry.state.id,
        rootId: entry.rootId,
        kind: job.kind,
        topic: job.topic,
        elementId: job.elementId,
        tokenId: job.tokenId,
        script: job.script ?? null,
        createdAt: job.createdAt,
        dueAt: job.dueAt ?? null,
      });
      return;
    }
    const instanceId = entry.state.id;
    this.followUps.push(async () => {
      const current = this.loaded.get(instanceId)!;
      const token = current.state.tokens[job.tokenId];
      if (!token) return; // cancelled by something earlier in this unit
      const variables = visibleVariables(current.state, token.scopeId);
      const context = {
        jobId: job.id,
        instanceId,
        ...(current.state.businessKey !== undefined ? { businessKey: current.state.businessKey } : {}),
        processKey: current.state.processKey,
        elementId: job.elementId,
        topic: job.topic,
        variables,
      };
      let result: Variables | void;
      try {
        result = await (job.kind === 'script'
          ? handlers.scripts.get(job.topic)!({ ...context, format: job.topic, script: job.script ?? '' })
          : handlers.tasks.get(job.topic)!(context));
      } catch (err) {
        if (err instanceof BpmnError) {
          await this.apply(instanceId, {
            type: 'jobError',
            jobId: job.id,
            errorCode: err.errorCode,
            message: err.message,
            ...(err.variables ? { variables: { ...err.variables } } : {}),
          });
          return;
        }
        throw new EngineError(
          'HANDLER_FAILED',
          `The handler for ${job.kind === 'script' ? 'script format' : 'topic'} "${job.topic}" failed at ${job.elementId}: ${(err as Error).message}`,
          { elementId: job.elementId, topic: job.topic, instanceId },
        );
      }
      await this.apply(instanceId, { type: 'completeJob', jobId: job.id, ...(result ? { variables: result } : {}) });
    });
  }

  /**
   * Delivers a signal to every subscription of its name (BPMN 2.0 §10.5.1: signals are
   * broadcast): those of instances this unit already holds, as their state is now, and those
   * of any other instance, whose trees are locked first.
   */
  async broadcast(name: string, variables?: Variables): Promise<number> {
    const targets: Array<{ instanceId: string; subscriptionId: string }> = [];
    for (const [instanceId, entry] of this.loaded) {
      for (const sub of Object.values(entry.state.subscriptions)) {
        if (sub.kind === 'signal' && sub.name === name) targets.push({ instanceId, subscriptionId: sub.id });
      }
    }
    const others = (await sql.findSignalSubscriptions(this.trx, name)).filter((row) => !this.loaded.has(row.instanceId));
    const roots = [...new Set(others.map((row) => row.rootId))].sort();
    for (const rootId of roots) {
      const root = await sql.lockInstance(this.trx, rootId);
      if (root) await this.adopt(root);
    }
    for (const row of others) {
      const entry = await this.load(row.instanceId);
      if (entry.state.status === 'active' && entry.state.subscriptions[row.id]) targets.push({ instanceId: row.instanceId, subscriptionId: row.id });
    }
    const started = await this.startBy('signal', name, variables);
    for (const target of targets) {
      const state = this.loaded.get(target.instanceId)!.state;
      if (state.status !== 'active' || !state.subscriptions[target.subscriptionId]) continue; // ended by an earlier delivery
      await this.apply(target.instanceId, { type: 'signal', subscriptionId: target.subscriptionId, ...(variables ? { variables } : {}) });
    }
    return targets.length + started;
  }

  /**
   * Starts an instance of the latest version of every process with a start event triggered by
   * this message or signal (BPMN 2.0 §10.5.2); returns how many started.
   */
  async startBy(kind: 'message' | 'signal', name: string, variables?: Variables): Promise<number> {
    const starts = await this.services.definitions.triggeredStarts(this.trx, kind, name);
    for (const { model, startEventId } of starts) {
      await this.startInstance(model, { id: this.services.newId(), startEventId, ...(variables ? { variables } : {}) });
    }
    return starts.length;
  }

  private taskRow(entry: Loaded, t: TaskRecord): NewTask {
    const state = entry.state;
    return {
      id: t.id,
      instanceId: state.id,
      rootId: entry.rootId,
      definitionId: state.definitionId,
      processKey: state.processKey,
      elementId: t.elementId,
      name: t.name ?? null,
      tokenId: t.tokenId,
      assignee: t.assignee ?? null,
      candidateUsers: t.candidateUsers,
      candidateGroups: t.candidateGroups,
      businessKey: state.businessKey ?? null,
      createdAt: t.createdAt,
      dueAt: t.dueAt ?? null,
      priority: t.priority,
      owner: t.owner ?? null,
      delegationState: t.delegationState ?? null,
      loopIndex: t.loopIndex ?? null,
    };
  }

  /** The instance a call activity's token started, loaded in this unit or not. */
  private async calledBy(parentId: string, tokenId: string): Promise<string | undefined> {
    return this.childOf(parentId, tokenId) ?? (await sql.findChildInstance(this.trx, parentId, tokenId))?.id;
  }

  private childOf(parentId: string, tokenId: string): string | undefined {
    for (const [id, entry] of this.loaded) {
      if (entry.state.parent?.instanceId === parentId && entry.state.parent.tokenId === tokenId) return id;
    }
    return undefined;
  }

  /**
   * After a flush: the row of the one instance this unit touched, as it now stands in the
   * database, when the unit touched exactly one top-level instance (the instance cache keeps
   * only those; see instance-cache.ts).
   */
  soleInstance(): { row: InstanceRow; model: ProcessModel } | undefined {
    if (this.loaded.size !== 1) return undefined;
    const [id, entry] = [...this.loaded][0]!;
    const s = entry.state;
    if (s.parent !== undefined || entry.rootId !== id) return undefined;
    const rev = entry.isNew ? 0 : entry.dirty ? entry.rev + 1 : entry.rev;
    return { row: { ...instanceRow(entry), rev }, model: entry.model };
  }

  /**
   * Writes every change of the unit in one statement, whatever the command did. `last`: the
   * transaction does nothing after this, so the statement may take the COMMIT along.
   */
  async flush(options: { readonly last?: boolean; readonly guard?: WriteGuard } = {}): Promise<boolean> {
    const instanceInserts: NewInstance[] = [];
    const instanceUpdates: UnitWrite['instanceUpdates'][number][] = [];
    for (const entry of this.loaded.values()) {
      if (!entry.dirty) continue;
      const s = entry.state;
      if (entry.isNew) {
        instanceInserts.push(instanceRow(entry));
      } else {
        instanceUpdates.push({ id: s.id, status: s.status, state: s, endedAt: entry.endedAt ?? null });
      }
    }
    const taskInserts: NewTask[] = [];
    const taskUpserts: NewTask[] = [];
    for (const task of this.tasksToWrite.values()) (this.createdHere.has(task.id) ? taskInserts : taskUpserts).push(task);
    return sql.writeUnit(this.trx, {
      instanceInserts,
      instanceUpdates,
      taskDeletes: [...this.taskDeletes],
      taskInserts,
      taskUpserts,
      jobDeletes: [...this.jobDeletes],
      jobInserts: [...this.jobInserts.values()],
      subscriptionDeletes: [...this.subDeletes],
      subscriptionInserts: [...this.subInserts.values()],
      history: this.history,
      notifications: this.notifications,
    }, options);
  }
}

/** The `tb_instance` row of a loaded instance as the unit leaves it. */
function instanceRow(entry: Loaded): Omit<InstanceRow, 'rev'> {
  const s = entry.state;
  return {
    id: s.id,
    rootId: entry.rootId,
    parentId: s.parent?.instanceId ?? null,
    parentTokenId: s.parent?.tokenId ?? null,
    definitionId: s.definitionId,
    processKey: s.processKey,
    businessKey: s.businessKey ?? null,
    status: s.status,
    state: s,
    startedAt: entry.startedAt,
    endedAt: entry.endedAt ?? null,
  };
}

/** Variables visible from a scope of a stored state (its own over its parents'). */
export function visibleVariables(state: InstanceState, scopeId: string): Variables {
  const scope = state.scopes[scopeId];
  if (!scope) return {};
  if (scope.parentScopeId === undefined) return scope.variables;
  return { ...visibleVariables(state, scope.parentScopeId), ...scope.variables };
}
