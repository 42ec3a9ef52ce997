/**
 * 007 — timer start events: jobs that start a new instance of a definition.
 *
 * A `timerStart` job belongs to no instance yet: its `instance_id` and `root_id` hold the id of
 * the definition it starts (the incident of a failing one then names the definition), its
 * `element_id` the timer start event, and `payload` how a cycle goes on (`repeatsLeft`,
 * `interval`). It is executable like `timer` and `async`, so the acquisition index, the due-time
 * check and the wake-up trigger of migration 002 are widened to it.
 */
import type { Migration } from './migration.js';

const notifyFunction = (kinds: string) => `create or replace function tb_job_notify() returns trigger language plpgsql as $$
    declare
      first_due timestamptz;
    begin
      select min(due_at) into first_due from inserted_jobs
        where kind in ${kinds} and due_at <= now() + interval '60 seconds';
      if first_due is not null then
        perform pg_notify('tongban_jobs', tg_table_schema || ' ' || floor(extract(epoch from first_due) * 1000)::bigint);
      end if;
      return null;
    end
  $$`;

const widen = (kinds: string) => [
  `alter table tb_job drop constraint tb_job_executable_due`,
  `alter table tb_job add constraint tb_job_executable_due check (kind not in ${kinds} or due_at is not null)`,
  `drop index tb_job_acquirable`,
  `create index tb_job_acquirable on tb_job (due_at) where kind in ${kinds} and incident_id is null`,
  notifyFunction(kinds),
];

export const timerStart007: Migration = {
  name: '007_timer_start',
  async up(knex) {
    await knex.raw('alter table tb_job add column payload jsonb');
    for (const statement of widen(`('timer', 'async', 'timerStart')`)) await knex.raw(statement);
    await knex.raw('create index tb_job_timer_start on tb_job (topic) where kind = \'timerStart\'');
  },
  async down(knex) {
    await knex.raw(`delete from tb_job where kind = 'timerStart'`);
    await knex.raw('drop index if exists tb_job_timer_start');
    for (const statement of widen(`('timer', 'async')`)) await knex.raw(statement);
    await knex.raw('alter table tb_job drop column if exists payload');
  },
};
