import type { ValidationProblem } from '../../../engine/src/model/types.js';
import { MAX_SUBPROCESS_DEPTH } from '../../../engine/src/model/validate.js';
import { expect } from './expect.js';
import { around, definitions, fixture, ids, load } from './helpers.js';

const MESSAGE = '<message id="Msg_1" name="paid" />';
const ERROR = '<error id="Err_1" name="Rejected" errorCode="REJECTED" />';

/** Loads and expects exactly one problem, on the given element; returns its message. */
async function onlyProblem(xml: string, elementId: string, elementType: string, options = {}): Promise<string> {
  const { problems, processes } = await load(xml, options);
  expect(ids(problems)).to.eql([`${elementId} ${elementType}`]);
  expect(processes).to.have.lengthOf(0);
  return problems[0]!.message;
}

async function problemsOf(xml: string): Promise<ValidationProblem[]> {
  return (await load(xml)).problems;
}

describe('model: validation', () => {
  describe('processes', () => {
    it('reports a file without an executable process on the definitions', async () => {
      const message = await onlyProblem(fixture('invalid/no-executable-process.bpmn'), 'Definitions_descriptive', 'bpmn:Definitions');
      expect(message).to.match(/no executable process/);
    });

    it('reports a file without any process', async () => {
      const xml = definitions('').replace(/<process[\s\S]*<\/process>/, '');
      expect(await onlyProblem(xml, 'Definitions_test', 'bpmn:Definitions')).to.equal('The file contains no process.');
    });

    it('neither validates nor compiles non-executable processes', async () => {
      const xml = around('<task id="x" />').replace(
        '</definitions>',
        '<process id="sketch" isExecutable="false"><complexGateway id="cg" /><task id="lonely" /></process></definitions>',
      );
      const { problems, processes } = await load(xml);
      expect(problems).to.eql([]);
      expect(processes.map((p) => p.key)).to.eql(['p']);
    });

    it('treats a process without isExecutable as not executable', async () => {
      const xml = definitions('<startEvent id="s" />', '', '');
      expect(await onlyProblem(xml, 'Definitions_test', 'bpmn:Definitions')).to.match(/isExecutable="true"/);
    });

    it('reports a process without a start event', async () => {
      const message = await onlyProblem(definitions('<task id="t" />'), 'p', 'bpmn:Process');
      expect(message).to.equal('Process "Test" (p) has no start event; a process needs a start event.');
    });

    it('reports a second none start event in the same scope', async () => {
      const xml = around('<task id="x" />', '', '<startEvent id="start2" /><sequenceFlow id="f2" sourceRef="start2" targetRef="x" />');
      expect(await onlyProblem(xml, 'start2', 'bpmn:StartEvent')).to.match(/another start event without a trigger in Process "Test" \(p\)/);
    });

    it('reports a node that cannot be reached from the start event', async () => {
      const xml = around('<task id="x" />', '', '<userTask id="island" name="Island" /><sequenceFlow id="f2" sourceRef="island" targetRef="end" />');
      const message = await onlyProblem(xml, 'island', 'bpmn:UserTask');
      expect(message).to.equal('User task "Island" (island) cannot be reached from the start event of Process "Test" (p).');
    });

    it('counts boundary events and their targets as reachable when their activity is', async () => {
      const xml = around(
        '<serviceTask id="x" tongban:topic="t" />',
        ERROR,
        `<boundaryEvent id="b" attachedToRef="x"><errorEventDefinition errorRef="Err_1" /></boundaryEvent>
         <task id="recover" /><sequenceFlow id="f2" sourceRef="b" targetRef="recover" />`,
      );
      expect(await problemsOf(xml)).to.eql([]);
    });

    it('reports every problem of a file at once', async () => {
      const { problems, processes } = await load(fixture('invalid/many-problems.bpmn'), { resource: 'many.bpmn' });
      expect(processes).to.have.lengthOf(0);
      expect(ids(problems)).to.have.members([
        'noTopic bpmn:ServiceTask',
        'timeout bpmn:BoundaryEvent',
        'big bpmn:SequenceFlow',
        'deadEnd bpmn:ExclusiveGateway',
        'orphan bpmn:UserTask',
      ]);
      for (const p of problems) {
        expect(p.resource).to.equal('many.bpmn');
        expect(p.message).to.match(/^[A-Z].*\.$/);
      }
    });

    it('accepts the artefacts that describe but do not execute', async () => {
      const xml = definitions(
        `<documentation>How a permit is granted</documentation>
         <laneSet id="ls"><lane id="lane1" name="Window"><flowNodeRef>start</flowNodeRef></lane></laneSet>
         <startEvent id="start"><documentation>Applicant submits</documentation></startEvent>
         <task id="x"><dataInputAssociation id="dia"><sourceRef>dor</sourceRef></dataInputAssociation></task>
         <endEvent id="end" />
         <dataObject id="do" /><dataObjectReference id="dor" dataObjectRef="do" />
         <dataStoreReference id="dsr" />
         <sequenceFlow id="f1" sourceRef="start" targetRef="x" />
         <sequenceFlow id="f2" sourceRef="x" targetRef="end" />
         <textAnnotation id="note"><text>Statutory limit: 20 working days</text></textAnnotation>
         <association id="assoc" sourceRef="x" targetRef="note" />
         <group id="grp" categoryValueRef="cv" />`,
        '<category id="cat"><categoryValue id="cv" value="Window" /></category>',
      );
      const { problems, processes } = await load(xml);
      expect(problems).to.eql([]);
      expect([...processes[0]!.nodes.keys()]).to.eql(['start', 'x', 'end']);
    });
  });

  describe('element types', () => {
    const refused: Array<[string, string, string, RegExp]> = [
      ['complex gateway', '<complexGateway id="x" />', 'bpmn:ComplexGateway', /complex gateways are not supported/],
      ['business rule task', '<businessRuleTask id="x" />', 'bpmn:BusinessRuleTask', /business rule tasks are not supported/],
      ['transaction', '<transaction id="x"><startEvent id="ts" /></transaction>', 'bpmn:Transaction', /transactions are not supported/],
      ['ad-hoc subprocess', '<adHocSubProcess id="x"><task id="t" /></adHocSubProcess>', 'bpmn:AdHocSubProcess', /ad-hoc subprocesses are not supported/],
      ['standard loop', '<task id="x"><standardLoopCharacteristics /></task>', 'bpmn:Task', /standard loop, which is not supported/],
      ['multi-instance service task', '<serviceTask id="x" tongban:topic="t"><multiInstanceLoopCharacteristics /></serviceTask>', 'bpmn:ServiceTask', /multi-instance runs on user tasks/],
      ['compensation activity', '<task id="x" isForCompensation="true" />', 'bpmn:Task', /compensation is not supported yet/],
      ['BPMN people assignment', '<userTask id="x"><potentialOwner><resourceAssignmentExpression><formalExpression>alice</formalExpression></resourceAssignmentExpression></potentialOwner></userTask>', 'bpmn:UserTask', /assigns people with bpmn:PotentialOwner/],
      ['bad tongban:async', '<task id="x" tongban:async="yes" />', 'bpmn:Task', /tongban:async="yes"; the value must be "before" \(or "true"\), "after", "both" or "false"/],
      ['event with a referenced definition', '<intermediateThrowEvent id="x"><eventDefinitionRef>sharedSignal</eventDefinitionRef></intermediateThrowEvent>', 'bpmn:IntermediateThrowEvent', /eventDefinitionRef/],
    ];
    for (const [what, element, type, message] of refused) {
      it(`refuses a ${what}`, async () => {
        const roots = what === 'event with a referenced definition' ? '<signalEventDefinition id="sharedSignal" />' : '';
        expect(await onlyProblem(around(element, roots), 'x', type)).to.match(message);
      });
    }
  });

  describe('events', () => {
    const later: Array<[string, string, string]> = [
      ['compensation boundary', '<boundaryEvent id="b" attachedToRef="x"><compensateEventDefinition /></boundaryEvent>', 'compensation'],
      ['cancel boundary', '<boundaryEvent id="b" attachedToRef="x"><cancelEventDefinition /></boundaryEvent>', 'cancel'],
    ];
    for (const [what, boundary, name] of later) {
      it(`refuses a ${what} event as not supported yet`, async () => {
        const message = await onlyProblem(around('<task id="x" />', '', boundary), 'b', 'bpmn:BoundaryEvent');
        expect(message).to.equal(`Boundary event b is a ${name} event; ${name} events are not supported yet.`);
      });
    }

    it('refuses a timer without a value', async () => {
      const xml = around('<intermediateCatchEvent id="x"><timerEventDefinition /></intermediateCatchEvent>');
      expect(await onlyProblem(xml, 'x', 'bpmn:IntermediateCatchEvent')).to.match(/needs exactly one of timeDate, timeDuration or timeCycle/);
    });

    it('refuses a timer whose ISO 8601 value does not parse, quoting it', async () => {
      const xml = around('<task id="x" />', '', '<boundaryEvent id="b" attachedToRef="x"><timerEventDefinition><timeCycle>every hour</timeCycle></timerEventDefinition></boundaryEvent>');
      expect(await onlyProblem(xml, 'b', 'bpmn:BoundaryEvent')).to.match(/invalid timer: "every hour" is not an ISO 8601 repeating interval/);
    });

    it('refuses a timer expression that is not valid FEEL', async () => {
      const xml = around('<intermediateCatchEvent id="x"><timerEventDefinition><timeDate>=date and time(</timeDate></timerEventDefinition></intermediateCatchEvent>');
      expect(await onlyProblem(xml, 'x', 'bpmn:IntermediateCatchEvent')).to.match(/timer expression that is not valid FEEL/);
    });

    it('accepts timer catch and boundary events with date, duration, working-day and cycle values', async () => {
      const boundaries = around(
        '<task id="x" />',
        '',
        '<boundaryEvent id="b1" attachedToRef="x"><timerEventDefinition><timeDuration>P5WD</timeDuration></timerEventDefinition></boundaryEvent>' +
          '<boundaryEvent id="b2" attachedToRef="x" cancelActivity="false"><timerEventDefinition><timeCycle>R3/PT1H</timeCycle></timerEventDefinition></boundaryEvent>' +
          '<sequenceFlow id="f_b1" sourceRef="b1" targetRef="end" /><sequenceFlow id="f_b2" sourceRef="b2" targetRef="end" />',
      );
      expect((await load(boundaries)).problems).to.eql([]);
      const date = around('<intermediateCatchEvent id="x"><timerEventDefinition><timeDate>2026-10-08T09:00:00+08:00</timeDate></timerEventDefinition></intermediateCatchEvent>');
      expect((await load(date)).problems).to.eql([]);
    });

    it('refuses a link throw event with no catch of its name in the scope', async () => {
      const xml = around('<intermediateThrowEvent id="x"><linkEventDefinition name="jump" /></intermediateThrowEvent>');
      expect(await onlyProblem(xml, 'x', 'bpmn:IntermediateThrowEvent')).to.match(/throws the link "jump", but no link catch event of that name/);
    });

    it('refuses a signal end event without a signal', async () => {
      const xml = around('<task id="x" />', '', '<endEvent id="e2"><signalEventDefinition /></endEvent><sequenceFlow id="f2" sourceRef="x" targetRef="e2" />');
      expect(await onlyProblem(xml, 'e2', 'bpmn:EndEvent')).to.match(/has no signal; choose the signal it throws or waits for/);
    });

    it('refuses a conditional boundary event without a condition, and an escalation throw without a code', async () => {
      const conditional = around('<task id="x" />', '', '<boundaryEvent id="b" attachedToRef="x"><conditionalEventDefinition /></boundaryEvent>');
      expect(await onlyProblem(conditional, 'b', 'bpmn:BoundaryEvent')).to.match(/conditional event without a condition/);
      const escalation = around('<intermediateThrowEvent id="x"><escalationEventDefinition /></intermediateThrowEvent>');
      expect(await onlyProblem(escalation, 'x', 'bpmn:IntermediateThrowEvent')).to.match(/throws no escalation code/);
    });

    it('refuses an event-based gateway with one outgoing flow or a target that is not a catch event', async () => {
      const xml = around(
        '<eventBasedGateway id="x" />',
        '',
        '<task id="t" /><sequenceFlow id="f3" sourceRef="x" targetRef="t" /><sequenceFlow id="f4" sourceRef="t" targetRef="end" />',
      );
      const { problems } = await load(xml);
      expect(ids(problems)).to.have.members(['f_out bpmn:SequenceFlow', 'f3 bpmn:SequenceFlow']);
      expect(problems.find((p) => p.elementId === 'f3')!.message).to.match(/after an event-based gateway must come a message, timer, signal or conditional catch event/);
    });

    it('refuses sequence flows into an event subprocess and an event subprocess without a triggered start', async () => {
      const xml = around(
        '<task id="x" />',
        '',
        '<subProcess id="esp" triggeredByEvent="true"><startEvent id="es" /><endEvent id="ee" /><sequenceFlow id="e1" sourceRef="es" targetRef="ee" /></subProcess>' +
          '<sequenceFlow id="into" sourceRef="x" targetRef="esp" />',
      );
      const { problems } = await load(xml);
      expect(ids(problems)).to.have.members(['into bpmn:SequenceFlow', 'es bpmn:StartEvent']);
      expect(problems.find((p) => p.elementId === 'es')!.message).to.match(/start events of event subprocesses need/);
    });

    it('refuses a timer start event', async () => {
      const xml = definitions('<startEvent id="s"><timerEventDefinition /></startEvent>');
      const { problems } = await load(xml);
      expect(ids(problems)).to.eql(['s bpmn:StartEvent']);
    });

    it('accepts a message start event at process level, and refuses one in an embedded subprocess', async () => {
      const xml = around('<task id="x" />', MESSAGE, '<startEvent id="ms"><messageEventDefinition messageRef="Msg_1" /></startEvent><sequenceFlow id="f2" sourceRef="ms" targetRef="x" />');
      const { problems, processes } = await load(xml);
      expect(problems).to.eql([]);
      expect(processes[0]!.triggeredStartEvents).to.eql(['ms']);
      const inner = around('<subProcess id="x"><startEvent id="s1" /><startEvent id="ms"><messageEventDefinition messageRef="Msg_1" /></startEvent></subProcess>', MESSAGE);
      expect(await onlyProblem(inner, 'ms', 'bpmn:StartEvent')).to.equal(
        'Start event ms is a message event, which start events of embedded subprocesses do not support; supported: none (no trigger).',
      );
    });

    it('refuses a message end event and a message throw event', async () => {
      const xml = around(
        '<intermediateThrowEvent id="x"><messageEventDefinition messageRef="Msg_1" /></intermediateThrowEvent>',
        MESSAGE,
        '<endEvent id="e2"><messageEventDefinition messageRef="Msg_1" /></endEvent><sequenceFlow id="f2" sourceRef="x" targetRef="e2" />',
      );
      const { problems } = await load(xml);
      expect(ids(problems)).to.have.members(['x bpmn:IntermediateThrowEvent', 'e2 bpmn:EndEvent']);
    });

    it('refuses an intermediate catch event without a definition', async () => {
      expect(await onlyProblem(around('<intermediateCatchEvent id="x" />'), 'x', 'bpmn:IntermediateCatchEvent')).to.match(/has no event definition/);
    });

    it('refuses an event with several definitions', async () => {
      const xml = around('<intermediateCatchEvent id="x"><messageEventDefinition messageRef="Msg_1" /><timerEventDefinition /></intermediateCatchEvent>', MESSAGE);
      expect(await onlyProblem(xml, 'x', 'bpmn:IntermediateCatchEvent')).to.match(/2 event definitions \(a multiple event\)/);
    });

    it('requires a message with a name on message catch events', async () => {
      const noRef = around('<intermediateCatchEvent id="x"><messageEventDefinition /></intermediateCatchEvent>');
      expect(await onlyProblem(noRef, 'x', 'bpmn:IntermediateCatchEvent')).to.match(/has no message/);
      const noName = around('<intermediateCatchEvent id="x"><messageEventDefinition messageRef="Msg_2" /></intermediateCatchEvent>', '<message id="Msg_2" />');
      expect(await onlyProblem(noName, 'x', 'bpmn:IntermediateCatchEvent')).to.match(/message Msg_2 which has no name/);
    });

    it('refuses a correlation key that is not FEEL', async () => {
      const xml = around('<intermediateCatchEvent id="x" tongban:correlationKey="=case No ("><messageEventDefinition messageRef="Msg_1" /></intermediateCatchEvent>', MESSAGE);
      expect(await onlyProblem(xml, 'x', 'bpmn:IntermediateCatchEvent')).to.match(/tongban:correlationKey that is not valid FEEL/);
    });

    it('requires an error end event to throw an error with an error code', async () => {
      const noRef = around('<task id="x" />', '', '<endEvent id="e2"><errorEventDefinition /></endEvent><sequenceFlow id="f2" sourceRef="x" targetRef="e2" />');
      expect(await onlyProblem(noRef, 'e2', 'bpmn:EndEvent')).to.match(/throws no error/);
      const noCode = around('<task id="x" />', '<error id="Err_2" name="Oops" />', '<endEvent id="e2"><errorEventDefinition errorRef="Err_2" /></endEvent><sequenceFlow id="f2" sourceRef="x" targetRef="e2" />');
      expect(await onlyProblem(noCode, 'e2', 'bpmn:EndEvent')).to.match(/error "Oops" \(Err_2\), which has no error code/);
    });

    it('accepts error boundary events without an error or without an error code (catch-all)', async () => {
      const xml = around(
        '<serviceTask id="x" tongban:topic="t" />',
        '<error id="Err_2" name="Any" />',
        `<boundaryEvent id="b1" attachedToRef="x"><errorEventDefinition /></boundaryEvent>
         <boundaryEvent id="b2" attachedToRef="x"><errorEventDefinition errorRef="Err_2" /></boundaryEvent>
         <sequenceFlow id="f2" sourceRef="b1" targetRef="end" /><sequenceFlow id="f3" sourceRef="b2" targetRef="end" />`,
      );
      expect(await problemsOf(xml)).to.eql([]);
    });

    it('refuses a non-interrupting error boundary event', async () => {
      const xml = around('<task id="x" />', '', '<boundaryEvent id="b" attachedToRef="x" cancelActivity="false"><errorEventDefinition /></boundaryEvent>');
      expect(await onlyProblem(xml, 'b', 'bpmn:BoundaryEvent')).to.match(/non-interrupting error boundary event/);
    });

    it('accepts interrupting and non-interrupting message boundary events', async () => {
      const xml = around(
        '<userTask id="x" />',
        MESSAGE,
        `<boundaryEvent id="b1" attachedToRef="x"><messageEventDefinition messageRef="Msg_1" /></boundaryEvent>
         <boundaryEvent id="b2" attachedToRef="x" cancelActivity="false"><messageEventDefinition messageRef="Msg_1" /></boundaryEvent>`,
      );
      expect(await problemsOf(xml)).to.eql([]);
    });

    it('refuses a correlation key on an error boundary event', async () => {
      const xml = around('<task id="x" />', '', '<boundaryEvent id="b" attachedToRef="x" tongban:correlationKey="=k"><errorEventDefinition /></boundaryEvent>');
      expect(await onlyProblem(xml, 'b', 'bpmn:BoundaryEvent')).to.match(/only message events and receive tasks use it/);
    });

    it('requires boundary events to be attached to an activity of the same scope', async () => {
      const toGateway = around('<task id="x" />', MESSAGE, '<parallelGateway id="g" /><boundaryEvent id="b" attachedToRef="g"><messageEventDefinition messageRef="Msg_1" /></boundaryEvent>');
      const { problems } = await load(toGateway);
      expect(ids(problems)).to.include('b bpmn:BoundaryEvent');
      expect(problems.find((p) => p.elementId === 'b')!.message).to.match(/is not attached to an activity/);

      const unattached = around('<task id="x" />', MESSAGE, '<boundaryEvent id="b"><messageEventDefinition messageRef="Msg_1" /></boundaryEvent>');
      expect(ids((await load(unattached)).problems)).to.eql(['b bpmn:BoundaryEvent']);

      const otherScope = around(
        `<subProcess id="x"><startEvent id="ss" /><task id="inner" /><endEvent id="se" />
           <sequenceFlow id="s1" sourceRef="ss" targetRef="inner" /><sequenceFlow id="s2" sourceRef="inner" targetRef="se" /></subProcess>`,
        MESSAGE,
        '<boundaryEvent id="b" attachedToRef="inner"><messageEventDefinition messageRef="Msg_1" /></boundaryEvent>',
      );
      expect(await onlyProblem(otherScope, 'b', 'bpmn:BoundaryEvent')).to.match(/attached to Task inner, which is in another process or subprocess/);
    });
  });

  describe('sequence flows and gateways', () => {
    it('reports a flow without a source or target', async () => {
      const xml = around('<task id="x" />', '', '<sequenceFlow id="loose" sourceRef="x" />');
      expect(await onlyProblem(xml, 'loose', 'bpmn:SequenceFlow')).to.equal('Sequence flow loose has no target.');
    });

    it('reports a flow that crosses a subprocess boundary', async () => {
      const xml = around(
        `<subProcess id="x"><startEvent id="ss" /><task id="inner" /><endEvent id="se" />
           <sequenceFlow id="s1" sourceRef="ss" targetRef="inner" /><sequenceFlow id="s2" sourceRef="inner" targetRef="se" />
           <sequenceFlow id="escape" sourceRef="inner" targetRef="end" /></subProcess>`,
      );
      expect(await onlyProblem(xml, 'escape', 'bpmn:SequenceFlow')).to.match(/ends at End event end, which is in another process or subprocess/);
    });

    it('reports a flow into a boundary event', async () => {
      const xml = around('<task id="x" />', MESSAGE, '<boundaryEvent id="b" attachedToRef="x"><messageEventDefinition messageRef="Msg_1" /></boundaryEvent><sequenceFlow id="bad" sourceRef="start" targetRef="b" />');
      expect(await onlyProblem(xml, 'bad', 'bpmn:SequenceFlow')).to.match(/boundary events cannot have incoming sequence flows/);
    });

    it('reports a flow into a start event and a flow out of an end event', async () => {
      const xml = around('<task id="x" />', '', '<sequenceFlow id="back" sourceRef="x" targetRef="start" /><sequenceFlow id="onward" sourceRef="end" targetRef="x" />');
      const { problems } = await load(xml);
      expect(ids(problems)).to.have.members(['back bpmn:SequenceFlow', 'onward bpmn:SequenceFlow']);
      expect(problems.map((p) => p.message)).to.include('Sequence flow back ends at Start event start; start events cannot have incoming sequence flows.');
      expect(problems.map((p) => p.message)).to.include('Sequence flow onward starts at End event end; end events cannot have outgoing sequence flows.');
    });

    it('reports an element without an id on its nearest ancestor with one', async () => {
      const { problems } = await load(around('<task id="x" />', '', '<task name="Nameless" />'));
      const problem = problems.find((p) => p.elementType === 'bpmn:Task')!;
      expect(problem.elementId).to.equal('p');
      expect(problem.message).to.equal('Task "Nameless" in Process "Test" (p) has no id.');
    });

    it('reports a flow that connects a data object', async () => {
      const xml = around('<task id="x" />', '', '<dataObject id="d" /><sequenceFlow id="bad" sourceRef="x" targetRef="d" />');
      expect(await onlyProblem(xml, 'bad', 'bpmn:SequenceFlow')).to.match(/ends at Data object d, which is not a flow node/);
    });

    it('reports a gateway without an outgoing flow', async () => {
      const xml = definitions('<startEvent id="s" /><exclusiveGateway id="g" name="Check amount" /><sequenceFlow id="f" sourceRef="s" targetRef="g" />');
      const message = await onlyProblem(xml, 'g', 'bpmn:ExclusiveGateway');
      expect(message).to.equal('Exclusive gateway "Check amount" (g) has no outgoing sequence flow.');
    });

    for (const gateway of ['exclusiveGateway', 'inclusiveGateway']) {
      it(`reports unconditional non-default flows out of a branching ${gateway}`, async () => {
        const xml = around(
          `<${gateway} id="x" default="f_out" />`,
          '',
          `<task id="t" /><sequenceFlow id="plain" sourceRef="x" targetRef="t" /><sequenceFlow id="f3" sourceRef="t" targetRef="end" />`,
        );
        const message = await onlyProblem(xml, 'plain', 'bpmn:SequenceFlow');
        expect(message).to.match(/has several outgoing flows, but has no condition and is not the default flow/);
      });
    }

    it('accepts one unconditional flow out of an exclusive gateway', async () => {
      expect(await problemsOf(around('<exclusiveGateway id="x" />'))).to.eql([]);
    });

    it('reports a default flow that does not leave its node', async () => {
      const xml = around('<exclusiveGateway id="x" default="f_in" />');
      expect(await onlyProblem(xml, 'x', 'bpmn:ExclusiveGateway')).to.match(/names Sequence flow f_in as its default flow, but that flow does not leave it/);
    });

    it('reports a default flow with a condition', async () => {
      const xml = around('<exclusiveGateway id="x" default="f_out" />').replace(
        '<sequenceFlow id="f_out" sourceRef="x" targetRef="end" />',
        '<sequenceFlow id="f_out" sourceRef="x" targetRef="end"><conditionExpression xsi:type="tFormalExpression">=true</conditionExpression></sequenceFlow>',
      );
      expect(await onlyProblem(xml, 'f_out', 'bpmn:SequenceFlow')).to.match(/is the default flow of .* and has a condition/);
    });

    it('reports a condition that is not FEEL, without cascading problems', async () => {
      const xml = around('<exclusiveGateway id="x" />').replace(
        '<sequenceFlow id="f_out" sourceRef="x" targetRef="end" />',
        '<sequenceFlow id="f_out" name="big" sourceRef="x" targetRef="end"><conditionExpression xsi:type="tFormalExpression">${amount &gt; 1000}</conditionExpression></sequenceFlow>',
      );
      const message = await onlyProblem(xml, 'f_out', 'bpmn:SequenceFlow');
      expect(message).to.match(/^Sequence flow "big" \(f_out\) has a condition that is not valid FEEL: /);
    });

    it('reports an empty condition', async () => {
      const xml = around('<exclusiveGateway id="x" />').replace(
        '<sequenceFlow id="f_out" sourceRef="x" targetRef="end" />',
        '<sequenceFlow id="f_out" sourceRef="x" targetRef="end"><conditionExpression xsi:type="tFormalExpression"></conditionExpression></sequenceFlow>',
      );
      expect(await onlyProblem(xml, 'f_out', 'bpmn:SequenceFlow')).to.match(/the expression is empty/);
    });

    it('reports a condition in another expression language', async () => {
      const xml = around('<exclusiveGateway id="x" />').replace(
        '<sequenceFlow id="f_out" sourceRef="x" targetRef="end" />',
        '<sequenceFlow id="f_out" sourceRef="x" targetRef="end"><conditionExpression xsi:type="tFormalExpression" language="javascript">a &gt; 1</conditionExpression></sequenceFlow>',
      );
      expect(await onlyProblem(xml, 'f_out', 'bpmn:SequenceFlow')).to.match(/in the language "javascript"; conditions must be FEEL/);
    });

    it('reports a condition on a flow out of a parallel gateway', async () => {
      const xml = around('<parallelGateway id="x" />').replace(
        '<sequenceFlow id="f_out" sourceRef="x" targetRef="end" />',
        '<sequenceFlow id="f_out" sourceRef="x" targetRef="end"><conditionExpression xsi:type="tFormalExpression">=a</conditionExpression></sequenceFlow>',
      );
      expect(await onlyProblem(xml, 'f_out', 'bpmn:SequenceFlow')).to.match(/parallel gateways take every outgoing flow/);
    });
  });

  describe('tasks', () => {
    it('accepts literal assignments and refuses assignment expressions that do not parse', async () => {
      expect(await problemsOf(around('<userTask id="x" tongban:assignee="张三" tongban:candidateGroups="market-regulation, fire-rescue" />'))).to.eql([]);
      const xml = around('<userTask id="x" tongban:candidateUsers="=[a, b" />');
      expect(await onlyProblem(xml, 'x', 'bpmn:UserTask')).to.match(/tongban:candidateUsers expression that is not valid FEEL/);
    });

    it('requires a topic on service and send tasks', async () => {
      expect(await onlyProblem(around('<serviceTask id="x" />'), 'x', 'bpmn:ServiceTask')).to.match(/has no tongban:topic/);
      expect(await onlyProblem(around('<sendTask id="x" tongban:topic="  " />'), 'x', 'bpmn:SendTask')).to.match(/has no tongban:topic/);
    });

    it('refuses a script format without a registered handler, and accepts it with one', async () => {
      const xml = around('<scriptTask id="x" scriptFormat="javascript"><script>return 1</script></scriptTask>');
      expect(await onlyProblem(xml, 'x', 'bpmn:ScriptTask')).to.match(/script format "javascript", which this engine does not run/);
      expect((await load(xml, { scriptFormats: ['javascript'] })).problems).to.eql([]);
    });

    it('requires a body and a result variable on FEEL scripts, and a body that parses', async () => {
      const noBody = around('<scriptTask id="x" scriptFormat="feel" tongban:resultVariable="r" />');
      expect(await onlyProblem(noBody, 'x', 'bpmn:ScriptTask')).to.equal('Script task x has no script.');
      const noResult = around('<scriptTask id="x" scriptFormat="feel"><script>=1 + 1</script></scriptTask>');
      expect(await onlyProblem(noResult, 'x', 'bpmn:ScriptTask')).to.match(/has no tongban:resultVariable/);
      const bad = around('<scriptTask id="x" tongban:resultVariable="r"><script>=1 +</script></scriptTask>');
      expect(await onlyProblem(bad, 'x', 'bpmn:ScriptTask')).to.match(/script that is not valid FEEL/);
    });

    it('requires a body on scripts in a registered format', async () => {
      const xml = around('<scriptTask id="x" scriptFormat="groovy" />');
      expect(ids((await load(xml, { scriptFormats: ['groovy'] })).problems)).to.eql(['x bpmn:ScriptTask']);
    });

    it('requires a named message on receive tasks and refuses instantiating ones', async () => {
      expect(await onlyProblem(around('<receiveTask id="x" />'), 'x', 'bpmn:ReceiveTask')).to.match(/has no message/);
      const instantiate = around('<receiveTask id="x" messageRef="Msg_1" instantiate="true" />', MESSAGE);
      expect(await onlyProblem(instantiate, 'x', 'bpmn:ReceiveTask')).to.match(/instantiates the process/);
    });

    it('requires a called element on call activities', async () => {
      expect(await onlyProblem(around('<callActivity id="x" />'), 'x', 'bpmn:CallActivity')).to.match(/has no called element/);
    });

    it('refuses a called version that is neither latest nor a number', async () => {
      const xml = around('<callActivity id="x" calledElement="child" tongban:calledVersion="newest" />');
      expect(await onlyProblem(xml, 'x', 'bpmn:CallActivity')).to.match(/tongban:calledVersion="newest"/);
    });

    it('checks the variable mappings of call activities', async () => {
      const badSource = around('<callActivity id="x" calledElement="c"><extensionElements><tongban:in source="=a +" target="b" /></extensionElements></callActivity>');
      expect(await onlyProblem(badSource, 'x', 'bpmn:CallActivity')).to.match(/tongban:in mapping whose source is not valid FEEL/);
      const noTarget = around('<callActivity id="x" calledElement="c"><extensionElements><tongban:out source="=a" /></extensionElements></callActivity>');
      expect(await onlyProblem(noTarget, 'x', 'bpmn:CallActivity')).to.match(/tongban:out mapping without a target variable/);
      const badTarget = around('<callActivity id="x" calledElement="c"><extensionElements><tongban:out source="=a" target="a b" /></extensionElements></callActivity>');
      expect(await onlyProblem(badTarget, 'x', 'bpmn:CallActivity')).to.match(/target "a b" is not a variable name/);
    });

    it('refuses variable mappings outside call activities', async () => {
      const xml = around('<userTask id="x"><extensionElements><tongban:in source="=a" target="b" /></extensionElements></userTask>');
      expect(await onlyProblem(xml, 'x', 'bpmn:UserTask')).to.match(/tongban:in variable mapping, which only call activities use/);
    });
  });

  describe('subprocesses', () => {
    it('requires a start event in an embedded subprocess', async () => {
      const xml = around('<subProcess id="x" name="Review"><task id="inner" /></subProcess>');
      const { problems } = await load(xml);
      expect(ids(problems)).to.eql(['x bpmn:SubProcess']);
      expect(problems[0]!.message).to.equal('Subprocess "Review" (x) has no start event; a subprocess needs exactly one start event without a trigger.');
    });

    it('refuses a second none start event in a subprocess', async () => {
      const xml = around('<subProcess id="x"><startEvent id="s1" /><startEvent id="s2" /></subProcess>');
      expect(await onlyProblem(xml, 's2', 'bpmn:StartEvent')).to.match(/in Subprocess x; a subprocess may have only one/);
    });

    it('refuses a triggered start event in a subprocess', async () => {
      const xml = around('<subProcess id="x"><startEvent id="s1" /><startEvent id="s2"><timerEventDefinition /></startEvent></subProcess>');
      expect(await onlyProblem(xml, 's2', 'bpmn:StartEvent')).to.match(/is a timer event, which start events of embedded subprocesses do not support/);
    });

    it('refuses subprocesses nested deeper than MAX_SUBPROCESS_DEPTH instead of overflowing the stack', async () => {
      const depth = 2000;
      let nested = '<task id="inner" />';
      for (let i = depth - 1; i >= 0; i--) {
        const next = i === depth - 1 ? 'inner' : `sp${i + 1}`;
        nested = `<subProcess id="sp${i}"><startEvent id="s${i}" /><sequenceFlow id="f${i}" sourceRef="s${i}" targetRef="${next}" />${nested}</subProcess>`;
      }
      const xml = definitions(`<startEvent id="start" /><sequenceFlow id="f" sourceRef="start" targetRef="sp0" />${nested}`);
      const message = await onlyProblem(xml, `sp${MAX_SUBPROCESS_DEPTH}`, 'bpmn:SubProcess');
      expect(message).to.match(/nested more than 32 subprocesses deep/);
    });

    it('checks reachability inside a subprocess from its own start event', async () => {
      const xml = around('<subProcess id="x"><startEvent id="s1" /><task id="stray" /></subProcess>');
      expect(await onlyProblem(xml, 'stray', 'bpmn:Task')).to.match(/cannot be reached from the start event of Subprocess x/);
    });
  });
});
