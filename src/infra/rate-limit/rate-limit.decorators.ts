import { applyDecorators, SetMetadata } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';

/** Route-specific policies; a route without one gets the `default` policy. */
export type RateLimitPolicyName = 'auth' | 'llm' | 'dictionary' | 'admin' | 'languagetool' | 'mirror';

export const RATE_LIMIT_POLICY = 'rate-limit:policy';

/**
 * Puts a controller or route under a named policy INSTEAD of `default` (a dictionary user's 600/min must
 * not be capped by the general 300/min). `auth` applies two throttlers, per IP and per e-mail.
 * Limits come from `AppConfig.rateLimit`; `@Throttle({ <throttler>: { limit, ttl } })` can still override one.
 * To exempt a route entirely (probes, scrapes) use `@SkipThrottle()`.
 */
export function RateLimitPolicy(policy: RateLimitPolicyName): ClassDecorator & MethodDecorator {
  return applyDecorators(SetMetadata(RATE_LIMIT_POLICY, policy), SkipThrottle({ default: true }));
}
