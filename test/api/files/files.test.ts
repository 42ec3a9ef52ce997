/**
 * Files of cases over HTTP: uploads checked for type, content and size, stored with their
 * digest and uploader, attached to a case (at once, or through a submission's form data) and
 * downloaded by staff of the case's region or by the applicant with case number + ID number.
 */
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type { Response } from 'supertest';
import { ONLINE_APPLICANT, submitCase } from '../../../runtime-api/src/cases/submit.js';
import { MAX_FILE_BYTES } from '../../../runtime-api/src/files/content.js';
import { PUBLIC_UPLOADS_PER_WINDOW } from '../../../runtime-api/src/files/openapi.js';
import { type Harness, INSIDE_VILLAGE, OUTSIDE_VILLAGE, errorOf, startHarness } from '../support/harness.js';
import { FORM_DATA, idNumber, person } from '../cases/support/fixtures.js';
import { JPEG, PDF, PNG, caseWithFile, fileItem, ofd } from './support.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** supertest keeps binary answers as Buffers only with a parser that collects them (its types call the stream a Response). */
const binary = ((res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}) as unknown as (res: Response, done: (err: Error | null, body: unknown) => void) => void;

describe('api: files of cases (upload, attach, download)', function () {
  this.timeout(120_000);
  let h: Harness;
  before(async () => {
    h = await startHarness('files');
    await fileItem(h);
  });
  after(() => h?.close());

  const upload = (path: string, body: Buffer, type: string, headers = h.as.clerk.headers) => h.http().post(path).set(headers).type(type).send(body);
  const expectError = (res: Response, status: number, code: string) => {
    expect(res.status, JSON.stringify(res.body)).to.equal(status);
    expect(errorOf(res.body).code).to.equal(code);
  };

  it('a clerk adds a PDF to a case; it is listed and downloads byte for byte with its name and digest', async () => {
    const c = await caseWithFile(h, INSIDE_VILLAGE, { file: false });
    const res = await upload(`/api/cases/${c.id}/files?name=${encodeURIComponent('C:\\扫描件\\营业执照.pdf')}&materialId=m1`, PDF, 'application/pdf');
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ caseId: c.id, materialId: 'm1', name: '营业执照.pdf', contentType: 'application/pdf', size: PDF.length, sha256: sha256(PDF), uploadedBy: 'user-clerk' });
    expect(res.body.ref).to.equal(`file:${res.body.id}`);
    expect(res.headers.location).to.equal(`/api/cases/${c.id}/files/${res.body.id}`);

    const list = await h.http().get(`/api/cases/${c.id}/files`).set(h.as.approver.headers);
    expect(list.body.items.map((f: { id: string }) => f.id)).to.deep.equal([res.body.id]);

    const down = await h.http().get(`/api/cases/${c.id}/files/${res.body.id}`).set(h.as.supervisor.headers).buffer(true).parse(binary);
    expect(down.status).to.equal(200);
    expect(Buffer.compare(down.body as Buffer, PDF)).to.equal(0);
    expect(down.headers['content-type']).to.equal('application/pdf');
    expect(down.headers['content-disposition']).to.include(`filename*=UTF-8''${encodeURIComponent('营业执照.pdf')}`);
    expect(down.headers['repr-digest']).to.equal(`sha-256=:${createHash('sha256').update(PDF).digest('base64')}:`);
    expect(down.headers['cache-control']).to.equal('private, no-store');
  });

  it('accepts PDF, JPEG, PNG and OFD, each checked against its bytes', async () => {
    const c = await caseWithFile(h, INSIDE_VILLAGE, { file: false });
    for (const [body, type] of [[PDF, 'application/pdf'], [JPEG, 'image/jpeg'], [PNG, 'image/png'], [await ofd(), 'application/ofd']] as const) {
      const res = await upload(`/api/cases/${c.id}/files?materialId=m1`, body, type);
      expect(res.status, `${type}: ${JSON.stringify(res.body)}`).to.equal(201);
      expect(res.body.contentType).to.equal(type);
      expect(res.body.name).to.match(/^材料\.(pdf|jpg|png|ofd)$/);
    }
    expect((await h.http().get(`/api/cases/${c.id}/files`).set(h.as.clerk.headers)).body.items).to.have.length(4);
  });

  it('refuses other types, content that is not what it claims, empty and oversized files', async () => {
    const c = await caseWithFile(h, INSIDE_VILLAGE, { file: false });
    const path = `/api/cases/${c.id}/files?materialId=m1`;
    expectError(await upload(path, Buffer.from('hello'), 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await upload(path, Buffer.from('<svg/>'), 'image/svg+xml'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await upload(path, Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), 'application/pdf'), 415, 'FILE_CONTENT_MISMATCH');
    expectError(await upload(path, PNG, 'image/jpeg'), 415, 'FILE_CONTENT_MISMATCH');
    expectError(await upload(path, Buffer.from('PK\x03\x04 not an ofd', 'latin1'), 'application/ofd'), 415, 'FILE_CONTENT_MISMATCH');
    const empty = await upload(path, Buffer.alloc(0), 'application/pdf');
    expect(empty.status, JSON.stringify(empty.body)).to.equal(400);
    errorOf(empty.body);
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_FILE_BYTES + 1 - PDF.length, 0x20)]);
    expectError(await upload(path, big, 'application/pdf'), 413, 'FILE_TOO_LARGE');
    expect((await h.http().get(`/api/cases/${c.id}/files`).set(h.as.clerk.headers)).body.items).to.deep.equal([]);
  });

  it('names the material or refuses an unknown one, and takes no files on a closed case', async () => {
    const c = await caseWithFile(h, INSIDE_VILLAGE, { file: false });
    const unknown = await upload(`/api/cases/${c.id}/files?materialId=nope`, PDF, 'application/pdf');
    expectError(unknown, 422, 'UNKNOWN_MATERIAL');
    expect((errorOf(unknown.body).details as { known: string[] }).known).to.include('m1');
    const other = await upload(`/api/cases/${c.id}/files?name=other.pdf`, PDF, 'application/pdf');
    expect(other.status).to.equal(201);
    expect(other.body.materialId).to.equal(null);
    await h.http().post(`/api/cases/${c.id}/withdraw`).set(h.as.clerk.headers).send({ reason: '申请人撤回' }).expect(200);
    expectError(await upload(`/api/cases/${c.id}/files?materialId=m1`, PDF, 'application/pdf'), 409, 'CASE_STATUS_CONFLICT');
  });

  it('keeps each case’s files to itself and to staff of its region', async () => {
    const mine = await caseWithFile(h, INSIDE_VILLAGE);
    const theirs = await caseWithFile(h, OUTSIDE_VILLAGE);
    expectError(await h.http().get(`/api/cases/${mine.id}/files/${theirs.fileId}`).set(h.as.admin.headers), 404, 'FILE_NOT_FOUND');
    expectError(await h.http().get(`/api/cases/${theirs.id}/files/${theirs.fileId}`).set(h.as.clerk.headers), 403, 'OUTSIDE_REGION');
    expectError(await h.http().get(`/api/cases/${theirs.id}/files`).set(h.as.clerk.headers), 403, 'OUTSIDE_REGION');
    expectError(await upload(`/api/cases/${theirs.id}/files`, PDF, 'application/pdf'), 403, 'OUTSIDE_REGION');
    expectError(await h.http().get(`/api/cases/${mine.id}/files/${mine.fileId}`).set(h.as.editor.headers), 403, 'FORBIDDEN');
  });

  it('attaches files uploaded before submission when the form data refers to them, in the submission’s transaction', async () => {
    const itemId = await fileItem(h);
    const first = await upload(`/api/files?name=${encodeURIComponent('身份证.jpg')}&materialId=m1`, JPEG, 'image/jpeg');
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    expect(first.body).to.include({ caseId: null, uploadedBy: 'user-clerk' });
    const submission = (formData: object) => ({ itemId, regionCode: INSIDE_VILLAGE, channel: 'window', applicant: person(7), formData });

    // Someone else's upload cannot be attached; the failed submission leaves nothing behind.
    const byAdmin = await upload('/api/files', PDF, 'application/pdf', h.as.admin.headers);
    const refused = await h.http().post('/api/cases').set(h.as.clerk.headers).send(submission({ ...FORM_DATA, licence: [{ name: 'a.pdf', ref: byAdmin.body.ref }, { name: '身份证.jpg', ref: first.body.ref }] }));
    expectError(refused, 422, 'FILE_NOT_AVAILABLE');
    expect((errorOf(refused.body).details as { refs: string[] }).refs).to.deep.equal([byAdmin.body.ref]);
    const stillLoose = await h.server.context.knex('tb_file').where({ id: first.body.id }).first('case_id');
    expect(stillLoose.case_id).to.equal(null);

    const created = await h.http().post('/api/cases').set(h.as.clerk.headers).send(submission({ ...FORM_DATA, licence: [{ name: '身份证.jpg', ref: first.body.ref }] }));
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const files = (await h.http().get(`/api/cases/${created.body.id}/files`).set(h.as.clerk.headers)).body.items;
    expect(files).to.have.length(1);
    expect(files[0]).to.include({ id: first.body.id, caseId: created.body.id, materialId: 'm1', name: '身份证.jpg', sha256: sha256(JPEG) });

    // Attached once: a second submission cannot take it along.
    const again = await h.http().post('/api/cases').set(h.as.clerk.headers).send(submission({ ...FORM_DATA, licence: [{ name: '身份证.jpg', ref: first.body.ref }] }));
    expectError(again, 422, 'FILE_NOT_AVAILABLE');

    // Files of materials outside the form go in `files`, with the material given at upload.
    const plan = await upload('/api/files?name=plan.png&materialId=m1', PNG, 'image/png');
    const withFiles = await h.http().post('/api/cases').set(h.as.clerk.headers).send({ ...submission(FORM_DATA), files: [plan.body.ref] });
    expect(withFiles.status, JSON.stringify(withFiles.body)).to.equal(201);
    const attached = (await h.http().get(`/api/cases/${withFiles.body.id}/files`).set(h.as.clerk.headers)).body.items;
    expect(attached.map((f: { id: string; materialId: string }) => [f.id, f.materialId])).to.deep.equal([[plan.body.id, 'm1']]);
    expectError(await h.http().post('/api/cases').set(h.as.clerk.headers).send({ ...submission(FORM_DATA), files: ['not-a-ref'] }), 400, 'VALIDATION_FAILED');
  });

  it('an online applicant uploads without an account; only an online application referring to the file attaches it', async () => {
    const res = await h.http().post(`/api/public/files?name=${encodeURIComponent('营业执照.png')}&materialId=m1`).type('image/png').send(PNG);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.have.all.keys('id', 'ref', 'materialId', 'name', 'contentType', 'size', 'sha256', 'uploadedAt');
    expectError(await h.http().post('/api/public/files').type('text/html').send('<script>alert(1)</script>'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const formData = { ...FORM_DATA, licence: [{ name: '营业执照.png', ref: res.body.ref }] };
    // A clerk cannot take an applicant's upload into a window case …
    const byClerk = await h.http().post('/api/cases').set(h.as.clerk.headers).send({ itemId: await fileItem(h), regionCode: INSIDE_VILLAGE, channel: 'window', applicant: person(8), formData });
    expectError(byClerk, 422, 'FILE_NOT_AVAILABLE');
    // … the online application does.
    const other = await h.http().post('/api/public/files?materialId=m1').type('application/pdf').send(PDF);
    const online = await submitCase(h.server.context, ONLINE_APPLICANT, { itemId: await fileItem(h), regionCode: INSIDE_VILLAGE, channel: 'online', applicant: person(8), formData, files: [other.body.ref] });
    const files = (await h.http().get(`/api/cases/${online.id}/files`).set(h.as.clerk.headers)).body.items;
    expect(files.map((f: { id: string; uploadedBy: string }) => [f.id, f.uploadedBy])).to.have.deep.members([[res.body.id, 'applicant'], [other.body.id, 'applicant']]);
  });

  it('lets unattached uploads expire after a day', async () => {
    const old = await upload('/api/files', PDF, 'application/pdf');
    await h.server.context.knex('tb_file').where({ id: old.body.id }).update({ uploaded_at: new Date(Date.now() - 25 * 3600_000) });
    const fresh = await upload('/api/files', PDF, 'application/pdf');
    expect(fresh.status).to.equal(201);
    expect(await h.server.context.knex('tb_file').where({ id: old.body.id }).first()).to.equal(undefined);
    expect(await h.server.context.knex('tb_file').where({ id: fresh.body.id }).first('id')).to.deep.equal({ id: fresh.body.id });
  });

  it('an applicant lists and downloads the files of their own case with case number and ID number, and nothing else', async () => {
    const c = await caseWithFile(h, INSIDE_VILLAGE, { applicant: 9 });
    const list = await h.http().post('/api/public/case-files').send({ caseNo: c.caseNo, idNumber: idNumber(9) });
    expect(list.status, JSON.stringify(list.body)).to.equal(200);
    expect(list.body.items).to.have.length(1);
    expect(list.body.items[0]).to.have.all.keys('id', 'ref', 'materialId', 'name', 'contentType', 'size', 'sha256', 'uploadedAt');
    const down = await h.http().post(`/api/public/case-files/${c.fileId}`).send({ caseNo: c.caseNo, idNumber: idNumber(9) }).buffer(true).parse(binary);
    expect(down.status).to.equal(200);
    expect(Buffer.compare(down.body as Buffer, PDF)).to.equal(0);

    expectError(await h.http().post('/api/public/case-files').send({ caseNo: c.caseNo, idNumber: idNumber(1) }), 404, 'CASE_NOT_FOUND');
    expectError(await h.http().post(`/api/public/case-files/${c.fileId}`).send({ caseNo: c.caseNo, idNumber: idNumber(1) }), 404, 'CASE_NOT_FOUND');
    const other = await caseWithFile(h, INSIDE_VILLAGE, { applicant: 9 });
    expectError(await h.http().post(`/api/public/case-files/${other.fileId}`).send({ caseNo: c.caseNo, idNumber: idNumber(9) }), 404, 'FILE_NOT_FOUND');
  });

  it('records uploads in the audit log with their digest, never their bytes', async () => {
    const c = await caseWithFile(h, INSIDE_VILLAGE, { file: false });
    const res = await upload(`/api/cases/${c.id}/files?materialId=m1`, PNG, 'image/png');
    const entry = await h.server.context.knex('tb_audit_log').where({ operation_id: 'uploadCaseFile', target_id: c.id }).first();
    expect(entry).to.not.equal(undefined);
    const text = JSON.stringify(entry);
    expect(text).to.include(res.body.sha256);
    expect(text).not.to.include(PNG.toString('base64').slice(0, 40));
  });

  // Last: it uses up this address's anonymous uploads.
  it('limits anonymous uploads per address (429), whether they succeed or not', async () => {
    let refused: Response | undefined;
    for (let i = 0; i <= PUBLIC_UPLOADS_PER_WINDOW && !refused; i++) {
      const res = await h.http().post('/api/public/files').type('application/pdf').send(PDF);
      if (res.status === 429) refused = res;
      else expect(res.status, JSON.stringify(res.body)).to.equal(201);
    }
    expect(refused, 'refused within the limit').to.not.equal(undefined);
    expectError(refused!, 429, 'TOO_MANY_UPLOADS');
    // Staff uploads are not limited by it.
    expect((await upload('/api/files', PDF, 'application/pdf')).status).to.equal(201);
  });
});
