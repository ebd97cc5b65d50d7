import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { ThrottlerModuleOptions, ThrottlerOptions } from '@nestjs/throttler';

import type { AppConfig } from '#src/config/app-config.js';
import { perRoute } from '#src/infra/http/route-memo.js';

import { RATE_LIMIT_POLICY, type RateLimitPolicyName } from './rate-limit.decorators.js';
import type { RateLimitAlgorithm } from './rate-limit.store.js';
import {
  emailAtAddressTracker,
  ipTracker,
  type TrackedRequest,
  userOrIpTracker,
} from './rate-limit.trackers.js';

/** One named throttler: who is counted, how, and which routes it guards. */
export interface ThrottlerDefinition {
  name: string;
  /** Undefined: every route (unless skipped). Otherwise only routes marked `@RateLimitPolicy(policy)`. */
  policy?: RateLimitPolicyName;
  algorithm: RateLimitAlgorithm;
  limit: number;
  windowMs: number;
  blockMs: number;
  tracker: (request: TrackedRequest) => string | undefined;
  /** The Redis budget it counts in (default: its own name); two throttlers may share one. */
  bucket?: string;
}

/** The whole rate-limit policy of the API, from config (values documented in `.env.example`). */
export function throttlerDefinitions(config: AppConfig): ThrottlerDefinition[] {
  const rl = config.rateLimit;
  const s = 1_000;
  return [
    {
      name: 'default',
      algorithm: 'fixed-window',
      limit: rl.default.limit,
      windowMs: rl.default.ttlSeconds * s,
      blockMs: 0,
      tracker: userOrIpTracker,
    },
    // Login and register: guessing passwords or spraying sign-ups is slowed per address, and per account
    // from that address; crossing either limit locks that client out for the block duration. Never per
    // account across addresses: that would let a stranger lock the owner out.
    {
      name: 'auth-ip',
      policy: 'auth',
      algorithm: 'fixed-window',
      limit: rl.auth.ipLimit,
      windowMs: rl.auth.ttlSeconds * s,
      blockMs: rl.auth.blockSeconds * s,
      tracker: ipTracker,
    },
    {
      name: 'auth-email',
      policy: 'auth',
      algorithm: 'fixed-window',
      limit: rl.auth.emailLimit,
      windowMs: rl.auth.ttlSeconds * s,
      blockMs: rl.auth.blockSeconds * s,
      tracker: emailAtAddressTracker,
    },
    // Each correction spends Gemini budget: exact sliding window, so no 2× burst across a window edge.
    {
      name: 'llm',
      policy: 'llm',
      algorithm: 'sliding-window',
      limit: rl.llm.limit,
      windowMs: rl.llm.windowSeconds * s,
      blockMs: 0,
      tracker: userOrIpTracker,
    },
    {
      name: 'dictionary',
      policy: 'dictionary',
      algorithm: 'fixed-window',
      limit: rl.dictionary.limit,
      windowMs: rl.dictionary.ttlSeconds * s,
      blockMs: 0,
      tracker: userOrIpTracker,
    },
    // LanguageTool clients (/v2) and the Free Dictionary mirror: anonymous callers per address under their
    // own small policy; callers with an API key draw on their own `llm` budget, shared with /llm/correct.
    ...(['languagetool', 'mirror'] as const).flatMap((policy): ThrottlerDefinition[] => [
      {
        name: `${policy}-anonymous`,
        policy,
        algorithm: 'fixed-window',
        limit: rl.languagetoolAnonymous.limit,
        windowMs: rl.languagetoolAnonymous.ttlSeconds * s,
        blockMs: 0,
        tracker: (request) => (request.user ? undefined : ipTracker(request)),
      },
      {
        name: `${policy}-user`,
        policy,
        algorithm: 'sliding-window',
        limit: rl.llm.limit,
        windowMs: rl.llm.windowSeconds * s,
        blockMs: 0,
        tracker: (request) => (request.user ? `user:${request.user.id}` : undefined),
        bucket: 'llm',
      },
    ]),
    {
      name: 'admin',
      policy: 'admin',
      algorithm: 'fixed-window',
      limit: rl.admin.limit,
      windowMs: rl.admin.ttlSeconds * s,
      blockMs: 0,
      tracker: userOrIpTracker,
    },
  ];
}

/**
 * Redis key of one client's budget under one throttler; the `{…}` hash tag keeps its keys in one cluster slot.
 * Budgets are per policy, not per route (throttler's default): the 300/min default is a user's total across
 * routes, and login and register draw on the same per-IP and per-e-mail budgets.
 */
/**
 * The hash tag is the client alone, so every policy a request counts against for one client lands in one
 * Redis Cluster slot and is checked by one script run.
 */
export function rateLimitKey(keyPrefix: string, tracker: string, throttlerName: string): string {
  return `${keyPrefix}rl:{${tracker}}:${throttlerName}`;
}

/** `@nestjs/throttler` options: one throttler per definition, opt-in ones skipped on routes without their policy. */
export function buildThrottlerOptions(
  definitions: ThrottlerDefinition[],
  keyPrefix: string,
  reflector: Reflector,
): ThrottlerModuleOptions {
  const policyOf = perRoute((handler, controller) =>
    reflector.getAllAndOverride<RateLimitPolicyName | undefined>(RATE_LIMIT_POLICY, [handler, controller]),
  );
  const requestOf = (context: ExecutionContext) => context.switchToHttp().getRequest<TrackedRequest>();

  const throttlers = definitions.map((d): ThrottlerOptions => ({
    name: d.name,
    limit: d.limit,
    ttl: d.windowMs,
    blockDuration: d.blockMs,
    // A definition whose tracker finds nothing to count (no e-mail in the body) does not apply.
    skipIf: (context) =>
      (d.policy !== undefined && policyOf(context) !== d.policy) ||
      d.tracker(requestOf(context)) === undefined,
    getTracker: (request) => d.tracker(request as TrackedRequest)!,
    generateKey: (_context, tracker) => rateLimitKey(keyPrefix, tracker, d.bucket ?? d.name),
  }));
  return { throttlers };
}
