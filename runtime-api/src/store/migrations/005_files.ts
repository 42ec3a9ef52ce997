/**
 * 005 — uploaded files (申请材料的电子件). The bytes live in the database (`bytea`), not in a
 * folder: a case and its files are backed up, restored and replicated together, every server
 * process sharing one PostgreSQL sees them at once (DESIGN §6), a failed submission rolls its
 * attachment back with it, and the in-memory PGlite of tests and demos needs no disk. Files are
 * small (at most 10 MiB, see files/content.ts); PostgreSQL stores such values out of line
 * (TOAST), so listings that leave `content` out stay cheap.
 *
 * A file is uploaded first and attached to a case later (online hall, window intake) or
 * straight away (a step of a running case). `case_id` is null until then; unattached files
 * expire (files/store.ts). Keyed by its own id; a distributed database would distribute it by
 * `case_id` like the other case tables.
 */
import type { Migration } from './migration.js';

const UP = [
  `create table tb_file (
    id text primary key,
    case_id text references tb_case (id),
    material_id text,
    file_name text not null,
    content_type text not null,
    size_bytes integer not null check (size_bytes > 0),
    sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    content bytea not null,
    uploaded_by text not null,
    uploaded_at timestamptz not null,
    attached_at timestamptz
  )`,
  `create index tb_file_case on tb_file (case_id, uploaded_at)`,
  `create index tb_file_unattached on tb_file (uploaded_at) where case_id is null`,
];

export const files005: Migration = {
  name: '005_files',
  async up(knex) {
    for (const statement of UP) await knex.raw(statement);
  },
  async down(knex) {
    await knex.raw('drop table if exists tb_file');
  },
};
