/**
 * PostgreSQL's own pgbench (TPC-B-like), run in the same session as the yardstick the engine
 * benchmarks are divided by: the ratio says how close a workflow command gets to a plain
 * small read-write transaction on the same server and machine.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export function pgbenchAvailable(): boolean {
  return spawnSync('pgbench', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Initialises scale `scale` and runs `clients` clients for `seconds`; returns tps. */
export function runPgbench(url: string, options: { scale?: number; clients?: number; seconds?: number } = {}): number {
  const { scale = 10, clients = 8, seconds = 20 } = options;
  execFileSync('pgbench', ['-i', '-q', '-s', String(scale), url], { stdio: 'ignore' });
  try {
    const out = execFileSync('pgbench', ['-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(seconds), url], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const match = /tps = ([\d.]+)/.exec(out);
    if (!match) throw new Error(`could not read tps from pgbench output:\n${out}`);
    return Number(match[1]);
  } finally {
    execFileSync('pgbench', ['-i', '-I', 'd', url], { stdio: 'ignore' });
  }
}
