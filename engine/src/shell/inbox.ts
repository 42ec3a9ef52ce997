/**
 * The inbox (待办) and notifications (抄送, reminders) as the engine's callers ask for them:
 * every input checked with a sentence a person understands, defaults applied, then one SQL
 * statement from store/sql.ts. Read-only across instances (no instance lock): a listing may
 * be a moment old, and every command re-checks the task it acts on anyway.
 *
 * Groups are the caller's business: the directory (runtime-api) knows which `department:role`
 * groups a user is in and passes them with every query, so the engine stores no membership
 * that could go stale.
 */
import { EngineError } from '../errors.js';
import type { NotificationRow, TaskRow } from '../store/rows.js';
import * as sql from '../store/sql.js';
import type { Db, InboxFilter, InboxPageQuery, InboxScope, InboxSort } from '../store/sql.js';

export const INBOX_DEFAULT_LIMIT = 20;
export const INBOX_MAX_LIMIT = 200;
/** Each branch of the query reads offset + limit rows; nobody pages 100,000 deep in a work list. */
export const INBOX_MAX_OFFSET = 100_000;
/** More groups than any person holds; a bigger list is a caller's bug (e.g. every group of a region). */
export const MAX_GROUPS = 1000;
const MAX_TEXT = 255;

export interface InboxQuery {
  readonly userId: string;
  /** The user's groups (`department:role`), from the caller's directory. */
  readonly groups?: readonly string[];
  /** mine: assigned to me; candidate: unassigned and offered to me or my groups; all (default): both, and tasks I delegated. */
  readonly scope?: InboxScope;
  readonly processKey?: string;
  readonly businessKey?: string;
  readonly elementId?: string;
  /** Due strictly before. */
  readonly dueBefore?: Date;
  /** Due strictly after. */
  readonly dueAfter?: Date;
  /** true: due before the engine clock's now; false: not (or no due date). */
  readonly overdue?: boolean;
  /** Default dueAt (tasks without a due date last, in either direction). */
  readonly sort?: InboxSort;
  /** Default asc for dueAt and createdAt, desc (most urgent first) for priority. */
  readonly direction?: 'asc' | 'desc';
  /** Default 20, at most 200. */
  readonly limit?: number;
  readonly offset?: number;
}

export interface InboxPage {
  readonly tasks: TaskRow[];
  /** Tasks matching the query in all pages. */
  readonly total: number;
}

export interface InboxCounts {
  /** Assigned to the user. */
  readonly mine: number;
  /** Unassigned, offered to the user or one of the groups. */
  readonly candidate: number;
  /** Of everything in scope `all`, due before the engine clock's now. */
  readonly overdue: number;
}

export interface NotificationQuery {
  readonly userId: string;
  readonly groups?: readonly string[];
  readonly unreadOnly?: boolean;
  readonly instanceId?: string;
  /** Default 50, at most 200. */
  readonly limit?: number;
  readonly offset?: number;
}

export interface NotificationReader {
  readonly userId: string;
  /** A member may mark a notice addressed to one of these groups (for the whole group). */
  readonly groups?: readonly string[];
}

const INBOX_KEYS = [
  'userId', 'groups', 'scope', 'processKey', 'businessKey', 'elementId', 'dueBefore', 'dueAfter', 'overdue',
  'sort', 'direction', 'limit', 'offset',
] as const;

export async function inbox(db: Db, query: InboxQuery, now: Date): Promise<InboxPage> {
  return sql.queryInbox(db, inboxPageQuery(query, now));
}

export async function inboxCounts(db: Db, query: { userId: string; groups?: readonly string[] }, now: Date): Promise<InboxCounts> {
  const checked = new Check('Inbox counts', query, ['userId', 'groups']);
  return sql.countInboxBadges(db, { userId: checked.text('userId'), groups: checked.groups(), scope: 'all', now });
}

export function listNotifications(db: Db, query: NotificationQuery): Promise<NotificationRow[]> {
  const checked = new Check('Notification query', query, ['userId', 'groups', 'unreadOnly', 'instanceId', 'limit', 'offset']);
  return sql.listNotifications(db, {
    userId: checked.text('userId'),
    groups: checked.groups(),
    unreadOnly: checked.boolean('unreadOnly') ?? false,
    ...optional('instanceId', checked.optionalText('instanceId')),
    limit: checked.int('limit', 1, INBOX_MAX_LIMIT) ?? 50,
    offset: checked.int('offset', 0, INBOX_MAX_OFFSET) ?? 0,
  });
}

/**
 * Marks a notice read for its recipient. Refused when there is no such notice
 * (NOTIFICATION_NOT_FOUND) or when it is addressed neither to the user nor to one of the
 * groups given (INVALID_ARGUMENT): nobody marks someone else's notices.
 */
