import { LRUCache } from 'lru-cache';

import { type AccessTokenClaims, CLOCK_TOLERANCE_SECONDS } from './access-token.claims.js';

/** Tokens remembered at once: a few per active writer (one per session, renewed every 15 minutes). */
const MAX_TOKENS = 20_000;

/**
 * Access tokens passport-jwt verified recently, by their exact text (signature included), with their
 * parsed claims. A writer's editor sends the same token with every request until it is refreshed; a token
 * seen before skips the signature check and the claim parsing, which were ~10% of a cached lookup's CPU.
 * Its expiry is still checked on every use, with jsonwebtoken's own rule; its session is still checked
 * by the caller, so logout takes effect at once as before.
 */
export class VerifiedTokens {
  private readonly tokens = new LRUCache<string, AccessTokenClaims>({ max: MAX_TOKENS });

  public remember(token: string, claims: AccessTokenClaims): void {
    this.tokens.set(token, claims);
  }

  /** The claims of a token verified before and not expired since; undefined otherwise. */
  public recall(token: string): AccessTokenClaims | undefined {
    const claims = this.tokens.get(token);
    if (!claims) return undefined;
    // jsonwebtoken: expired once `now >= exp + clockTolerance`, in whole seconds of Date.now().
    if (Math.floor(Date.now() / 1_000) >= claims.exp + CLOCK_TOLERANCE_SECONDS) {
      this.tokens.delete(token);
      return undefined;
    }
    return claims;
  }
}
