/**
 * `createServer`: opens the database (or takes an open one), the engine on it, migrates the
 * server's tables, seeds on first start, and listens. `close()` undoes it all in order.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { type Clock, createEngine, type Database, type DeploymentResult, type Engine, openDatabase } from '@tongban/engine';
import { createApp } from './app.js';
import type { ServerConfig } from './config.js';
import type { AppContext } from './context.js';
import { createDirectory } from './identity/directory.js';
import { TokenService } from './identity/tokens.js';
import { Metrics } from './middleware/metrics.js';
import { createLogger } from './middleware/request-log.js';
import { deployExamples, seedOnFirstStart, type SeedResult } from './seed/seed.js';
import { seedExampleItems } from './catalog/seed-items.js'; // ── catalogue ──
import { migrateApi } from './store/migrations.js';
// ── supervision ── the server's own scan schedule
import { scanIntervalSeconds } from './supervision/settings.js';
import { startSupervisionSchedule } from './supervision/schedule.js';

export const DEFAULT_EXAMPLES_DIR = fileURLToPath(new URL('../../examples/', import.meta.url));

export interface ServerOptions {
  readonly config: ServerConfig;
  /** An open database (tests); the server then leaves closing it to the caller. */
  readonly database?: Database;
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Where `examples/<item>/process.bpmn` live; deployed on development starts. */
  readonly examplesDir?: string;
  /** Deploy the examples (default: when seeding demo data). */
  readonly deployExamples?: boolean;
}

export interface RunningServer {
  readonly url: string;
  readonly app: Express;
  readonly engine: Engine;
  readonly context: AppContext;
  readonly seed: SeedResult;
  readonly examples?: DeploymentResult;
  close(): Promise<void>;
}

export async function openServerDatabase(config: ServerConfig): Promise<Database> {
  if (config.databaseUrl !== undefined) return openDatabase({ url: config.databaseUrl });
  return openDatabase(config.dataDir === 'memory' ? {} : { dataDir: config.dataDir });
}

export async function createServer(options: ServerOptions): Promise<RunningServer> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = options.database ?? (await openServerDatabase(config));
  const ownsDatabase = options.database === undefined;
  let engine: Engine | undefined;
  const directory = createDirectory(database.knex);
  try {
    await migrateApi(database);
    engine = await createEngine({ database, directory, ...(options.clock ? { clock: options.clock } : {}) });
    const seed = await seedOnFirstStart(database.knex, config.seed, config.adminPassword);
    await directory.refresh();
    const examples =
      (options.deployExamples ?? config.seed === 'demo') ? await deployExamples(engine, options.examplesDir ?? DEFAULT_EXAMPLES_DIR) : undefined;
    // ── catalogue ── the examples' items, published on the processes just deployed (demo data only:
    // they name the demo departments).
    if (examples && config.seed === 'demo') await seedExampleItems({ knex: database.knex, engine }, options.examplesDir ?? DEFAULT_EXAMPLES_DIR);
    const context: AppContext = {
      engine,
      knex: database.knex,
      config,
      tokens: new TokenService(config.tokenSecret, config.tokenTtlSeconds),
      directory,
      metrics: new Metrics(),
      logger,
    };
    const app = createApp(context);
    // Timers and asynchronous continuations fire in the background (any number of server
    // processes may share one database; each job runs once). `engine.close()` stops it.
    if (config.runJobs) await engine.startJobExecutor();
    // ── supervision ── cards are issued on a schedule too, in every process that runs jobs.
    const supervision = config.runJobs ? startSupervisionSchedule(context, scanIntervalSeconds()) : undefined;
    const server: Server = app.listen(config.port, config.host);
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
    const running = engine;
    return {
      url: `http://${host}:${port}`,
      app,
      engine: running,
      context,
      seed,
      ...(examples ? { examples } : {}),
      async close() {
        supervision?.stop(); // ── supervision ──
        server.closeAllConnections();
        await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
        directory.stop();
        await running.close();
        if (ownsDatabase) await database.close();
      },
    };
  } catch (err) {
    directory.stop();
    await engine?.close().catch(() => undefined);
    if (ownsDatabase) await database.close().catch(() => undefined);
    throw err;
  }
}
