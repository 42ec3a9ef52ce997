/**
 * 005 — the inbox's missing indexes.
 *
 * The inbox (`sql.queryInbox`) is a UNION ALL of branches, each answered by one index: assigned
 * to me (`tb_task_assignee_due`, 004), offered to me by name (GIN `tb_task_candidate_users`,
 * 001), offered to my groups, and delegated away by me (委派: the owner still sees the task).
 *
 * - `tb_task_owner_pending`: nothing served the delegation branch, so every inbox would have
 *   scanned the whole table for it. Partial: only pending delegations are asked for, and they
 *   are a tiny fraction of the tasks.
 * - `tb_task_open_candidate_groups`: the group branch wants only unassigned tasks, but a
 *   claimed task keeps its candidate groups, and claimed tasks are most of a group's open
 *   tasks (they wait in the claimer's list until done). Through the full GIN index of 001 the
 *   inbox visited the heap page of every claimed one only to drop it; the group branch costs
 *   one heap page per hit, so this is the branch's cost. 001's index stays for `queryTasks`,
 *   which does not exclude claimed tasks.
 */
import type { Migration } from './migration.js';

export const inbox005: Migration = {
  name: '005_inbox',
  async up(knex) {
    await knex.raw(`create index tb_task_owner_pending on tb_task (owner) where delegation_state = 'pending'`);
    await knex.raw('create index tb_task_open_candidate_groups on tb_task using gin (candidate_groups) where assignee is null');
  },
  async down(knex) {
    await knex.raw('drop index if exists tb_task_open_candidate_groups');
    await knex.raw('drop index if exists tb_task_owner_pending');
  },
};
