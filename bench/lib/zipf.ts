// A Zipf(s) sampler over n ranks with a seeded PRNG, so every run asks for the same sequence of words.

/** mulberry32: small, fast, good enough to drive a workload; deterministic for a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class ZipfSampler {
  private readonly cdf: Float64Array;
  private readonly random: () => number;

  /** P(rank k) ∝ 1 / k^s for k = 1..n. */
  public constructor(n: number, s: number, seed = 42) {
    this.cdf = new Float64Array(n);
    let total = 0;
    for (let k = 1; k <= n; k++) this.cdf[k - 1] = total += 1 / k ** s;
    for (let i = 0; i < n; i++) this.cdf[i] /= total;
    this.random = seededRandom(seed);
  }

  /** A 0-based rank (0 is the most frequent). */
  public next(): number {
    const u = this.random();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Probability mass of the `k` most frequent ranks. */
  public massOfTop(k: number): number {
    return k <= 0 ? 0 : this.cdf[Math.min(k, this.cdf.length) - 1]!;
  }
}
