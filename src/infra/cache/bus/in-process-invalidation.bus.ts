import { EventEmitter } from 'node:events';

import { type BusHandlers, type BusMessage, type Invalidation, InvalidationBus } from './invalidation-bus.js';

/** One emitter per process: several app instances in one process (tests) still reach each other. */
const processBus = new EventEmitter();
processBus.setMaxListeners(0);

/** The bus of embedded mode (no Redis): delivery within this process only. */
export class InProcessInvalidationBus extends InvalidationBus {
  private listener: ((message: BusMessage) => void) | undefined;

  public constructor(private readonly channel: string) {
    super();
  }

  public async start(handlers: BusHandlers): Promise<void> {
    this.listener = (message) => this.deliver(handlers, message);
    processBus.on(this.channel, this.listener);
  }

  public async publish(invalidation: Invalidation): Promise<boolean> {
    const message = this.envelope(invalidation);
    // Asynchronous like a real bus: the publisher never runs other instances' handlers inline.
    setImmediate(() => processBus.emit(this.channel, message));
    return true;
  }

  public async stop(): Promise<void> {
    if (this.listener) processBus.off(this.channel, this.listener);
  }
}
