/**
 * `npm start`: the Tongban server on the embedded database (or DATABASE_URL), configured by
 * environment variables (README). Prints the URL and, in development, the demo users.
 * In production it refuses to start without TONGBAN_ADMIN_PASSWORD and TONGBAN_TOKEN_SECRET.
 */
import { ConfigError, loadConfig, type ServerConfig } from './config.js';
import type { RunningServer } from './server.js';

function printBanner(config: ServerConfig, server: RunningServer): void {
  const lines = [`通办 Tongban is running at ${server.url}`, `  API docs:  ${server.url}/api/docs`];
  lines.push(`  Database:  ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : config.dataDir === 'memory' ? 'embedded PGlite, in memory' : `embedded PGlite in ${config.dataDir}`}`);
  for (const d of server.examples?.definitions ?? []) lines.push(`  Example:   ${d.key} v${d.version}${d.isNew ? ' (deployed)' : ''} — ${d.name ?? ''}`);
  if (server.seed.demoUsers.length) {
    lines.push('', `Demo users (development only${server.seed.seeded ? ', created now' : '; passwords as seeded unless changed since'}):`);
    for (const u of server.seed.demoUsers) {
      lines.push(`  ${u.username.padEnd(11)} ${u.password.padEnd(10)} ${u.roles.padEnd(11)} ${(u.regionCode ?? 'all regions').padEnd(13)} ${u.displayName}`);
    }
  }
  if (!config.production && !process.env.TONGBAN_TOKEN_SECRET) lines.push('', 'Note: TONGBAN_TOKEN_SECRET is not set; sign-ins end when the server restarts.');
  console.log(lines.join('\n'));
}

async function main(): Promise<void> {
  let config: ServerConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  // Loaded only once the configuration is accepted: a refusal never waits for the engine.
  const { createServer } = await import('./server.js');
  const server = await createServer({ config });
  printBanner(config, server);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: shutting down…`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
