/**
 * 001 — the server's own tables, beside the engine's in the same database (and schema).
 *
 * - Regions are keyed by their statutory code (行政区划代码); the level follows from its
 *   length (2 province, 4 city, 6 county, 9 town, 12 village) and the parent is the nearest
 *   shorter prefix. `text_pattern_ops` indexes make the scope rule (`code like '440106001%'`)
 *   an index range scan.
 * - Users are never deleted (history names them); they are disabled. A user's region and an
 *   `admin` role assignment may be null: an administrator reaches every region, and the first
 *   administrator of an empty production database has no region to belong to yet.
 * - `tb_instance_scope` gives every top-level instance started through the API its region and
 *   department. It is a column, not a process variable, so that nobody can move a case to
 *   another region by setting a variable. No foreign key to the engine's `tb_instance`: the
 *   engine owns that table, and both are keyed (and later distributed) by instance id.
 */
import type { Migration } from './migration.js';

export const ROLES = ['admin', 'editor', 'reviewer', 'townEditor', 'clerk', 'approver', 'supervisor'] as const;

const UP = [
  `create table tb_region (
    code text primary key check (code ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$'),
    name text not null,
    level text not null check (level in ('province', 'city', 'county', 'town', 'village')),
    parent_code text references tb_region (code),
    created_at timestamptz not null default now()
  )`,
  `create index tb_region_parent on tb_region (parent_code)`,
  `create index tb_region_code_prefix on tb_region (code text_pattern_ops)`,
  `create table tb_department (
    id text primary key check (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    name text not null,
    region_code text not null references tb_region (code),
    created_at timestamptz not null default now()
  )`,
  `create index tb_department_region on tb_department (region_code)`,
  `create table tb_user (
    id text primary key,
    username text not null unique,
    display_name text not null,
    password_hash text not null,
    region_code text references tb_region (code),
    department_id text references tb_department (id),
    disabled boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index tb_user_department on tb_user (department_id)`,
  `create table tb_role_assignment (
    id bigserial primary key,
    user_id text not null references tb_user (id) on delete cascade,
    role text not null check (role in (${ROLES.map((r) => `'${r}'`).join(', ')})),
    region_code text references tb_region (code),
    check (region_code is not null or role = 'admin')
  )`,
  `create unique index tb_role_assignment_unique on tb_role_assignment (user_id, role, coalesce(region_code, ''))`,
  `create index tb_role_assignment_role on tb_role_assignment (role)`,
  `create table tb_api_key (
    id text primary key,
    name text not null,
    department_id text not null references tb_department (id),
    secret_hash text not null,
    created_by text,
    created_at timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at timestamptz
  )`,
  `create table tb_instance_scope (
    instance_id text primary key,
    region_code text,
    department_id text,
    started_by text,
    created_at timestamptz not null default now()
  )`,
  `create index tb_instance_scope_region on tb_instance_scope (region_code text_pattern_ops)`,
];

const DOWN = ['tb_instance_scope', 'tb_api_key', 'tb_role_assignment', 'tb_user', 'tb_department', 'tb_region'];

export const identity001: Migration = {
  name: '001_identity',
  async up(knex) {
    for (const statement of UP) await knex.raw(statement);
  },
  async down(knex) {
    for (const table of DOWN) await knex.raw(`drop table if exists ${table}`);
  },
};
