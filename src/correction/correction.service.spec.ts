import { describe, expect, it } from 'vitest';

import { PersonalDictionaryService } from '#src/personal-dictionary/personal-dictionary.service.js';
import { defaultSettings } from '#src/settings/settings.model.js';
import { SettingsService } from '#src/settings/settings.service.js';
import { strictMock } from '#test/helpers/strict-mock.js';

import { PieceCorrector } from './caching/piece-corrector.js';
import { CorrectionService } from './correction.service.js';
import { CorrectionProvider } from './providers/correction-provider.js';
import { TextSegmenter } from './segmentation/text-segmenter.js';

const TEXT = 'Our teh product shipped.';
const EDIT = {
  offset: 4,
  length: 3,
  original: 'teh',
  replacement: 'the',
  message: 'Typo',
  category: 'spelling' as const,
};
const ANSWER = {
  results: [{ edits: [EDIT], source: 'gemini' as const, model: 'gemini-2.5-flash' }],
  usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 },
};

/** CorrectionService with strict mocks: which collaborators each kind of caller reaches. */
describe('CorrectionService (strict mocks)', () => {
  const build = (personalWords: string[] = []) => {
    const settings = strictMock(SettingsService, { getForUser: async () => defaultSettings() });
    const pieces = strictMock(PieceCorrector, { correct: async () => ANSWER });
    // An abstract provider: the getters the service reads, nothing callable.
    const llm = { available: true, model: 'gemini-2.5-flash' } as unknown as CorrectionProvider;
    const personal = strictMock(PersonalDictionaryService, { wordsOf: async () => new Set(personalWords) });
    const service = new CorrectionService(settings, new TextSegmenter(), pieces, llm, personal);
    return { service, settings, pieces, personal };
  };

  it('a signed-in user: their settings and personal words, the model allowed', async () => {
    const { service, settings, pieces, personal } = build();
    const outcome = await service.correct('u1', { text: TEXT });
    expect(outcome.body.edits).toEqual([expect.objectContaining({ original: 'teh', replacement: 'the' })]);
    expect(settings.getForUser).toHaveBeenCalledWith('u1');
    expect(personal.wordsOf).toHaveBeenCalledWith('u1');
    expect(pieces.correct).toHaveBeenCalledWith([TEXT], expect.anything(), 'u1', null);
  });

  it('drops spelling edits of words in the personal dictionary, whatever their case', async () => {
    const { service } = build(['teh']);
    expect((await service.correct('u1', { text: TEXT })).body.edits).toEqual([]);
  });

  it('an anonymous caller: default settings, no personal dictionary, never the model', async () => {
    const settings = strictMock(SettingsService);
    const personal = strictMock(PersonalDictionaryService);
    const pieces = strictMock(PieceCorrector, { correct: async () => ANSWER });
    const llm = { available: true, model: 'gemini-2.5-flash' } as unknown as CorrectionProvider;
    const service = new CorrectionService(settings, new TextSegmenter(), pieces, llm, personal);
    await service.check(null, { text: TEXT });
    expect(pieces.correct).toHaveBeenCalledWith([TEXT], expect.anything(), null, 'anonymous');
  });

  it('shows the local checker’s style opinions only when asked (a mode but grammar, or picky); the model’s always', async () => {
    const text = 'The rain came, and also the wind.';
    const local = { offset: 15, length: 8, original: 'and also', replacement: 'and', message: 'Redundant.' };
    const edits = [
      { ...local, offset: 0, length: 3, original: 'The', replacement: 'A', category: 'style' as const },
      { ...local, category: 'style' as const, rule: 'AvoidAndAlso' },
    ];
    const pieces = strictMock(PieceCorrector, {
      correct: async () => ({ ...ANSWER, results: [{ ...ANSWER.results[0], edits }] }),
    });
    const settings = strictMock(SettingsService, { getForUser: async () => defaultSettings() });
    const personal = strictMock(PersonalDictionaryService, { wordsOf: async () => new Set<string>() });
    const llm = { available: true, model: 'gemini-2.5-flash' } as unknown as CorrectionProvider;
    const service = new CorrectionService(settings, new TextSegmenter(), pieces, llm, personal);
    const originals = async (mode?: 'concise', picky?: boolean) =>
      (await service.check('u1', { text, mode }, { picky })).edits.map((e) => e.original);
    expect(await originals()).toEqual(['The']);
    expect(await originals('concise')).toEqual(['The', 'and also']);
    expect(await originals(undefined, true)).toEqual(['The', 'and also']);
    expect(await originals('concise', false)).toEqual(['The']);
  });
});
