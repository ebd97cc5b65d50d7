import { describe, expect, it } from 'vitest';

import { phraseRuleFindings } from './phrase-rules.js';

const fixes = (text: string) =>
  phraseRuleFindings(text)
    .sort((a, b) => a.offset - b.offset)
    .map(({ offset, length, replacement, rule }) => [text.slice(offset, offset + length), replacement, rule]);

describe('phraseRuleFindings (mistakes Harper lets through, found by the words around them)', () => {
  it.each([
    ['Thank you! Your welcome.', [['Your', "You're", 'YoureWelcome']]],
    ['your welcome', [['your', "You're", 'YoureWelcome']]],
    [
      'Your the best. I think your too kind, and your an angel.',
      [
        ['Your', "You're", 'YourYoure'],
        ['your', "you're", 'YourYoure'],
        ['your', "you're", 'YourYoure'],
      ],
    ],
    [
      'Your going to love it, and your gonna laugh.',
      [
        ['Your', "You're", 'YourYoure'],
        ['your', "you're", 'YourYoure'],
      ],
    ],
    [
      'I seen him yesterday. They seen it too.',
      [
        ['seen', 'saw', 'SeenSaw'],
        ['seen', 'saw', 'SeenSaw'],
      ],
    ],
    ['Irregardless of the cost, we left.', [['Irregardless', 'Regardless', 'Irregardless']]],
    ['I need some advise on this.', [['advise', 'advice', 'AdviceNoun']]],
    ['Thanks for the advise!', [['advise', 'advice', 'AdviceNoun']]],
    ['Between you and I, it failed.', [['I', 'me', 'BetweenYouAndMe']]],
    ['It stays between them and I.', [['I', 'me', 'BetweenYouAndMe']]],
    ['Whose going to the party?', [['Whose', "Who's", 'WhoseWhos']]],
    ['Its not fair.', [['Its', "It's", 'ItsNot']]],
    [
      'I think its going to rain; its been a week.',
      [
        ['its', "it's", 'ItsItIs'],
        ['its', "it's", 'ItsItIs'],
      ],
    ],
    [
      'Lets meet at five. "Lets not wait."',
      [
        ['Lets', "Let's", 'LetsLetUs'],
        ['Lets', "Let's", 'LetsLetUs'],
      ],
    ],
    ['There was many people.', [['was', 'were', 'ThereBeAgreement']]],
    ['There is several ways.', [['is', 'are', 'ThereBeAgreement']]],
    ["There's numerous options.", [["There's", 'There are', 'ThereBeAgreement']]],
    [
      'I went their. Put it over their!',
      [
        ['their', 'there', 'TheirThere'],
        ['their', 'there', 'TheirThere'],
      ],
    ],
    ['"Is it their?" she asked.', [['their', 'there', 'TheirThere']]],
    [
      'Their is a problem. We went their yesterday, and their wasn’t time.',
      [
        ['Their', 'There', 'TheirThere'],
        ['their', 'there', 'TheirThere'],
        ['their', 'there', 'TheirThere'],
      ],
    ],
    [
      'I want to loose weight; we loose track of time.',
      [
        ['loose', 'lose', 'LooseLose'],
        ['loose', 'lose', 'LooseLose'],
      ],
    ],
  ])('%s', (text, expected) => {
    expect(fixes(text)).toEqual(expected);
  });

  it.each([
    'Your welcome was warm.',
    'We enjoyed your welcome.',
    'Your welcome, kind as it was, surprised me.',
    'Regardless of the cost, we left.',
    'Have you seen it? Never have I seen this; haven’t I seen you? We have seen them. It was seen.',
    'She has been seen. He had seen worse. Your going away was sad.',
    'Please advise. We will advise you.',
    'I heard her advise him to wait.',
    'It is between you and me. I left.',
    'Whose book is this? Whose painting won?',
    'Bring your A-game and your too-late apology; your answer is right.',
    'Its not-for-profit arm grew; its nose is wet.',
    'The dog wagged its tail; its going rate was low? No: its owner went.',
    'Lets you meet people. The tool lets users go. She lets go of the rope.',
    'There is many a slip. There are many reasons. There was a man.',
    'They lost their way. Their house, their rules. We met their',
    'The theirs. Theirs is red. He went there.',
    'They have their too little known limits, their IS department and their today’s show; their yesteryear.',
    'A loose weight plate fell; the loose sight rail rattled. Keep your grip loose.',
  ])('leaves correct English alone: %s', (text) => {
    expect(phraseRuleFindings(text)).toEqual([]);
  });

  it('says why', () => {
    expect(phraseRuleFindings('I want some advise.')[0]).toMatchObject({
      kind: 'WordChoice',
      message: '“Advise” is the verb; the noun is “advice”.',
    });
  });
});
