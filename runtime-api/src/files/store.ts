/** Every SQL statement on uploaded files (`tb_file`, migration 005). `content` is read only to download. */
import type { Knex } from 'knex';

type Db = Knex | Knex.Transaction;
type Rec = Record<string, unknown>;

export interface FileRow {
  readonly id: string;
  readonly caseId: string | null;
  readonly materialId: string | null;
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly uploadedBy: string;
  readonly uploadedAt: Date;
}

/** Unattached uploads older than this are deleted: enough to fill in an application, not a store for strangers. */
export const UNATTACHED_TTL_HOURS = 24;

const COLUMNS = 'id, case_id, material_id, file_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at';
const fromDb = (r: Rec): FileRow => ({
  id: String(r.id),
  caseId: r.case_id == null ? null : String(r.case_id),
  materialId: r.material_id == null ? null : String(r.material_id),
  name: String(r.file_name),
  contentType: String(r.content_type),
  size: Number(r.size_bytes),
  sha256: String(r.sha256),
  uploadedBy: String(r.uploaded_by),
  uploadedAt: r.uploaded_at instanceof Date ? r.uploaded_at : new Date(String(r.uploaded_at)),
});

async function rows(db: Db, sql: string, bindings: readonly unknown[]): Promise<Rec[]> {
  return (await db.raw<{ rows: Rec[] }>(sql, bindings as Knex.RawBinding[])).rows;
}

export async function insertFile(db: Db, file: FileRow & { content: Buffer }): Promise<void> {
  await db.raw(
    `insert into tb_file (id, case_id, material_id, file_name, content_type, size_bytes, sha256, content, uploaded_by, uploaded_at, attached_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [file.id, file.caseId, file.materialId, file.name, file.contentType, file.size, file.sha256, file.content, file.uploadedBy, file.uploadedAt, file.caseId ? file.uploadedAt : null],
  );
}

export async function getFile(db: Db, id: string): Promise<FileRow | undefined> {
  const [row] = await rows(db, `select ${COLUMNS} from tb_file where id = ?`, [id]);
  return row && fromDb(row);
}

export async function fileContent(db: Db, id: string): Promise<Buffer | undefined> {
  const [row] = await rows(db, 'select content from tb_file where id = ?', [id]);
  return row ? Buffer.from(row.content as Uint8Array) : undefined;
}

export async function listCaseFiles(db: Db, caseId: string): Promise<FileRow[]> {
  return (await rows(db, `select ${COLUMNS} from tb_file where case_id = ? order by uploaded_at, id`, [caseId])).map(fromDb);
}

/** Of these ids, the unattached files this uploader may still attach (locked until the transaction ends). */
export async function attachableFiles(db: Db, ids: readonly string[], uploadedBy: string): Promise<FileRow[]> {
  if (ids.length === 0) return [];
  return (await rows(db, `select ${COLUMNS} from tb_file where id = any(?::text[]) and case_id is null and uploaded_by = ? for update`, [ids, uploadedBy])).map(fromDb);
}

export async function attachFiles(db: Db, ids: readonly string[], caseId: string, at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.raw('update tb_file set case_id = ?, attached_at = ? where id = any(?::text[]) and case_id is null', [caseId, at, [...ids]]);
}

export async function deleteExpiredUploads(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - UNATTACHED_TTL_HOURS * 3600_000);
  const result = await db.raw<{ rowCount: number | null }>('delete from tb_file where case_id is null and uploaded_at < ?', [cutoff]);
  return result.rowCount ?? 0;
}
