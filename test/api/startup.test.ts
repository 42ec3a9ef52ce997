/** Configuration from the environment, production refusal, first-start seeding. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import supertest from 'supertest';
import { ConfigError, createServer, loadConfig } from '../../runtime-api/src/index.js';
import { createLogger } from '../../runtime-api/src/middleware/request-log.js';
import { testDatabase } from '../support/db.js';
import { testConfig } from './support/harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function runMain(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=tongban-src', 'runtime-api/src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('api: configuration and start-up', function () {
  this.timeout(120_000);

  it('reads defaults and environment variables', () => {
    const config = loadConfig({ TONGBAN_DATA_DIR: 'memory' });
    expect(config).to.include({ port: 3000, host: '127.0.0.1', dataDir: 'memory', production: false, logLevel: 'info', seed: 'demo', runJobs: true });
    expect(config.tokenSecret.length).to.be.at.least(32);
    const custom = loadConfig({ PORT: '8080', HOST: '0.0.0.0', TONGBAN_TOKEN_TTL: '30m', LOG_LEVEL: 'warn', DATABASE_URL: 'postgres://u@h/db' });
    expect(custom).to.include({ port: 8080, host: '0.0.0.0', tokenTtlSeconds: 1800, logLevel: 'warn', databaseUrl: 'postgres://u@h/db' });
  });

  it('refuses bad values and, in production, missing secrets — all problems at once', () => {
    const err = (() => {
      try {
        loadConfig({ NODE_ENV: 'production', PORT: 'eighty' });
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(err).to.be.instanceOf(ConfigError);
    expect(err.problems.join('\n')).to.include('TONGBAN_TOKEN_SECRET').and.include('TONGBAN_ADMIN_PASSWORD').and.include('PORT');
    expect(() => loadConfig({ TONGBAN_TOKEN_SECRET: 'short' })).to.throw(ConfigError, /at least 32/);
    const prod = loadConfig({ NODE_ENV: 'production', TONGBAN_TOKEN_SECRET: 'x'.repeat(40), TONGBAN_ADMIN_PASSWORD: 'admin-password-1' });
    expect(prod).to.include({ production: true, seed: 'admin' });
  });

  it('npm start in production without secrets exits with code 1 and says why', async () => {
    const { code, output } = await runMain({ NODE_ENV: 'production', TONGBAN_DATA_DIR: 'memory' });
    expect(code).to.equal(1);
    expect(output).to.include('TONGBAN_TOKEN_SECRET').and.include('TONGBAN_ADMIN_PASSWORD');
  });

  it('production seeding creates only the administrator', async () => {
    const database = await testDatabase('api_seed_admin');
    const server = await createServer({
      config: testConfig({ production: true, seed: 'admin', adminPassword: 'admin-password-1', validateResponses: false }),
      database,
      logger: createLogger('silent'),
    });
    try {
      expect(server.seed.demoUsers).to.deep.equal([]);
      expect(server.examples).to.equal(undefined);
      const login = await supertest(server.url).post('/api/auth/login').send({ username: 'admin', password: 'admin-password-1' });
      expect(login.status).to.equal(200);
      expect(login.body.user).to.deep.include({ roles: ['admin'], regionCode: null });
      expect((await supertest(server.url).post('/api/auth/login').send({ username: 'clerk', password: 'demo1234' })).status).to.equal(401);
    } finally {
      await server.close();
      await database.close();
    }
  });

  it('development seeding creates the demo tree and users, deploys the examples, and does it once', async () => {
    const database = await testDatabase('api_seed_demo');
    const config = testConfig({ seed: 'demo' });
    const first = await createServer({ config, database, logger: createLogger('silent') });
    try {
      expect(first.seed.seeded).to.equal(true);
      expect(first.seed.demoUsers.map((u) => u.username)).to.include.members(['admin', 'clerk', 'market', 'towneditor', 'supervisor']);
      expect(first.examples?.definitions.map((d) => d.key)).to.include('food_business_licence');
      const http = supertest(first.url);
      const clerk = await http.post('/api/auth/login').send({ username: 'clerk', password: 'demo1234' });
      expect(clerk.body.user).to.deep.include({ regionCode: '440106', departmentId: 'window', groups: ['window:clerk'] });
      const started = await http.post('/api/instances').set('authorization', `Bearer ${clerk.body.token}`).send({ processKey: 'food_business_licence', regionCode: '440106001001' });
      expect(started.status).to.equal(201);
      const inbox = await http.get('/api/tasks?mine=true').set('authorization', `Bearer ${clerk.body.token}`);
      expect(inbox.body.items.map((t: { elementId: string }) => t.elementId)).to.include('accept');
    } finally {
      await first.close();
    }
    const second = await createServer({ config, database, logger: createLogger('silent') });
    try {
      expect(second.seed.seeded).to.equal(false);
      expect(second.examples?.definitions[0]?.isNew).to.equal(false);
    } finally {
      await second.close();
      await database.close();
    }
  });
});
