/**
 * The durable job executor (DESIGN §2 jobs/, §6): runs due timers and asynchronous
 * continuations for any number of engine processes sharing one database.
 *
 * A cycle: lease a batch of due jobs in one statement (`FOR UPDATE SKIP LOCKED`, so executors
 * never wait for each other and never take the same job), then run each in its own engine
 * transaction, a few at a time. A job runs only if the lease is still ours when its instance
 * is locked, so a job whose lease expired and was taken over is not run twice; and since a job
 * is deleted in the transaction that runs it, a timer fires exactly once. A failure rolls the
 * job's transaction back and is recorded with a retry time (exponential back-off) or, when
 * retries are used up, an incident. Leases are never renewed, so a process that dies needs
 * to do nothing: its leases expire (`leaseMs`) and other executors take the jobs over.
 *
 * Idle, the executor sleeps until the earliest due job it knows of, at most `pollIntervalMs`,
 * and is woken early by `LISTEN tongban_jobs` (listener.ts). Time — due dates, leases,
 * back-off — is the engine's clock; only the idle sleep is real time.
 */
import { setImmediate } from 'node:timers/promises';
import type { JobRow } from '../store/rows.js';
import * as sql from '../store/sql.js';
import type { ExecutableJobKind } from '../store/sql.js';
import { recordFailure } from './failures.js';
import type { JobHost } from './host.js';
import { JobListener } from './listener.js';
import { Wakeup } from './wakeup.js';
import { defaultWorkerId } from './worker-id.js';

export interface JobExecutorOptions {
  /** Names this executor in `tb_job.locked_by`; default host:pid:random. Unique per executor. */
  readonly workerId?: string;
  /** Longest idle sleep between looks for due jobs (real time). Default 1,000 ms. */
  readonly pollIntervalMs?: number;
  /**
   * How long a lease holds before other executors may take the job over (engine clock).
   * Longer than any job runs; default 5 minutes. A dead process's jobs wait this long.
   */
  readonly leaseMs?: number;
  /** Jobs leased per acquisition. Default 32. */
  readonly batchSize?: number;
  /** Jobs run at the same time (each holds a connection while it runs). Default 4. */
  readonly concurrency?: number;
  /** Kinds to run; default all executable kinds. */
  readonly kinds?: readonly ExecutableJobKind[];
  /** Told about failures of the executor itself (not of jobs: those are recorded on the job). */
  readonly onError?: (error: unknown) => void;
}

export interface JobExecutorStats {
  /** Jobs leased. */
  readonly acquired: number;
  /** Jobs run and committed. */
  readonly succeeded: number;
  /** Jobs that were gone or no longer ours when their turn came. */
  readonly skipped: number;
  /** Failed runs (each is a retry scheduled or an incident). */
  readonly failed: number;
  readonly incidents: number;
  /** Leases given back at shutdown. */
  readonly released: number;
}

type State = 'idle' | 'running' | 'stopping' | 'stopped' | 'killed';

const DEFAULTS = { pollIntervalMs: 1_000, leaseMs: 300_000, batchSize: 32, concurrency: 4 };
/** Idle pause when due jobs exist but are being leased by someone else right now. */
const CONTENDED_MS = 20;

export class JobExecutor {
  readonly workerId: string;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly kinds: readonly ExecutableJobKind[];
  private readonly onError: (error: unknown) => void;
  private readonly embedded: boolean;
  private state: State = 'idle';
  private loop: Promise<void> | undefined;
  private listener: JobListener | undefined;
  private schema: string | undefined;
  private readonly wakeup = new Wakeup();
  private readonly counts = { acquired: 0, succeeded: 0, skipped: 0, failed: 0, incidents: 0, released: 0 };

  constructor(
    private readonly host: JobHost,
    options: JobExecutorOptions = {},
  ) {
    this.workerId = options.workerId ?? defaultWorkerId();
    this.pollIntervalMs = positive(options.pollIntervalMs ?? DEFAULTS.pollIntervalMs, 'pollIntervalMs');
    this.leaseMs = positive(options.leaseMs ?? DEFAULTS.leaseMs, 'leaseMs');
    this.batchSize = positive(options.batchSize ?? DEFAULTS.batchSize, 'batchSize');
    this.concurrency = positive(options.concurrency ?? DEFAULTS.concurrency, 'concurrency');
    this.kinds = options.kinds ?? sql.EXECUTABLE_JOB_KINDS;
    this.embedded = host.database.dialect === 'pglite';
    this.onError = options.onError ?? ((error) => console.error(`[tongban jobs ${this.workerId}]`, error));
  }

  get stats(): JobExecutorStats {
    return { ...this.counts };
  }

  get running(): boolean {
    return this.state === 'running';
  }

  /** Starts the background loop and the listener; resolves once both are up. */
  async start(): Promise<this> {
    if (this.state !== 'idle') throw new Error(`job executor ${this.workerId} has already been started`);
    this.state = 'running';
    try {
      this.schema = await sql.currentSchema(this.host.database.knex);
    } catch (error) {
      this.state = 'idle';
      throw error;
    }
    this.listener = await JobListener.open(
      this.host.database,
      (schema, dueMs) => this.notice(schema, dueMs),
      () => this.wake(),
    );
    this.loop = this.run();
    return this;
  }

  /**
   * One cycle, for tests and callers that drive time themselves: leases one batch of due jobs
   * and runs it. Resolves with how many jobs ran.
   */
  async runOnce(): Promise<number> {
    return (await this.cycle()).succeeded;
  }

