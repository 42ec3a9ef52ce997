/**
 * Long polls waiting for work. A poll subscribes to its topics *before* it looks for tasks,
 * so a task inserted between its look and its sleep still wakes it: a notice that arrives
 * while it is busy is remembered and the next sleep returns at once. A sleep ends on a notice
 * of one of its topics, a deadline (real time: a worker's `asyncResponseTimeout` is
 * wall-clock, whatever the engine's clock says), an abort signal, or the engine closing.
 * Waiting holds no database connection.
 */
export class Subscription {
  private pending = false;
  private wakeNow: (() => void) | undefined;

  constructor(
    readonly topics: ReadonlySet<string>,
    private readonly owner: Waiters,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** Sleeps up to `ms`, unless a notice came since the last sleep (or the poll is over). */
  sleep(ms: number): Promise<void> {
    if (this.pending || ms <= 0 || this.owner.isClosed || this.signal?.aborted) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.signal?.removeEventListener('abort', done);
        this.wakeNow = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.signal?.addEventListener('abort', done, { once: true });
      this.wakeNow = done;
    });
  }

  wake(): void {
    if (this.wakeNow) this.wakeNow();
    else this.pending = true;
  }

  close(): void {
    this.owner.remove(this);
    this.wake();
  }
}

export class Waiters {
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  get size(): number {
    return this.subscriptions.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  subscribe(topics: readonly string[], signal?: AbortSignal): Subscription {
    const subscription = new Subscription(new Set(topics), this, signal);
    this.subscriptions.add(subscription);
    return subscription;
  }

  remove(subscription: Subscription): void {
    this.subscriptions.delete(subscription);
  }

  /** New work on these topics (null: any topic): wakes the polls that asked for one of them. */
  notify(topics: readonly string[] | null): void {
    for (const s of this.subscriptions) {
      if (topics === null || topics.some((t) => s.topics.has(t))) s.wake();
    }
  }

  /** Wakes every poll; later sleeps return at once. */
  close(): void {
    this.closed = true;
    for (const s of [...this.subscriptions]) s.wake();
  }
}
