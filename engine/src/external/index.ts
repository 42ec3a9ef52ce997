/** External tasks (pull adapters) and the data-exchange outbox. See engine/README.md "External tasks". */
export { ExternalTaskService, type ExternalTaskQueryOptions, type ExternalTaskServiceOptions } from './service.js';
export { DEFAULT_UNDELIVERED_AFTER_MS, Outbox, type NewCaseEvent, type OutboxEvent, type UndeliveredReport } from './outbox.js';
export { fromCamundaVariables, toCamundaVariables, type CamundaVariable } from './camunda.js';
export { MAX_ASYNC_RESPONSE_TIMEOUT_MS } from './validate.js';
export type { ExternalTaskHost } from './host.js';
export type * from './types.js';
