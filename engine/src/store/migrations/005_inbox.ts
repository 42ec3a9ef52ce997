/**
 * 005 — the inbox's one missing index: delegated tasks by owner.
 *
 * The inbox (`sql.queryInbox`) is a UNION ALL of branches, each answered by one index: assigned
 * to me (`tb_task_assignee_due`, 004), offered to me (GIN `tb_task_candidate_users`, 001),
 * offered to my groups (GIN `tb_task_candidate_groups`, 001) — and delegated away by me
 * (委派: the owner still sees the task). Nothing served that last branch, so every inbox
 * would have scanned the whole table for it. Partial: only pending delegations are ever
 * asked for, and they are a tiny fraction of the tasks.
 */
import type { Migration } from './migration.js';

export const inbox005: Migration = {
  name: '005_inbox',
  async up(knex) {
    await knex.raw(`create index tb_task_owner_pending on tb_task (owner) where delegation_state = 'pending'`);
  },
  async down(knex) {
    await knex.raw('drop index if exists tb_task_owner_pending');
  },
};
