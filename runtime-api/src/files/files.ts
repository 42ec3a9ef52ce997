/**
 * Uploaded files (申请材料的电子件): stored with their SHA-256 digest and uploader, attached to a
 * case and to one of its item's materials. Two ways in:
 * - to a running case (`POST /api/cases/{id}/files`): attached at once, the material checked
 *   against the case's item version;
 * - before the case exists (`POST /api/files`, the online hall or the window): kept unattached
 *   for its uploader, then attached when a submission's form data refers to it as
 *   `{ name, ref: "file:<id>" }` — in the submission's own transaction, so a failed submission
 *   leaves the file unattached. Unattached files expire after a day.
 * Reading is the case's business: staff by the case's region (route table), applicants by case
 * number and ID number (public routes).
 */
import { randomUUID } from 'node:crypto';
import { getVersionById } from '../catalog/store.js';
import { nowOf } from '../cases/common.js';
import { OPEN_STATUSES, type CaseRow } from '../cases/model.js';
import { requireStatus } from '../cases/common.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import type { Knex } from 'knex';
import { checkContent, cleanFileName } from './content.js';
import { attachableFiles, attachFiles, deleteExpiredUploads, type FileRow, insertFile } from './store.js';

export const FILE_REF_PREFIX = 'file:';

export interface Upload {
  readonly name?: string;
  readonly contentType: string;
  readonly materialId?: string;
  readonly body: unknown;
}

export async function storeUpload(ctx: AppContext, uploadedBy: string, upload: Upload, target?: CaseRow): Promise<FileRow> {
  const { type, bytes, sha256 } = await checkContent(upload.contentType, upload.body);
  const now = nowOf(ctx);
  if (target) {
    requireStatus(target, 'add files', OPEN_STATUSES);
    if (upload.materialId !== undefined) await requireMaterial(ctx, target, upload.materialId);
  }
  const file: FileRow = {
    id: randomUUID(),
    caseId: target?.id ?? null,
    materialId: upload.materialId ?? null,
    name: cleanFileName(upload.name, type),
    contentType: type,
    size: bytes.length,
    sha256,
    uploadedBy,
    uploadedAt: now,
  };
  await insertFile(ctx.knex, { ...file, content: bytes });
  if (!target) await deleteExpiredUploads(ctx.knex, now);
  return file;
}

async function requireMaterial(ctx: AppContext, c: CaseRow, materialId: string): Promise<void> {
  const version = await getVersionById(ctx.knex, c.itemVersionId);
  const materials = [...(version?.data.materials ?? []), ...(version?.data.situations ?? []).flatMap((s) => s.materials)];
  if (!materials.some((m) => m.id === materialId)) {
    throw new ApiError(422, 'UNKNOWN_MATERIAL', `Item ${c.implCode} asks for no material ${materialId}.`, { materialId, known: materials.map((m) => m.id) });
  }
}

/** Every `file:<id>` reference in form data (a file field's `[{ name, ref }]`, wherever it sits). */
export function fileRefs(data: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(data)) for (const v of data) fileRefs(v, found);
  else if (data !== null && typeof data === 'object') {
    const ref = (data as { ref?: unknown }).ref;
    if (typeof ref === 'string' && ref.startsWith(FILE_REF_PREFIX)) found.add(ref.slice(FILE_REF_PREFIX.length));
    for (const v of Object.values(data)) fileRefs(v, found);
  }
  return found;
}

/** Attaches the uploads a submission refers to (anywhere in `refsIn`) to the new case, inside its transaction; 422 if one is not the submitter's to attach. */
export async function attachSubmissionFiles(trx: Knex.Transaction, submittedBy: string, refsIn: unknown, caseId: string, at: Date): Promise<void> {
  const ids = [...fileRefs(refsIn)];
  const attachable = new Set((await attachableFiles(trx, ids, submittedBy)).map((f) => f.id));
  const missing = ids.filter((id) => !attachable.has(id));
  if (missing.length) {
    throw new ApiError(422, 'FILE_NOT_AVAILABLE', 'The form refers to files that do not exist, have expired, belong to another case or were uploaded by someone else; upload them again.', {
      refs: missing.map((id) => `${FILE_REF_PREFIX}${id}`),
    });
  }
  await attachFiles(trx, ids, caseId, at);
}

/** For applicants: not the case id or who uploaded it (staff ids are not their business). */
export function publicFileJson(f: FileRow) {
  return {
    id: f.id,
    ref: `${FILE_REF_PREFIX}${f.id}`,
    materialId: f.materialId,
    name: f.name,
    contentType: f.contentType,
    size: f.size,
    sha256: f.sha256,
    uploadedAt: f.uploadedAt.toISOString(),
  };
}

export function fileJson(f: FileRow) {
  return { ...publicFileJson(f), caseId: f.caseId, uploadedBy: f.uploadedBy };
}
