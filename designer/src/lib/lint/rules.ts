/**
 * The bpmnlint rules the designer runs, imported one by one: bpmnlint normally loads rules by
 * name from node_modules (or a config packed by bpmnlint-pack-config for bundlers); importing
 * them directly lets Vite bundle exactly these and the same code run under Node in the tests.
 */
/// <reference path="./bpmnlint.d.ts" />
import adHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process.js';
import conditionalFlows from 'bpmnlint/rules/conditional-flows.js';
import endEventRequired from 'bpmnlint/rules/end-event-required.js';
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway.js';
import eventSubProcessTypedStartEvent from 'bpmnlint/rules/event-sub-process-typed-start-event.js';
import fakeJoin from 'bpmnlint/rules/fake-join.js';
import global from 'bpmnlint/rules/global.js';
import labelRequired from 'bpmnlint/rules/label-required.js';
import linkEvent from 'bpmnlint/rules/link-event.js';
import noBpmndi from 'bpmnlint/rules/no-bpmndi.js';
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway.js';
import noDisconnected from 'bpmnlint/rules/no-disconnected.js';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows.js';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork.js';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end.js';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split.js';
import noImplicitStart from 'bpmnlint/rules/no-implicit-start.js';
import noOverlappingElements from 'bpmnlint/rules/no-overlapping-elements.js';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event.js';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition.js';
import startEventRequired from 'bpmnlint/rules/start-event-required.js';
import subProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event.js';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway.js';
import superfluousTermination from 'bpmnlint/rules/superfluous-termination.js';

export type LintSeverity = 'error' | 'warn';

/**
 * bpmnlint's `recommended` set with its severities, less two rules that contradict Tongban:
 * `no-inclusive-gateway` (the engine executes inclusive joins correctly) and `superfluous-label`
 * (the simple builder names parallel branches on their flows, and reads the names back).
 */
export const LINT_RULES: Readonly<Record<string, { factory: (options?: unknown) => unknown; severity: LintSeverity }>> = {
  'ad-hoc-sub-process': { factory: adHocSubProcess, severity: 'error' },
  'conditional-flows': { factory: conditionalFlows, severity: 'error' },
  'end-event-required': { factory: endEventRequired, severity: 'error' },
  'event-based-gateway': { factory: eventBasedGateway, severity: 'error' },
  'event-sub-process-typed-start-event': { factory: eventSubProcessTypedStartEvent, severity: 'error' },
  'fake-join': { factory: fakeJoin, severity: 'warn' },
  global: { factory: global, severity: 'warn' },
  'label-required': { factory: labelRequired, severity: 'error' },
  'link-event': { factory: linkEvent, severity: 'error' },
  'no-bpmndi': { factory: noBpmndi, severity: 'error' },
  'no-complex-gateway': { factory: noComplexGateway, severity: 'error' },
  'no-disconnected': { factory: noDisconnected, severity: 'error' },
  'no-duplicate-sequence-flows': { factory: noDuplicateSequenceFlows, severity: 'error' },
  'no-gateway-join-fork': { factory: noGatewayJoinFork, severity: 'error' },
  'no-implicit-end': { factory: noImplicitEnd, severity: 'error' },
  'no-implicit-split': { factory: noImplicitSplit, severity: 'error' },
  'no-implicit-start': { factory: noImplicitStart, severity: 'error' },
  'no-overlapping-elements': { factory: noOverlappingElements, severity: 'warn' },
  'single-blank-start-event': { factory: singleBlankStartEvent, severity: 'error' },
  'single-event-definition': { factory: singleEventDefinition, severity: 'error' },
  'start-event-required': { factory: startEventRequired, severity: 'error' },
  'sub-process-blank-start-event': { factory: subProcessBlankStartEvent, severity: 'error' },
  'superfluous-gateway': { factory: superfluousGateway, severity: 'warn' },
  'superfluous-termination': { factory: superfluousTermination, severity: 'warn' },
};
