/**
 * The executor's idle wait: sleep until a deadline, or until woken (a notification, new work
 * handed over in this process, shutdown). A wake-up that arrives while the executor is busy
 * is remembered, so the next sleep returns at once instead of losing it.
 */
export class Wakeup {
  private pending = false;
  private timer: NodeJS.Timeout | undefined;
  private resolve: (() => void) | undefined;
  private until = 0;

  sleep(ms: number): Promise<void> {
    if (this.pending || ms <= 0) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.until = Date.now() + ms;
      this.resolve = resolve;
      this.timer = setTimeout(() => this.wake(), ms);
    });
  }

  /** Milliseconds of real time left in the current sleep (0 when awake). */
  remainingMs(): number {
    return this.resolve ? Math.max(0, this.until - Date.now()) : 0;
  }

  get sleeping(): boolean {
    return this.resolve !== undefined;
  }

  wake(): void {
    const resolve = this.resolve;
    if (!resolve) {
      this.pending = true;
      return;
    }
    clearTimeout(this.timer);
    this.resolve = undefined;
    this.timer = undefined;
    resolve();
  }
}
