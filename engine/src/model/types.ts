/**
 * The compiled, immutable form of one BPMN process, as the runtime step reads it.
 *
 * A `ProcessModel` is produced once per deployed definition by `compile()` and cached by
 * definition id. Everything the step needs is resolved here (flow targets, boundary
 * attachments, inclusive-join reachability, parsed expressions), so the step never touches
 * bpmn-moddle objects or XML.
 */

/** A FEEL expression as written in the BPMN file, with the leading `=` already stripped. */
export interface Expression {
  /** The text as it appears in the file, e.g. `=amount > 1000`. */
  readonly raw: string;
  /** The FEEL source evaluated by feelin (without Camunda 8's leading `=`). */
  readonly feel: string;
}

export type NodeKind =
  | 'startEvent'
  | 'endEvent'
  | 'intermediateCatchEvent'
  | 'intermediateThrowEvent'
  | 'boundaryEvent'
  | 'task'
  | 'manualTask'
  | 'userTask'
  | 'serviceTask'
  | 'sendTask'
  | 'scriptTask'
  | 'receiveTask'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway'
  | 'subProcess'
  | 'callActivity';

/** The event definition of an event node; `none` when it has none. */
export type EventDefinition =
  | { readonly kind: 'none' }
  | { readonly kind: 'terminate' }
  /** On a throw: the code thrown. On a catch: the code caught, or undefined to catch every error. */
  | { readonly kind: 'error'; readonly errorCode?: string; readonly errorName?: string }
  | { readonly kind: 'signal'; readonly signalName: string }
  /** On a throw: the code thrown. On a catch: the code caught, or undefined to catch every escalation. */
  | { readonly kind: 'escalation'; readonly escalationCode?: string }
  | { readonly kind: 'conditional'; readonly condition: Expression }
  | { readonly kind: 'link'; readonly linkName: string }
  /** Timer: `timeDate`, `timeDuration` or `timeCycle`; a literal ISO 8601 text or FEEL. */
  | { readonly kind: 'timer'; readonly timerType: 'date' | 'duration' | 'cycle'; readonly value: Expression }
  | {
      readonly kind: 'message';
      readonly messageName: string;
      /** Evaluated when the subscription opens; matched against the key given when correlating. */
      readonly correlationKey?: Expression;
    };

/** A variable mapping of a call activity (`tongban:in` / `tongban:out`). */
export interface VariableMapping {
  /** FEEL expression evaluated in the source scope. */
  readonly source: Expression;
  /** Variable name set in the target scope. */
  readonly target: string;
}

/** Assignment of a user task; every field may be a FEEL expression or a literal. */
export interface Assignment {
  readonly assignee?: Expression;
  /** Comma-separated literal list or a FEEL expression giving a list of strings. */
  readonly candidateUsers?: Expression;
  readonly candidateGroups?: Expression;
}

/**
 * How the signers of an approval step decide (GLOSSARY): `single` — one task, shared by its
 * candidates; 会签 `allSign` — everyone; 或签 `anySign` — the first to act decides; 依次
 * `sequential` — one after another; 比例 `ratio` — a share must approve; 一票否决
 * `vetoOnReject` — one rejection ends it; `custom` — a FEEL completion condition.
 */
export type ApprovalMode = 'single' | 'anySign' | 'allSign' | 'sequential' | 'ratio' | 'vetoOnReject' | 'custom';

export type TimeoutAction = 'remind' | 'autoApprove' | 'autoReject' | 'escalate';

/** A user task's approval rules, compiled from its `tongban:` attributes (engine/README.md, Approvals). */
export interface ApprovalConfig {
  readonly mode: ApprovalMode;
  /** Signers come one task each from the assignee list or collection (every mode but `single`). */
  readonly multiInstance: boolean;
  readonly sequential: boolean;
  /** `ratio`: the share of signers that must approve, 0 < r ≤ 1. */
  readonly passRatio?: number;
  /** FEEL list of signers (or items bound to `elementVariable` for the assignment expressions). */
  readonly collection?: Expression;
  readonly elementVariable?: string;
  /** Number of signers when there is no collection (standard `loopCardinality`). */
  readonly cardinality?: Expression;
  /** FEEL over the counters (instances, completed, active, approved, rejected). */
  readonly completionCondition?: Expression;
  /** Variable that receives the step's outcome (`approved`, `rejected`, or a named outcome). */
  readonly outcomeVariable: string;
  /** Earlier steps a task of this step may be returned to. */
  readonly returnTargets: 'any' | 'none' | readonly string[];
  readonly onEmptyAssignee: { readonly action: 'leave' | 'autoApprove' | 'autoReject' | 'admin' | 'assign'; readonly user?: string };
  readonly onStarterAssignee: { readonly action: 'approveSelf' | 'skip' | 'assign'; readonly user?: string };
  readonly dedupe: 'never' | 'always' | 'consecutive';
  readonly stepAdmin?: string;
  /** Duration (`P3WD`, `PT4H`) or FEEL giving a date-time or duration. */
  readonly dueDate?: Expression;
  readonly priority?: Expression;
  /** The step's time limit (`P5WD`): what happens when it runs out is `timeoutAction`. */
  readonly timeLimit?: string;
  readonly timeoutAction?: TimeoutAction;
  /** Reminders sent from the time limit on, every `remindEvery`, before the timeout action. */
  readonly reminders: number;
  readonly remindEvery: string;
}

