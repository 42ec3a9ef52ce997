/** Notices to users and groups (抄送 CC, reminders): one per recipient, stored by the shell. */
import type { Run } from '../run.js';

export function notify(
  run: Run,
  kind: 'cc' | 'reminder',
  what: { taskId?: string; elementId?: string; users: readonly string[]; groups: readonly string[]; sender?: string; comment?: string },
): number {
  const base = {
    kind,
    ...(what.taskId !== undefined ? { taskId: what.taskId } : {}),
    ...(what.elementId !== undefined ? { elementId: what.elementId } : {}),
    ...(what.sender !== undefined ? { sender: what.sender } : {}),
    ...(what.comment !== undefined ? { comment: what.comment } : {}),
    createdAt: run.now,
  };
  for (const user of new Set(what.users)) run.emit({ type: 'notificationCreated', notification: { id: run.globalId(), ...base, recipientUser: user } });
  for (const group of new Set(what.groups)) run.emit({ type: 'notificationCreated', notification: { id: run.globalId(), ...base, recipientGroup: group } });
  return new Set(what.users).size + new Set(what.groups).size;
}
