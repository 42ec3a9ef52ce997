import type { Browser } from 'playwright-core';

/** What every journey gets: the server's address and the shared browser. */
export interface JourneyContext {
  base: string;
  browser: Browser;
}

/** A journey: `name` is what E2E_ONLY selects (the shell journey always runs). */
export interface Journey {
  name: string;
  run(ctx: JourneyContext): Promise<void>;
}
