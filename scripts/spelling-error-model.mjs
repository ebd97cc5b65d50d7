/* global process, URL, console */
// Learns how writers misspell from a public list of misspellings, and writes the counts the offline
// checker's ranker reads (src/correction/providers/local/spelling-error-counts.ts).
//
//   npm run checker:error-model
//
// Training data: cspell's common English misspellings (npm @cspell/dict-en-common-misspellings, CC BY-SA
// 4.0: Wikipedia's lists of common misspellings and crate-ci/typos' word list). Every misspelling of the
// list the quality benchmark measures (npm `misspellings`) is left out, so the checker is measured on
// misspellings it never learned from. Each pair is aligned by Damerau–Levenshtein distance, and its slips
// are counted the way Kernighan, Church and Gale's spelling corrector did: a letter typed for another, a
// letter left out after another, a letter added after another, two letters swapped. Deterministic: the
// same packages give the same file (a unit test checks it).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { renderRewrites, trainRewriteCounts } from './spelling-rewrites.mjs';

const require = createRequire(import.meta.url);
const SOURCE = '@cspell/dict-en-common-misspellings';
const OUTPUT = fileURLToPath(
  new URL('../src/correction/providers/local/spelling-error-counts.ts', import.meta.url),
);
const REWRITES_OUTPUT = fileURLToPath(
  new URL('../src/correction/providers/local/spelling-rewrite-counts.ts', import.meta.url),
);
/** Letters, the apostrophe, and '^' for "before the first letter". */
export const ALPHABET = "abcdefghijklmnopqrstuvwxyz'^";
const SIZE = ALPHABET.length;
/** Pairs further apart than this are rewrites, not slips: they teach nothing about typing. */
const MAX_SLIPS = 3;

/** [typed, intended] pairs of the training list, without the benchmark's misspellings. */
/** The package's folder (its `exports` list neither its data nor its package.json). */
function sourceDir() {
  return dirname(require.resolve(`${SOURCE}/cspell-ext.json`));
}

export function trainingPairs() {
  const dir = sourceDir();
  const [definition] = JSON.parse(
    readFileSync(join(dir, 'dict', 'dict-en.json'), 'utf8'),
  ).dictionaryDefinitions;
  const benchmark = require('misspellings/dict/lc-dictionary.json');
  const pairs = [];
  for (const entry of [...definition.flagWords, ...definition.suggestWords]) {
    const [typed, meant] = entry.split('->');
    const intended = meant.split(',').map((word) => word.trim());
    // One intended word, letters only; never a misspelling the benchmark measures.
    if (intended.length !== 1 || Object.hasOwn(benchmark, typed.toLowerCase())) continue;
    if (/^[a-z]+$/.test(typed) && /^[a-z]+$/.test(intended[0])) pairs.push([typed, intended[0]]);
  }
  return pairs;
}

/** Counts of each slip, and of the letters and letter pairs of the intended words they are taken from. */
export function trainSpellingErrorCounts(pairs = trainingPairs()) {
  const counts = {
    pairs: 0,
    /** [intended][typed]: one letter typed for another. */
    substituted: new Array(SIZE * SIZE).fill(0),
    /** [previous][intended]: a letter left out after `previous`. */
    omitted: new Array(SIZE * SIZE).fill(0),
    /** [previous][typed]: a letter added after `previous`. */
    added: new Array(SIZE * SIZE).fill(0),
    /** [first][second]: two letters typed the other way round. */
    swapped: new Array(SIZE * SIZE).fill(0),
    /** Pairs that are one letter moved two places ("tounge"), and the three-letter windows it could happen in. */
    moved: 0,
    letterTriples: 0,
    letters: new Array(SIZE).fill(0),
    letterPairs: new Array(SIZE * SIZE).fill(0),
  };
  const at = (a, b) => ALPHABET.indexOf(a) * SIZE + ALPHABET.indexOf(b);
  for (const [typed, intended] of pairs) {
    if (isOneMove(typed, intended)) counts.moved++;
    else if (!countSlips(typed, intended, counts, at)) continue;
    counts.pairs++;
    counts.letterTriples += Math.max(0, intended.length - 2);
    const word = `^${intended}`;
    for (let i = 0; i < word.length; i++) {
      counts.letters[ALPHABET.indexOf(word[i])]++;
      if (i > 0) counts.letterPairs[at(word[i - 1], word[i])]++;
    }
  }
  return counts;
}

