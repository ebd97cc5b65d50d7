import type { LocalFinding } from './harper-linter.js';
import { inCaseOf } from './words-in-text.js';

/**
 * A mistake writers make often that Harper lets through, found by its words around it: `pattern` matches
 * exactly the text to replace (what decides it sits in lookarounds), and `fix` gives the replacement for
 * it, which is then put in the writer's case (`inCaseOf`).
 */
interface PhraseRule {
  /** What `disabledRules` names (LanguageTool clients: `PROSEPOLISH_<RULE_IN_CAPITALS>`). */
  rule: string;
  /** Harper's lint kind, which gives the category (`local-check.ts`). */
  kind: 'WordChoice' | 'Agreement' | 'Nonstandard';
  pattern: RegExp;
  fix: (matched: string) => string;
  message: string;
}

/** Where a sentence opens: the text's start, a new line, or after a full stop, with a quote or bracket. */
export const SENTENCE_OPENS = String.raw`(?<=(?:^|\n|[.!?]["'\u201d\u2019)]*\s+)["'\u201c\u2018(]?)`;

/** More than one thing follows "there is": "many" (but not "many a"), "several", "numerous", "various". */
const PLURAL_FOLLOWS = String.raw`(?=\s+(?:many(?!\s+an?\b)|several|numerous|various)\b)`;

