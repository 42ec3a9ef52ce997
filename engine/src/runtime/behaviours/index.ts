/** The behaviour of every node kind the engine executes, wired into the token operations. */
import type { BehaviourTable } from '../behaviour.js';
import { installBehaviours } from '../tokens.js';
import { boundaryEvent, endEvent, intermediateCatchEvent, intermediateThrowEvent, startEvent } from './events.js';
import { eventBasedGateway, exclusiveGateway, inclusiveGateway, parallelGateway } from './gateways.js';
import { callActivity, subProcess } from './scopes.js';
import { userTask } from '../approvals/step.js';
import { passThrough, receiveTask, scriptTask, serviceTask } from './tasks.js';

export const behaviours: BehaviourTable = {
  startEvent,
  endEvent,
  intermediateCatchEvent,
  intermediateThrowEvent,
  boundaryEvent,
  task: passThrough,
  manualTask: passThrough,
  userTask,
  serviceTask,
  sendTask: serviceTask,
  scriptTask,
  receiveTask,
  exclusiveGateway,
  parallelGateway,
  inclusiveGateway,
  eventBasedGateway,
  subProcess,
  callActivity,
};

installBehaviours(behaviours);
