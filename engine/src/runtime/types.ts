/**
 * State, commands and effects of the pure runtime step.
 *
 * `step(model, state, command, ctx)` returns the next state and the effects the shell must
 * persist or perform. It does no I/O and reads no clock but `ctx.now`, so the same inputs give
 * the same outputs: fast, unit-testable and fuzzable (DESIGN §2).
 */

import type { BusinessCalendar } from '../calendar/business-calendar.js';

export type Variables = Record<string, unknown>;

/** A token: one thread of control resting at a wait state between commands. */
export interface TokenState {
  readonly id: string;
  /** The node the token rests at. */
  readonly elementId: string;
  /** The scope instance (process or embedded subprocess instance) the token runs in. */
  readonly scopeId: string;
  /** The flow the token arrived by; joins count arrivals per incoming flow. */
  readonly arrivedVia?: string;
  /** What the token waits for. */
  readonly wait: TokenWait;
}

export type TokenWait =
  /** A user task: its approval step, whose signers' tasks are open. */
  | { readonly kind: 'approval'; readonly stepId: string }
  | { readonly kind: 'job'; readonly jobId: string }
  /** A message, signal or condition (catch event or receive task). */
  | { readonly kind: 'subscription'; readonly subscriptionId: string }
  | { readonly kind: 'timer'; readonly jobId: string }
  | { readonly kind: 'subProcess'; readonly childScopeId: string }
  | { readonly kind: 'callActivity' }
  | { readonly kind: 'join' }
  /** An event-based gateway: waits for the first of the events after it. */
  | { readonly kind: 'eventGateway' }
  /**
   * An asynchronous continuation (`tongban:async`): the token waits for the job executor,
   * before the node's behaviour runs, or after it ran and before its flows are taken.
   */
  | { readonly kind: 'async'; readonly jobId: string; readonly phase: 'before' | 'after'; readonly flows?: readonly string[] };

/** A scope instance: the process instance itself, or one run of an embedded subprocess. */
export interface ScopeState {
  readonly id: string;
  /** Process id or subprocess element id. */
  readonly elementId: string;
  readonly parentScopeId?: string;
  /** The token in the parent scope that waits on this subprocess. */
  readonly parentTokenId?: string;
  readonly variables: Variables;
}

/**
 * Who a subscription or timer belongs to, and ends with: a token (a catch event, a receive
 * task, an activity's boundary event, an event-based gateway), or a scope instance (the start
 * event of one of its event subprocesses).
 */
export interface CatchOwner {
  readonly tokenId?: string;
  readonly scopeId?: string;
}

/** A message, signal or conditional event the instance waits for. */
export interface SubscriptionState extends CatchOwner {
  readonly id: string;
  readonly kind: 'message' | 'signal' | 'conditional';
  /** The catching node: catch event, receive task, boundary event or event-subprocess start. */
  readonly elementId: string;
  /** Message or signal name (conditional: the element id). */
  readonly name: string;
  readonly correlationKey?: string;
}

/** A scheduled timer: a timer catch event, boundary event or event-subprocess start. */
export interface TimerState extends CatchOwner {
  /** The id of the job that fires it. */
  readonly id: string;
  /** The timer event. */
  readonly elementId: string;
  /** ISO 8601 instant. */
  readonly dueAt: string;
  /** Firings after this one; null = unbounded (`R/…`). */
  readonly repeatsLeft: number | null;
  /** Interval of a cycle. */
  readonly interval?: string;
  /** How the wait counts (absent: wall clock); decides the shift after a suspension. */
  readonly unit?: 'workingDays' | 'workingTime';
  /** An approval step's time limit (not a BPMN timer event): its element is the user task. */
  readonly purpose?: 'approvalTimeout';
  /** Approval time limit: reminders still to send before the timeout action. */
  readonly remindersLeft?: number;
}

/** An open user task: one signer's work item in an approval step. */
export interface TaskState {
  readonly id: string;
  readonly elementId: string;
  readonly stepId: string;
  /** Index of the signer in the step. */
  readonly signer: number;
  readonly name?: string;
  readonly assignee?: string;
  /** While delegated (委派): whom the task returns to. */
  readonly owner?: string;
  readonly delegationState?: 'pending' | 'resolved';
  readonly candidateUsers: readonly string[];
  readonly candidateGroups: readonly string[];
  readonly dueAt?: string;
  readonly priority: number;
  readonly createdAt: string;
  /** The assignee took it from the candidates (claim), so unclaim may give it back. */
  readonly claimed?: boolean;
}

