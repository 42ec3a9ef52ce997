/** Files to upload in tests (tiny but real: each passes the signature check of its type) and a case to attach them to. */
import JSZip from 'jszip';
import { submitCase } from '../../../runtime-api/src/cases/submit.js';
import { storeUpload } from '../../../runtime-api/src/files/files.js';
import type { Harness } from '../support/harness.js';
import { CASE_PROCESSES, FORM_DATA, person, principal, publishItem } from '../cases/support/fixtures.js';

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0', 'latin1'), Buffer.alloc(64, 0), Buffer.from([0xff, 0xd9])]);

/** An OFD document: a ZIP whose root holds OFD.xml. */
export async function ofd(): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('OFD.xml', '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"/>');
  return zip.generateAsync({ type: 'nodebuffer' });
}

const items = new WeakMap<Harness, Promise<string>>();

/** The harness's item for file tests (materials m1 申请书; the cases fixtures' process), made once. */
export function fileItem(h: Harness): Promise<string> {
  let found = items.get(h);
  if (!found) {
    found = (async () => {
      await h.server.engine.deploy({ name: 'file-cases', resources: CASE_PROCESSES.map((xml, i) => ({ name: `case-${i}.bpmn`, xml })) });
      return publishItem(h.server);
    })();
    items.set(h, found);
  }
  return found;
}

/** A submitted case in `regionCode` for applicant `person(n)`; with `file`, a PDF already attached to material m1. */
export async function caseWithFile(h: Harness, regionCode: string, options: { applicant?: number; file?: boolean } = {}): Promise<{ id: string; caseNo: string; fileId: string | null }> {
  const ctx = h.server.context;
  const c = await submitCase(ctx, await principal(h.server), { itemId: await fileItem(h), regionCode, channel: 'window', applicant: person(options.applicant ?? 1), formData: FORM_DATA });
  const file = options.file === false ? null : await storeUpload(ctx, 'user-admin', { name: '申请书.pdf', contentType: 'application/pdf', materialId: 'm1', body: PDF }, c);
  return { id: c.id, caseNo: c.caseNo, fileId: file?.id ?? null };
}
