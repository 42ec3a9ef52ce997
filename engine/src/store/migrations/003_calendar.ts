/**
 * 003 — the business calendar's administered years.
 *
 * The statutory holidays and 调休 workdays ship with the engine (seeded from `chinese-days`);
 * an administrator enters a year from the State Council's notice (next year's, or a
 * correction). One row per administered year replaces the seed's entries for that year as a
 * whole — a notice is published per year, so a year is the unit of change, of review and of
 * audit (who entered it, when). Entries are `{ date: 'YYYY-MM-DD', kind, name }` as text:
 * a date is a local day, never an instant.
 */
import type { Migration } from './migration.js';

export const calendar003: Migration = {
  name: '003_calendar',
  async up(knex) {
    await knex.raw(`create table tb_calendar_year (
      year integer primary key check (year between 1949 and 2200),
      entries jsonb not null,
      updated_at timestamptz not null,
      updated_by text
    )`);
  },
  async down(knex) {
    await knex.raw('drop table if exists tb_calendar_year');
  },
};
