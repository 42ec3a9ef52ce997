/**
 * `LISTEN` on one notification channel, for wake-ups (DESIGN §2: "where the database has it").
 *
 * PostgreSQL: a dedicated connection outside the knex pool (a pooled connection would be handed
 * to commands, and a LISTEN on it lost), opened with the pool's own settings. If it drops, it
 * is reopened after a pause and `onReconnect` says notifications may have been missed; callers
 * also poll, so a lost notification costs latency, never work.
 *
 * PGlite: the embedded database has LISTEN/NOTIFY within its one connection; we subscribe to
 * its notifications in process. Anything else (a driver without either): polling only.
 */
import type { Client as PgClient, Notification } from 'pg';
import type { Database } from './database.js';

interface PgKnexClient {
  acquireRawConnection(): Promise<PgClient>;
  destroyRawConnection(connection: PgClient): Promise<void>;
}

const RECONNECT_MS = 1_000;
const CHANNEL_NAME = /^[a-z_][a-z0-9_]*$/;

export class ChannelListener {
  private closed = false;
  private client: PgClient | undefined;
  private unsubscribe: (() => void) | undefined;
  private reconnect: NodeJS.Timeout | undefined;

  private constructor(
    private readonly database: Database,
    private readonly channel: string,
    private readonly onPayload: (payload: string) => void,
    private readonly onReconnect: () => void,
  ) {}

  /** Starts listening; resolves once listening (or once it failed: polling covers for it). */
  static async open(database: Database, channel: string, onPayload: (payload: string) => void, onReconnect: () => void): Promise<ChannelListener> {
    if (!CHANNEL_NAME.test(channel)) throw new Error(`Invalid notification channel name "${channel}".`);
    const listener = new ChannelListener(database, channel, onPayload, onReconnect);
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
    const listen = `listen ${this.channel}`;
    if (this.database.dialect === 'pglite') {
      const pglite = this.database.pglite;
      if (!pglite) return;
      await this.database.knex.raw(listen);
      if (this.closed) return;
      this.unsubscribe = pglite.onNotification((channel, payload) => {
        if (channel === this.channel) this.onPayload(payload);
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
      if (message.channel === this.channel && message.payload !== undefined) this.onPayload(message.payload);
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.query(listen);
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
