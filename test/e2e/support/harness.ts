/** A tiny test harness: named steps that keep going after a failure, and a plain assertion. */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { SHOTS } from './paths.js';

let passed = 0;
let failed = 0;
const failures: string[] = [];

/** The page most recently opened; a failing step screenshots it. */
let current: Page | undefined;

export function setCurrentPage(page: Page): void {
  current = page;
}

export async function step(name: string, fn: () => Promise<void>): Promise<void> {
  const started = Date.now();
  try {
    await fn();
    passed++;
    console.log(`  ✔ ${name} (${Date.now() - started} ms)`);
  } catch (err) {
    failed++;
    const message = err instanceof Error ? err.message.split('\n').slice(0, 6).join('\n      ') : String(err);
    failures.push(`${name}: ${message}`);
    if (current && !current.isClosed()) await current.screenshot({ path: path.join(SHOTS, `failed-${failed}.png`) }).catch(() => undefined);
    console.log(`  ✘ ${name}\n      ${message}`);
  }
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export function results(): { passed: number; failed: number; failures: readonly string[] } {
  return { passed, failed, failures };
}