export type SignerStatus = 'pending' | 'active' | 'completed' | 'skipped' | 'cancelled';

/** One signer of an approval step (a single task has one; 会签 of five has five). */
export interface SignerState {
  readonly index: number;
  /** Signers of the lowest round still pending are activated together: parallel signers share a round. */
  readonly round: number;
  readonly assignee?: string;
  readonly candidateUsers: readonly string[];
  readonly candidateGroups: readonly string[];
  /** The collection item this signer stands for, bound to the element variable. */
  readonly item?: unknown;
  readonly status: SignerStatus;
  readonly taskId?: string;
  /** `approve`, `reject`, or a named outcome. */
  readonly outcome?: string;
  readonly by?: string;
  /** 加签: who added this signer. */
  readonly addedBy?: string;
}

/** A running approval step: the user task's signers and their tasks. */
export interface StepState {
  readonly id: string;
  readonly elementId: string;
  readonly tokenId: string;
  readonly scopeId: string;
  readonly signers: readonly SignerState[];
  readonly dueAt?: string;
  /** How the due date was counted, so a suspension moves it the way it moves timers (absent: wall clock). */
  readonly dueUnit?: 'workingDays' | 'workingTime';
  readonly priority: number;
}

/** A completed approval step, for returns (退回), withdrawal (撤回) and de-duplication. */
export interface TrailEntry {
  readonly elementId: string;
  readonly outcome: string;
  /** Who approved (or completed) it, in order. */
  readonly by: readonly string[];
  readonly at: string;
}

export type InstanceStatus = 'active' | 'completed' | 'terminated';

export interface InstanceState {
  readonly id: string;
  readonly definitionId: string;
  readonly processKey: string;
  readonly businessKey?: string;
  readonly status: InstanceStatus;
  /** Set while the instance is suspended: its timers are stopped and it accepts only resume or terminate. */
  readonly suspended?: { readonly at: string; readonly reason?: string };
  /** Set when this instance was started by a call activity. */
  readonly parent?: { readonly instanceId: string; readonly tokenId: string };
  /** Id of the root scope (equals the instance id). */
  readonly rootScopeId: string;
  readonly tokens: Readonly<Record<string, TokenState>>;
  readonly scopes: Readonly<Record<string, ScopeState>>;
  readonly subscriptions: Readonly<Record<string, SubscriptionState>>;
  /** Timers by job id (absent in states written before timers existed). */
  readonly timers?: Readonly<Record<string, TimerState>>;
  /** Open user tasks and running approval steps (absent in states written before approvals existed). */
  readonly tasks?: Readonly<Record<string, TaskState>>;
  readonly steps?: Readonly<Record<string, StepState>>;
  /** Completed approval steps, oldest first. */
  readonly trail?: readonly TrailEntry[];
  /** Who started the instance (the applicant); the only one who may withdraw it. */
  readonly startedBy?: string;
  /** Someone other than the starter acted since the starter last did: withdrawal is no longer allowed. */
  readonly acted?: boolean;
  /** Counter for ids made by the step (tokens, scopes, tasks, jobs, subscriptions). */
  readonly seq: number;
}

