import { SPELLING_REWRITES } from './spelling-rewrite-counts.js';

/**
 * How likely a writer who meant one word is to type another, by the strings writers type for strings
 * (Brill and Moore, 2000): "ur" typed as "er" ("persue"), "ai" as "ay" ("layed"), a doubled letter doubled
 * in the wrong place ("reccuring"). Learned by `npm run checker:error-model` from the same list as
 * `SpellingErrorModel` (without the benchmark's misspellings), with a letter of context on either side, so
 * a habit costs less than the letter slips it is made of. The ranker takes the cheaper of the two models'
 * costs for its few best candidates.
 */
export class SpellingRewriteModel {
  private readonly rewrites = parse(SPELLING_REWRITES);
  /** The longest intended string a rewrite replaces, and the longest it writes instead (as trained). */
  private readonly longestMeant = Math.max(...[...this.rewrites.keys()].map((meant) => meant.length));
  private readonly longestTyped = Math.max(
    ...[...this.rewrites.values()].flatMap((typed) => [...typed.keys()].map((got) => got.length)),
  );

  /** -log10 P(`typed` | `intended`), both lower case, by the likeliest way to cut `intended` into rewrites. */
  public cost(typed: string, intended: string): number {
    const meant = `^${intended}$`;
    const written = `^${typed}$`;
    const cols = written.length + 1;
    // costs[i * cols + j]: the cheapest way to type written[0, j) for meant[0, i).
    const costs = new Float64Array((meant.length + 1) * cols).fill(Infinity);
    costs[0] = 0;
    // What was typed, cut at every place into every length a rewrite can write.
    const typedAt = Array.from({ length: cols }, (_, j) =>
      Array.from({ length: this.longestTyped + 1 }, (_, length) =>
        j + length <= written.length ? written.slice(j, j + length) : undefined,
      ),
    );
    for (let i = 0; i <= meant.length; i++) {
      // The rewrites of the strings that start at i, looked up once for every column.
      const starting: (ReadonlyMap<string, number> | undefined)[] = [];
      for (let length = 1; length <= this.longestMeant && i + length <= meant.length; length++)
        starting.push(this.rewrites.get(meant.slice(i, i + length)));
      for (let j = 0; j < cols; j++) {
        const sofar = costs[i * cols + j];
        if (sofar === Infinity) continue;
        if (meant[i] !== undefined && meant[i] === written[j]) relax(costs, (i + 1) * cols + j + 1, sofar);
        for (let k = 0; k < starting.length; k++) {
          const rewrites = starting[k];
          if (!rewrites) continue;
          for (let length = 0; length <= this.longestTyped; length++) {
            const got = typedAt[j][length];
            if (got === undefined) break;
            const cost = rewrites.get(got);
            if (cost !== undefined) relax(costs, (i + k + 1) * cols + j + length, sofar + cost);
          }
        }
      }
    }
    return costs[costs.length - 1];
  }
}

function relax(costs: Float64Array, at: number, cost: number): void {
  if (cost < costs[at]) costs[at] = cost;
}

/** Intended string → what was typed for it → -log10 of how often. */
function parse(source: string): Map<string, Map<string, number>> {
  const rewrites = new Map<string, Map<string, number>>();
  for (const line of source.split('\n')) {
    if (!line) continue;
    const [meant, contextCount, typed] = line.split('|');
    const costs = new Map<string, number>();
    for (const entry of typed.split(',')) {
      const [got, count] = entry.split('=');
      costs.set(got, -Math.log10(Number(count) / (Number(contextCount) + 1)));
    }
    rewrites.set(meant, costs);
  }
  return rewrites;
}
