// `npm start` serves designer/dist: build it first when it is missing or older than the
// designer's sources, so that a fresh clone's `npm install && npm start` shows the app.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'dist', 'index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const sources = Math.max(newest(join(root, 'src')), statSync(join(root, 'index.html')).mtimeMs, statSync(join(root, 'vite.config.ts')).mtimeMs);
if (existsSync(built) && statSync(built).mtimeMs >= sources) process.exit(0);
console.log('Building the designer (designer/dist)…');
const result = spawnSync('npm', ['run', 'build', '--silent', '-w', '@tongban/designer'], { cwd: join(root, '..'), stdio: ['ignore', 'ignore', 'inherit'] });
process.exit(result.status ?? 1);