export type Command =
  /** Starts at the none start event, or at a given start event whose trigger happened (message, signal). */
  | { readonly type: 'start'; readonly variables?: Variables; readonly startEventId?: string; readonly userId?: string }
  | {
      readonly type: 'completeTask';
      readonly taskId: string;
      readonly variables?: Variables;
      readonly userId?: string;
      readonly outcome?: string;
      readonly comment?: string;
    }
  | TaskCommand
  | { readonly type: 'completeJob'; readonly jobId: string; readonly variables?: Variables }
  /** A handler or external worker raised a BPMN error on a job. */
  | { readonly type: 'jobError'; readonly jobId: string; readonly errorCode: string; readonly message?: string; readonly variables?: Variables }
  | { readonly type: 'message'; readonly subscriptionId: string; readonly variables?: Variables }
  | { readonly type: 'signal'; readonly subscriptionId: string; readonly variables?: Variables }
  /** An asynchronous continuation's job runs (the job executor sends this). */
  | { readonly type: 'continue'; readonly jobId: string }
  /** A timer job came due (the job executor sends this). */
  | { readonly type: 'timerFired'; readonly jobId: string }
  | { readonly type: 'childCompleted'; readonly tokenId: string; readonly variables: Variables }
  | { readonly type: 'childError'; readonly tokenId: string; readonly errorCode: string; readonly message?: string }
  | { readonly type: 'setVariables'; readonly variables: Variables }
  | { readonly type: 'terminate'; readonly reason?: string; readonly userId?: string }
  /** Stops the instance's clock (补正, 特别程序): timers stop, commands other than resume are refused. */
  | { readonly type: 'suspend'; readonly reason?: string; readonly userId?: string }
  /** Restarts the clock: each timer gets the time it had left, counted in its own unit. */
  | { readonly type: 'resume'; readonly userId?: string };

/**
 * Approval commands on an open task (GLOSSARY): claim and unclaim, 转办 transfer, 委派 delegate
 * and resolve, 加签 addSigner, 减签 removeSigner, 退回 returnTo, 抄送 cc, comments. Each is
 * checked against the acting user and recorded in history; a refused one changes nothing.
 */
export type TaskCommand =
  | { readonly type: 'claimTask'; readonly taskId: string; readonly userId: string }
  | { readonly type: 'unclaimTask'; readonly taskId: string; readonly userId: string }
  | { readonly type: 'transferTask'; readonly taskId: string; readonly userId?: string; readonly to: string; readonly comment?: string }
  | { readonly type: 'delegateTask'; readonly taskId: string; readonly userId?: string; readonly to: string; readonly comment?: string }
  | { readonly type: 'resolveTask'; readonly taskId: string; readonly userId?: string; readonly comment?: string; readonly variables?: Variables }
  | {
      readonly type: 'addSigner';
      readonly taskId: string;
      readonly userId?: string;
      readonly signers: readonly string[];
      readonly position: 'before' | 'after' | 'parallel';
      readonly comment?: string;
    }
  | { readonly type: 'removeSigner'; readonly taskId: string; readonly userId?: string; readonly signer: string; readonly comment?: string }
  | { readonly type: 'returnTo'; readonly taskId: string; readonly userId?: string; readonly target: string; readonly comment?: string }
  | { readonly type: 'withdraw'; readonly userId: string; readonly comment?: string }
  | {
      readonly type: 'cc';
      readonly taskId?: string;
      readonly userId?: string;
      readonly users?: readonly string[];
      readonly groups?: readonly string[];
      readonly comment?: string;
    }
  | {
      readonly type: 'addComment';
      readonly taskId: string;
      readonly userId?: string;
      readonly text: string;
      readonly attachments?: readonly { readonly name: string; readonly ref: string }[];
    };

/** A notice to a user or group: a CC (抄送) or a reminder. */
export interface NotificationRecord {
  readonly id: string;
  readonly kind: 'cc' | 'reminder';
  readonly taskId?: string;
  readonly elementId?: string;
  readonly recipientUser?: string;
  readonly recipientGroup?: string;
  readonly sender?: string;
  readonly comment?: string;
  readonly createdAt: Date;
}

/** A user task as the shell must store it for querying. */
export interface TaskRecord {
  readonly id: string;
  readonly elementId: string;
  readonly name?: string;
  readonly tokenId: string;
  readonly assignee?: string;
  readonly candidateUsers: readonly string[];
  readonly candidateGroups: readonly string[];
  readonly createdAt: Date;
  readonly dueAt?: Date;
  readonly priority: number;
  readonly owner?: string;
  readonly delegationState?: 'pending' | 'resolved';
  readonly loopIndex?: number;
}

