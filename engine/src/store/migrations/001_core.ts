/**
 * 001 — the core tables: definitions, instances and their projections, history.
 *
 * Why it looks the way it does:
 * - The instance row holds the whole runtime state as jsonb; tasks, jobs and subscriptions are
 *   projections of that state, kept only so they can be queried and indexed. A command locks
 *   one instance row, so no cross-instance transaction or join is ever needed (DESIGN §6).
 * - Every runtime and history table carries `root_id` (the top-level instance of a call
 *   activity tree) so the tables can later be distributed and co-located by it (Citus).
 * - No foreign keys on runtime tables: they would cost a lookup on every hot-path insert and
 *   cannot cross shards. The engine writes them consistently in one transaction instead.
 * - Ids are text: the engine makes them (UUIDs, or ids derived from the instance id) before
 *   it touches the database, so one command needs no round trip to learn them.
 */
import type { Migration } from './migration.js';

const STATEMENTS_UP = [
  `create table tb_deployment (
    id text primary key,
    name text not null,
    created_at timestamptz not null
  )`,
  `create table tb_definition (
    id text primary key,
    key text not null,
    version integer not null,
    name text,
    deployment_id text not null references tb_deployment (id),
    resource text not null,
    xml text not null,
    hash text not null,
    created_at timestamptz not null,
    unique (key, version)
  )`,
  `create table tb_instance (
    id text primary key,
    root_id text not null,
    parent_id text,
    parent_token_id text,
    definition_id text not null,
    process_key text not null,
    business_key text,
    status text not null,
    state jsonb not null,
    started_at timestamptz not null,
    ended_at timestamptz,
    rev integer not null default 0
  )`,
  `create index tb_instance_business_key on tb_instance (business_key)`,
  `create index tb_instance_parent_id on tb_instance (parent_id)`,
  `create index tb_instance_process_key_status on tb_instance (process_key, status)`,
  `create index tb_instance_root_id on tb_instance (root_id)`,
  `create table tb_task (
    id text primary key,
    instance_id text not null,
    root_id text not null,
    definition_id text not null,
    process_key text not null,
    element_id text not null,
    name text,
    token_id text not null,
    assignee text,
    candidate_users text[] not null default '{}',
    candidate_groups text[] not null default '{}',
    business_key text,
    created_at timestamptz not null,
    due_at timestamptz,
    priority integer not null default 50
  )`,
  `create index tb_task_instance_id on tb_task (instance_id)`,
  `create index tb_task_assignee on tb_task (assignee)`,
  `create index tb_task_candidate_groups on tb_task using gin (candidate_groups)`,
  `create index tb_task_candidate_users on tb_task using gin (candidate_users)`,
  `create table tb_job (
    id text primary key,
    instance_id text not null,
    root_id text not null,
    kind text not null,
    topic text not null,
    element_id text not null,
    token_id text not null,
    script text,
    created_at timestamptz not null,
    due_at timestamptz,
    locked_by text,
    lock_expires_at timestamptz,
    retries integer,
    error_message text
  )`,
  `create index tb_job_topic on tb_job (topic)`,
  `create index tb_job_instance_id on tb_job (instance_id)`,
  `create table tb_subscription (
    id text primary key,
    instance_id text not null,
    root_id text not null,
    kind text not null,
    name text not null,
    correlation_key text,
    element_id text not null,
    token_id text not null,
    created_at timestamptz not null
  )`,
  `create index tb_subscription_kind_name_key on tb_subscription (kind, name, correlation_key)`,
  `create index tb_subscription_instance_id on tb_subscription (instance_id)`,
  `create table tb_history (
    id bigserial primary key,
    instance_id text not null,
    root_id text not null,
    type text not null,
    element_id text,
    element_type text,
    token_id text,
    task_id text,
    user_id text,
    data jsonb,
    time timestamptz not null
  )`,
  `create index tb_history_instance_id on tb_history (instance_id, id)`,
  `create index tb_history_task_id on tb_history (task_id) where task_id is not null`,
];

const TABLES = ['tb_history', 'tb_subscription', 'tb_job', 'tb_task', 'tb_instance', 'tb_definition', 'tb_deployment'];

export const core001: Migration = {
  name: '001_core',
  async up(knex) {
    // One statement per call: PGlite's extended query protocol takes a single statement.
    for (const sql of STATEMENTS_UP) await knex.raw(sql);
  },
  async down(knex) {
    for (const table of TABLES) await knex.raw(`drop table if exists ${table}`);
  },
};
