/**
 * Wake-up of long-polling external-task workers by `LISTEN tongban_external_tasks` (see
 * store/channel-listener.ts). The payload is JSON `{ schema, topics }`; after a reconnect
 * every waiter is woken to look (`('', null)`), since notifications may have been missed.
 * Opened on the first long poll, closed with the engine.
 */
import { ChannelListener } from '../store/channel-listener.js';
import type { Database } from '../store/database.js';
import * as sql from '../store/sql.js';

/** (schema, topics or null for "any topic"). */
export type TopicNotice = (schema: string, topics: readonly string[] | null) => void;

export class ExternalTaskListener {
  private constructor(private readonly channel: ChannelListener) {}

  static async open(database: Database, onNotice: TopicNotice): Promise<ExternalTaskListener> {
    const deliver = (payload: string) => {
      try {
        const parsed = JSON.parse(payload) as { schema?: unknown; topics?: unknown };
        if (typeof parsed.schema !== 'string') return;
        const topics = Array.isArray(parsed.topics) ? parsed.topics.filter((t): t is string => typeof t === 'string') : null;
        onNotice(parsed.schema, topics);
      } catch {
        // Not ours, or truncated: polling covers for it.
      }
    };
    return new ExternalTaskListener(await ChannelListener.open(database, sql.EXTERNAL_TASK_CHANNEL, deliver, () => onNotice('', null)));
  }

  close(): Promise<void> {
    return this.channel.close();
  }
}
