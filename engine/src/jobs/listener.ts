/**
 * Wake-up of the job executor by `LISTEN tongban_jobs` (see store/channel-listener.ts).
 * Notifications come from the insert trigger of migration 002 and from `retryJob`; the
 * payload is `<schema> <due epoch ms>`.
 */
import { ChannelListener } from '../store/channel-listener.js';
import type { Database } from '../store/database.js';
import * as sql from '../store/sql.js';

/** `(schema, due epoch ms)` of a notification on our channel. */
export type JobNotice = (schema: string, dueMs: number) => void;

export class JobListener {
  private constructor(private readonly channel: ChannelListener) {}

  /** Starts listening; `onReconnect` is told when notifications may have been missed. */
  static async open(database: Database, onNotice: JobNotice, onReconnect: () => void): Promise<JobListener> {
    const deliver = (payload: string) => {
      const space = payload.lastIndexOf(' ');
      const dueMs = Number(payload.slice(space + 1));
      if (space > 0 && Number.isFinite(dueMs)) onNotice(payload.slice(0, space), dueMs);
    };
    return new JobListener(await ChannelListener.open(database, sql.JOB_CHANNEL, deliver, onReconnect));
  }

  get listening(): boolean {
    return this.channel.listening;
  }

  get backendPid(): number | undefined {
    return this.channel.backendPid;
  }

  close(): Promise<void> {
    return this.channel.close();
  }
}
