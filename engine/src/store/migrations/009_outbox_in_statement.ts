/**
 * 009 — instance events reach the outbox from the statement that writes the history.
 *
 * 006 copied them with a statement-level trigger on `tb_history`. On PostgreSQL the trigger
 * (PL/pgSQL over a transition table) cost about a third of a command's write statement, the
 * engine's hot path. The copy now rides in the same statement as the history insert
 * (`historyWithOutbox` in sql.ts, the one place every history row is written), so it is still
 * atomic with the event and still cannot be forgotten by a command.
 */
import type { Migration } from './migration.js';

export const outboxInStatement009: Migration = {
  name: '009_outbox_in_statement',
  async up(knex) {
    await knex.raw('drop trigger if exists tb_history_outbox on tb_history');
    await knex.raw('drop function if exists tb_history_outbox()');
  },
  async down(knex) {
    await knex.raw(`create function tb_history_outbox() returns trigger language plpgsql as $$
    begin
      insert into tb_outbox (source, type, aggregate_id, instance_id, root_id, data, occurred_at)
        select 'instance', h.type, h.instance_id, h.instance_id, h.root_id,
               jsonb_strip_nulls(jsonb_build_object('elementId', h.element_id, 'userId', h.user_id, 'data', h.data)), h.time
          from new_history h where h.type in ('instanceStarted', 'instanceCompleted', 'instanceTerminated', 'instanceWithdrawn', 'instanceSuspended', 'instanceResumed', 'stepCompleted', 'incidentCreated') order by h.id;
      return null;
    end
  $$`);
    await knex.raw(`create trigger tb_history_outbox after insert on tb_history referencing new table as new_history
    for each statement execute function tb_history_outbox()`);
  },
};
