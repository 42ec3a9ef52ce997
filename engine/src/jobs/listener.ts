/**
 * Wake-up by `LISTEN tongban_jobs` (DESIGN §2 jobs/: "where the database has it").
 *
 * PostgreSQL: a dedicated connection outside the knex pool (a pooled connection would be
 * handed to commands, and a LISTEN on it lost), opened with the pool's own settings. If it
 * drops, it is reopened after a pause; meanwhile, and always, the executor also polls, so a
 * lost notification costs latency, never a job.
 *
 * PGlite: the embedded database has LISTEN/NOTIFY within its one connection; we subscribe to
 * its notifications in process. Anything else (a driver without either): polling only.
 *
 * Notifications come from the insert trigger of migration 002 and from `retryJob`.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { Client as PgClient, Notification } from 'pg';
import type { Database } from '../store/database.js';
import * as sql from '../store/sql.js';

/** `(schema, due epoch ms)` of a notification on our channel. */
export type JobNotice = (schema: string, dueMs: number) => void;

interface PgKnexClient {
  acquireRawConnection(): Promise<PgClient>;
  destroyRawConnection(connection: PgClient): Promise<void>;
}

const RECONNECT_MS = 1_000;

export class JobListener {
  private closed = false;
  private client: PgClient | undefined;
  private unsubscribe: (() => void) | undefined;
  private reconnect: NodeJS.Timeout | undefined;

  private constructor(
    private readonly database: Database,
    private readonly onNotice: JobNotice,
    /** Told when the connection came back: notifications may have been missed meanwhile. */
    private readonly onReconnect: () => void,
  ) {}

  /** Starts listening; resolves once listening (or once it failed: polling covers for it). */
  static async open(database: Database, onNotice: JobNotice, onReconnect: () => void): Promise<JobListener> {
    const listener = new JobListener(database, onNotice, onReconnect);
    await listener.connect().catch(() => listener.scheduleReconnect());
    return listener;
  }

  get listening(): boolean {
    return this.client !== undefined || this.unsubscribe !== undefined;
  }

  /** PostgreSQL: the server process of the listening connection (to find it in pg_stat_activity). */
  get backendPid(): number | undefined {
    return (this.client as { processID?: number } | undefined)?.processID;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnect);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners('notification');
      await (this.database.knex.client as PgKnexClient).destroyRawConnection(client).catch(() => undefined);
    }
  }

  private async connect(): Promise<void> {
    if (this.database.dialect === 'pglite') {
      const pglite = (this.database.knex.client as { pglite?: PGlite }).pglite;
      if (!pglite) return;
      await sql.listenJobs(this.database.knex);
      if (this.closed) return;
      this.unsubscribe = pglite.onNotification((channel, payload) => {
        if (channel === sql.JOB_CHANNEL) this.deliver(payload);
      });
      return;
    }
    const knexClient = this.database.knex.client as PgKnexClient;
    const client = await knexClient.acquireRawConnection();
    if (this.closed) {
      await knexClient.destroyRawConnection(client).catch(() => undefined);
      return;
    }
    client.on('notification', (message: Notification) => {
      if (message.channel === sql.JOB_CHANNEL && message.payload !== undefined) this.deliver(message.payload);
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.query(sql.LISTEN_JOBS);
    } catch (error) {
      client.removeAllListeners('notification');
      await knexClient.destroyRawConnection(client).catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await knexClient.destroyRawConnection(client).catch(() => undefined);
      return;
    }
    this.client = client;
  }

  private deliver(payload: string): void {
    const space = payload.lastIndexOf(' ');
    const dueMs = Number(payload.slice(space + 1));
    if (space > 0 && Number.isFinite(dueMs)) this.onNotice(payload.slice(0, space), dueMs);
  }

  private lost(client: PgClient): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.removeAllListeners('notification');
    (this.database.knex.client as PgKnexClient).destroyRawConnection(client).catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnect) return;
    this.reconnect = setTimeout(() => {
      this.reconnect = undefined;
      if (this.closed) return;
      this.connect().then(
        () => this.onReconnect(),
        () => this.scheduleReconnect(),
      );
    }, RECONNECT_MS);
    this.reconnect.unref();
  }
}
