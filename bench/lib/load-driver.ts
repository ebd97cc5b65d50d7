// Picks the load generator: wrk when installed (Debian's `wrk`), autocannon otherwise. Loads that need
// per-request callbacks (token chains, one-off bodies, exactly-one-request-per-client) always use
// autocannon; the report says which generator measured each row, and ratios only compare rows measured
// by the same one.
import { execFileSync } from 'node:child_process';

import { asAutocannon, runAutocannon } from './load-runner.js';
import type { AutocannonLoad, Generator, HttpLoad, RunResult } from './load-types.js';
import { runWrk } from './wrk-runner.js';

export interface Measured {
  rssMb(): number;
}

export function wrkInstalled(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // wrk --version exits 1 after printing its banner: only a missing binary is "not installed".
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

export class LoadDriver {
  public readonly generator: Exclude<Generator, 'redis-benchmark'>;

  public constructor(generator: Exclude<Generator, 'redis-benchmark'>) {
    this.generator = generator;
  }

  public static detect(preferred?: string): LoadDriver {
    if (preferred === 'autocannon') return new LoadDriver('autocannon');
    if (wrkInstalled()) return new LoadDriver('wrk');
    if (preferred === 'wrk')
      throw new Error('BENCH_GENERATOR=wrk but wrk is not installed (Debian: apt-get install wrk)');
    return new LoadDriver('autocannon');
  }

  /** Whether loads with think time can be generated (wrk's `delay()`; autocannon has no equivalent). */
  public get paces(): boolean {
    return this.generator === 'wrk';
  }

  public http(load: HttpLoad, server: Measured): Promise<RunResult> {
    if (this.generator === 'wrk') return runWrk(load, () => server.rssMb());
    if (load.thinkMs) throw new Error('think time needs wrk');
    if (load.paths?.authorizations) throw new Error('a token per request needs wrk (apt-get install wrk)');
    const counter = { sent: 0 };
    return runAutocannon(asAutocannon(load, counter), () => server.rssMb(), counter);
  }

  public autocannon(load: AutocannonLoad, server: Measured): Promise<RunResult> {
    return runAutocannon(load, () => server.rssMb());
  }
}
