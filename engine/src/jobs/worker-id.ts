/**
 * Worker ids name who holds a lease (`tb_job.locked_by`): host and process, so an operator
 * looking at a stuck lease knows which machine to check, plus a random part, because two
 * engines in one process (or a restarted process reusing a pid) must never share one.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}
