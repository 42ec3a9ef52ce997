import { expect } from 'chai';
import { checkFieldPermissions, checkFormDefinition, validateForm, viewForStep, type FormDefinition as ServerForm } from '../../forms/src/index.js';
import {
  createField,
  effectiveAccess,
  explicitPermissions,
  FIELD_TYPES,
  fromFormDefinition,
  matrixRows,
  modelProblems,
  moveField,
  prunePermissions,
  renameFieldInPermissions,
  setAccess,
  setStepAccess,
  stepsOfProcess,
  toFormDefinition,
  type FormField,
  type FormModel,
  type Step,
} from '../../designer/src/lib/form-builder/index.js';
import { tongbanModdle } from './fixtures.js';

/** One field of every type, with the options each type has. */
function everyField(): FormModel {
  const fields: FormField[] = [];
  for (const type of FIELD_TYPES) fields.push(createField(type, `字段-${type}`, fields));
  const f = (type: string) => fields.find((x) => x.type === type)!;
  f('text').required = true;
  f('text').maxLength = 50;
  f('text').prefill = 'profile.name';
  f('textarea').placeholder = '请填写';
  f('number').integer = true;
  f('number').minimum = 0;
  f('number').maximum = 100;
  f('file').material = 'M001';
  f('file').required = true;
  f('address').required = true;
  f('table').columns = [
    { key: 'name', type: 'text', label: '姓名', required: true },
    { key: 'idNumber', type: 'idNumber', label: '身份证号', required: true },
    { key: 'share', type: 'number', label: '出资比例', required: false, minimum: 0, maximum: 100 },
    { key: 'role', type: 'select', label: '职务', required: false, options: [{ value: 'gm', label: '经理' }, { value: 'sup', label: '监事' }] },
  ];
  f('radio').options = [{ value: 'yes', label: '是' }, { value: 'no', label: '否' }];
  f('checkbox').required = true;
  fields.push({ key: 'agree', type: 'checkbox', label: '我承诺所填信息真实', required: true });
  return { id: 'gtgsh-sldj', title: '个体工商户设立登记申请表', fields };
}

