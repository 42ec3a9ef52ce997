/**
 * Server configuration from environment variables (documented in runtime-api/README.md).
 * `loadConfig` never exits the process: it throws `ConfigError` with every problem at once,
 * and `main.ts` prints them and exits with code 1.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** PostgreSQL URL; absent → embedded PGlite in `dataDir`. */
  readonly databaseUrl?: string;
  /** PGlite folder; `memory` keeps everything in memory. */
  readonly dataDir: string;
  readonly tokenSecret: string;
  /** Seconds a login token lives. */
  readonly tokenTtlSeconds: number;
  /** Password of the `admin` user created on first start. */
  readonly adminPassword?: string;
  readonly production: boolean;
  readonly logLevel: string;
  /** Login attempts per client address per window before 429. */
  readonly loginRateLimit: { readonly max: number; readonly windowMs: number };
  /** Online applications without an account per client address per window (every one counts) before 429. */
  readonly publicApplicationLimit: { readonly max: number; readonly windowMs: number };
  /** Where the built designer lives; served at `/` when it exists. */
  readonly designerDir: string;
  /** What to create on first start: demo data (development), the admin only, or nothing. */
  readonly seed: 'demo' | 'admin' | 'none';
  /** Check responses against the OpenAPI document too (tests; costs time). */
  readonly validateResponses: boolean;
  /** Trust `X-Forwarded-For` from this many proxies (express `trust proxy`); 0 = none. */
  readonly trustProxy: number;
  /** Run the engine's job executor (timers, async continuations) in this process. */
  readonly runJobs: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Configuration refused:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
export const DEFAULT_DESIGNER_DIR = fileURLToPath(new URL('../../designer/dist/', import.meta.url));

/** Parses `8h`, `30m`, `3600s` or a bare number of seconds. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  if (!match) return undefined;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  const seconds = Number(match[1]) * unit;
  return seconds > 0 ? seconds : undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';

  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be a port number (0–65535), got "${env.PORT}".`);

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must start with postgres:// or postgresql://.');

  let tokenSecret = env.TONGBAN_TOKEN_SECRET || undefined;
  if (tokenSecret === undefined) {
    if (production) problems.push('TONGBAN_TOKEN_SECRET is required in production (at least 32 characters of random text).');
    tokenSecret = randomBytes(32).toString('base64url'); // development: tokens die with the process
  } else if (tokenSecret.length < 32) {
    problems.push('TONGBAN_TOKEN_SECRET must be at least 32 characters long.');
  }

  const adminPassword = env.TONGBAN_ADMIN_PASSWORD || undefined;
  if (production && adminPassword === undefined) problems.push('TONGBAN_ADMIN_PASSWORD is required in production.');
  if (adminPassword !== undefined && adminPassword.length < 8) problems.push('TONGBAN_ADMIN_PASSWORD must be at least 8 characters long.');

  const tokenTtlSeconds = parseDuration(env.TONGBAN_TOKEN_TTL ?? '8h');
  if (tokenTtlSeconds === undefined) problems.push(`TONGBAN_TOKEN_TTL must look like 8h, 30m or 3600, got "${env.TONGBAN_TOKEN_TTL}".`);

  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`);

  const loginMax = Number(env.TONGBAN_LOGIN_RATE_LIMIT ?? 10);
  if (!Number.isInteger(loginMax) || loginMax < 1) problems.push('TONGBAN_LOGIN_RATE_LIMIT must be a positive integer.');

  const applicationMax = Number(env.TONGBAN_PUBLIC_APPLICATION_LIMIT ?? 20);
  if (!Number.isInteger(applicationMax) || applicationMax < 1) problems.push('TONGBAN_PUBLIC_APPLICATION_LIMIT must be a positive integer.');

  const trustProxy = Number(env.TONGBAN_TRUST_PROXY ?? 0);
  if (!Number.isInteger(trustProxy) || trustProxy < 0) problems.push('TONGBAN_TRUST_PROXY must be a non-negative integer.');

  if (problems.length) throw new ConfigError(problems);
  return {
    port,
    host: env.HOST || '127.0.0.1',
    ...(databaseUrl !== undefined ? { databaseUrl } : {}),
    dataDir: env.TONGBAN_DATA_DIR || '.tongban-data',
    tokenSecret,
    tokenTtlSeconds: tokenTtlSeconds!,
    ...(adminPassword !== undefined ? { adminPassword } : {}),
    production,
    logLevel,
    loginRateLimit: { max: loginMax, windowMs: 15 * 60 * 1000 },
    publicApplicationLimit: { max: applicationMax, windowMs: 15 * 60 * 1000 },
    designerDir: env.TONGBAN_DESIGNER_DIR || DEFAULT_DESIGNER_DIR,
    seed: production ? 'admin' : 'demo',
    validateResponses: false,
    trustProxy,
    runJobs: env.TONGBAN_RUN_JOBS !== 'false',
  };
}
