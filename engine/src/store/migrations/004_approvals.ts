/**
 * 004 — approvals: who a task belongs to while delegated, and notifications.
 *
 * - `tb_task.owner` is the assignee a delegated task returns to (委派); `delegation_state` is
 *   `pending` while the delegate works on it and `resolved` once handed back.
 * - `tb_task.loop_index`: the position of a signer in a multi-instance approval step
 *   (会签/或签/依次/比例), so work lists can show "2 of 5".
 * - `tb_task (assignee, due_at)` and `(due_at)` serve the inbox's "mine, by due date" page.
 * - `tb_notification` keeps CC (抄送) and reminder notices: one row per recipient user or
 *   group, readable and markable as read; it carries `root_id` like every runtime table.
 */
import type { Migration } from './migration.js';

const UP = [
  `alter table tb_task add column owner text`,
  `alter table tb_task add column delegation_state text check (delegation_state in ('pending', 'resolved'))`,
  `alter table tb_task add column loop_index integer`,
  `create index tb_task_assignee_due on tb_task (assignee, due_at, id)`,
  `create index tb_task_due on tb_task (due_at, id)`,
  `create table tb_notification (
    id text primary key,
    instance_id text not null,
    root_id text not null,
    task_id text,
    element_id text,
    kind text not null check (kind in ('cc', 'reminder')),
    recipient_user text,
    recipient_group text,
    sender text,
    comment text,
    created_at timestamptz not null,
    read_at timestamptz,
    check (recipient_user is not null or recipient_group is not null)
  )`,
  `create index tb_notification_user on tb_notification (recipient_user, created_at) where recipient_user is not null`,
  `create index tb_notification_group on tb_notification (recipient_group, created_at) where recipient_group is not null`,
  `create index tb_notification_instance on tb_notification (instance_id)`,
];

export const approvals004: Migration = {
  name: '004_approvals',
  async up(knex) {
    for (const statement of UP) await knex.raw(statement);
  },
  async down(knex) {
    await knex.raw('drop table if exists tb_notification');
    for (const index of ['tb_task_assignee_due', 'tb_task_due']) await knex.raw(`drop index if exists ${index}`);
    for (const column of ['owner', 'delegation_state', 'loop_index']) await knex.raw(`alter table tb_task drop column if exists ${column}`);
  },
};