describe('designer: form builder → JSON Schema + UI schema', () => {
  it('generates a definition @tongban/forms accepts, for every field type', () => {
    const def = toFormDefinition(everyField());
    expect(checkFormDefinition(def as unknown as ServerForm)).to.deep.equal([]);
    expect(modelProblems(everyField())).to.deep.equal([]);
  });

  it('writes the encoding the README describes', () => {
    const def = toFormDefinition(everyField());
    const p = def.schema.properties as Record<string, Record<string, unknown>>;
    expect(p.idNumber1).to.include({ type: 'string', format: 'id-card' });
    expect(p.uscc1).to.include({ type: 'string', format: 'uscc' });
    expect(p.mobile1).to.include({ type: 'string', format: 'mobile-cn' });
    expect(p.date1).to.include({ type: 'string', format: 'date' });
    expect(p.number1).to.include({ type: 'integer', minimum: 0, maximum: 100 });
    expect(p.text1).to.include({ type: 'string', minLength: 1, maxLength: 50, 'x-prefill': 'profile.name' });
    expect(p.option1!.oneOf).to.deep.equal([{ const: 'yes', title: '是' }, { const: 'no', title: '否' }]);
    expect(p.agree).to.include({ type: 'boolean', const: true });
    expect(p.check1).to.include({ type: 'array', uniqueItems: true, minItems: 1 });
    expect(def.schema.required).to.include.members(['text1', 'file1', 'address1', 'agree', 'check1']);
    const ui = def.uiSchema as { elements: Array<{ scope: string; options?: Record<string, unknown> }> };
    const opt = (key: string) => ui.elements.find((e) => e.scope === `#/properties/${key}`)!.options;
    expect(opt('option1')).to.deep.equal({ format: 'radio' });
    expect(opt('file1')).to.deep.equal({ format: 'file', material: 'M001' });
    expect(opt('address1')).to.deep.equal({ format: 'address' });
    expect(opt('note1')).to.deep.equal({ multi: true, placeholder: '请填写' });
    expect((opt('rows1')!.detail as { elements: unknown[] }).elements).to.have.length(4);
  });

  it('validates data on the server the way the preview promises', () => {
    const def = toFormDefinition(everyField()) as unknown as ServerForm;
    const good = {
      text1: '张三',
      idNumber1: '11010519491231002X',
      uscc1: '91350100M000100Y43',
      mobile1: '13800138000',
      date1: '2024-05-01',
      number1: 5,
      option1: 'yes',
      check1: ['A'],
      agree: true,
      address1: { region: '440106', detail: '天河路 1 号' },
      file1: [{ name: '营业执照.pdf', ref: 'file:1' }],
      rows1: [{ name: '李四', idNumber: '11010519491231002X', share: 50, role: 'gm' }],
    };
    expect(validateForm(def, good)).to.deep.include({ ok: true });
    const bad = validateForm(def, { ...good, idNumber1: '110105194912310021', mobile1: '12345', text1: '', number1: 1.5, file1: [], agree: false });
    expect(bad.ok).to.equal(false);
    const paths = (bad as { errors: Array<{ path: string }> }).errors.map((e) => e.path).sort();
    expect(paths).to.include.members(['/idNumber1', '/mobile1', '/text1', '/number1', '/file1', '/agree']);
  });

  it('reads its own definitions back (builder → schema → builder)', () => {
    const model = everyField();
    const back = fromFormDefinition(toFormDefinition(model));
    expect(back).to.have.property('model');
    expect((back as { model: FormModel }).model).to.deep.equal(model);
  });

  it('reads a hand-made flat form and names what it cannot represent', () => {
    const r = fromFormDefinition({
      id: 'x',
      title: 'x',
      schema: { type: 'object', properties: { kind: { type: 'string', enum: ['a', 'b'] }, weird: { type: 'object', properties: {} } } },
      uiSchema: { type: 'VerticalLayout', elements: [] },
    });
    expect(r).to.deep.equal({ unsupported: 'weird' });
    const ok = fromFormDefinition({ id: 'x', title: 'x', schema: { type: 'object', properties: { kind: { type: 'string', enum: ['a', 'b'] } } }, uiSchema: { type: 'VerticalLayout', elements: [] } });
    expect((ok as { model: FormModel }).model.fields[0]).to.deep.include({ key: 'kind', type: 'select', options: [{ value: 'a', label: 'a' }, { value: 'b', label: 'b' }] });
  });

  it('finds problems before the server does', () => {
    const m = everyField();
    m.id = 'bad id';
    m.fields[1]!.key = m.fields[0]!.key;
    m.fields[2]!.label = ' ';
    const sel = m.fields.find((f) => f.type === 'select')!;
    sel.options = [];
    const num = m.fields.find((f) => f.type === 'number')!;
    num.minimum = 10;
    num.maximum = 1;
    const table = m.fields.find((f) => f.type === 'table')!;
    table.columns!.push({ key: 'name', type: 'file', label: 'x', required: false });
    const codes = modelProblems(m).map((p) => `${p.field}${p.column ? `.${p.column}` : ''}:${p.code}`);
    expect(codes).to.include.members(['formId', `${m.fields[0]!.key}:duplicateKey`, `${m.fields[2]!.key}:label`, `${sel.key}:options`, `${num.key}:range`, `${table.key}.name:duplicateKey`, `${table.key}.name:columnType`].map((c) => (c === 'formId' ? ':formId' : c)));
  });

  it('moves fields as a drop before the target', () => {
    expect(moveField(['a', 'b', 'c', 'd'], 0, 2)).to.deep.equal(['b', 'a', 'c', 'd']);
    expect(moveField(['a', 'b', 'c', 'd'], 3, 0)).to.deep.equal(['d', 'a', 'b', 'c']);
    expect(moveField(['a', 'b', 'c', 'd'], 1, 4)).to.deep.equal(['a', 'c', 'd', 'b']);
    expect(moveField(['a', 'b'], 5, 0)).to.deep.equal(['a', 'b']);
  });

  it('gives fresh keys per type', () => {
    const a = createField('text', 'A', []);
    const b = createField('text', 'B', [a]);
    expect([a.key, b.key]).to.deep.equal(['text1', 'text2']);
  });
});

