/**
 * The server's own supervision schedule: a scan every `TONGBAN_SUPERVISION_INTERVAL` seconds
 * (default 300; 0 = never) in every process that runs jobs. Runs never overlap within a
 * process; across processes they may, which the cards' unique index makes harmless. A failed
 * run is logged and the next one tries again.
 */
import type { AppContext } from '../context.js';
import { runSupervisionScan } from './scan.js';

export interface SupervisionSchedule {
  stop(): void;
}

export function startSupervisionSchedule(ctx: AppContext, intervalSeconds: number): SupervisionSchedule {
  if (intervalSeconds <= 0) return { stop: () => undefined };
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runSupervisionScan(ctx, null)
      .then((result) => {
        if (result.issued.length > 0 || result.settled > 0) ctx.logger.info({ issued: result.issued.length, settled: result.settled }, 'supervision scan');
      })
      .catch((err: unknown) => ctx.logger.error({ err }, 'supervision scan failed'))
      .finally(() => (running = false));
  }, intervalSeconds * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
