/**
 * 008 — the inbox's commonest branch without heap visits.
 *
 * Most open group tasks are offered to exactly one group (a department's share of a 会签, a
 * window's queue) and to no user by name. For those, a B-tree on the group with the sort
 * columns answers "my groups' tasks, by due date" — and their count — from the index alone
 * (an index-only scan), where the GIN index of 005 must visit one table page per task. Tasks
 * offered to several groups or to named users keep using the GIN indexes.
 */
import type { Migration } from './migration.js';

export const inboxSingleGroup008: Migration = {
  name: '008_inbox_single_group',
  async up(knex) {
    await knex.raw(
      `create index tb_task_single_group on tb_task ((candidate_groups[1]), due_at, id) include (created_at, priority)
        where assignee is null and cardinality(candidate_groups) = 1 and cardinality(candidate_users) = 0`,
    );
  },
  async down(knex) {
    await knex.raw('drop index if exists tb_task_single_group');
  },
};
