/** Prefixes English writes closed onto any word: "nondollar", "counterdemonstration", "autoinjectors". */
const PREFIXES = ['anti', 'auto', 'counter', 'multi', 'non', 'semi'];
/** What follows a prefix, or precedes "-ness" or "-hood", is a word of at least this many letters. */
const MIN_STEM = 4;
const ABSTRACT_NOUN = new RegExp(`^(.{${MIN_STEM},})(?:ness|hood)$`);

/**
 * Whether `word` (lower case) is in the dictionary, or made from words in it by a rule of English that a
 * word list does not spell out:
 * - the possessive ("ironmonger's"), "'ll" and "'d" ("someone'll"), and the abstract nouns "-ness" and
 *   "-hood" ("wiggliness", "personhood") — spelled as English spells them: a final "y" after a consonant
 *   becomes "i" ("lazyness" is "laziness" misspelled), and the stem is a word of four letters or more
 *   (words such as "redness" are in the dictionary already, while "busness" is "business" with a letter
 *   left out);
 * - a regular plural ("respirations", "measurings") of a noun, when `nouns` is given: "agains", "becames"
 *   and "posseses" are slips, not plurals of "again", "became" and "posses"; and not a wrong plural:
 *   "approachs" must still be caught;
 * - a prefix written closed ("nondollar").
 *
 * Closed compounds ("clawback", "eyebath") are not among them: on the misspellings benchmark, accepting two
 * words run together let 73 misspellings through ("carefull", "beautyfull", "backrounds") to spare 11
 * false alarms.
 */
export function isKnownForm(
  word: string,
  dictionary: ReadonlySet<string>,
  nouns: ReadonlySet<string> = dictionary,
): boolean {
  return (
    dictionary.has(word) ||
    isDerived(word, dictionary) ||
    isRegularPlural(word, dictionary, nouns) ||
    isPrefixed(word, dictionary, nouns)
  );
}

function isSingular(word: string, dictionary: ReadonlySet<string>, nouns: ReadonlySet<string>): boolean {
  return dictionary.has(word) || isRegularPlural(word, dictionary, nouns);
}

function isDerived(word: string, dictionary: ReadonlySet<string>): boolean {
  const clitic = /^(.{3,})(?:'s|'ll|'d)$/.exec(word)?.[1];
  if (clitic !== undefined) return dictionary.has(clitic);
  const stem = ABSTRACT_NOUN.exec(word)?.[1];
  if (stem === undefined || /[^aeiou]y$/.test(stem)) return false;
  return dictionary.has(stem) || (stem.endsWith('i') && dictionary.has(`${stem.slice(0, -1)}y`));
}

/**
 * "-es" after a sibilant ("approaches"), "-s" after anything else but a consonant + y ("ladies"), an "o"
 * ("potatoes", "heroes") or an "f" ("knives"), whose plurals a writer is likely to get wrong.
 */
function isRegularPlural(word: string, dictionary: ReadonlySet<string>, nouns: ReadonlySet<string>): boolean {
  const isNoun = (stem: string) => dictionary.has(stem) && nouns.has(stem);
  if (/(?:s|x|z|ch|sh)es$/.test(word)) {
    const stem = word.slice(0, -2);
    // A word of one syllable ending in one "z" doubles it: "quizzes", not "quizes".
    return !/^[^aeiou]*[aeiou]+z$/.test(stem) && isNoun(stem);
  }
  if (!word.endsWith('s')) return false;
  const stem = word.slice(0, -1);
  if (stem.length < 3 || /(?:s|x|z|ch|sh|[^aeiou]y|o|fe?)$/.test(stem)) return false;
  // A verb's "-ing" form is a noun too, and takes a plural ("beamings", "measurings").
  return isNoun(stem) || (stem.endsWith('ing') && dictionary.has(stem));
}

function isPrefixed(word: string, dictionary: ReadonlySet<string>, nouns: ReadonlySet<string>): boolean {
  return PREFIXES.some(
    (prefix) =>
      word.startsWith(prefix) &&
      word.length - prefix.length >= MIN_STEM &&
      isSingular(word.slice(prefix.length), dictionary, nouns),
  );
}

/** Prefixes and endings Harper's affix rules add to a word, for `isAffixed`. */
const AFFIX_PREFIXES = ['un', 're', 'de', 'in', 'dis', 'pre', 'non', 'over', 'under', 'sub'];
const AFFIX_ENDINGS = [
  's',
  'es',
  'd',
  'ed',
  'r',
  'er',
  'or',
  'ing',
  'y',
  'ful',
  'less',
  'able',
  'ly',
  'ness',
  'ize',
  'ise',
];

/**
 * Whether `word` is a word `isWord` knows with a regular prefix or ending, as English adds them: a silent
 * "e" dropped ("validator", "pipelined"), a final consonant doubled ("embedder"). Looser than
 * `isKnownForm`, which must still catch "carefull" and "agains": this is for words a dictionary already
 * accepted ("linting", "serializer", "untrusted"), to tell its affix rules' real words from slips.
 */
export function isAffixed(word: string, isWord: (stem: string) => boolean): boolean {
  const known = (stem: string) => stem.length >= 3 && isWord(stem);
  if (AFFIX_PREFIXES.some((prefix) => word.startsWith(prefix) && known(word.slice(prefix.length))))
    return true;
  return AFFIX_ENDINGS.some((ending) => {
    if (!word.endsWith(ending)) return false;
    const stem = word.slice(0, -ending.length);
    return (
      known(stem) || known(`${stem}e`) || (/([b-df-hj-np-tv-z])\1$/.test(stem) && known(stem.slice(0, -1)))
    );
  });
}
