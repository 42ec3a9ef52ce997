import { loadBpmn, MAX_BPMN_BYTES } from '../../../engine/src/model/index.js';
import { expect } from './expect.js';
import { around, definitions, fixture, ids, load } from './helpers.js';

describe('model: reading a BPMN file', () => {
  it('documents a 5 MiB limit', () => {
    expect(MAX_BPMN_BYTES).to.equal(5 * 1024 * 1024);
  });

  it('refuses a file over the size limit before parsing it', async () => {
    const xml = around('<task id="x" />');
    const { problems, processes } = await load(xml, { maxBytes: 100 });
    expect(processes).to.have.lengthOf(0);
    expect(ids(problems)).to.eql(['test.bpmn file']);
    expect(problems[0]!.message).to.match(/bytes long; the largest BPMN file accepted is 100 bytes/);
  });

  it('refuses a file over MAX_BPMN_BYTES by default, counting UTF-8 bytes', async () => {
    const padding = '审'.repeat(Math.ceil(MAX_BPMN_BYTES / 3) + 1); // 3 bytes each in UTF-8
    const xml = around('<task id="x" />').replace('<task id="x" />', `<task id="x"><documentation>${padding}</documentation></task>`);
    const { problems } = await load(xml);
    expect(ids(problems)).to.eql(['test.bpmn file']);
  });

  it('refuses a DOCTYPE with an external entity (XXE)', async () => {
    const { problems } = await load(fixture('invalid/xxe.bpmn'), { resource: 'xxe.bpmn' });
    expect(ids(problems)).to.eql(['xxe.bpmn file']);
    expect(problems[0]!.message).to.match(/DOCTYPE declaration/);
    expect(problems[0]!.resource).to.equal('xxe.bpmn');
  });

  it('refuses entity expansion (billion laughs)', async () => {
    const { problems } = await load(fixture('invalid/billion-laughs.bpmn'), { resource: 'lol.bpmn' });
    expect(ids(problems)).to.eql(['lol.bpmn file']);
  });

  it('refuses an ENTITY declaration even without a DOCTYPE keyword', async () => {
    const xml = `<!ENTITY x "y">${around('<task id="x" />')}`;
    const { problems } = await load(xml);
    expect(ids(problems)).to.eql(['test.bpmn file']);
    expect(problems[0]!.message).to.match(/ENTITY declaration/);
  });

  it('reports XML that is not well-formed as one problem with line and column', async () => {
    const { problems } = await load(fixture('invalid/not-well-formed.bpmn'));
    expect(ids(problems)).to.eql(['test.bpmn file']);
    expect(problems[0]!.message).to.match(/not well-formed XML: closing tag mismatch at line 5, column \d+\./);
  });

  it('reports text that is not XML at all', async () => {
    const { problems } = await load('this is not a diagram');
    expect(ids(problems)).to.eql(['test.bpmn file']);
    expect(problems[0]!.message).to.match(/^The file is not well-formed XML/);
  });

  it('reports XML whose root is not bpmn:definitions', async () => {
    const { problems } = await load('<?xml version="1.0"?><html><body/></html>');
    expect(ids(problems)).to.eql(['test.bpmn file']);
    expect(problems[0]!.message).to.match(/not a BPMN 2.0 document/);
  });

  it('reports an empty file and content that is not a string, without throwing', async () => {
    expect(ids((await load('  ')).problems)).to.eql(['test.bpmn file']);
    const notText = await loadBpmn(undefined as unknown as string);
    expect(ids(notText.problems)).to.eql(['process.bpmn file']);
    expect(notText.problems[0]!.message).to.match(/must be XML text/);
  });

  it('never throws on arbitrary input', async () => {
    const inputs = ['<', '<definitions', '<?xml?>', '<a><b></a>', '\u0000\u0001', '<definitions xmlns="x"/>', '<![CDATA[', '&amp;'];
    for (const input of inputs) {
      const { problems, processes } = await load(input);
      expect(processes).to.have.lengthOf(0);
      expect(problems.length, input).to.be.above(0);
    }
  });

  it('reports an unknown BPMN element with its line', async () => {
    const xml = around('<task id="x" />', '', '<frobnicator id="odd" />');
    const { problems } = await load(xml);
    expect(ids(problems)).to.eql(['test.bpmn file']);
    expect(problems[0]!.message).to.match(/line \d+, column \d+ cannot be read: the element type bpmn:Frobnicator is unknown/);
  });

  it('reports an unknown element in the tongban namespace', async () => {
    const xml = around('<callActivity id="x" calledElement="child"><extensionElements><tongban:input source="=a" target="b" /></extensionElements></callActivity>');
    const { problems } = await load(xml);
    expect(ids(problems)).to.eql(['test.bpmn file']);
    expect(problems[0]!.message).to.match(/tongban:Input is unknown/);
  });

  it('reports an unknown tongban: attribute on the element that carries it', async () => {
    const { problems } = await load(around('<userTask id="x" tongban:approver="alice" />'));
    expect(ids(problems)).to.eql(['x bpmn:UserTask']);
    expect(problems[0]!.message).to.equal('User task x has the attribute tongban:approver, which Tongban does not define.');
  });

  it('reports a tongban: attribute used on the wrong kind of element', async () => {
    const { problems } = await load(around('<userTask id="x" name="Check" tongban:topic="mail" />'));
    expect(ids(problems)).to.eql(['x bpmn:UserTask']);
    expect(problems[0]!.message).to.match(/tongban:topic, which is not used on this kind of element/);
  });

  it('finds tongban: attributes whatever prefix the file binds the namespace to', async () => {
    const xml = around('<userTask id="x" tb:assignee="alice" tb:bogus="1" />').replace('<definitions ', '<definitions xmlns:tb="http://tongban.dev/schema/bpmn" ');
    const { problems } = await load(xml);
    expect(ids(problems)).to.eql(['x bpmn:UserTask']);
    expect(problems[0]!.message).to.match(/tongban:bogus/);
  });

  it('reports an attribute BPMN does not define', async () => {
    const { problems } = await load(around('<task id="x" priority="high" />'));
    expect(ids(problems)).to.eql(['x bpmn:Task']);
    expect(problems[0]!.message).to.match(/priority, which BPMN 2.0 does not define/);
  });

  it('ignores attributes and elements of other vendors\' namespaces', async () => {
    const xml = around(
      '<userTask id="x" camunda:assignee="demo"><extensionElements><camunda:properties /></extensionElements></userTask>',
    ).replace('<definitions ', '<definitions xmlns:camunda="http://camunda.org/schema/1.0/bpmn" ');
    const { problems } = await load(xml);
    expect(problems).to.eql([]);
  });

  it('reports a reference to an id that does not exist', async () => {
    const xml = around('<task id="x" />', '', '<sequenceFlow id="dangling" sourceRef="x" targetRef="nowhere" />');
    const { problems } = await load(xml);
    expect(ids(problems)).to.include('dangling bpmn:SequenceFlow');
    expect(problems.map((p) => p.message)).to.include('Sequence flow dangling refers in targetRef to "nowhere", but no element has that id.');
  });

  it('reports an id used twice', async () => {
    const { problems } = await load(around('<task id="x" />', '', '<task id="x" />'));
    expect(problems.map((p) => p.message).some((m) => /the id "x" is used by more than one element/.test(m))).to.equal(true);
  });

  it('ignores the encoding declared in the preamble: the text is already decoded', async () => {
    const xml = around('<task id="x" name="Prüfung" />').replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const { problems, processes } = await load(xml);
    expect(problems).to.eql([]);
    expect(processes[0]!.nodes.get('x')!.name).to.equal('Prüfung');
  });

  it('names the resource in every problem and uses process.bpmn when none is given', async () => {
    const { problems } = await loadBpmn(definitions('<task id="x" />'));
    expect(problems.length).to.be.above(0);
    for (const p of problems) expect(p.resource).to.equal('process.bpmn');
  });
});