  /** Cycles until no due job is left; resolves with how many jobs ran. */
  async drain(): Promise<number> {
    let ran = 0;
    for (;;) {
      const { acquired, succeeded } = await this.cycle();
      ran += succeeded;
      if (acquired === 0 || this.halted) return ran;
    }
  }

  /** Look for due jobs now instead of at the next poll. */
  wake(): void {
    this.wakeup.wake();
  }

  /**
   * Graceful shutdown: jobs running finish, leased jobs not yet started are given back, the
   * listener closes. Resolves when all of that is done.
   */
  async stop(): Promise<void> {
    if (this.state === 'running') this.state = 'stopping';
    this.wakeup.wake();
    await this.loop;
    await this.listener?.close();
    if (this.state === 'stopping' || this.state === 'idle') this.state = 'stopped';
  }

  /**
   * Abrupt end, as if the process died (tests): nothing more starts, nothing is given back or
   * recorded; leases held stay until they expire and other executors take the jobs over.
   */
  kill(): void {
    this.state = 'killed';
    this.wakeup.wake();
    void this.listener?.close();
  }

  private get halted(): boolean {
    return this.state === 'stopping' || this.state === 'stopped' || this.state === 'killed';
  }

  private async run(): Promise<void> {
    while (this.state === 'running') {
      try {
        const { acquired } = await this.cycle(true);
        if (acquired > 0) continue; // more may be due, or came due while we ran these
        await this.wakeup.sleep(await this.idleMs());
      } catch (error) {
        if (this.halted) return;
        this.onError(error);
        await this.wakeup.sleep(this.pollIntervalMs);
      }
    }
  }

  /**
   * Leases a batch and runs it, `concurrency` jobs at a time. `continuous` (the background
   * loop): while batches come back full, the next one is leased as the current one runs out,
   * so workers do not stand idle waiting for the slowest job of each batch.
   */
  private async cycle(continuous = false): Promise<{ acquired: number; succeeded: number }> {
    if (this.halted) return { acquired: 0, succeeded: 0 };
    const queue = await this.acquire();
    let acquired = queue.length;
    let full = acquired === this.batchSize;
    let refill: Promise<void> | undefined;
    const refillIfLow = () => {
      if (!continuous || !full || refill || this.halted || queue.length > this.concurrency) return;
      refill = this.acquire()
        .then((jobs) => {
          queue.push(...jobs);
          acquired += jobs.length;
          full = jobs.length === this.batchSize;
        })
        .catch((error: unknown) => {
          full = false;
          if (!this.halted) this.onError(error);
        })
        .finally(() => (refill = undefined));
    };
    let succeeded = 0;
    const worker = async () => {
      while (!this.halted) {
        refillIfLow();
        let job = queue.shift();
        if (!job && refill) {
          await refill;
          job = queue.shift();
        }
        if (!job) return;
        if (await this.execute(job)) succeeded++;
        // PGlite answers without I/O, so a backlog would otherwise starve timers and sockets
        // of the embedding program (an HTTP server) until it is done.
        if (this.embedded) await setImmediate();
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker));
    await refill;
    if (queue.length > 0 && this.state === 'stopping') {
      this.counts.released += await sql.releaseJobs(this.host.database.knex, queue.map((j) => j.id), this.workerId);
    }
    return { acquired, succeeded };
  }

  /** Leases up to a batch of due jobs, oldest first. */
  private async acquire(): Promise<JobRow[]> {
    const now = this.host.clock.now();
    const jobs = await sql.acquireJobs(this.host.database.knex, {
      kinds: this.kinds,
      workerId: this.workerId,
      now,
      lockExpiresAt: new Date(now.getTime() + this.leaseMs),
      limit: this.batchSize,
    });
    this.counts.acquired += jobs.length;
    return jobs.sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime());
  }

  /** Runs one leased job; true when it ran and committed. Failures are recorded, not thrown. */
  private async execute(job: JobRow): Promise<boolean> {
    try {
      const ran = await this.host.runLeasedJob(job, this.workerId);
      if (ran) this.counts.succeeded++;
      else this.counts.skipped++;
      return ran;
    } catch (error) {
      if (this.state === 'killed') return false;
      this.counts.failed++;
      try {
        if ((await recordFailure(this.host, job, this.workerId, error)) === 'incident') this.counts.incidents++;
      } catch (recording) {
        // The lease stays; when it expires the job is tried again. Nothing is lost.
        this.onError(recording);
      }
      return false;
    }
  }

  /** Real milliseconds to sleep: until the earliest unleased due job, at most the poll interval. */
  private async idleMs(): Promise<number> {
    const next = await sql.nextJobDue(this.host.database.knex, this.kinds);
    if (next === undefined) return this.pollIntervalMs;
    const wait = next.getTime() - this.host.clock.now().getTime();
    return wait <= 0 ? Math.min(CONTENDED_MS, this.pollIntervalMs) : Math.min(wait, this.pollIntervalMs);
  }

  private notice(schema: string, dueMs: number): void {
    if (schema !== this.schema || this.state !== 'running') return;
    // Due before we would look anyway? Then look now.
    if (dueMs - this.host.clock.now().getTime() < this.wakeup.remainingMs() || !this.wakeup.sleeping) this.wake();
  }
}

function positive(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive whole number, got ${value}`);
  return value;
}
