/**
 * The examples' processes are valid for the engine and carry a diagram the designer draws as
 * it is: a shape for every flow node and an edge for every sequence flow, with no two shapes on
 * top of each other, and every edge starting and ending at its own source and target shapes.
 */
import { readFile } from 'node:fs/promises';
import { BpmnModdle } from 'bpmn-moddle';
import { expect } from 'chai';
import { loadBpmn, tongbanModdlePackage } from '../../engine/src/model/index.js';

const EXAMPLES = ['food-business-licence', 'individual-business-registration', 'construction-permit', 'rural-homestead', 'senior-preferential-card', 'village-residence-certificate'];

interface Bounds { x: number; y: number; width: number; height: number }
interface Element { $type: string; id: string; flowElements?: Element[]; sourceRef?: Element; targetRef?: Element; rootElements?: Element[]; diagrams?: Array<{ plane: { planeElement: DiElement[] } }> }
interface DiElement { $type: string; bpmnElement: Element; bounds?: Bounds; waypoint?: Array<{ x: number; y: number }> }

const overlap = (a: Bounds, b: Bounds) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
/** A point on (or within 1 px of) the shape's outline or inside it. */
const touches = (p: { x: number; y: number }, b: Bounds) => p.x >= b.x - 1 && p.x <= b.x + b.width + 1 && p.y >= b.y - 1 && p.y <= b.y + b.height + 1;

describe('examples: processes deploy and have a drawable diagram', () => {
  for (const example of EXAMPLES) {
    it(example, async () => {
      const xml = await readFile(new URL(`../../examples/${example}/process.bpmn`, import.meta.url), 'utf8');
      const loaded = await loadBpmn(xml, { resource: `${example}/process.bpmn` });
      expect(loaded.problems).to.deep.equal([]);
      expect(loaded.processes).to.have.length(1);

      const moddle = new BpmnModdle({ tongban: structuredClone(tongbanModdlePackage) });
      const { rootElement } = (await moddle.fromXML(xml)) as unknown as { rootElement: Element };
      const process = rootElement.rootElements!.find((e) => e.$type === 'bpmn:Process')!;
      const flows = process.flowElements!.filter((e) => e.$type === 'bpmn:SequenceFlow');
      const nodes = process.flowElements!.filter((e) => e.$type !== 'bpmn:SequenceFlow');
      const di = rootElement.diagrams![0]!.plane.planeElement;
      const shapes = new Map(di.filter((d) => d.$type === 'bpmndi:BPMNShape').map((d) => [d.bpmnElement.id, d.bounds!]));
      const edges = new Map(di.filter((d) => d.$type === 'bpmndi:BPMNEdge').map((d) => [d.bpmnElement.id, d.waypoint!]));
      expect([...shapes.keys()].sort()).to.deep.equal(nodes.map((n) => n.id).sort());
      expect([...edges.keys()].sort()).to.deep.equal(flows.map((f) => f.id).sort());
      const boxes = [...shapes.entries()];
      for (const [i, [id, bounds]] of boxes.entries()) {
        for (const [other, otherBounds] of boxes.slice(i + 1)) expect(overlap(bounds, otherBounds), `${id} and ${other} overlap`).to.equal(false);
      }
      for (const flow of flows) {
        const points = edges.get(flow.id)!;
        expect(points.length, flow.id).to.be.at.least(2);
        expect(touches(points[0]!, shapes.get(flow.sourceRef!.id)!), `${flow.id} starts at ${flow.sourceRef!.id}`).to.equal(true);
        expect(touches(points.at(-1)!, shapes.get(flow.targetRef!.id)!), `${flow.id} ends at ${flow.targetRef!.id}`).to.equal(true);
      }
    });
  }
});
