import type { Server } from 'node:http';

import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** How often idle keep-alive connections are closed while draining (they would otherwise hold `close` up). */
const IDLE_SWEEP_MS = 50;
/** After the drain, time left for flushing and closing connections before the process gives up (exit 1). */
const CLOSE_BUDGET_MS = 15_000;

/**
 * Graceful shutdown in the order that loses nothing:
 * 1. stop accepting connections and let the requests in flight finish — at most `timeoutMs`
 *    (SHUTDOWN_TIMEOUT_MS), after which their connections are cut;
 * 2. `app.close()`: the `beforeApplicationShutdown` hooks flush the write-behind buffers (usage events,
 *    lookup counts) — after the last request that could add to them — then Redis and PostgreSQL close.
 *
 * Nest's own `enableShutdownHooks()` runs the flushes BEFORE closing the HTTP server (so late requests
 * could buffer after the flush) and ends by re-raising the signal (exit code 143, not 0); hence this class.
 */
export class GracefulShutdown {
  private readonly logger = new Logger(GracefulShutdown.name);
  private draining = false;
  private running?: Promise<boolean>;

  public constructor(
    private readonly app: NestFastifyApplication,
    private readonly timeoutMs: number,
  ) {
    // While draining, each response closes its connection, so keep-alive clients let go once served.
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onSend', async (_request, reply, payload) => {
        if (this.draining) void reply.header('Connection', 'close');
        return payload;
      });
  }

  /**
   * Handles SIGTERM/SIGINT: shut down, then exit 0 (1 if the shutdown failed or hung). A second signal
   * meanwhile (the same one again) finds no handler and ends the process at once (Ctrl-C twice).
   */
  public handleSignals(
    signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'],
    exit: (code: number) => void = (code) => process.exit(code),
  ): void {
    for (const signal of signals) {
      process.once(signal, () => {
        this.logger.log({ signal }, 'shutting down');
        setTimeout(() => {
          this.logger.error({ budgetMs: this.timeoutMs + CLOSE_BUDGET_MS }, 'shutdown hung; exiting');
          exit(1);
        }, this.timeoutMs + CLOSE_BUDGET_MS).unref();
        this.shutdown().then(
          () => exit(0),
          (err: unknown) => {
            this.logger.error({ err: (err as Error)?.message }, 'shutdown failed');
            exit(1);
          },
        );
      });
    }
  }

  /** Resolves true when every in-flight request finished in time. Idempotent. */
  public shutdown(): Promise<boolean> {
    this.running ??= (async () => {
      const drained = await this.drain();
      await this.app.close();
      this.logger.log({ drained }, 'shut down');
      return drained;
    })();
    return this.running;
  }

  private async drain(): Promise<boolean> {
    this.draining = true;
    const server = this.app.getHttpServer() as Server;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>(
      (resolve) => (timer = setTimeout(() => resolve(false), this.timeoutMs)),
    );
    try {
      const drained = await Promise.race([closed.then(() => true as const), timedOut]);
      if (!drained) {
        this.logger.warn(
          { timeoutMs: this.timeoutMs },
          'requests still in flight after SHUTDOWN_TIMEOUT_MS; closing their connections',
        );
        server.closeAllConnections();
      }
      return drained;
    } finally {
      clearInterval(sweep);
      clearTimeout(timer);
    }
  }
}
