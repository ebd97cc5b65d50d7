import { Global, Module } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { getOptionsToken, getStorageToken } from '@nestjs/throttler';

import { AppConfig } from '#src/config/app-config.js';

import { FailureCounter } from './failure-counter.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { RateLimitMetrics } from './rate-limit.metrics.js';
import { buildThrottlerOptions, throttlerDefinitions } from './rate-limit.policies.js';
import { RateLimitStorage } from './rate-limit.storage.js';

/**
 * Rate limiting for every route (see `rate-limit.policies.ts`). Provides `@nestjs/throttler`'s two tokens
 * directly — options built from `AppConfig`, storage backed by Redis Lua scripts — instead of going
 * through `ThrottlerModule`, which would add nothing but a second global module.
 *
 * ORDER MATTERS: global guards run in the order their modules are first imported, and this guard needs
 * `request.user` from the JWT guard. `AppModule` imports `AuthModule` before this module; no module loaded
 * earlier may import this one (it is global, so `RateLimitMetrics` and `FailureCounter` can be injected
 * without importing it).
 */
@Global()
@Module({
  providers: [
    RateLimitMetrics,
    RateLimitStorage,
    FailureCounter,
    {
      provide: getOptionsToken(),
      inject: [AppConfig, Reflector],
      useFactory: (config: AppConfig, reflector: Reflector) =>
        buildThrottlerOptions(throttlerDefinitions(config), config.redis.keyPrefix, reflector),
    },
    { provide: getStorageToken(), useExisting: RateLimitStorage },
    RateLimitGuard,
    // The same instance: the JWT guard starts its counts early (`countEarly`).
    { provide: APP_GUARD, useExisting: RateLimitGuard },
  ],
  exports: [RateLimitMetrics, FailureCounter, RateLimitStorage, RateLimitGuard],
})
export class RateLimitModule {}
