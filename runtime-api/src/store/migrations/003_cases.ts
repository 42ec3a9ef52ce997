/**
 * 003 — cases (办件), supervision (电子监察) and the audit log.
 *
 * - `tb_case.id` IS the engine instance id of the case's process. A case and its instance are
 *   one thing seen from two sides, so the region rule (`tb_instance_scope`), the route
 *   table's `instance` scope and a distributed database keyed by instance id (DESIGN §6) all
 *   work for cases without another key. No foreign key to the engine's `tb_instance` (the
 *   engine owns it) nor to the catalogue's tables (a case keeps a copy of what the item version
 *   said when it was submitted: limits, online depth, on-site visits — later versions must not
 *   rewrite the statistics of old cases).
 * - `tb_case_serial` hands out case-number serials per region and day with one
 *   `insert … on conflict … do update … returning`: the row lock serialises concurrent
 *   submissions, so two cases never get the same serial.
 * - `tb_case_suspension`: every stop of the clock (补正, 特别程序) with start and end; at most
 *   one open per case (partial unique index), like the engine's single suspended flag.
 * - `tb_case_event`: the case's own timeline (what the applicant may see in a progress lookup).
 * - `tb_case_rating`: one rating per case (primary key), with the follow-up a bad one opens.
 * - `tb_supervision_card`: yellow and red cards, per case (task_id '') or per step; revoked
 *   cards keep their row (history), and a card is never issued twice for the same case, level
 *   and step (unique index), so several servers scanning at once cannot duplicate one.
 * - `tb_audit_log` is append-only (a trigger refuses update and delete) and hash-chained;
 *   `tb_audit_head` is the single row holding the chain's last hash, locked by each append so
 *   concurrent writers line up and the chain never forks.
 */
import type { Migration } from './migration.js';

