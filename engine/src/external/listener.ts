/**
 * `LISTEN tongban_external_tasks` for long-polling workers — the wake-up mechanism of jobs/
 * (listener.ts there) applied to a second channel: a dedicated connection outside the knex pool
 * on PostgreSQL (reopened after a second if it drops), the embedded database's own
 * notifications on PGlite. Polling backs it up, so a lost notification costs latency only.
 * Opened on the first long poll, closed with the engine.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { Client as PgClient, Notification } from 'pg';
import type { Database } from '../store/database.js';
import * as sql from '../store/sql.js';

interface PgKnexClient {
  acquireRawConnection(): Promise<PgClient>;
  destroyRawConnection(connection: PgClient): Promise<void>;
}

/** (schema, topics or null for "any topic"). */
export type TopicNotice = (schema: string, topics: readonly string[] | null) => void;

const RECONNECT_MS = 1_000;

export class ExternalTaskListener {
  private closed = false;
  private client: PgClient | undefined;
  private unsubscribe: (() => void) | undefined;
  private reconnect: NodeJS.Timeout | undefined;

  private constructor(
    private readonly database: Database,
    private readonly onNotice: TopicNotice,
  ) {}

  /** Starts listening; resolves once listening (or once it failed: polling covers for it). */
  static async open(database: Database, onNotice: TopicNotice): Promise<ExternalTaskListener> {
    const listener = new ExternalTaskListener(database, onNotice);
    await listener.connect().catch(() => listener.scheduleReconnect());
    return listener;
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
      await sql.listenExternalTasks(this.database.knex);
      if (this.closed) return;
      this.unsubscribe = pglite.onNotification((channel, payload) => {
        if (channel === sql.EXTERNAL_TASK_CHANNEL) this.deliver(payload);
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
      if (message.channel === sql.EXTERNAL_TASK_CHANNEL && message.payload !== undefined) this.deliver(message.payload);
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.query(sql.LISTEN_EXTERNAL_TASKS);
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
    try {
      const parsed = JSON.parse(payload) as { schema?: unknown; topics?: unknown };
      if (typeof parsed.schema !== 'string') return;
      const topics = Array.isArray(parsed.topics) ? parsed.topics.filter((t): t is string => typeof t === 'string') : null;
      this.onNotice(parsed.schema, topics);
    } catch {
      // Not ours, or truncated: polling covers for it.
    }
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
      // Notifications may have been missed meanwhile: wake everyone to look.
      this.connect().then(
        () => this.onNotice('', null),
        () => this.scheduleReconnect(),
      );
    }, RECONNECT_MS);
    this.reconnect.unref();
  }
}
