import { expect } from 'chai';
import {
  certificateLookupAdapter, CertificateLookupError, DevelopmentSmsGateway, HttpCertificateLookup, maskMobile, registerAdapter, renderTemplate, smsNotifier,
} from '../../adapters/src/index.js';
import type { Engine } from '../../engine/src/index.js';
import { processXml } from '../support/bpmn.js';
import { deployXml, openTaskElements, testEngine, type TestEngine } from '../support/engine.js';
import { json, LocalServer, sleep } from './support.js';

const NOTIFY = processXml('sms_notify', `<startEvent id="s"/><serviceTask id="text" tongban:topic="tongban.sms"/><userTask id="done"/>`, ['s->text', 'text->done']);
const NO_MOBILE = processXml(
  'sms_no_mobile',
  `<startEvent id="s"/><serviceTask id="text" tongban:topic="tongban.sms"/>
   <boundaryEvent id="bad" attachedToRef="text"><errorEventDefinition errorRef="e1"/></boundaryEvent><userTask id="done"/><userTask id="callApplicant"/>`,
  ['s->text', 'text->done', 'bad->callApplicant'],
  '<error id="e1" errorCode="SMS_INVALID_MOBILE"/>',
);
const CERT = processXml(
  'cert_check',
  `<startEvent id="s"/><serviceTask id="lookup" tongban:topic="eCertificate.lookup"/>
   <boundaryEvent id="none" attachedToRef="lookup"><errorEventDefinition errorRef="e2"/></boundaryEvent>
   <userTask id="useCertificate"/><userTask id="askForPaper"/>`,
  ['s->lookup', 'lookup->useCertificate', 'none->askForPaper'],
  '<error id="e2" errorCode="CERT_NOT_FOUND"/>',
);

describe('adapters: SMS notifier and e-certificate lookup', function () {
  let t: TestEngine;
  let engine: Engine;
  let server: LocalServer;
  const log: string[] = [];
  const gateway = new DevelopmentSmsGateway((line) => log.push(line));

  before(async () => {
    t = await testEngine('adapters_sms_cert');
    engine = t.engine;
    server = await LocalServer.start();
    await deployXml(engine, NOTIFY, 'notify.bpmn');
    await deployXml(engine, NO_MOBILE, 'no-mobile.bpmn');
    await deployXml(engine, CERT, 'cert.bpmn');
    registerAdapter(engine, smsNotifier({ gateway, template: '{applicant}：您的申请（{caseNo}）已受理。', resultVariable: 'smsId' }));
    registerAdapter(
      engine,
      certificateLookupAdapter({ lookup: new HttpCertificateLookup({ baseUrl: `${server.url}/api`, apiKey: 'cert-key-123', timeoutMs: 200 }), certificateType: 'FOOD_BUSINESS_PERMIT' }),
    );
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  it('masks the middle digits of mobile numbers', () => {
    expect(maskMobile('13812345678')).to.equal('138****5678');
    expect(maskMobile('+8613812345678')).to.equal('+86*******5678');
    expect(maskMobile('12345')).to.equal('***45');
    expect(renderTemplate('{a}{{x}}{missing}', { a: 1 })).to.equal('1{x}');
  });

  it('texts the applicant through the gateway; the development gateway logs no whole number', async () => {
    const i = await engine.startInstance('sms_notify', { variables: { mobile: '138 1234 5678', applicant: '张三', caseNo: 'SZ2026-0001' } });
    expect(await openTaskElements(engine, i.id)).to.deep.equal(['done']);
    expect((await engine.getInstance(i.id))!.variables.smsId).to.equal('dev-1');
    expect(log).to.deep.equal(['[sms:development] to 138****5678: 张三：您的申请（SZ2026-0001）已受理。']);
    expect(log.join('\n')).not.to.contain('13812345678');
    expect(gateway.sent[0]!.idempotencyKey).to.be.a('string');
  });

  it('a missing or invalid number is the BPMN error SMS_INVALID_MOBILE', async () => {
    const i = await engine.startInstance('sms_no_mobile', { variables: { mobile: '12345' } });
    expect(await openTaskElements(engine, i.id)).to.deep.equal(['callApplicant']);
  });

  it('a certificate found is set as a variable; the query is POSTed with the API key, not put in the URL', async () => {
    server.reset((r, res) => json(res, 200, { id: 'CERT-1', type: JSON.parse(r.body).certificateType, holderId: JSON.parse(r.body).holderId, issuer: '市场监督管理局' }));
    const i = await engine.startInstance('cert_check', { variables: { applicantId: '91440101MA5XXXXX0X' } });
    expect(await openTaskElements(engine, i.id)).to.deep.equal(['useCertificate']);
    expect((await engine.getInstance(i.id))!.variables.certificate).to.deep.include({ id: 'CERT-1', type: 'FOOD_BUSINESS_PERMIT' });
    const [request] = server.received;
    expect(request!.method).to.equal('POST');
    expect(request!.path).to.equal('/api/certificates/lookup');
    expect(request!.path).not.to.contain('91440101');
    expect(request!.headers.authorization).to.equal('Bearer cert-key-123');
  });

  it('not found (404) is the BPMN error CERT_NOT_FOUND, caught by the boundary event', async () => {
    server.reset((_r, res) => json(res, 404, {}));
    const i = await engine.startInstance('cert_check', { variables: { applicantId: '110101199003071234' } });
    expect(await openTaskElements(engine, i.id)).to.deep.equal(['askForPaper']);
  });

  it('a timeout or a server error is a failure, not an answer', async () => {
    server.reset(async (_r, res) => {
      await sleep(500);
      json(res, 200, { id: 'late' });
    });
    const lookup = new HttpCertificateLookup({ baseUrl: server.url, timeoutMs: 100 });
    let error: unknown;
    try {
      await lookup.find({ holderId: 'x', certificateType: 'y' });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(CertificateLookupError);
    expect((error as Error).message).to.contain('within 100 ms');
    server.reset((_r, res) => json(res, 500, {}));
    try {
      await engine.startInstance('cert_check', { variables: { applicantId: '110101199003071234' } });
      expect.fail('the start should have been refused');
    } catch (e) {
      expect((e as { code?: string }).code).to.equal('HANDLER_FAILED');
    }
  });
});
