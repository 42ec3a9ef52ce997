/** Helpers of the job tests: waiting for background work, holding a handler. */
/** Retries an assertion until it holds or `timeoutMs` of real time passed (background executors only). */
export async function eventually(check: () => Promise<unknown>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Holds handlers that call `pass()` until `open()`; `reached()` resolves once one is waiting. */
export class Gate {
  private opened = false;
  private readonly waiting: Array<() => void> = [];
  private arrived: (() => void) | undefined;
  private readonly arrival = new Promise<void>((resolve) => (this.arrived = resolve));

  pass(): Promise<void> {
    this.arrived?.();
    if (this.opened) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  reached(): Promise<void> {
    return this.arrival;
  }

  open(): void {
    this.opened = true;
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}
