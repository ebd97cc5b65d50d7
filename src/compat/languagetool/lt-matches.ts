import type { EditCategory, TextEdit } from '#src/correction/edits/text-edit.js';

import type { LanguageToolDocument } from './lt-document.js';

export interface LanguageToolMatch {
  message: string;
  shortMessage: string;
  replacements: { value: string }[];
  offset: number;
  length: number;
  context: { text: string; offset: number; length: number };
  sentence: string;
  type: { typeName: 'UnknownWord' | 'Hint' | 'Other' };
  rule: {
    id: string;
    description: string;
    issueType: string;
    category: { id: string; name: string };
  };
  ignoreForIncompleteSentence: boolean;
  contextForSureMatch: number;
}

interface Kind {
  category: { id: string; name: string };
  issueType: string;
  typeName: LanguageToolMatch['type']['typeName'];
  /** The rule's description: clients show it beside the message (LanguageTool's own read like these). */
  description: string;
}

const grammar = (description: string): Kind => ({
  category: { id: 'GRAMMAR', name: 'Grammar' },
  issueType: 'grammar',
  typeName: 'Other',
  description,
});
const typography = (id: string, name: string): Kind => ({
  category: { id, name },
  issueType: 'typographical',
  typeName: 'Other',
  description: name,
});
const style = (description: string): Kind => ({
  category: { id: 'STYLE', name: 'Style' },
  issueType: 'style',
  typeName: 'Hint',
  description,
});
/** How each ProsePolish category appears to LanguageTool clients (spelling is special: see `ruleIdOf`). */
const KINDS: Record<EditCategory, Kind> = {
  spelling: {
    category: { id: 'TYPOS', name: 'Possible Typo' },
    issueType: 'misspelling',
    typeName: 'UnknownWord',
    description: 'Possible spelling mistake',
  },
  grammar: grammar('Possible grammar error'),
  repetition: grammar('Word repetition'),
  'word-choice': grammar('Possibly confused words'),
  other: grammar('Possible error'),
  punctuation: typography('PUNCTUATION', 'Punctuation'),
  capitalization: typography('CASING', 'Capitalization'),
  style: style('Style suggestion'),
  clarity: style('Clarity'),
};

const FALLBACK_KIND = KINDS.grammar;

/** Characters of context on each side of a match, as LanguageTool shows them. */
const CONTEXT_CHARS = 40;

/**
 * Rule ids are stable per kind of problem, so `disabledRules` means something: spelling is
 * `MORFOLOGIK_RULE_<VARIANT>` (what clients special-case for "add to dictionary"), the local checker's
 * rules keep their own name, and the model's findings are named by their category.
 */
export function ruleIdOf(edit: Pick<TextEdit, 'category' | 'rule'>, variant: string): string {
  if (edit.category === 'spelling') return `MORFOLOGIK_RULE_${variant.replace('-', '_').toUpperCase()}`;
  const name = edit.rule ?? edit.category;
  return `PROSEPOLISH_${name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase()}`;
}

/** LanguageTool matches for edits found in `doc.plain`, positioned in the whole document. */
export function toMatches(
  doc: LanguageToolDocument,
  edits: readonly TextEdit[],
  sentences: readonly { start: number; text: string }[],
  variant: string,
): LanguageToolMatch[] {
  return edits.map((edit) => {
    const widened = nonEmpty(doc.plain, edit);
    const { offset, length } = doc.toDocument(widened.offset, widened.offset + widened.length);
    const kind = KINDS[edit.category] ?? FALLBACK_KIND;
    const sentence = sentences.find((s) => edit.offset >= s.start && edit.offset < s.start + s.text.length);
    return {
      message: edit.message || `Possible ${kind.category.name.toLowerCase()} issue.`,
      shortMessage: '',
      replacements: replacementsOf(widened, edit),
      offset,
      length,
      context: contextOf(doc.document, offset, length),
      sentence: sentence?.text.trim() ?? '',
      type: { typeName: kind.typeName },
      rule: {
        id: ruleIdOf(edit, variant),
        description: kind.description,
        issueType: kind.issueType,
        category: kind.category,
      },
      ignoreForIncompleteSentence: false,
      contextForSureMatch: 0,
    };
  });
}

/** `[start, end]` of each sentence in the document. */
export function sentenceRanges(
  doc: LanguageToolDocument,
  sentences: readonly { start: number; text: string }[],
): [number, number][] {
  return sentences.map((s) => {
    const { offset, length } = doc.toDocument(s.start, s.start + s.text.length);
    return [offset, offset + length];
  });
}

/**
 * Clients cannot show a zero-length match: an insertion (a missing comma) covers the character before it
 * (or after it, at the very start), whole code points only, and its replacement includes that character.
 */
function nonEmpty(
  text: string,
  edit: TextEdit,
): { offset: number; length: number; original: string; replacement: string } {
  if (edit.length > 0) return edit;
  if (edit.offset > 0) {
    const width = isLowSurrogate(text, edit.offset - 1) && edit.offset > 1 ? 2 : 1;
    const before = text.slice(edit.offset - width, edit.offset);
    return {
      offset: edit.offset - width,
      length: width,
      original: before,
      replacement: before + edit.replacement,
    };
  }
  const width = isHighSurrogate(text, 0) ? 2 : 1;
  const after = text.slice(0, width);
  return { offset: 0, length: width, original: after, replacement: edit.replacement + after };
}

/** The edit's replacement, then its runners-up (a zero-length edit has none), none equal to the span. */
function replacementsOf(
  widened: { original: string; replacement: string },
  edit: TextEdit,
): LanguageToolMatch['replacements'] {
  const values = [widened.replacement, ...(edit.length > 0 ? (edit.alternatives ?? []) : [])];
  return values.filter((value) => value !== widened.original).map((value) => ({ value }));
}

function contextOf(document: string, offset: number, length: number): LanguageToolMatch['context'] {
  const start = Math.max(0, offset - CONTEXT_CHARS);
  const end = Math.min(document.length, offset + length + CONTEXT_CHARS);
  const prefix = start > 0 ? '...' : '';
  const suffix = end < document.length ? '...' : '';
  const text = document.slice(start, end).replace(/[\r\n]/g, ' ');
  return { text: prefix + text + suffix, offset: prefix.length + offset - start, length };
}

function isLowSurrogate(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
}

function isHighSurrogate(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff;
}
