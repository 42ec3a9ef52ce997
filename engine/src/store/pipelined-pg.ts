/**
 * Fewer round trips per command on PostgreSQL (DESIGN §2: a command's cost is mostly round
 * trips). A command is BEGIN, one locking read, one write, COMMIT: four round trips with
 * knex's transactions. This knex client sends the same statements in two, using the extended
 * protocol's pipelining (several Parse/Bind/Execute before one Sync):
 *
 * - `BEGIN` is not sent on its own: it travels in front of the transaction's first statement;
 * - a statement marked with {@link COMMIT_AFTER} carries `COMMIT` behind it, and knex's own
 *   `COMMIT` that follows is then answered locally.
 *
 * The server still runs exactly BEGIN; statement; …; COMMIT in order, so locking and atomicity
 * are what they were: if the marked statement fails, the server skips the COMMIT (the
 * transaction is aborted) and knex's ROLLBACK follows as usual. Statements may also carry a
 * prepared-statement name ({@link PREPARED}) so the server parses and plans them once per
 * connection.
 */
import { createRequire } from 'node:module';
import pg from 'pg';
import type { Knex } from 'knex';

const require = createRequire(import.meta.url);
// knex ships its PostgreSQL dialect as CommonJS without typings of its internals.
const ClientPg = require('knex/lib/dialects/postgres/index.js') as new (config: Knex.Config) => KnexPgClient;

interface KnexPgClient {
  _query(connection: pg.Client, obj: KnexQuery): Promise<KnexQuery>;
}

interface KnexQuery {
  sql: string;
  bindings?: unknown[];
  options?: Record<string, unknown>;
  response?: unknown;
}

/** Raw query option: send `COMMIT` in the same round trip, right after this statement. */
export const COMMIT_AFTER = 'tongbanCommitAfter';
/** Raw query option: prepare this statement under this name (per connection, once). */
export const PREPARED = 'name';

interface ConnectionState {
  /** knex said BEGIN; the server has not heard it yet. */
  beginPending: boolean;
  /** Between knex's BEGIN and its COMMIT or ROLLBACK. */
  inTransaction: boolean;
  /** The transaction's COMMIT went with its last write; knex's COMMIT is answered locally. */
  committed: boolean;
}

const states = new WeakMap<pg.Client, ConnectionState>();

function stateOf(connection: pg.Client): ConnectionState {
  let state = states.get(connection);
  if (!state) states.set(connection, (state = { beginPending: false, inTransaction: false, committed: false }));
  return state;
}

/** What knex expects back from a statement the server never saw. */
function localResult(obj: KnexQuery, command: string): KnexQuery {
  obj.response = { command, rowCount: null, rows: [], fields: [] };
  return obj;
}

type PgConnection = {
  parse(msg: { text: string; name?: string; types?: unknown[] }): void;
  bind(msg: { statement?: string; portal?: string; values?: unknown[] }): void;
  execute(msg: { portal?: string; rows?: number }): void;
  sync(): void;
};

/**
 * One statement with `BEGIN` in front and/or `COMMIT` behind, in one round trip. pg's Query
 * collects one result per executed statement; the callback receives the main statement's.
 */
class PipelinedQuery extends pg.Query {
  constructor(
    config: pg.QueryConfig,
    private readonly begin: boolean,
    private readonly commit: boolean,
    callback: (err: Error | null, result?: pg.QueryResult) => void,
  ) {
    super({ ...config, queryMode: 'extended' } as pg.QueryConfig, undefined, ((err: Error | null, results?: pg.QueryResult | pg.QueryResult[]) => {
      if (err) return callback(err);
      callback(null, Array.isArray(results) ? results[begin ? 1 : 0] : results);
    }) as never);
  }

  prepare(connection: PgConnection): void {
    if (this.begin) sendSimple(connection, 'BEGIN');
    (pg.Query.prototype as unknown as { prepare(c: PgConnection): void }).prepare.call(this, connection);
  }

  /** Called by `prepare` to execute the portal and sync; COMMIT goes in between. */
  _getRows(connection: PgConnection, rows?: number): void {
    connection.execute({ portal: '', ...(rows ? { rows } : {}) });
    if (this.commit) sendSimple(connection, 'COMMIT');
    connection.sync();
  }
}

function sendSimple(connection: PgConnection, text: string): void {
  connection.parse({ text });
  connection.bind({});
  connection.execute({});
}

/** knex's `pg` client with transactions pipelined as described above. */
export class PipelinedPgClient extends ClientPg {
  override async _query(connection: pg.Client, obj: KnexQuery): Promise<KnexQuery> {
    const state = stateOf(connection);
    const text = obj.sql;
    if (text === 'BEGIN;') {
      Object.assign(state, { beginPending: true, inTransaction: true, committed: false });
      return localResult(obj, 'BEGIN');
    }
    // knex ends a top-level transaction with exactly these (savepoints use other words).
    const ending = text === 'COMMIT;' || text === 'ROLLBACK';
    if (ending && (state.committed || state.beginPending)) {
      // Committed with the last write already, or nothing was ever sent: nothing to end. (A
      // ROLLBACK after a committed write cannot happen: only a command's final write is marked.)
      Object.assign(state, { beginPending: false, inTransaction: false, committed: false });
      return localResult(obj, text === 'COMMIT;' ? 'COMMIT' : 'ROLLBACK');
    }
    if (ending) state.inTransaction = false;
    const options = obj.options ?? {};
    if (!state.beginPending && !(options[COMMIT_AFTER] === true && state.inTransaction)) {
      refuseAfterCommit(state, text);
      return super._query(connection, obj);
    }
    obj.response = await pipelined(connection, text, obj.bindings ?? [], options);
    return obj;
  }
}