describe('designer: per-step permission matrix', () => {
  const steps: Step[] = [
    { id: 'Start', name: '申请', applicant: true },
    { id: 'Accept', name: '受理', applicant: false },
    { id: 'Review', name: '审查', applicant: false },
  ];
  const model = everyField();

  it('shows the server default for untouched cells, and parents’ access for columns', () => {
    let perms = {};
    expect(effectiveAccess(perms, steps[0]!, '/text1')).to.equal('editable');
    expect(effectiveAccess(perms, steps[1]!, '/text1')).to.equal('readonly');
    perms = setAccess(perms, steps[2]!, '/rows1', 'hidden');
    expect(effectiveAccess(perms, steps[2]!, '/rows1/*/name')).to.equal('hidden');
    perms = setAccess(perms, steps[2]!, '/rows1/*/name', 'readonly');
    expect(effectiveAccess(perms, steps[2]!, '/rows1/*/name')).to.equal('readonly');
    // Setting the table again resets its columns.
    perms = setAccess(perms, steps[2]!, '/rows1', 'editable');
    expect(effectiveAccess(perms, steps[2]!, '/rows1/*/name')).to.equal('editable');
  });

  it('writes every cell explicitly, accepted by checkFieldPermissions and enforced by viewForStep', () => {
    let perms = setStepAccess({}, steps[1]!, model.fields, 'readonly');
    perms = setAccess(perms, steps[2]!, '/idNumber1', 'hidden');
    perms = setAccess(perms, steps[2]!, '/text1', 'editable');
    const explicit = explicitPermissions(perms, steps, model.fields);
    expect(Object.keys(explicit)).to.deep.equal(['Start', 'Accept', 'Review']);
    expect(Object.keys(explicit.Review!)).to.have.length(matrixRows(model.fields).length);
    const def = toFormDefinition(model) as unknown as ServerForm;
    expect(checkFieldPermissions(def, explicit)).to.deep.equal([]);
    const view = viewForStep(def, explicit, 'Review', { text1: 'a', idNumber1: '11010519491231002X' });
    expect(view.schema.properties).to.not.have.property('idNumber1');
    expect(view.data).to.not.have.property('idNumber1');
    expect((view.schema.properties as Record<string, { readOnly?: boolean }>).text1!.readOnly).to.equal(undefined);
    expect((view.schema.properties as Record<string, { readOnly?: boolean }>).mobile1!.readOnly).to.equal(true);
  });

  it('prunes stale steps and fields, and follows renames', () => {
    const perms = { Start: { '/text1': 'hidden' as const, '/gone': 'readonly' as const }, Old: { '/text1': 'editable' as const } };
    expect(prunePermissions(perms, steps, model.fields)).to.deep.equal({ Start: { '/text1': 'hidden' } });
    expect(renameFieldInPermissions({ A: { '/rows1': 'hidden', '/rows1/*/name': 'editable', '/rows10': 'readonly' } }, 'rows1', 'members')).to.deep.equal({
      A: { '/members': 'hidden', '/members/*/name': 'editable', '/rows10': 'readonly' },
    });
  });

  it('takes the steps from the process: start event and user tasks', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="Start" name="申请"/>
    <bpmn:userTask id="Accept" name="受理"/>
    <bpmn:serviceTask id="Svc"/>
    <bpmn:userTask id="Fix"/>
  </bpmn:process>
</bpmn:definitions>`;
    const { rootElement } = (await tongbanModdle().fromXML(xml)) as { rootElement: { rootElements: Array<{ flowElements: never[] }> } };
    expect(stepsOfProcess(rootElement.rootElements[0]!.flowElements, ['Fix'])).to.deep.equal([
      { id: 'Start', name: '申请', applicant: true },
      { id: 'Accept', name: '受理', applicant: false },
      { id: 'Fix', name: 'Fix', applicant: true },
    ]);
  });
});

describe('designer: formats checked early in the browser', () => {
  it('agrees with @tongban/forms on correct numbers and on wrong check digits', async () => {
    const { CLIENT_FORMATS } = await import('../../designer/src/lib/form-builder/formats.js');
    const forms = await import('../../forms/src/index.js');
    const cases: Array<[string, string, boolean]> = [
      ['id-card', '11010519491231002X', true],
      ['id-card', '110105194912310021', false],
      ['id-card', '11010519491231002x', false],
      ['uscc', '91350100M000100Y43', true],
      ['uscc', '91350100M000100Y44', false],
      ['mobile-cn', '13800138000', true],
      ['mobile-cn', '12800138000', false],
      ['region-code', '440106', true],
      ['region-code', '440106001001', true],
      ['region-code', '4401', false],
    ];
    const server: Record<string, (v: string) => boolean> = { 'id-card': forms.isIdCard, uscc: forms.isUscc, 'mobile-cn': forms.isMobileCn, 'region-code': forms.isRegionCode };
    for (const [format, value, valid] of cases) {
      expect(CLIENT_FORMATS[format]!(value), `${format} ${value}`).to.equal(valid);
      if (valid) expect(server[format]!(value), `server ${format} ${value}`).to.equal(true);
    }
  });
});

describe('designer: the browser’s validator (no eval under the CSP) agrees with the server', () => {
  it('finds the same invalid paths as @tongban/forms for builder forms', async () => {
    const { validateData } = await import('../../designer/src/lib/form-builder/validate.js');
    const def = toFormDefinition(everyField());
    const server = def as unknown as ServerForm;
    const samples: unknown[] = [
      {},
      { text1: '', idNumber1: '110105194912310021', mobile1: '12345', number1: 1.5, option1: 'maybe', check1: ['A', 'A'], agree: false, file1: [], address1: { region: '44', detail: '' }, date1: '2024-02-30' },
      { text1: 'x'.repeat(51), number1: 101, rows1: [{ name: '', idNumber: 'bad', role: 'boss' }], check1: [] },
      {
        text1: '张三', idNumber1: '11010519491231002X', uscc1: '91350100M000100Y43', mobile1: '13800138000', date1: '2024-05-01', number1: 5, option1: 'yes',
        check1: ['A'], agree: true, address1: { region: '440106', detail: '天河路 1 号' }, file1: [{ name: 'a.pdf', ref: 'r' }], rows1: [{ name: '李四', idNumber: '11010519491231002X' }],
      },
    ];
    for (const data of samples) {
      const mine = new Set(validateData(def.schema, data).map((e) => (e.keyword === 'required' ? `${e.instancePath}/${String(e.params.missingProperty)}` : e.instancePath)));
      const r = validateForm(server, data);
      const theirs = new Set(r.ok ? [] : r.errors.map((e) => e.path));
      expect([...mine].sort(), JSON.stringify(data)).to.deep.equal([...theirs].sort());
    }
  });
});
