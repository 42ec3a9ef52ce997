/**
 * Signed bearer tokens (JWT, HS256, jose). A token names the user (`sub`) and expires; it does
 * not carry roles — those are read from the database on every request, so disabling a user or
 * changing roles takes effect at once.
 */
import { SignJWT, jwtVerify, errors } from 'jose';

const ISSUER = 'tongban';
const AUDIENCE = 'tongban-api';

export class TokenService {
  private readonly key: Uint8Array;

  constructor(secret: string, private readonly ttlSeconds: number) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const now = Math.floor(Date.now() / 1000);
    const expiresAt = new Date((now + this.ttlSeconds) * 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + this.ttlSeconds)
      .sign(this.key);
    return { token, expiresAt };
  }

  /** The user id, or a reason the token is not accepted. */
  async verify(token: string): Promise<{ userId: string } | { reason: 'expired' | 'invalid' }> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      return typeof payload.sub === 'string' ? { userId: payload.sub } : { reason: 'invalid' };
    } catch (err) {
      return { reason: err instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}