const RULES: readonly PhraseRule[] = [
  {
    // Only as the whole reply: "your welcome" is also a noun phrase ("Your welcome was warm", "we enjoyed
    // your welcome.").
    rule: 'YoureWelcome',
    kind: 'WordChoice',
    pattern: new RegExp(`${SENTENCE_OPENS}your(?=\\s+welcome(?:[.!]|\\s*$|\\s*\\n))`, 'gi'),
    // Capitalised: the rule only finds it opening a sentence.
    fix: () => "You're",
    message: 'Did you mean “you’re welcome” (you are welcome)?',
  },
  {
    // No noun phrase starts "your the", "your a", "your too" or "your gonna", nor, but for a rare gerund,
    // "your going to": it is "you are" ("Your the best", "Your going to love it"). (Harper drops "the"
    // instead, and catches "their going to" only.) Hyphens make compounds ("your a-game", "your too-late").
    rule: 'YourYoure',
    kind: 'WordChoice',
    pattern: /\byour(?=\s+(?:the|an?|too|gonna|going\s+to)\b(?!-))/gi,
    fix: () => "you're",
    message: 'Did you mean “you’re” (you are)? “Your” is the possessive.',
  },
  {
    // "Seen" is a participle: after a bare subject it is "saw" ("I seen him"). Not after "have" and the like,
    // whose subject comes after them in a question or an inversion ("Have you seen", "Never have I seen").
    rule: 'SeenSaw',
    kind: 'Agreement',
    pattern: /(?<=\b(?:I|we|you|they|he|she)\s+)(?<!\b(?:have|has|had)(?:n['\u2019]t)?\s+\S+\s+)seen\b/gi,
    fix: () => 'saw',
    message: '“Seen” needs “have” or “had” before it; the past tense is “saw”.',
  },
  {
    rule: 'Irregardless',
    kind: 'Nonstandard',
    pattern: /\birregardless\b/gi,
    fix: () => 'regardless',
    message: '“Irregardless” is nonstandard: write “regardless”.',
  },
  {
    // After a word that only comes before a noun, "advise" is the noun "advice" ("some advise"); "her"
    // is left out: "heard her advise him" is the verb.
    rule: 'AdviceNoun',
    kind: 'WordChoice',
    pattern:
      /(?<=\b(?:some|any|good|great|bad|sound|expert|legal|medical|financial|professional|my|your|his|our|their|no|much|the|for)\s+)advise\b/gi,
    fix: () => 'advice',
    message: '“Advise” is the verb; the noun is “advice”.',
  },
  {
    rule: 'BetweenYouAndMe',
    kind: 'Agreement',
    pattern: /(?<=\b[Bb]etween\s+(?:you|him|her|them|us)\s+and\s+)I\b/g,
    fix: () => 'me',
    message: 'After “between”, the pronoun is “me”: “between you and me”.',
  },
  {
    // "Whose" asks for an owner before a noun; before these it is "who is" or "who has".
    rule: 'WhoseWhos',
    kind: 'WordChoice',
    pattern: /\bwhose(?=\s+(?:going|coming|been|there|gonna)\b)/gi,
    fix: () => "who's",
    message: 'Did you mean “who’s” (who is, who has)? “Whose” asks whom something belongs to.',
  },
  {
    // A possessive is never followed by "not" ("its not-for-profit arm" is a compound).
    rule: 'ItsNot',
    kind: 'WordChoice',
    pattern: /\bits(?=\s+not\b(?!-))/gi,
    fix: () => "it's",
    message: 'Did you mean “it’s” (it is)? “Its” is the possessive.',
  },
  {
    // Before "going to", "been" or "gonna", "its" is "it is" or "it has": no possessive comes there.
    rule: 'ItsItIs',
    kind: 'WordChoice',
    pattern: /\bits(?=\s+(?:going\s+to|been|gonna)\b)/gi,
    fix: () => "it's",
    message: 'Did you mean “it’s” (it is, it has)? “Its” is the possessive.',
  },
  {
    // A suggestion opening a sentence ("Lets meet at five") is "let us"; "Lets you …" and "Lets users …"
    // describe what something allows, so only a verb a suggestion opens with counts.
    rule: 'LetsLetUs',
    kind: 'WordChoice',
    pattern: new RegExp(
      `${SENTENCE_OPENS}lets(?=\\s+(?:go|meet|see|talk|start|get|do|make|try|have|play|eat|begin|move|keep|take|look|find|focus|discuss|review|wait|hope|say|not|just|all|agree|call|celebrate|check|continue|finish|stop|think|work)\\b)`,
      'gi',
    ),
    fix: () => "Let's",
    message: 'Did you mean “let’s” (let us)? “Lets” is “allows”.',
  },
  {
    // A possessive needs its noun: "their" ending a sentence is "there" ("I went their.") or "theirs" ("the
    // choice is their."). Only before a full stop, question or exclamation mark: a check that runs while the
    // writer pauses after "their" must not flag the word before its noun is typed.
    rule: 'TheirThere',
    kind: 'WordChoice',
    pattern: /\btheir(?=[.!?]+(?:["'\u201d\u2019)\]]|\s|$))/gi,
    fix: () => 'there',
    message: 'Did you mean “there” (a place), or “theirs”? “Their” needs a noun after it.',
  },
  {
    // Nor is a possessive followed by a verb of being or by these adverbs: "Their is a problem", "We went
    // their yesterday". Not "too" ("their too little known limitations", Brown corpus) nor a possessive
    // adverb ("their today's show"); lower-case verbs only ("their IS department").
    rule: 'TheirThere',
    kind: 'WordChoice',
    pattern:
      /\b[Tt]heir(?=\s+(?:is|are|was|were|(?:is|are|was|were)n['\u2019]t|yesterday|today|tomorrow|tonight|again|already|anymore|soon|yet|twice|instead)\b(?![-'\u2019]))/g,
    fix: () => 'there',
    message: 'Did you mean “there”? “Their” is the possessive: a noun comes after it.',
  },
  {
    // Before these, "loose" (not tight) is "lose": "loose weight", "loose track of time". After an
    // article it is the adjective ("a loose weight plate").
    rule: 'LooseLose',
    kind: 'WordChoice',
    pattern: /(?<!\b(?:a|an|the)\s+)\bloose(?=\s+(?:weight|track|sleep|interest|hope|sight)\b)/gi,
    fix: () => 'lose',
    message: 'Did you mean “lose” (to fail to keep)? “Loose” means not tight.',
  },
  {
    // "There is" agrees with what follows it; "many a" takes the singular ("there is many a slip").
    rule: 'ThereBeAgreement',
    kind: 'Agreement',
    pattern: new RegExp(String.raw`(?<=\bthere\s+)(?:is|was)${PLURAL_FOLLOWS}`, 'gi'),
    fix: (matched) => (matched.toLowerCase() === 'is' ? 'are' : 'were'),
    message: 'More than one thing follows: “there are”, “there were”.',
  },
  {
    rule: 'ThereBeAgreement',
    kind: 'Agreement',
    pattern: new RegExp(String.raw`\bthere['\u2019]s${PLURAL_FOLLOWS}`, 'gi'),
    fix: () => 'there are',
    message: 'More than one thing follows: “there are”.',
  },
];

/** Findings of the mistakes in `RULES` ("Your welcome." → "You're welcome.", "irregardless" → "regardless"). */
export function phraseRuleFindings(text: string): LocalFinding[] {
  return RULES.flatMap(({ rule, kind, pattern, fix, message }) =>
    [...text.matchAll(pattern)].map((match) => ({
      offset: match.index,
      length: match[0].length,
      original: match[0],
      replacement: inCaseOf(match[0], fix(match[0])),
      message,
      kind,
      rule,
      alternatives: [],
    })),
  );
}
