/**
 * 004 — bundles (一件事一次办): several items applied for together in one case.
 *
 * - `tb_item.kind`: `item` (a service item) or `bundle`; fixed at creation like the template flag.
 * - `tb_item_version.composition`: what a bundle version pinned when it was submitted — its
 *   members' published versions (and their processes), the merged materials and situations.
 *   Reviewers approve exactly this; a case of the bundle uses exactly this.
 * - `tb_case.is_bundle`: the case is a bundle's (its members' rows say the rest).
 * - `tb_case_member`: one row per member on a bundle's case — the member's outcome (准予/不予,
 *   certificate and document numbers) recorded on the one case. Keyed by the case (an instance
 *   id), like every case table (DESIGN §6).
 */
import type { Migration } from './migration.js';

const UP = [
  `alter table tb_item add column kind text not null default 'item' check (kind in ('item', 'bundle'))`,
  `alter table tb_item_version add column composition jsonb`,
  `alter table tb_case add column is_bundle boolean not null default false`,
  `create table tb_case_member (
    case_id text not null references tb_case (id),
    position integer not null,
    item_id text not null,
    impl_code text not null,
    item_name text not null,
    item_version_id text not null,
    process_definition_id text not null,
    department_id text not null,
    instance_id text,
    status text not null check (status in ('pending', 'processing', 'concluded', 'withdrawn')),
    decision text check (decision in ('granted', 'denied')),
    result jsonb,
    concluded_at timestamptz,
    primary key (case_id, position)
  )`,
];

const DOWN = ['drop table if exists tb_case_member', 'alter table tb_case drop column if exists is_bundle', 'alter table tb_item_version drop column if exists composition', 'alter table tb_item drop column if exists kind'];

export const bundles004: Migration = {
  name: '004_bundles',
  async up(knex) {
    for (const statement of UP) await knex.raw(statement);
  },
  async down(knex) {
    for (const statement of DOWN) await knex.raw(statement);
  },
};
