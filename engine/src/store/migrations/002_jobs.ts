/**
 * 002 — the job executor (DESIGN §2 jobs/): acquisition index, incidents, wake-up trigger.
 *
 * Why it looks the way it does:
 * - Executable kinds (`timer`, `async`: jobs the engine runs itself, unlike `serviceTask` jobs
 *   that wait for an external worker) always have a `due_at` — the CHECK makes every insert
 *   path say when — so acquisition compares `due_at` directly, without `coalesce`, and the
 *   partial index `tb_job_acquirable` answers "due, oldest first" with an index scan however
 *   many future timers wait (100,000 pending statutory deadlines are normal).
 * - Jobs whose retries ran out carry their open incident's id (`incident_id`) and leave that
 *   index: they are not acquired again until `retryJob` clears it.
 * - `tb_incident` keeps every incident, resolved or not, for supervision and audit; it
 *   carries `root_id` like every runtime table (DESIGN §6).
 * - A statement-level trigger sends `NOTIFY tongban_jobs` when an insert adds an executable
 *   job due within a minute: whatever inserted it (a command, a bulk load), executors wake at
 *   commit instead of at their next poll. Jobs due later are found by polling; notifying for
 *   them would only serialise commits on PostgreSQL's notification queue lock. The payload
 *   is `<schema> <due epoch ms>` so that executors of other schemas on the same database
 *   ignore it.
 * - A row trigger resolves a job's open incident when the job is deleted (its instance was
 *   terminated, its scope ended): an incident of a job that no longer exists is not open.
 *   Its `WHEN` clause keeps the function call off the hot path of every other job deletion.
 *   Triggers use database time (`now()`), not the engine's clock.
 *
 * The kind list is spelled out here on purpose: a migration must never change once released.
 * `EXECUTABLE_JOB_KINDS` in `store/sql.ts` must stay within it (a test checks the index is used).
 */
import type { Migration } from './migration.js';

const EXECUTABLE = `('timer', 'async')`;

const STATEMENTS_UP = [
  `alter table tb_job add column incident_id text`,
  `update tb_job set due_at = created_at where kind in ${EXECUTABLE} and due_at is null`,
  `alter table tb_job add constraint tb_job_executable_due check (kind not in ${EXECUTABLE} or due_at is not null)`,
  `create index tb_job_acquirable on tb_job (due_at) where kind in ${EXECUTABLE} and incident_id is null`,
  `create table tb_incident (
    id text primary key,
    job_id text not null,
    job_kind text not null,
    instance_id text not null,
    root_id text not null,
    element_id text not null,
    message text not null,
    created_at timestamptz not null,
    resolved_at timestamptz,
    resolution text
  )`,
  `create index tb_incident_instance_id on tb_incident (instance_id, created_at)`,
  `create index tb_incident_open on tb_incident (created_at) where resolved_at is null`,
  `create index tb_incident_job_id on tb_incident (job_id)`,
  `create function tb_job_notify() returns trigger language plpgsql as $$
    declare
      first_due timestamptz;
    begin
      select min(due_at) into first_due from inserted_jobs
        where kind in ${EXECUTABLE} and due_at <= now() + interval '60 seconds';
      if first_due is not null then
        perform pg_notify('tongban_jobs', tg_table_schema || ' ' || floor(extract(epoch from first_due) * 1000)::bigint);
      end if;
      return null;
    end
  $$`,
  `create trigger tb_job_notify after insert on tb_job referencing new table as inserted_jobs
    for each statement execute function tb_job_notify()`,
  `create function tb_job_resolve_incident() returns trigger language plpgsql as $$
    begin
      update tb_incident set resolved_at = now(), resolution = 'jobDeleted'
        where id = old.incident_id and resolved_at is null;
      return null;
    end
  $$`,
  `create trigger tb_job_resolve_incident after delete on tb_job
    for each row when (old.incident_id is not null) execute function tb_job_resolve_incident()`,
];

const STATEMENTS_DOWN = [
  `drop trigger if exists tb_job_resolve_incident on tb_job`,
  `drop function if exists tb_job_resolve_incident()`,
  `drop trigger if exists tb_job_notify on tb_job`,
  `drop function if exists tb_job_notify()`,
  `drop table if exists tb_incident`,
  `drop index if exists tb_job_acquirable`,
  `alter table tb_job drop constraint if exists tb_job_executable_due`,
  `alter table tb_job drop column if exists incident_id`,
];

export const jobs002: Migration = {
  name: '002_jobs',
  async up(knex) {
    // One statement per call: PGlite's extended query protocol takes a single statement.
    for (const sql of STATEMENTS_UP) await knex.raw(sql);
  },
  async down(knex) {
    for (const sql of STATEMENTS_DOWN) await knex.raw(sql);
  },
};
