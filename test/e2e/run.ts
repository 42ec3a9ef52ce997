/**
 * Browser tests of the designer: builds it, starts the real server (runtime-api, in-memory
 * database, demo users), and drives Debian's Chromium headless with playwright-core at
 * 1366×768. Screenshots go to test/e2e/screenshots/. One file per journey in journeys/,
 * shared helpers in support/.
 *
 *   node --import tsx test/e2e/run.ts            (or: npm run e2e -w @tongban/designer)
 *
 * Environment: CHROMIUM (default /usr/bin/chromium), E2E_SKIP_BUILD=1 to reuse designer/dist,
 * E2E_HEADED=1 to watch, E2E_ONLY=catalogue,town to run the shell checks and just those journeys.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { bundleJourney } from './journeys/bundle.js';
import { caseFilesJourney } from './journeys/case-files.js';
import { catalogueJourney } from './journeys/catalogue.js';
import { formDesignerJourney } from './journeys/form-designer.js';
import { onlineCaseJourney } from './journeys/online-case.js';
import { processDesignerJourney } from './journeys/process-designer.js';
import { shellJourney } from './journeys/shell.js';
import { supervisionAuditJourney } from './journeys/supervision-audit.js';
import { townJourney } from './journeys/town.js';
import { workbenchJourney } from './journeys/workbench.js';
import { check, results, step } from './support/harness.js';
import type { Journey } from './support/journey.js';
import { consoleErrors } from './support/pages.js';
import { ROOT, SHOTS } from './support/paths.js';
import { build, startServer } from './support/server.js';

/** In this order: later journeys may rely on what earlier ones left (e.g. the town editor's submission in the audit log). */
const JOURNEYS: Journey[] = [processDesignerJourney, workbenchJourney, caseFilesJourney, formDesignerJourney, catalogueJourney, bundleJourney, townJourney, onlineCaseJourney, supervisionAuditJourney];

function selected(journey: Journey): boolean {
  const list = process.env.E2E_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
  return !list?.length || list.includes(journey.name);
}

async function run(base: string, browser: Browser): Promise<void> {
  await shellJourney.run({ base, browser });
  for (const journey of JOURNEYS) {
    if (selected(journey)) await journey.run({ base, browser });
  }
  await step('no console errors', async () => {
    check(consoleErrors.length === 0, consoleErrors.join('\n'));
  });
}

async function main(): Promise<void> {
  rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  build();
  const { url, child } = await startServer();
  console.log(`Server at ${url}`);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: process.env.E2E_HEADED !== '1',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  try {
    await run(url, browser);
  } finally {
    await browser.close();
    child.kill('SIGTERM');
  }
  const { passed, failed, failures } = results();
  console.log(`\nScreenshots in ${path.relative(ROOT, SHOTS)}/`);
  if (failures.length) console.log(`\nFailures:\n  ${failures.join('\n  ')}`);
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
