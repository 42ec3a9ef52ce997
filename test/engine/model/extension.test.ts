import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TONGBAN_URI, tongbanModdlePackage } from '../../../engine/src/model/index.js';
import { createModdle, fromXml, type BpmnElement } from '../../../engine/src/model/moddle.js';
import { expect } from './expect.js';
import { around, load } from './helpers.js';

describe('model: the tongban: moddle package', () => {
  it('is the same descriptor as tongban.json', () => {
    const file = JSON.parse(readFileSync(path.resolve('engine', 'src', 'model', 'tongban.json'), 'utf8')) as unknown;
    expect(file).to.eql(JSON.parse(JSON.stringify(tongbanModdlePackage)));
    expect(tongbanModdlePackage).to.include({ name: 'Tongban', prefix: 'tongban', uri: 'http://tongban.dev/schema/bpmn' });
    expect(TONGBAN_URI).to.equal(tongbanModdlePackage.uri);
  });

  it('round-trips every attribute and mapping through bpmn-moddle fromXML and toXML', async () => {
    const xml = around(
      `<callActivity id="x" calledElement="child" tongban:calledVersion="3" tongban:async="true">
         <extensionElements>
           <tongban:in source="=caseNo" target="caseNo" />
           <tongban:out source="=result" target="childResult" />
         </extensionElements>
       </callActivity>
       <userTask id="u" tongban:assignee="=owner" tongban:candidateUsers="a,b" tongban:candidateGroups="=groups" />
       <serviceTask id="sv" tongban:topic="registry" />
       <sendTask id="sd" tongban:topic="sms" />
       <scriptTask id="sc" tongban:resultVariable="r"><script>=1</script></scriptTask>
       <receiveTask id="rt" tongban:correlationKey="=caseNo" />`,
    );
    const moddle = createModdle();
    const first = await fromXml(moddle, xml);
    expect(first.warnings).to.eql([]);
    const { xml: written } = await moddle.toXML(first.rootElement, { format: true });
    expect(written).to.include(`xmlns:tongban="${TONGBAN_URI}"`);
    expect(written).to.include('<tongban:in source="=caseNo" target="caseNo" />');

    const again = await fromXml(createModdle(), written);
    expect(again.warnings).to.eql([]);
    const byId = (id: string): BpmnElement => again.elementsById[id]!;
    expect(byId('x').get('tongban:calledVersion')).to.equal('3');
    expect(byId('x').get('tongban:async')).to.equal('true');
    const mappings = byId('x').extensionElements!.values!.map((v) => [v.$type, v.get('source'), v.get('target')]);
    expect(mappings).to.eql([
      ['tongban:In', '=caseNo', 'caseNo'],
      ['tongban:Out', '=result', 'childResult'],
    ]);
    expect(['assignee', 'candidateUsers', 'candidateGroups'].map((a) => byId('u').get(`tongban:${a}`))).to.eql(['=owner', 'a,b', '=groups']);
    expect(byId('sv').get('tongban:topic')).to.equal('registry');
    expect(byId('sd').get('tongban:topic')).to.equal('sms');
    expect(byId('sc').get('tongban:resultVariable')).to.equal('r');
    expect(byId('rt').get('tongban:correlationKey')).to.equal('=caseNo');
  });

  it('writes attributes set by a program (as bpmn-js will) that loadBpmn then reads', async () => {
    const moddle = createModdle();
    const parsed = await fromXml(moddle, around('<serviceTask id="x" />'));
    (parsed.elementsById['x'] as unknown as { set(name: string, value: unknown): void }).set('tongban:topic', 'notify');
    const { xml } = await moddle.toXML(parsed.rootElement);
    const { problems, processes } = await load(xml);
    expect(problems).to.eql([]);
    expect(processes[0]!.nodes.get('x')!.topic).to.equal('notify');
  });
});