export async function markNotificationRead(db: Db, id: unknown, reader: NotificationReader, now: Date): Promise<NotificationRow> {
  const checked = new Check('Marking a notification read', reader, ['userId', 'groups']);
  const userId = checked.text('userId');
  const groups = checked.groups();
  if (typeof id !== 'string' || id.trim() === '') {
    throw invalid('Marking a notification read: the notification id must be a non-empty string.', 'id');
  }
  const marked = await sql.markNotificationRead(db, id, userId, now, groups);
  if (marked) return marked;
  if (!(await sql.getNotification(db, id))) {
    throw new EngineError('NOTIFICATION_NOT_FOUND', `Notification ${id} does not exist.`, { notificationId: id });
  }
  throw new EngineError(
    'INVALID_ARGUMENT',
    `Notification ${id} is not addressed to user ${userId} or to any of their groups; only its recipients may mark it read.`,
    { notificationId: id, userId },
  );
}

/** Validates an inbox query and applies the defaults. */
export function inboxPageQuery(query: InboxQuery, now: Date): InboxPageQuery {
  const checked = new Check('Inbox query', query, INBOX_KEYS);
  const sort = checked.oneOf('sort', ['dueAt', 'createdAt', 'priority'] as const) ?? 'dueAt';
  const filter: InboxFilter = {
    userId: checked.text('userId'),
    groups: checked.groups(),
    scope: checked.oneOf('scope', ['mine', 'candidate', 'all'] as const) ?? 'all',
    ...optional('processKey', checked.optionalText('processKey')),
    ...optional('businessKey', checked.optionalText('businessKey')),
    ...optional('elementId', checked.optionalText('elementId')),
    ...optional('dueBefore', checked.date('dueBefore')),
    ...optional('dueAfter', checked.date('dueAfter')),
    ...optional('overdue', checked.boolean('overdue')),
    now,
  };
  if (filter.dueBefore && filter.dueAfter && filter.dueAfter.getTime() >= filter.dueBefore.getTime()) {
    throw invalid(
      `Inbox query: dueAfter (${filter.dueAfter.toISOString()}) must be earlier than dueBefore (${filter.dueBefore.toISOString()}), or no task can match.`,
      'dueAfter',
    );
  }
  return {
    ...filter,
    sort,
    direction: checked.oneOf('direction', ['asc', 'desc'] as const) ?? (sort === 'priority' ? 'desc' : 'asc'),
    limit: checked.int('limit', 1, INBOX_MAX_LIMIT) ?? INBOX_DEFAULT_LIMIT,
    offset: checked.int('offset', 0, INBOX_MAX_OFFSET) ?? 0,
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function invalid(message: string, field: string): EngineError {
  return new EngineError('INVALID_ARGUMENT', message, { field });
}

function describe(value: unknown): string {
  if (value instanceof Date) return 'an invalid date';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return value === null ? 'null' : 'an object';
  return String(value);
}

/** Reads the fields of a caller's object, refusing unknown keys (a typo would silently widen the query). */
class Check {
  private readonly input: Record<string, unknown>;

  constructor(
    private readonly what: string,
    input: unknown,
    allowed: readonly string[],
  ) {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw invalid(`${what} must be an object, got ${describe(input)}.`, '');
    }
    this.input = input as Record<string, unknown>;
    for (const key of Object.keys(this.input)) {
      if (!allowed.includes(key) && this.input[key] !== undefined) {
        throw invalid(`${what}: unknown field "${key}"; the fields are ${allowed.join(', ')}.`, key);
      }
    }
  }

  text(key: string): string {
    const value = this.optionalText(key);
    if (value === undefined) throw invalid(`${this.what}: ${key} is required.`, key);
    return value;
  }

  optionalText(key: string): string | undefined {
    const value = this.input[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT) {
      throw invalid(`${this.what}: ${key} must be a non-empty string of at most ${MAX_TEXT} characters, got ${describe(value)}.`, key);
    }
    return value;
  }

  groups(): string[] {
    const value = this.input.groups;
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw invalid(`${this.what}: groups must be an array of group ids, got ${describe(value)}.`, 'groups');
    if (value.length > MAX_GROUPS) throw invalid(`${this.what}: at most ${MAX_GROUPS} groups, got ${value.length}.`, 'groups');
    value.forEach((group: unknown, index) => {
      if (typeof group !== 'string' || group.trim() === '' || group.length > MAX_TEXT) {
        throw invalid(`${this.what}: groups[${index}] must be a non-empty group id such as "市场监管局:科长", got ${describe(group)}.`, 'groups');
      }
    });
    return [...new Set(value as string[])];
  }

  boolean(key: string): boolean | undefined {
    const value = this.input[key];
    if (value === undefined || typeof value === 'boolean') return value;
    throw invalid(`${this.what}: ${key} must be true or false, got ${describe(value)}.`, key);
  }

  date(key: string): Date | undefined {
    const value = this.input[key];
    if (value === undefined) return undefined;
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
    throw invalid(`${this.what}: ${key} must be a valid Date, got ${describe(value)}.`, key);
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T | undefined {
    const value = this.input[key];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
    throw invalid(`${this.what}: ${key} must be one of ${values.join(', ')}, got ${describe(value)}.`, key);
  }

  int(key: string, min: number, max: number): number | undefined {
    const value = this.input[key];
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    throw invalid(`${this.what}: ${key} must be a whole number from ${min} to ${max}, got ${describe(value)}.`, key);
  }
}
