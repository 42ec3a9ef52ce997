/** Builds the designer and starts the real server (runtime-api, in-memory database, demo users). */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { ROOT } from './paths.js';

export function build(): void {
  if (process.env.E2E_SKIP_BUILD === '1') return;
  console.log('Building the designer…');
  const r = spawnSync('npm', ['run', 'build', '-w', '@tongban/designer'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('designer build failed');
}

export async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=tongban-src', 'runtime-api/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', TONGBAN_DATA_DIR: 'memory', LOG_LEVEL: 'warn', TONGBAN_LOGIN_RATE_LIMIT: '1000', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 180 s:\n${output}`)), 180_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const m = /running at (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
  });
  return { url, child };
}