export interface NodeModel {
  readonly id: string;
  readonly kind: NodeKind;
  readonly name?: string;
  /** The id of the enclosing scope: the process id or an embedded subprocess id. */
  readonly scopeId: string;
  readonly incoming: readonly string[];
  readonly outgoing: readonly string[];
  /** Default flow of a gateway or activity (`default` attribute). */
  readonly defaultFlow?: string;
  /**
   * Event definition of events; `none` for plain events. A receive task carries the message it
   * waits for here too; absent on other activities and on gateways.
   */
  readonly event?: EventDefinition;
  /** Boundary events attached to this activity. */
  readonly boundaryEvents: readonly string[];
  /** Boundary event: the activity it is attached to, and whether it cancels that activity. */
  readonly attachedTo?: string;
  readonly cancelActivity?: boolean;
  /** Subprocess: id of its none start event; event subprocess: id of its triggered start event. */
  readonly startEventId?: string;
  /** Subprocess triggered by an event (an event subprocess), not by a sequence flow. */
  readonly triggeredByEvent?: boolean;
  /** Embedded subprocess: its event subprocesses. */
  readonly eventSubprocesses?: readonly string[];
  /** Start event of an event subprocess: whether it interrupts its enclosing scope (default true). */
  readonly isInterrupting?: boolean;
  /** Link throw event: the link catch event of the same name in the same scope. */
  readonly linkTarget?: string;
  /** User task. */
  readonly assignment?: Assignment;
  /** User task: how its signers decide, and its policies. */
  readonly approval?: ApprovalConfig;
  /** Send task with topic `tongban.cc`: a CC (抄送) to users and groups (literal lists or FEEL). */
  readonly cc?: { readonly users?: Expression; readonly groups?: Expression };
  /** Service / send task: the topic that in-process handlers and external workers subscribe to. */
  readonly topic?: string;
  /** Script task. */
  readonly script?: {
    readonly format: string;
    readonly body: string;
    /** Parsed body when the format is `feel`. */
    readonly expression?: Expression;
    readonly resultVariable?: string;
  };
  /** Call activity. */
  readonly call?: {
    readonly processKey: string;
    /** `latest`, or a pinned version number. */
    readonly version: 'latest' | number;
    /** When absent, every visible variable is passed in. */
    readonly inputs?: readonly VariableMapping[];
    /** When absent, every variable of the child is passed out. */
    readonly outputs?: readonly VariableMapping[];
  };
  /**
   * Inclusive gateway with more than one incoming flow: the ids of the nodes of the same scope
   * from which the gateway can be reached without passing through it. A waiting join fires
   * when no other token of its scope instance sits on one of them.
   */
  readonly joinReachableFrom?: ReadonlySet<string>;
  /** `tongban:async`: continue in a job of its own before the node runs, or after it ran. */
  readonly asyncBefore?: boolean;
  readonly asyncAfter?: boolean;
  /** Our extension attributes (`tongban:*`) that later features read, keyed by local name. */
  readonly extensions: Readonly<Record<string, string>>;
}

export interface FlowModel {
  readonly id: string;
  readonly name?: string;
  readonly sourceId: string;
  readonly targetId: string;
  readonly condition?: Expression;
}

export interface ProcessModel {
  /** The deployed definition id (unique per key and version). */
  readonly definitionId: string;
  /** The BPMN process id; definitions are versioned by it. */
  readonly key: string;
  readonly version: number;
  readonly name?: string;
  /** The process-level none start event. */
  readonly startEventId?: string;
  /** Process-level start events with a trigger (message, timer, signal). */
  readonly triggeredStartEvents: readonly string[];
  /** Event subprocesses of the process level. */
  readonly eventSubprocesses: readonly string[];
  readonly nodes: ReadonlyMap<string, NodeModel>;
  readonly flows: ReadonlyMap<string, FlowModel>;
}

/** One problem found while validating a BPMN file. Deploy refuses a file with any problem. */
export interface ValidationProblem {
  /** Id of the offending element, or the file name when the problem is the file itself. */
  readonly elementId: string;
  /** BPMN type of that element, e.g. `bpmn:ExclusiveGateway`. */
  readonly elementType: string;
  /** A sentence a person understands, in English. */
  readonly message: string;
  /** The resource (file) name the element came from. */
  readonly resource?: string;
}
