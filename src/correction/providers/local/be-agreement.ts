import { followsAbbreviation } from './correct-usage.js';
import type { LocalFinding } from './harper-linter.js';
import { SENTENCE_OPENS } from './phrase-rules.js';
import { inCaseOf } from './words-in-text.js';

/** The rule's id: what `disabledRules` names (LanguageTool clients: `PROSEPOLISH_SUBJECT_BE_AGREEMENT`). */
export const BE_AGREEMENT_RULE = 'SubjectBeAgreement';

/**
 * The forms of "be" a subject does not take, with the one it does, for the subjects Harper's agreement
 * rules leave out: it catches "He are", "They was" and "I are" (PronounInflectionBe, IAmAgreement), but
 * not "This are a example", "These is mine", "Those was the days", "We is here" or "I is happy".
 */
const RIGHT_BE: Record<string, Record<string, string>> = {
  this: { are: 'is' },
  that: { are: 'is' },
  these: { is: 'are', was: 'were' },
  those: { is: 'are', was: 'were' },
  i: { is: 'am' },
  we: { is: 'are' },
  you: { is: 'are' },
};

/**
 * One of those subjects opening a sentence (after an opening quote or bracket, if any), then a form of
 * "be". Only there: inside a sentence the same words are often right ("one of these is", "among those
 * was", "thank you is", "World War I is", "if this were").
 */
const SUBJECT_THEN_BE = new RegExp(
  `${SENTENCE_OPENS}(this|that|these|those|i|we|you)\\s+(is|are|was|were)\\b`,
  'gi',
);

/** Findings of "be" that does not agree with the subject opening its sentence ("This are" → "This is"). */
export function beAgreementFindings(text: string): LocalFinding[] {
  const findings: LocalFinding[] = [];
  for (const match of text.matchAll(SUBJECT_THEN_BE)) {
    const [whole, subject, verb] = match;
    const right = RIGHT_BE[subject.toLowerCase()][verb.toLowerCase()];
    if (!right || followsAbbreviation(text, match.index)) continue;
    // "I" is a capital letter wherever it stands: a lower-case "i" is more likely something else.
    if (subject === 'i') continue;
    findings.push({
      offset: match.index + whole.length - verb.length,
      length: verb.length,
      original: verb,
      replacement: inCaseOf(verb, right),
      message: messageFor(subject, right),
      kind: 'Agreement',
      rule: BE_AGREEMENT_RULE,
      alternatives: [],
    });
  }
  return findings;
}

function messageFor(subject: string, right: string): string {
  const shown =
    subject.toLowerCase() === 'i' ? 'I' : subject[0].toUpperCase() + subject.slice(1).toLowerCase();
  const plural = { This: 'These are', That: 'Those are' }[shown];
  return plural
    ? `“${shown}” takes “${right}”: “${shown} ${right}”, or “${plural}” for more than one.`
    : `“${shown}” takes “${right}” (“${shown} ${right}”).`;
}
