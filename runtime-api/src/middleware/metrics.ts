/**
 * Prometheus metrics: Node's default process metrics, a request-duration histogram labelled
 * by route pattern (never by raw URL — ids would explode the label set), and a counter of
 * engine commands by command and outcome. One registry per app, so several servers (tests)
 * can live in one process.
 */
import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { EngineError } from '@tongban/engine';
import { routeOf } from '../context.js';

export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Histogram({
    name: 'tongban_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly commands = new Counter({
    name: 'tongban_engine_commands_total',
    help: 'Engine commands run through the API, by command and outcome (ok, or the engine error code)',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Times every request; the label is the route pattern, or `unmatched`. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const end = this.requests.startTimer();
    res.on('finish', () => {
      const route = routeOf(res);
      const label = route ? route.path : req.path === '/metrics' || req.path === '/healthz' || req.path === '/readyz' ? req.path : 'unmatched';
      end({ method: req.method, route: label, status: String(res.statusCode) });
    });
    next();
  };

  /** Runs an engine command and counts it. */
  async command<T>(name: string, run: () => Promise<T>): Promise<T> {
    try {
      const result = await run();
      this.commands.inc({ command: name, outcome: 'ok' });
      return result;
    } catch (err) {
      this.commands.inc({ command: name, outcome: err instanceof EngineError ? err.code : 'error' });
      throw err;
    }
  }
}
