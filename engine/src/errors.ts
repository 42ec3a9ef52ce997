/**
 * Errors the engine reports to its caller. Each has a stable `code` so that an HTTP layer can
 * map it to a status without parsing messages, and a message a person understands.
 */
import type { ValidationProblem } from './model/types.js';

export type EngineErrorCode =
  | 'DEPLOYMENT_INVALID'
  | 'DEFINITION_NOT_FOUND'
  | 'INSTANCE_NOT_FOUND'
  | 'INSTANCE_NOT_ACTIVE'
  | 'INSTANCE_SUSPENDED'
  | 'TASK_NOT_FOUND'
  | 'TASK_ALREADY_COMPLETED'
  /** The acting user may not do this to this task (not its assignee, not a candidate, not the applicant). */
  | 'TASK_NOT_PERMITTED'
  /** The command conflicts with the state (delegated task, target not allowed, already acted on). */
  | 'COMMAND_NOT_ALLOWED'
  | 'JOB_NOT_FOUND'
  | 'NOTIFICATION_NOT_FOUND'
  | 'MESSAGE_NOT_CORRELATED'
  | 'NO_OUTGOING_FLOW'
  | 'UNHANDLED_BPMN_ERROR'
  | 'EXPRESSION_FAILED'
  | 'HANDLER_FAILED'
  | 'INVALID_ARGUMENT';

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** Deploy refused: every problem found in the files, each naming its element. */
export class DeploymentError extends EngineError {
  constructor(readonly problems: readonly ValidationProblem[]) {
    super(
      'DEPLOYMENT_INVALID',
      `Deployment refused: ${problems.length} problem(s) found.\n` +
        problems.map((p) => `- ${p.resource ? p.resource + ': ' : ''}${p.elementType} ${p.elementId}: ${p.message}`).join('\n'),
      { problems },
    );
    this.name = 'DeploymentError';
  }
}

/**
 * A BPMN error raised by a task handler: it is thrown into the process at the task (caught by
 * an error boundary event or an enclosing scope), unlike any other exception, which rolls the
 * command back.
 */
export class BpmnError extends Error {
  constructor(
    readonly errorCode: string,
    message?: string,
    readonly variables?: Readonly<Record<string, unknown>>,
  ) {
    super(message ?? `BPMN error ${errorCode}`);
    this.name = 'BpmnError';
  }
}
