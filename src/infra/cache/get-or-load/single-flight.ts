/**
 * Per-instance request coalescing: concurrent calls with one key share one execution of `fn`.
 * The entry is removed when the promise settles, so a later call runs `fn` again.
 */
export class SingleFlight {
  private readonly flights = new Map<string, Promise<unknown>>();

  public run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const existing = this.flights.get(key);
    if (existing) return existing as Promise<T>;
    const flight = (async () => {
      try {
        return await fn();
      } finally {
        this.flights.delete(key);
      }
    })();
    this.flights.set(key, flight);
    return flight;
  }

  public has(key: string): boolean {
    return this.flights.has(key);
  }

  public get size(): number {
    return this.flights.size;
  }
}
