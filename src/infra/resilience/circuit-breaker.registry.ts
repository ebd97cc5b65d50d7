import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';

import { CircuitBreaker, type CircuitBreakerOptions, type CircuitStats } from './circuit-breaker.js';

/**
 * Every circuit breaker of the process, one per dependency, so that `/metrics` and the admin stats read
 * them in one place. State changes are logged here, once for all of them.
 */
@Injectable()
export class CircuitBreakerRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger('CircuitBreaker');
  private readonly breakers = new Map<string, CircuitBreaker>();

  /** Creates the breaker of the dependency `options.name`; a second one for the same name is a bug. */
  public create(options: CircuitBreakerOptions): CircuitBreaker {
    if (this.breakers.has(options.name)) throw new Error(`circuit breaker "${options.name}" exists already`);
    const breaker = new CircuitBreaker({
      ...options,
      onStateChange: (from, to) => {
        if (to === 'half-open') this.logger.debug({ circuit: options.name }, 'probing');
        else this.logger.warn({ circuit: options.name, from, to }, `circuit ${options.name} ${to}`);
        options.onStateChange?.(from, to);
      },
    });
    this.breakers.set(options.name, breaker);
    return breaker;
  }

  public stats(): CircuitStats[] {
    return [...this.breakers.values()].map((b) => b.stats());
  }

  public onApplicationShutdown(): void {
    for (const breaker of this.breakers.values()) breaker.stop();
  }
}
