/** The part of an ioredis client the health signal looks at. */
export interface HealthConnection {
  readonly status: string;
  on(event: 'ready', listener: () => void): unknown;
  ping(): Promise<unknown>;
}

const PROBE_INTERVAL_MS = 1_000;

/**
 * The one health signal of Redis, shared by every user of the connection (RedisService.health): the
 * session check and the cache tiers, the rate limiter, the revocation tombstones. A disconnected client is
 * skipped at once (it would fail anyway: the offline queue is off). The first failed call anywhere —
 * typically a 500 ms command timeout against a frozen server — makes every user skip Redis from then on,
 * and a background PING once a second (never a writer's request) finds out when it answers again.
 * A (re)connection ends the outage at once.
 */
export class RedisHealth {
  private down = false;
  private probe: NodeJS.Timeout | undefined;

  public constructor(
    private readonly connection: HealthConnection,
    private readonly probeIntervalMs = PROBE_INTERVAL_MS,
  ) {
    connection.on('ready', () => this.succeeded());
  }

  /** Whether callers should leave Redis alone and use their fallback now; those that try report back. */
  public get skipping(): boolean {
    return this.down || this.connection.status !== 'ready';
  }

  public succeeded(): void {
    this.down = false;
    clearTimeout(this.probe);
    this.probe = undefined;
  }

  public failed(): void {
    if (this.down) return;
    this.down = true;
    this.scheduleProbe();
  }

  public stop(): void {
    clearTimeout(this.probe);
    this.probe = undefined;
  }

  private scheduleProbe(): void {
    clearTimeout(this.probe);
    this.probe = setTimeout(() => {
      this.connection.ping().then(
        () => this.succeeded(),
        () => this.down && this.scheduleProbe(),
      );
    }, this.probeIntervalMs);
    this.probe.unref();
  }
}
