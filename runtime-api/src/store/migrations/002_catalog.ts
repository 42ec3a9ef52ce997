/**
 * 002 — the catalogue (事项库): service items, their versions, and pinned form versions.
 *
 * - `tb_item` is the item's identity: codes, region and level never change after creation
 *   (a case number and the statistics key on them); name, type and department follow the
 *   published version (or the first draft until something is published).
 * - `tb_item_version` is one version's content (`data`, see `catalog/types.ts`) and its
 *   lifecycle draft → in_review → published → retired. The partial unique indexes are the
 *   rules "at most one published version" and "at most one version being edited or reviewed"
 *   per item, enforced by the database so two publishers racing cannot both win.
 * - A version pins its process definition (`process_definition_id`, the engine's `key:version`)
 *   and its form (`form_version_id`) when it is submitted for review, so reviewers approve
 *   exactly what will be published. No foreign key to the engine's definition table: the
 *   engine owns it.
 * - `tb_form_version` holds immutable form definitions (the forms package caches validators by
 *   `id@version`, so a published version must never change).
 * - Templates (应规整下级事项): `is_template` marks an upper-level item; derived items point to
 *   it with `template_id`, keep their parameter values in `template_params` and record which
 *   template version they were made from in `template_version_id`, which is how upgrades are
 *   offered.
 */
import type { Migration } from './migration.js';

const UP = [
  `create table tb_item (
    id text primary key,
    base_code text not null,
    impl_code text not null unique,
    name text not null,
    item_type text not null,
    department_id text not null references tb_department (id),
    region_code text not null references tb_region (code),
    level text not null check (level in ('province', 'city', 'county', 'town', 'village')),
    is_template boolean not null default false,
    template_id text references tb_item (id),
    template_params jsonb,
    created_by text,
    created_at timestamptz not null default now()
  )`,
  `create index tb_item_region on tb_item (region_code text_pattern_ops)`,
  `create index tb_item_template on tb_item (template_id) where template_id is not null`,
  `create index tb_item_base_code on tb_item (base_code)`,
  `create table tb_form_version (
    id text primary key,
    form_id text not null,
    version integer not null check (version > 0),
    definition jsonb not null,
    created_at timestamptz not null default now(),
    unique (form_id, version)
  )`,
  `create table tb_item_version (
    id text primary key,
    item_id text not null references tb_item (id) on delete cascade,
    version integer not null check (version > 0),
    status text not null check (status in ('draft', 'in_review', 'published', 'retired')),
    data jsonb not null,
    process_definition_id text,
    form_version_id text references tb_form_version (id),
    field_permissions jsonb not null default '{}'::jsonb,
    template_version_id text references tb_item_version (id),
    created_by text not null,
    created_at timestamptz not null default now(),
    updated_by text,
    updated_at timestamptz not null default now(),
    submitted_by text,
    submitted_at timestamptz,
    review_decision text check (review_decision in ('approved', 'rejected')),
    reviewed_by text,
    review_comment text,
    reviewed_at timestamptz,
    published_by text,
    published_at timestamptz,
    retired_at timestamptz,
    unique (item_id, version)
  )`,
  `create unique index tb_item_version_one_published on tb_item_version (item_id) where status = 'published'`,
  `create unique index tb_item_version_one_open on tb_item_version (item_id) where status in ('draft', 'in_review')`,
  `create index tb_item_version_status on tb_item_version (status)`,
];

const DOWN = ['tb_item_version', 'tb_form_version', 'tb_item'];

export const catalog002: Migration = {
  name: '002_catalog',
  async up(knex) {
    for (const statement of UP) await knex.raw(statement);
  },
  async down(knex) {
    for (const table of DOWN) await knex.raw(`drop table if exists ${table}`);
  },
};
