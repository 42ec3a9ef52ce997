/**
 * Timer start events (BPMN 2.0 §10.5.2): a deployed definition whose process starts on a
 * timer gets a `timerStart` job per timer start event, planned when it is deployed. When the
 * job is due the executor starts an instance there; a cycle plans its next firing. Deploying
 * a new version of the process replaces the previous version's timer start jobs (only the
 * latest version starts by timer). A FEEL timer value is evaluated with no variables.
 */
import type { Knex } from 'knex';
import type { BusinessCalendar } from '../calendar/business-calendar.js';
import { evaluateFeel } from '../expressions/feel.js';
import type { ProcessModel } from '../model/types.js';
import type { JobRow, NewJob } from '../store/rows.js';
import * as sql from '../store/sql.js';
import { nextFiring, planTimer, timerText } from '../timers/schedule.js';

interface Cycle {
  /** Firings after the next one; null = unbounded. */
  readonly repeatsLeft: number | null;
  readonly interval?: string;
}

/** Replaces the timer start jobs of the model's process key with this version's. */
export async function scheduleStartTimers(trx: Knex.Transaction, model: ProcessModel, now: Date, calendar: BusinessCalendar, newId: () => string): Promise<void> {
  await trx.raw(`delete from tb_job where kind = 'timerStart' and topic = ?`, [model.key]);
  const jobs: NewJob[] = [];
  for (const id of model.triggeredStartEvents) {
    const event = model.nodes.get(id)!.event;
    if (event?.kind !== 'timer') continue;
    const text = event.value.raw.trim().startsWith('=') ? timerText(evaluateFeel(event.value, {})) : event.value.raw;
    const plan = planTimer(event.timerType, text, now, calendar);
    jobs.push(startJob(model, id, plan.dueAt, now, newId, {
      repeatsLeft: Number.isFinite(plan.repeatsLeft) ? plan.repeatsLeft : null,
      ...(plan.interval !== undefined ? { interval: plan.interval } : {}),
    }));
  }
  await sql.insertJobs(trx, jobs);
}

/** After a firing: the next job of a cycle, or none. */
export function nextStartJob(model: ProcessModel, job: JobRow, now: Date, calendar: BusinessCalendar, newId: () => string): NewJob | undefined {
  const cycle = (job.payload ?? { repeatsLeft: 0 }) as unknown as Cycle;
  if (cycle.interval === undefined || cycle.repeatsLeft === 0) return undefined;
  const dueAt = nextFiring(cycle.interval, job.dueAt ?? now, calendar);
  return startJob(model, job.elementId, dueAt, now, newId, {
    repeatsLeft: cycle.repeatsLeft === null ? null : cycle.repeatsLeft - 1,
    interval: cycle.interval,
  });
}

function startJob(model: ProcessModel, elementId: string, dueAt: Date, now: Date, newId: () => string, cycle: Cycle): NewJob {
  return {
    id: newId(),
    // No instance yet: the job belongs to the definition it starts.
    instanceId: model.definitionId,
    rootId: model.definitionId,
    kind: 'timerStart',
    topic: model.key,
    elementId,
    tokenId: '',
    createdAt: now,
    dueAt,
    payload: { ...cycle },
  };
}
