/**
 * @tongban/engine — a BPMN 2.0 workflow engine for Node.js. See README.md.
 */
export { createEngine, Engine } from './engine.js';
export type {
  InboxCounts,
  InboxPage,
  InboxQuery,
  NotificationQuery,
  NotificationReader,
  NotificationView,
  CompleteOptions,
  CorrelateOptions,
  EngineOptions,
  HistoryEntry,
  IncidentQuery,
  IncidentView,
  InstanceView,
  JobView,
  StartOptions,
  TaskQuery,
  TaskView,
} from './engine.js';
export { type Clock, ManualClock, systemClock } from './clock.js';
export * from './external/index.js';
export { DEFAULT_RETRY_POLICY, JobExecutor, type JobExecutorOptions, type JobExecutorStats, type RetryPolicy } from './jobs/index.js';
export { InMemoryDirectory } from './directory.js';
export { BpmnError, DeploymentError, EngineError, type EngineErrorCode } from './errors.js';
export type { DeployResource, DeployedDefinition, DeploymentResult } from './shell/definitions.js';
export type { JobContext, ScriptContext, ScriptHandler, TaskHandler } from './shell/handlers.js';
export { openDatabase, type Database, type DatabaseOptions } from './store/database.js';
export { loadBpmn, bindModel, type LoadedBpmn, type ProcessTemplate } from './model/index.js';
export { initialState, step } from './runtime/step.js';
export type { PreviewStep } from './runtime/preview.js';
export type * from './model/types.js';
export type * from './runtime/types.js';
