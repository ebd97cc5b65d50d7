/** The part of an ioredis client the gate looks at. */
export interface ConnectionStatus {
  readonly status: string;
  on(event: 'ready', listener: () => void): unknown;
}

const COOL_DOWN_MS = 1_000;

/**
 * Decides, per check, whether Redis is worth asking. A disconnected client is skipped at once (it would
 * fail anyway: the offline queue is off). After a failed call — typically a 500 ms command timeout
 * against a frozen server — Redis is skipped for a second, then ONE check probes it while the others keep
 * using the fallback, so a hung server costs one slow request per second rather than every request.
 * A (re)connection ends the cool-down at once: a fresh connection is worth trying.
 */
export class RedisGate {
  private openUntil = 0;
  private probing = false;

  constructor(
    private readonly connection: ConnectionStatus,
    private readonly now: () => number = () => performance.now(),
    private readonly coolDownMs = COOL_DOWN_MS,
  ) {
    connection.on('ready', () => this.succeeded());
  }

  /** True when this check should go to Redis; the caller then reports `succeeded()` or `failed()`. */
  public tryAcquire(): boolean {
    if (this.connection.status !== 'ready') return false;
    if (this.openUntil === 0) return true;
    if (this.now() < this.openUntil || this.probing) return false;
    this.probing = true;
    return true;
  }

  public succeeded(): void {
    this.openUntil = 0;
    this.probing = false;
  }

  public failed(): void {
    this.openUntil = this.now() + this.coolDownMs;
    this.probing = false;
  }

  public get isOpen(): boolean {
    return this.openUntil !== 0;
  }
}