/** Aligns one pair (optimal string alignment) and counts its slips; false when it is too far apart. */
function countSlips(typed, intended, counts, at) {
  const m = intended.length;
  const n = typed.length;
  const d = Array.from({ length: m + 1 }, (_, i) =>
    Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= m; i++)
    for (let j = 1; j <= n; j++) {
      let cost = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + (intended[i - 1] === typed[j - 1] ? 0 : 1),
      );
      if (swappedAt(typed, intended, i, j)) cost = Math.min(cost, d[i - 2][j - 2] + 1);
      d[i][j] = cost;
    }
  if (d[m][n] > MAX_SLIPS) return false;
  // Walk back the cheapest path, preferring (in this order) a match, a swap, a substitution, an omission.
  let i = m;
  let j = n;
  const before = (k) => (k > 0 ? intended[k - 1] : '^');
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && intended[i - 1] === typed[j - 1] && d[i][j] === d[i - 1][j - 1]) {
      i--;
      j--;
    } else if (swappedAt(typed, intended, i, j) && d[i][j] === d[i - 2][j - 2] + 1) {
      counts.swapped[at(intended[i - 2], intended[i - 1])]++;
      i -= 2;
      j -= 2;
    } else if (i > 0 && j > 0 && d[i][j] === d[i - 1][j - 1] + 1) {
      counts.substituted[at(intended[i - 1], typed[j - 1])]++;
      i--;
      j--;
    } else if (i > 0 && d[i][j] === d[i - 1][j] + 1) {
      counts.omitted[at(before(i - 1), intended[i - 1])]++;
      i--;
    } else {
      counts.added[at(before(i), typed[j - 1])]++;
      j--;
    }
  }
  return true;
}

/** Whether `typed` is `intended` with one letter moved two places, either way ("tounge", "tonuge"). */
function isOneMove(typed, intended) {
  if (typed.length !== intended.length) return false;
  const differ = [...typed].flatMap((char, i) => (char === intended[i] ? [] : [i]));
  if (differ.length !== 3 || differ[2] - differ[0] !== 2) return false;
  const [a, b] = [typed.slice(differ[0], differ[0] + 3), intended.slice(differ[0], differ[0] + 3)];
  return a === b[2] + b[0] + b[1] || a === b[1] + b[2] + b[0];
}

function swappedAt(typed, intended, i, j) {
  return (
    i > 1 &&
    j > 1 &&
    intended[i - 1] === typed[j - 2] &&
    intended[i - 2] === typed[j - 1] &&
    intended[i - 1] !== typed[j - 1]
  );
}

/** The training list's name and version, as the generated modules credit it. */
function sourceName() {
  const { version } = JSON.parse(readFileSync(join(sourceDir(), 'package.json'), 'utf8'));
  return `${SOURCE}@${version}`;
}

/** The rewrites module's source (`scripts/spelling-rewrites.mjs`), from the same training pairs. */
export function renderRewriteCounts(pairs = trainingPairs()) {
  return renderRewrites(trainRewriteCounts(pairs), sourceName());
}

/** The generated module's source. */
export function renderCounts(counts) {
  const table = (name, doc) => `  /** ${doc} */\n  ${name}: [${counts[name].join(', ')}],\n`;
  return (
    `// Generated by \`npm run checker:error-model\` (scripts/spelling-error-model.mjs) from ${sourceName()}\n` +
    '// (CC BY-SA 4.0), without the misspellings the quality benchmark measures. Do not edit.\n' +
    'export const SPELLING_ERROR_COUNTS = {\n' +
    `  /** Letters, the apostrophe and '^' (before the first letter); tables are [row * ${SIZE} + column]. */\n` +
    `  alphabet: ${JSON.stringify(ALPHABET)},\n` +
    `  /** Training pairs counted. */\n  pairs: ${counts.pairs},\n` +
    `  /** Pairs that are one letter moved two places ("tounge"), of all three-letter windows. */\n` +
    `  moved: ${counts.moved},\n  letterTriples: ${counts.letterTriples},\n` +
    table('substituted', '[intended][typed]: one letter typed for another.') +
    table('omitted', '[previous][intended]: a letter left out after the previous one.') +
    table('added', '[previous][typed]: a letter added after the previous one.') +
    table('swapped', '[first][second]: two neighbouring letters typed the other way round.') +
    table('letters', 'Occurrences of each letter (and of word starts) in the intended words.') +
    table('letterPairs', '[previous][next]: occurrences of each letter pair in the intended words.') +
    '} as const;\n'
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pairs = trainingPairs();
  const counts = trainSpellingErrorCounts(pairs);
  writeFileSync(OUTPUT, renderCounts(counts));
  writeFileSync(REWRITES_OUTPUT, renderRewriteCounts(pairs));
  console.log(`spelling error model: ${counts.pairs} pairs → ${OUTPUT} and ${REWRITES_OUTPUT}`);
}
