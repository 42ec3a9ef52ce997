import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SHOTS = path.join(ROOT, 'test/e2e/screenshots');
export const VIEWPORT = { width: 1366, height: 768 };
