import type { LocalFinding } from './harper-linter.js';

/** Abbreviations whose full stop ends no sentence: an initial ("Henry L."), a title ("Gov."), a firm ("Co."). */
const ABBREVIATION =
  /(?:^|[^A-Za-z])(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Prof|Rev|Hon|Mt|Jr|Sr|Co|Inc|Corp|Ltd)\.$/;

/** Words English doubles correctly: "he had had enough", "she was sure that that would do". */
const CORRECT_DOUBLES = new Set(['had had', 'that that']);

/** Whether the text just before `offset` ends with an abbreviation, so a word there starts no sentence. */
export function followsAbbreviation(text: string, offset: number): boolean {
  // Eight characters hold the longest abbreviation ("Corp."), the character before it and a space or two.
  return ABBREVIATION.test(text.slice(Math.max(0, offset - 8), offset).trimEnd());
}

/** Whether the word at `offset` is itself one of those abbreviations, full stop included ("Sen. Aikin"). */
export function isAbbreviation(text: string, offset: number, length: number): boolean {
  return ABBREVIATION.test(text.slice(Math.max(0, offset - 1), offset + length + 1));
}

/**
 * Whether a Harper finding flags English that is right by a rule Harper does not know (measured on the
 * Brown corpus' edited news and fiction, `npm run bench:quality`):
 * - a name written as names are ("Sam", "Tex") is not an acronym or a brand to recase ("SAM", "TeX");
 * - initials are not a word split in two ("A. M. Aikin");
 * - a word after an abbreviation does not start a sentence ("Sen. A. M. Aikin Jr. of Paris");
 * - "had had" and "that that" are grammatical.
 */
export function isCorrectUsage(finding: LocalFinding, text: string): boolean {
  switch (finding.rule) {
    case 'OrthographicConsistency':
      return /^[A-Z][a-z]+$/.test(finding.original);
    case 'MergeWords':
      return /^(?:[A-Z]\.\s*)+$/.test(finding.original);
    case 'SentenceCapitalization':
      return followsAbbreviation(text, finding.offset);
    case 'RepeatedWords':
    case 'RedundantThat':
      return CORRECT_DOUBLES.has(finding.original.toLowerCase().replace(/\s+/g, ' '));
    default:
      return false;
  }
}