const UP = [
  `create table tb_case (
    id text primary key,
    case_no text not null unique,
    item_id text not null,
    item_version_id text not null,
    impl_code text not null,
    base_code text not null,
    item_name text not null,
    item_type text not null,
    process_definition_id text not null,
    region_code text not null,
    department_id text not null,
    channel text not null check (channel in ('window', 'online', 'villageAgent')),
    status text not null check (status in ('submitted', 'accepted', 'refused', 'supplement', 'processing', 'concluded', 'withdrawn')),
    resume_status text check (resume_status in ('submitted', 'accepted', 'processing')),
    applicant jsonb not null,
    applicant_id_number text not null,
    agent_id_number text,
    materials jsonb not null default '[]'::jsonb,
    situation_id text,
    immediate boolean not null,
    promised_limit jsonb not null,
    legal_limit jsonb not null,
    online_depth integer not null,
    planned_on_site_visits integer not null,
    on_site_visits integer not null default 0,
    submitted_at timestamptz not null,
    submitted_by text not null,
    accepted_at timestamptz,
    accepted_by text,
    promised_due_at timestamptz,
    legal_due_at timestamptz,
    clock_stopped_at timestamptz,
    stopped_working_days integer not null default 0,
    refusal_reason text,
    decision text check (decision in ('granted', 'denied')),
    result jsonb,
    concluded_at timestamptz,
    concluded_by text,
    handling_working_days integer,
    withdrawn_at timestamptz,
    withdrawal_reason text,
    updated_at timestamptz not null
  )`,
  `create index tb_case_region on tb_case (region_code text_pattern_ops)`,
  `create index tb_case_status on tb_case (status)`,
  `create index tb_case_submitted on tb_case (submitted_at)`,
  `create index tb_case_concluded on tb_case (concluded_at) where concluded_at is not null`,
  `create index tb_case_due on tb_case (promised_due_at) where status in ('accepted', 'processing')`,
  `create table tb_case_serial (
    region_code text not null,
    day date not null,
    last_serial integer not null,
    primary key (region_code, day)
  )`,
  `create table tb_case_suspension (
    id text primary key,
    case_id text not null references tb_case (id),
    kind text not null check (kind in ('supplement', 'hearing', 'testing', 'expertReview')),
    reason text,
    missing_materials jsonb,
    started_at timestamptz not null,
    started_by text not null,
    ended_at timestamptz,
    ended_by text,
    stopped_working_days integer
  )`,
  `create unique index tb_case_suspension_open on tb_case_suspension (case_id) where ended_at is null`,
  `create index tb_case_suspension_case on tb_case_suspension (case_id)`,
  `create table tb_case_event (
    id bigserial primary key,
    case_id text not null references tb_case (id),
    type text not null,
    at timestamptz not null,
    by_user text,
    data jsonb
  )`,
  `create index tb_case_event_case on tb_case_event (case_id, id)`,
  `create table tb_case_rating (
    case_id text primary key references tb_case (id),
    score integer not null check (score between 1 and 5),
    comment text,
    rated_at timestamptz not null,
    follow_up_status text check (follow_up_status in ('open', 'resolved')),
    follow_up_resolution text,
    follow_up_resolved_by text,
    follow_up_resolved_at timestamptz
  )`,
  `create index tb_case_rating_follow_up on tb_case_rating (follow_up_status) where follow_up_status is not null`,
  `create table tb_supervision_card (
    id text primary key,
    case_id text not null references tb_case (id),
    level text not null check (level in ('yellow', 'red')),
    task_id text not null default '',
    element_id text,
    region_code text not null,
    department_id text not null,
    due_at timestamptz not null,
    issued_at timestamptz not null,
    revoked_at timestamptz,
    revoked_by text,
    revoke_reason text
  )`,
  `create unique index tb_supervision_card_once on tb_supervision_card (case_id, level, task_id)`,
  `create index tb_supervision_card_region on tb_supervision_card (region_code text_pattern_ops)`,
  `create table tb_supervision_settings (
    id integer primary key check (id = 1),
    yellow_working_days integer not null check (yellow_working_days between 0 and 30),
    red_overdue_working_days integer not null check (red_overdue_working_days between 0 and 30),
    updated_by text,
    updated_at timestamptz not null default now()
  )`,
  `insert into tb_supervision_settings (id, yellow_working_days, red_overdue_working_days) values (1, 1, 0)`,
  `create table tb_audit_log (
    seq bigint primary key,
    at timestamptz not null,
    actor_id text,
    actor_name text,
    actor_kind text,
    roles text[] not null,
    region_code text,
    operation_id text,
    method text not null,
    path text not null,
    target_id text,
    status integer not null,
    outcome text not null,
    summary jsonb,
    request_id text,
    ip text,
    prev_hash text not null,
    hash text not null
  )`,
  `create index tb_audit_log_region on tb_audit_log (region_code text_pattern_ops)`,
  `create index tb_audit_log_target on tb_audit_log (target_id)`,
  `create index tb_audit_log_at on tb_audit_log (at)`,
  `create table tb_audit_head (
    id integer primary key check (id = 1),
    seq bigint not null,
    hash text not null
  )`,
  `insert into tb_audit_head (id, seq, hash) values (1, 0, '${'0'.repeat(64)}')`,
  `create function tb_audit_log_append_only() returns trigger language plpgsql as $$
   begin
     raise exception 'tb_audit_log is append-only' using errcode = '42501';
   end $$`,
  `create trigger tb_audit_log_no_change before update or delete on tb_audit_log
   for each row execute function tb_audit_log_append_only()`,
];

const DOWN = [
  'drop table if exists tb_audit_head',
  'drop table if exists tb_audit_log',
  'drop function if exists tb_audit_log_append_only',
  'drop table if exists tb_supervision_settings',
  'drop table if exists tb_supervision_card',
  'drop table if exists tb_case_rating',
  'drop table if exists tb_case_event',
  'drop table if exists tb_case_suspension',
  'drop table if exists tb_case_serial',
  'drop table if exists tb_case',
];

export const cases003: Migration = {
  name: '003_cases',
  async up(knex) {
    for (const statement of UP) await knex.raw(statement);
  },
  async down(knex) {
    for (const statement of DOWN) await knex.raw(statement);
  },
};
