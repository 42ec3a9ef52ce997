import type { Knex } from 'knex';

/**
 * One numbered schema change. Migrations live in code (not files found by globbing) so they
 * ship inside the bundle and run identically from source, from `dist`, or embedded elsewhere.
 * `name` is recorded in `tb_migrations`; never rename or edit one that has been released —
 * add the next number instead.
 */
export interface Migration {
  readonly name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}
