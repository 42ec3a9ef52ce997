/**
 * 006 — external tasks (pull adapters) and the provincial data-exchange outbox (DESIGN §4).
 *
 * External tasks are the `serviceTask` rows of `tb_job` no in-process handler took; workers
 * fetch and lock them (engine/src/external/). Why it looks the way it does:
 * - `priority` (Camunda's task priority, 0 when nobody set one) and `error_details` (the
 *   worker's stack trace, read separately like Camunda's `errorDetails`, never in listings).
 * - `tb_job_external` answers fetch-and-lock — a topic's unlocked tasks by priority, oldest
 *   first — from the index. Partial: only external tasks without an incident; executable jobs
 *   have their own index (002).
 * - A statement-level trigger sends `NOTIFY tongban_external_tasks` when an insert adds
 *   external tasks, with payload `{"schema": …, "topics": [...]}`, so long-polling workers
 *   wake at commit instead of at their next poll. Unlike far-future timers every new external
 *   task is work for someone now, so the notification is worth its cost. Payloads with too
 *   many topics are sent without them ("wake everyone").
 * - `tb_external_task_done` remembers who completed (or ended with a BPMN error) each external
 *   task and a hash of the request: a repeated completion is told apart from a conflicting one
 *   after the job row is gone (DESIGN §4: a completion arriving twice changes nothing).
 * - `tb_outbox` holds events for the provincial data exchange (省级数据共享交换), written in the
 *   same transaction as the event: instance events by a trigger on `tb_history` (so every
 *   command path is covered without touching the hot path's code), case events by whoever
 *   records the case (runtime-api) through `Outbox.append`. A trigger rather than an engine
 *   hook because it cannot be forgotten by a future command; it copies only the instance's
 *   lifecycle and decided steps, a few rows per case.
 * Every runtime table carries `root_id` where it has an instance (DESIGN §6).
 */
import type { Migration } from './migration.js';

/** Instance events copied to the outbox; spelled out here because a released migration never changes. */
const OUTBOX_TYPES = `('instanceStarted', 'instanceCompleted', 'instanceTerminated', 'instanceWithdrawn', 'instanceSuspended', 'instanceResumed', 'stepCompleted', 'incidentCreated')`;

const UP = [
  `alter table tb_job add column priority integer not null default 0`,
  `alter table tb_job add column error_details text`,
  `create index tb_job_external on tb_job (topic, priority desc, created_at) where kind = 'serviceTask' and incident_id is null`,
  `create function tb_job_notify_external() returns trigger language plpgsql as $$
    declare
      topics jsonb;
      payload text;
    begin
      select jsonb_agg(distinct topic) into topics from inserted_jobs where kind = 'serviceTask';
      if topics is not null then
        payload := jsonb_build_object('schema', tg_table_schema, 'topics', topics)::text;
        if length(payload) > 7000 then
          payload := jsonb_build_object('schema', tg_table_schema, 'topics', null)::text;
        end if;
        perform pg_notify('tongban_external_tasks', payload);
      end if;
      return null;
    end
  $$`,
  `create trigger tb_job_notify_external after insert on tb_job referencing new table as inserted_jobs
    for each statement execute function tb_job_notify_external()`,
  `create table tb_external_task_done (
    id text primary key,
    instance_id text not null,
    root_id text not null,
    topic text not null,
    worker_id text not null,
    outcome text not null,
    request_hash text not null,
    done_at timestamptz not null
  )`,
  `create index tb_external_task_done_at on tb_external_task_done (done_at)`,
  `create table tb_outbox (
    id bigserial primary key,
    source text not null check (source in ('instance', 'case')),
    type text not null,
    aggregate_id text not null,
    instance_id text,
    root_id text,
    data jsonb,
    occurred_at timestamptz not null,
    attempts integer not null default 0,
    next_attempt_at timestamptz,
    locked_by text,
    lock_expires_at timestamptz,
    last_error text,
    delivered_at timestamptz
  )`,
  `create index tb_outbox_pending on tb_outbox (id) where delivered_at is null`,
  `create index tb_outbox_delivered on tb_outbox (delivered_at) where delivered_at is not null`,
  `create function tb_history_outbox() returns trigger language plpgsql as $$
    begin
      insert into tb_outbox (source, type, aggregate_id, instance_id, root_id, data, occurred_at)
        select 'instance', h.type, h.instance_id, h.instance_id, h.root_id,
               jsonb_strip_nulls(jsonb_build_object('elementId', h.element_id, 'userId', h.user_id, 'data', h.data)), h.time
          from new_history h where h.type in ${OUTBOX_TYPES} order by h.id;
      return null;
    end
  $$`,
  `create trigger tb_history_outbox after insert on tb_history referencing new table as new_history
    for each statement execute function tb_history_outbox()`,
];

const DOWN = [
  `drop trigger if exists tb_history_outbox on tb_history`,
  `drop function if exists tb_history_outbox()`,
  `drop table if exists tb_outbox`,
  `drop table if exists tb_external_task_done`,
  `drop trigger if exists tb_job_notify_external on tb_job`,
  `drop function if exists tb_job_notify_external()`,
  `drop index if exists tb_job_external`,
  `alter table tb_job drop column if exists error_details`,
  `alter table tb_job drop column if exists priority`,
];

export const externalTasks006: Migration = {
  name: '006_external_tasks',
  async up(knex) {
    // One statement per call: PGlite's extended query protocol takes a single statement.
    for (const statement of UP) await knex.raw(statement);
  },
  async down(knex) {
    for (const statement of DOWN) await knex.raw(statement);
  },
};
