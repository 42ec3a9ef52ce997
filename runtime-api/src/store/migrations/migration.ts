import type { Knex } from 'knex';

/**
 * One numbered schema change of the server's own tables (regions, departments, users, keys,
 * instance scopes). In code, not found by globbing, so it ships inside the bundle. `name` is
 * recorded in `tb_api_migrations`; never rename or edit a released one — add the next number.
 */
export interface Migration {
  readonly name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}
