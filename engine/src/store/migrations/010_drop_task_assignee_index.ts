/**
 * 010 — one index fewer to maintain on every task write.
 *
 * `tb_task_assignee (assignee)` of 001 is a prefix of `tb_task_assignee_due (assignee, due_at,
 * id)` of 004, which answers every lookup by assignee (equality on the first column) as well.
 * Each task insert kept both up to date: tasks are written by nearly every command, ten indexes
 * per row before this, nine after.
 */
import type { Migration } from './migration.js';

export const dropTaskAssigneeIndex010: Migration = {
  name: '010_drop_task_assignee_index',
  async up(knex) {
    await knex.raw('drop index if exists tb_task_assignee');
  },
  async down(knex) {
    await knex.raw('create index if not exists tb_task_assignee on tb_task (assignee)');
  },
};
