import type { LocalFinding } from './harper-linter.js';
import { isKnownForm } from './known-forms.js';
import { isInKnownPhrase, wordnetWords } from './known-phrases.js';

/**
 * Abbreviations whose full stop ends no sentence: an initial ("Henry L."), a title ("Gov."), a firm
 * ("Co."), a street ("Pelham Rd. Apt. 4").
 */
const ABBREVIATION =
  /(?:^|[^A-Za-z])(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Prof|Rev|Hon|Mt|Jr|Sr|Co|Inc|Corp|Ltd|Rd|Ave|Blvd)\.$/;

/** Words English doubles correctly: "he had had enough", "she was sure that that would do". */
const CORRECT_DOUBLES = new Set(['had had', 'that that']);

/** Words spelt with a vowel that start with a "you" sound, so they take "a": "a unanimous vote". */
const YOU_SOUND =
  /^(?:unanim|unicorn|unif|unilateral|union|uniq|unison|unit|univers|usu|use|usa|util|utop|eu|ewe|uran|urin|ubiq)/i;

/** Determiners: "further" before one is a verb ("he furthers the cause"); before anything else, an adverb. */
const DETERMINER = /^(?:the|a|an|his|her|their|its|our|my|your|this|that|these|those)$/i;

/** The word after `end` in `text`, if a space separates them. */
function wordAfter(text: string, end: number): string {
  return /^\s+([A-Za-z']+)/.exec(text.slice(end, end + 40))?.[1] ?? '';
}

/** Whether the text just before `offset` ends with an abbreviation, so a word there starts no sentence. */
export function followsAbbreviation(text: string, offset: number): boolean {
  // Eight characters hold the longest abbreviation ("Corp."), the character before it and a space or two.
  return ABBREVIATION.test(text.slice(Math.max(0, offset - 8), offset).trimEnd());
}

/** Whether the word at `offset` is itself one of those abbreviations, full stop included ("Sen. Aikin"). */
export function isAbbreviation(text: string, offset: number, length: number): boolean {
  return ABBREVIATION.test(text.slice(Math.max(0, offset - 1), offset + length + 1));
}

/** A name written with dots between its parts, no space: a file, a domain, a package ("package.json"). */
const DOTTED_NAME = /[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)+/gu;

/**
 * Whether the text at `offset` (`length` long) lies inside a dotted name ("json" in "package.json", "bar"
 * in "foo.bar"): no rule of prose applies there — Harper took "json" for "Jason", "tsx" for "tax" and the
 * "bar" after a dot for a sentence's first word. A full stop with no space after it ("home.Then") reads the
 * same, and is left to the writer.
 */
export function isInDottedName(text: string, offset: number, length: number): boolean {
  const from = Math.max(0, offset - 100);
  for (const match of text.slice(from, offset + length + 100).matchAll(DOTTED_NAME)) {
    const start = from + match.index;
    if (start <= offset && offset + length <= start + match[0].length) return true;
  }
  return false;
}

/**
 * Whether a Harper finding flags English that is right by a rule Harper does not know (measured on the
 * Brown corpus' edited news and fiction, `npm run bench:quality`):
 * - a name written as names are ("Sam", "Tex") is not an acronym or a brand to recase ("SAM", "TeX"), and
 *   a contraction opening a sentence keeps its capital ("Who's there?" is not "who's there?");
 * - initials are not a word split in two ("A. M. Aikin"), and neither is a phrase WordNet lists as two
 *   words ("Viet Nam");
 * - a word after an abbreviation does not start a sentence ("Sen. A. M. Aikin Jr. of Paris");
 * - "had had" and "that that" are grammatical;
 * - "over all" closing a clause is a preposition and a pronoun ("brooding over all."), not "overall";
 * - "further" before a verb is an adverb ("he further proposed"), and "lest he stray" is a subjunctive;
 * - "a" is right before a vowel that sounds "you" ("a unanimous vote"), and "A" before "&" is a letter
 *   ("Texas A & I College");
 * - "Worth" with a capital inside a sentence is a name ("Fort Worth to cover up"), not "worth doing";
 * - "new" after an object pronoun, or after "which" that follows a preposition, is an adjective ("given
 *   us new tools", "under which new bonds"): no subject there could have "knew"; and an object pronoun is
 *   never the subject of the "was" after it ("cooperation with us was essential");
 * - "one of the" may put adjectives before its plural noun ("one of the regular pitchers");
 * - "re" before a hyphen is a prefix ("the re-establishment"), not "there";
 * - a negative WordNet defines is no wrong negative of another word ("nonstops", "unposed");
 * - and no rule applies inside a dotted name (`isInDottedName`).
 */
export function isCorrectUsage(finding: LocalFinding, text: string): boolean {
  if (isInDottedName(text, finding.offset, finding.length)) return true;
  switch (finding.rule) {
    case 'OrthographicConsistency':
      return /^[A-Z][a-z]*(?:['\u2019][a-z]+)?$/.test(finding.original);
    case 'MergeWords':
      return (
        /^(?:[A-Z]\.\s*)+$/.test(finding.original) || isInKnownPhrase(text, finding.offset, finding.length)
      );
    case 'SentenceCapitalization':
      return followsAbbreviation(text, finding.offset);
    case 'RepeatedWords':
    case 'RedundantThat':
      return CORRECT_DOUBLES.has(finding.original.toLowerCase().replace(/\s+/g, ' '));
    case 'Overall':
      return /^\s*(?:[,.;:!?)"'\u201d]|$)/.test(text.slice(finding.offset + finding.length));
    case 'PronounVerbAgreement':
      return (
        (finding.original.toLowerCase() === 'further' &&
          !DETERMINER.test(wordAfter(text, finding.offset + finding.length))) ||
        /\blest\s+\S+\s+$/i.test(text.slice(Math.max(0, finding.offset - 20), finding.offset))
      );
    case 'AnA':
      return (
        finding.original.toLowerCase() === 'a' &&
        (YOU_SOUND.test(wordAfter(text, finding.offset + finding.length)) ||
          /^\s*&/.test(text.slice(finding.offset + finding.length)))
      );
    case 'PronounKnew':
      return (
        finding.original.toLowerCase() === 'new' &&
        /(?:\b(?:me|us|him|her|them)|\b(?:in|on|under|by|with|for|from|to|at|of|through)\s+which)\s+$/i.test(
          text.slice(Math.max(0, finding.offset - 30), finding.offset),
        )
      );
    case 'PronounInflectionBe':
      return /\b(?:me|us|him|them)\s+$/i.test(text.slice(Math.max(0, finding.offset - 10), finding.offset));
    case 'OneOfTheSingular':
      return /^[a-z]{3,}s$/.test(wordAfter(text, finding.offset + finding.length));
    case 'There':
      return /\bre$/i.test(finding.original) && text[finding.offset + finding.length] === '-';
    case 'WrongNegative':
      return isKnownForm(finding.original.toLowerCase(), wordnetWords());
    case 'WorthToDo':
      return /[A-Za-z,]\s+Worth\s+$/.test(text.slice(Math.max(0, finding.offset - 30), finding.offset));
    default:
      return false;
  }
}