function refuseAfterCommit(state: ConnectionState, text: string): void {
  // A statement after the piggybacked COMMIT would run outside the transaction.
  if (state.committed) throw new Error(`Internal error: statement after the transaction was committed: ${text.slice(0, 80)}`);
}

/** Sends one statement with the pending BEGIN in front and, if asked, COMMIT behind. */
async function pipelined(connection: pg.Client, text: string, values: readonly unknown[], options: Record<string, unknown>): Promise<pg.QueryResult> {
  const state = stateOf(connection);
  refuseAfterCommit(state, text);
  // Outside a transaction there is nothing to commit (a test may write with the bare knex).
  const commit = options[COMMIT_AFTER] === true && state.inTransaction;
  const begin = state.beginPending;
  state.beginPending = false;
  const config: pg.QueryConfig = { text, values: values as unknown[] };
  if (typeof options[PREPARED] === 'string') config.name = options[PREPARED];
  const response = await new Promise<pg.QueryResult>((resolve, reject) => {
    connection.query(new PipelinedQuery(config, begin, commit, (err, result) => (err ? reject(err) : resolve(result!))));
  });
  if (commit) state.committed = true;
  return response;
}

/** knex's connection pool, as the client exposes it. */
interface PooledClient {
  acquireConnection(): Promise<pg.Client>;
  releaseConnection(connection: pg.Client): Promise<unknown>;
}

/** What the hot statements need of a knex instance or transaction. */
interface KnexLike {
  readonly client: unknown;
  readonly isTransaction?: boolean;
  isCompleted?(): boolean;
}

/**
 * Runs a statement straight on the connection, past knex's per-statement machinery (builder,
 * runner, binding positions), which costs about as much Node CPU as the round trip itself.
 * Only for knex instances and transactions of {@link PipelinedPgClient}: returns undefined
 * for any other client (a knex instance an embedding program built itself), whose callers
 * then go through knex. `sql` uses knex's `?` placeholders (no `??` identifiers, no literal
 * question marks).
 */
export async function directQuery(db: KnexLike, sql: string, values: readonly unknown[], options: Record<string, unknown> = {}): Promise<pg.QueryResult | undefined> {
  const client = db.client as PipelinedPgClient & PooledClient;
  if (!(client instanceof PipelinedPgClient)) return undefined;
  if (db.isTransaction && db.isCompleted?.()) throw new Error(`Transaction query already complete: ${sql.slice(0, 80)}`);
  // In a transaction this is the transaction's own connection; otherwise one from the pool.
  const connection = await client.acquireConnection();
  try {
    return await pipelined(connection, positional(sql), values, options);
  } finally {
    if (!db.isTransaction) await client.releaseConnection(connection);
  }
}

const positionalTexts = new Map<string, string>();

/** knex's `?` placeholders as PostgreSQL's `$1, $2, …`, converted once per statement text. */
function positional(sql: string): string {
  let text = positionalTexts.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
    if (positionalTexts.size >= 1000) positionalTexts.clear();
    positionalTexts.set(sql, text);
  }
  return text;
}

/** Thrown when code on a light transaction reaches for knex itself (see {@link lightTransaction}). */
export class KnexNeededError extends Error {
  constructor(what: string) {
    super(`This transaction has no knex object (a light transaction); "${what}" needs one.`);
    this.name = 'KnexNeededError';
  }
}

/**
 * Runs `work` as one transaction on a pooled connection without building a knex transaction
 * (knex makes a new knex instance per transaction, which costs a command as much Node CPU as
 * its two statements). The `trx` handed to `work` answers only what {@link directQuery}
 * needs; anything else of knex (a builder, `raw`) throws {@link KnexNeededError}, the
 * transaction rolls back whole, and the caller runs the work again the ordinary way.
 * Same pipelining as knex's transactions here: BEGIN goes with the first statement, COMMIT
 * with a statement marked {@link COMMIT_AFTER} or on its own at the end.
 * Returns undefined for a client other than {@link PipelinedPgClient} (a knex instance an
 * embedding program built itself).
 */
export async function lightTransaction<T>(knex: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<{ value: T } | undefined> {
  const client = knex.client as unknown;
  if (!(client instanceof PipelinedPgClient)) return undefined;
  const pool = client as unknown as PooledClient;
  const connection = await pool.acquireConnection();
  const state = stateOf(connection);
  Object.assign(state, { beginPending: true, inTransaction: true, committed: false });
  let completed = false;
  const own = {
    client: Object.create(client, {
      acquireConnection: { value: () => Promise.resolve(connection) },
      releaseConnection: { value: () => Promise.resolve() },
    }) as unknown,
    isTransaction: true,
    isCompleted: () => completed,
  };
  const trx = new Proxy(function light() {}, {
    get: (_target, property) => {
      if (typeof property === 'string' && property in own) return own[property as keyof typeof own];
      if (property === 'then') return undefined; // not a thenable
      throw new KnexNeededError(String(property));
    },
    apply: () => {
      throw new KnexNeededError('a query builder');
    },
  }) as unknown as Knex.Transaction;
  try {
    const value = await work(trx);
    // Nothing sent: nothing to end. Otherwise COMMIT unless it went with the final write.
    if (!state.beginPending && !state.committed) await pipelined(connection, 'COMMIT', [], {});
    return { value };
  } catch (err) {
    if (!state.beginPending && !state.committed) {
      state.inTransaction = false;
      await pipelined(connection, 'ROLLBACK', [], {}).catch(() => undefined);
    }
    throw err;
  } finally {
    completed = true;
    Object.assign(state, { beginPending: false, inTransaction: false, committed: false });
    await pool.releaseConnection(connection);
  }
}
