/**
 * Parsers for WordNet 3.1's database files (format: https://wordnet.princeton.edu/documentation/wndb5wn).
 * Pure functions over one line each; `WordNetDatabase` does the reading.
 */

/** The four data/index file pairs. Adjective satellites (`s`) live in the `adj` files. */
export type WordNetFile = 'noun' | 'verb' | 'adj' | 'adv';
export const WORDNET_FILES: readonly WordNetFile[] = ['noun', 'verb', 'adj', 'adv'];

const FILE_OF_POS: Record<string, WordNetFile> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

export interface WordNetPointer {
  symbol: string;
  offset: number;
  file: WordNetFile;
  /** 1-based word number in this synset, 0 = the whole synset (semantic pointer). */
  sourceWord: number;
  /** 1-based word number in the target synset, 0 = the whole synset. */
  targetWord: number;
}

export interface WordNetSynset {
  offset: number;
  file: WordNetFile;
  /** Words as written in the synset (underscores turned into spaces, adjective markers removed). */
  words: string[];
  pointers: WordNetPointer[];
  gloss: string;
}

/** `legion n 4 3 @ ~ %m 4 1 08200720 08289169 …` → the lemma and its synset offsets (most frequent sense first). */
export function parseIndexLine(line: string): { lemma: string; offsets: number[] } | undefined {
  if (line.startsWith(' ') || line.length === 0) return undefined; // license header
  const fields = line.trim().split(' ');
  const synsetCount = Number(fields[2]);
  if (!Number.isInteger(synsetCount) || synsetCount < 1 || fields.length < 4 + synsetCount) return undefined;
  return { lemma: fields[0], offsets: fields.slice(-synsetCount).map(Number) };
}

/** `08289169 14 n 01 legion 2 001 @ 08066153 n 0000 | association of ex-servicemen; "the American Legion"` */
export function parseDataLine(line: string): WordNetSynset {
  const bar = line.indexOf(' | ');
  const fields = (bar === -1 ? line : line.slice(0, bar)).trim().split(' ');
  let i = 0;
  const offset = Number(fields[i++]);
  i++; // lex_filenum
  const file = FILE_OF_POS[fields[i++]] ?? 'noun';
  const wordCount = parseInt(fields[i++], 16);
  const words: string[] = [];
  for (let w = 0; w < wordCount; w++, i += 2) words.push(wordnetToText(fields[i]));
  const pointerCount = Number(fields[i++]);
  const pointers: WordNetPointer[] = [];
  for (let p = 0; p < pointerCount; p++, i += 4) {
    const sourceTarget = fields[i + 3] ?? '0000';
    pointers.push({
      symbol: fields[i],
      offset: Number(fields[i + 1]),
      file: FILE_OF_POS[fields[i + 2]] ?? 'noun',
      sourceWord: parseInt(sourceTarget.slice(0, 2), 16),
      targetWord: parseInt(sourceTarget.slice(2, 4), 16),
    });
  }
  return { offset, file, words, pointers, gloss: bar === -1 ? '' : line.slice(bar + 3).trim() };
}

/** `ice_cream` → `ice cream`; `legion(p)` → `legion` (syntactic marker of adjectives). */
export function wordnetToText(word: string): string {
  return word.replace(/\((?:a|p|ip)\)$/, '').replace(/_/g, ' ');
}

/** How a lemma is spelled in the index files: lower-case, spaces as underscores. */
export function textToIndexLemma(word: string): string {
  return word.toLowerCase().replace(/ /g, '_');
}

/**
 * Splits a gloss into its definition and its examples (the double-quoted parts):
 * `amounting to a large number; "numerous times"; "the family was numerous"` →
 * `{ definition: 'amounting to a large number', examples: ['numerous times', 'the family was numerous'] }`.
 */
export function splitGloss(gloss: string): { definition: string; examples: string[] } {
  const examples: string[] = [];
  const rest = gloss.replace(/"([^"]*)"/g, (_m, quoted: string) => {
    if (quoted.trim()) examples.push(quoted.trim());
    return '';
  });
  const definition = rest
    .split(';')
    .map((part) => part.replace(/\s+/g, ' ').trim())
    .filter((part) => part.length > 0 && !/^[-–—,.:]+$/.test(part))
    .join('; ');
  return { definition, examples };
}

/**
 * WordNet's "morphy" detachment rules (without its exception lists): candidate base forms of an
 * inflected word, e.g. `legions` → `legion`, `running` → `runn`, `run`… (the caller keeps the first that exists).
 */
const DETACHMENT_RULES: readonly [string, string][] = [
  ['ses', 's'],
  ['xes', 'x'],
  ['zes', 'z'],
  ['ches', 'ch'],
  ['shes', 'sh'],
  ['men', 'man'],
  ['ies', 'y'],
  ['es', 'e'],
  ['es', ''],
  ['ed', 'e'],
  ['ed', ''],
  ['ing', 'e'],
  ['ing', ''],
  ['er', ''],
  ['est', ''],
  ['er', 'e'],
  ['est', 'e'],
  ['s', ''],
];

export function baseFormCandidates(word: string): string[] {
  const out: string[] = [];
  for (const [suffix, replacement] of DETACHMENT_RULES) {
    if (
      word.length > suffix.length + 1 &&
      word.endsWith(suffix) &&
      !(suffix === 's' && word.endsWith('ss'))
    ) {
      const base = word.slice(0, -suffix.length) + replacement;
      if (!out.includes(base)) out.push(base);
    }
  }
  // Doubled final consonant: "running" → "runn" → "run", "bigger" → "bigg" → "big".
  for (const base of [...out]) {
    if (/([b-df-hj-np-tv-z])\1$/.test(base)) {
      const undoubled = base.slice(0, -1);
      if (!out.includes(undoubled)) out.push(undoubled);
    }
  }
  return out;
}
