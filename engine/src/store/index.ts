/** The persistence layer: open a database, migrate it, and the engine's SQL (DESIGN §2 store/). */
export { openDatabase } from './database.js';
export type { Database, DatabaseOptions } from './database.js';
export { migrate, rollbackAll, appliedMigrations, MIGRATIONS } from './migrations.js';
export type { Migration } from './migrations.js';
export type * from './rows.js';
export { DEFAULT_TASK_PRIORITY } from './rows.js';
export * as sql from './sql.js';
export type { Db, InstanceQuery, InstanceUpdate, TaskQuery } from './sql.js';