/** Work the shell hands to an in-process handler or leaves for an external worker. */
export interface JobRecord {
  readonly id: string;
  readonly kind: 'serviceTask' | 'script' | 'timer' | 'async';
  readonly elementId: string;
  readonly tokenId: string;
  /** Service/send task topic, or the script format for scripts. */
  readonly topic: string;
  /** Script body for script jobs. */
  readonly script?: string;
  readonly createdAt: Date;
  /** Not before this instant (timers). */
  readonly dueAt?: Date;
}

export interface HistoryEvent {
  readonly type:
    | 'instanceStarted'
    | 'instanceCompleted'
    | 'instanceTerminated'
    | 'elementEntered'
    | 'elementLeft'
    | 'elementCancelled'
    | 'taskCreated'
    | 'taskCompleted'
    | 'taskCancelled'
    | 'variablesSet'
    | 'errorThrown'
    | 'errorCaught'
    | 'messageReceived'
    | 'signalReceived'
    | 'signalThrown'
    | 'escalationThrown'
    | 'escalationCaught'
    | 'conditionMet'
    | 'eventSubprocessTriggered'
    | 'timerFired'
    | 'instanceSuspended'
    | 'instanceResumed'
    | 'instanceWithdrawn'
    | 'stepCompleted'
    | 'signerSkipped'
    | 'signerAdded'
    | 'signerRemoved'
    | 'taskClaimed'
    | 'taskUnclaimed'
    | 'taskTransferred'
    | 'taskDelegated'
    | 'taskResolved'
    | 'taskReturned'
    | 'taskReminded'
    | 'stepEscalated'
    | 'ccSent'
    | 'commentAdded';
  readonly time: Date;
  readonly elementId?: string;
  readonly elementType?: string;
  readonly tokenId?: string;
  readonly taskId?: string;
  readonly userId?: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

export type Effect =
  | { readonly type: 'taskCreated'; readonly task: TaskRecord }
  | { readonly type: 'taskEnded'; readonly taskId: string; readonly reason: 'completed' | 'cancelled' }
  /** An open task changed (assignee, owner, delegation): the shell rewrites its row. */
  | { readonly type: 'taskUpdated'; readonly task: TaskRecord }
  | { readonly type: 'notificationCreated'; readonly notification: NotificationRecord }
  | { readonly type: 'jobCreated'; readonly job: JobRecord }
  | { readonly type: 'jobEnded'; readonly jobId: string; readonly reason: 'completed' | 'cancelled' }
  | { readonly type: 'subscriptionOpened'; readonly subscription: SubscriptionState }
  | { readonly type: 'subscriptionClosed'; readonly subscriptionId: string }
  | {
      readonly type: 'callActivityStarted';
      readonly tokenId: string;
      readonly elementId: string;
      readonly processKey: string;
      readonly version: 'latest' | number;
      readonly variables: Variables;
    }
  | { readonly type: 'callActivityCancelled'; readonly tokenId: string }
  /** The instance's clock stopped or restarted: the instance a call activity is running does the same. */
  | { readonly type: 'callActivityClock'; readonly tokenId: string; readonly command: 'suspend' | 'resume'; readonly reason?: string; readonly userId?: string }
  /** The instance ended; a called instance's parent must be told (childCompleted). */
  | { readonly type: 'instanceEnded'; readonly status: 'completed' | 'terminated'; readonly variables: Variables }
  /** A BPMN error reached the root of a called instance uncaught; the parent's call activity gets it. */
  | { readonly type: 'errorToParent'; readonly errorCode: string; readonly message?: string }
  /** A signal was thrown: the shell delivers it to every subscription of that name. */
  | { readonly type: 'signalThrown'; readonly name: string; readonly variables?: Variables }
  | { readonly type: 'history'; readonly event: HistoryEvent };

/**
 * Who is in which group (`department:role`), answered from memory: the step cannot wait for
 * I/O. `undefined` means "not known here" — membership is then not checked.
 */
export interface Directory {
  groupsOf(userId: string): readonly string[] | undefined;
  membersOf(group: string): readonly string[] | undefined;
}

export interface StepContext {
  readonly now: Date;
  readonly directory?: Directory;
  /** Working days for `PnWD` timers; default: the seeded statutory calendar. */
  readonly calendar?: BusinessCalendar;
}

export interface StepResult {
  readonly state: InstanceState;
  readonly effects: readonly Effect[];
}
