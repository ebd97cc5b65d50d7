// The second half of the offline checker's error model: which strings writers type for which, in the
// manner of Brill and Moore (2000), "An improved error model for noisy channel spelling correction". Where
// the letter model (spelling-error-model.mjs) sees "pursue" → "persue" as one vowel changed, this one sees
// "ur" typed as "er", and how often: habits longer than one letter ("ie" for "ei", "ant" for "ent", a
// doubled letter left single next to another), each with one letter of context on either side. Learned
// from the same training pairs (every misspelling the quality benchmark measures left out) by
// `npm run checker:error-model`, which writes src/correction/providers/local/spelling-rewrite-counts.ts.

/** The longest string of the intended word (with '^' and '$' for its ends) a rewrite replaces. */
const MAX_REWRITE = 3;
/** Letters of context kept on either side of a change. */
const CONTEXT = 1;
/** A rewrite seen fewer times than this is one writer's accident, not a habit. */
const MIN_COUNT = 2;
/** Pairs further apart than this are rewrites of the whole word: they teach nothing about habits. */
const MAX_EDITS = 3;

/** Rewrites `[intended, typed, count, contextCount]`, sorted: how often each string of the intended
 * words was typed as another, and how often it occurred in them at all. */
export function trainRewriteCounts(pairs) {
  const rewrites = new Map();
  const occurrences = new Map();
  for (const [typed, intended] of pairs) {
    const word = `^${intended}$`;
    const written = `^${typed}$`;
    const regions = changedRegions(written, word);
    if (!regions) continue;
    for (let start = 0; start < word.length; start++)
      for (let length = 1; length <= MAX_REWRITE && start + length <= word.length; length++) {
        const part = word.slice(start, start + length);
        occurrences.set(part, (occurrences.get(part) ?? 0) + 1);
      }
    for (const { from, to, typedFrom, typedTo } of regions)
      for (let left = 0; left <= CONTEXT; left++)
        for (let right = 0; right <= CONTEXT; right++) {
          if (from - left < 0 || typedFrom - left < 0) continue;
          if (to + right > word.length || typedTo + right > written.length) continue;
          const meant = word.slice(from - left, to + right);
          const got = written.slice(typedFrom - left, typedTo + right);
          if (meant.length === 0 || meant.length > MAX_REWRITE || got.length > MAX_REWRITE + 1) continue;
          const key = `${meant}|${got}`;
          rewrites.set(key, (rewrites.get(key) ?? 0) + 1);
        }
  }
  return [...rewrites]
    .filter(([, count]) => count >= MIN_COUNT)
    .map(([key, count]) => {
      const [meant, got] = key.split('|');
      return [meant, got, count, occurrences.get(meant) ?? 0];
    })
    .sort(([a, b], [c, d]) => (a === c ? (b < d ? -1 : 1) : a < c ? -1 : 1));
}

/**
 * The spans where `typed` and `intended` differ, from a Levenshtein alignment: consecutive changes form one
 * span (`from`–`to` in the intended word, `typedFrom`–`typedTo` in what was typed); undefined when the two
 * are more than MAX_EDITS apart.
 */
function changedRegions(typed, intended) {
  const [n, m] = [intended.length, typed.length];
  const d = Array.from({ length: n + 1 }, (_, i) =>
    Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= n; i++)
    for (let j = 1; j <= m; j++)
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + (intended[i - 1] === typed[j - 1] ? 0 : 1),
      );
  if (d[n][m] > MAX_EDITS) return undefined;
  // Walk back the cheapest path: each step is a match, or a change of the span being collected.
  const regions = [];
  let open;
  let [i, j] = [n, m];
  const close = () => {
    if (open) regions.push(open);
    open = undefined;
  };
  const widen = (from, typedFrom) => {
    open ??= { from: i, to: i, typedFrom: j, typedTo: j };
    [open.from, open.typedFrom] = [from, typedFrom];
  };
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && intended[i - 1] === typed[j - 1] && d[i][j] === d[i - 1][j - 1]) {
      close();
      [i, j] = [i - 1, j - 1];
    } else if (i > 0 && j > 0 && d[i][j] === d[i - 1][j - 1] + 1) {
      widen(i - 1, j - 1);
      [i, j] = [i - 1, j - 1];
    } else if (i > 0 && d[i][j] === d[i - 1][j] + 1) {
      widen(i - 1, j);
      i--;
    } else {
      widen(i, j - 1);
      j--;
    }
  }
  close();
  return regions;
}

/**
 * The generated module's source: one line per intended string, `intended|contextCount|typed=count,…`: how
 * often that string of the intended words occurred, and how often it was typed as each other one.
 */
export function renderRewrites(rewrites, source) {
  const lines = [];
  for (const [meant, got, count, contextCount] of rewrites) {
    const last = lines.at(-1);
    if (last?.meant === meant) last.typed.push(`${got}=${count}`);
    else lines.push({ meant, contextCount, typed: [`${got}=${count}`] });
  }
  return (
    `// Generated by \`npm run checker:error-model\` (scripts/spelling-rewrites.mjs) from ${source}\n` +
    '// (CC BY-SA 4.0), without the misspellings the quality benchmark measures. Do not edit.\n' +
    "/** `intended|contextCount|typed=count,…` per line ('^' and '$' mark a word's ends): how often a string\n" +
    ' * occurred in the intended words, and how often it was typed as each other string. */\n' +
    'export const SPELLING_REWRITES = `\n' +
    lines.map(({ meant, contextCount, typed }) => `${meant}|${contextCount}|${typed.join(',')}`).join('\n') +
    '\n`;\n'
  );
}
