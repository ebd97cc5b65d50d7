/** Prefixes English writes closed onto any word: "nondollar", "counterdemonstration", "autoinjectors". */
const PREFIXES = ['anti', 'auto', 'counter', 'multi', 'non', 'semi'];
/** What follows a prefix is a word of at least this many letters. */
const MIN_STEM = 4;

/**
 * Whether `word` (lower case) is in the dictionary, or made from words in it by a rule of English that a
 * word list does not spell out:
 * - the possessive ("ironmonger's"), "'ll" and "'d" ("someone'll"), and the abstract nouns "-ness" and
 *   "-hood" ("wiggliness", "personhood");
 * - a regular plural ("respirations", "measurings"), but not a wrong one: "approachs" must still be caught;
 * - a prefix written closed ("nondollar").
 *
 * Closed compounds ("clawback", "eyebath") are not among them: on the misspellings benchmark, accepting two
 * words run together let 73 misspellings through ("carefull", "beautyfull", "backrounds") to spare 11
 * false alarms.
 */
export function isKnownForm(word: string, dictionary: ReadonlySet<string>): boolean {
  return (
    dictionary.has(word) ||
    isDerived(word, dictionary) ||
    isRegularPlural(word, dictionary) ||
    isPrefixed(word, dictionary)
  );
}

function isSingular(word: string, dictionary: ReadonlySet<string>): boolean {
  return dictionary.has(word) || isRegularPlural(word, dictionary);
}

function isDerived(word: string, dictionary: ReadonlySet<string>): boolean {
  const stem = /^(.{3,})(?:'s|'ll|'d|ness|hood)$/.exec(word)?.[1];
  return (
    stem !== undefined &&
    (dictionary.has(stem) || (stem.endsWith('i') && dictionary.has(`${stem.slice(0, -1)}y`)))
  );
}

/**
 * "-es" after a sibilant ("approaches"), "-s" after anything else but a consonant + y ("ladies"), an "o"
 * ("potatoes", "heroes") or an "f" ("knives"), whose plurals a writer is likely to get wrong.
 */
function isRegularPlural(word: string, dictionary: ReadonlySet<string>): boolean {
  if (/(?:s|x|z|ch|sh)es$/.test(word)) return dictionary.has(word.slice(0, -2));
  if (!word.endsWith('s')) return false;
  const stem = word.slice(0, -1);
  return stem.length >= 3 && !/(?:s|x|z|ch|sh|[^aeiou]y|o|fe?)$/.test(stem) && dictionary.has(stem);
}

function isPrefixed(word: string, dictionary: ReadonlySet<string>): boolean {
  return PREFIXES.some(
    (prefix) =>
      word.startsWith(prefix) &&
      word.length - prefix.length >= MIN_STEM &&
      isSingular(word.slice(prefix.length), dictionary),
  );
}
