/**
 * API keys for department systems (adapters). A key reads `tbk_<id>_<secret>`: the id finds the
 * row, the secret is checked against its SHA-256 hash with a timing-safe comparison. SHA-256
 * (not scrypt) because the secret is 256 random bits, not a password a person chose: there is
 * nothing to guess, and every adapter call pays the check. The full key is shown once, when
 * it is created; only the hash is stored.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY_PATTERN = /^tbk_([a-f0-9]{16})_([A-Za-z0-9_-]{43})$/;

export function newApiKey(): { id: string; secret: string; key: string; secretHash: string } {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, key: `tbk_${id}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseApiKey(key: string): { id: string; secret: string } | undefined {
  const match = KEY_PATTERN.exec(key);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
