import { describe, expect, it } from 'vitest';

import { isInForeignPhrase, isInKnownPhrase } from './known-phrases.js';

const at = (text: string, word: string) => isInKnownPhrase(text, text.indexOf(word), word.length);

describe('isInKnownPhrase (multi-word expressions WordNet lists)', () => {
  it('finds a word inside a borrowed phrase, whatever its case: "facto" in "de facto", "terre" in "pied-a-terre"', () => {
    expect(at('They accept a de facto cease-fire.', 'facto')).toBe(true);
    expect(at('De facto, it is over.', 'facto')).toBe(true);
    expect(at('They bought a pied-a-terre in London.', 'terre')).toBe(true);
  });

  it('finds a phrase with one of its words in the plural: "objets d\'art", "ready-mades"', () => {
    expect(at("This store sells only objets d'art.", 'objets')).toBe(true);
    expect(at('Their apartment was furnished with ready-mades.', 'ready-mades')).toBe(true);
  });

  it('finds a name written as two words: "Viet Nam" is no pair to merge', () => {
    expect(at('neighbouring Thailand and South Viet Nam.', 'Viet Nam')).toBe(true);
  });

  it('finds a half of a hyphenated word WordNet lists closed: "Wi" in "Wi-Fi" ("wifi")', () => {
    expect(at('Wi-Fi is free for customers.', 'Wi')).toBe(true);
    expect(at('Wi-Fo is no word.', 'Wi')).toBe(false);
  });

  it('needs the phrase as written: one space apart, no sentence between, no stray word', () => {
    expect(at('It was de. Facto is no word.', 'Facto')).toBe(false);
    expect(at('It was de  facto.', 'facto')).toBe(false);
    expect(at('It is a facto.', 'facto')).toBe(false);
  });

  it('leaves a misspelling next to a phrase flagged: "eror" in "ad hoc eror"', () => {
    expect(at('An ad hoc eror.', 'eror')).toBe(false);
  });
});

describe('isInForeignPhrase (a phrase quoted from another language)', () => {
  const foreign = (text: string, word: string) => isInForeignPhrase(text, text.indexOf(word), word.length);

  it('takes a word next to another language’s function word, or one of them, for part of a quoted phrase', () => {
    expect(foreign('"Sic semper tyrannis," it said.', 'tyrannis')).toBe(true);
    expect(foreign('"Mais, oui."', 'Mais')).toBe(true);
    expect(foreign("C'est merveilleux.", "C'est")).toBe(true);
  });

  it('leaves English alone, names that start with a foreign article included', () => {
    expect(foreign('We flew to Los Angeles yestreday.', 'yestreday')).toBe(false);
    expect(foreign('At Le Mans teh race began.', 'teh')).toBe(false);
    expect(foreign('He wrote recieve twice.', 'recieve')).toBe(false);
  });
});
