import { describe, expect, it } from 'vitest';

import { SingleFlight } from './single-flight.js';

describe('SingleFlight', () => {
  it('shares one execution among concurrent callers of a key, and runs again afterwards', async () => {
    const flights = new SingleFlight();
    let runs = 0;
    const work = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 10));
      return runs;
    };
    const results = await Promise.all([
      flights.run('k', work),
      flights.run('k', work),
      flights.run('other', work),
    ]);
    expect(results[0]).toBe(results[1]);
    expect(runs).toBe(2);
    expect(flights.size).toBe(0);
    await flights.run('k', work);
    expect(runs).toBe(3);
  });

  it('shares a failure too, and forgets it', async () => {
    const flights = new SingleFlight();
    const boom = new Error('boom');
    const failing = () => Promise.reject(boom);
    await expect(Promise.all([flights.run('k', failing), flights.run('k', failing)])).rejects.toBe(boom);
    expect(flights.has('k')).toBe(false);
  });
});
