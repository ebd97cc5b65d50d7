import { describe, expect, it } from 'vitest';

import { applyChange, DEFAULT_SETTINGS, settingsFromStorage } from './settings.model.js';

describe('settingsFromStorage', () => {
  it('reads a complete document as is', () => {
    const stored = { ...DEFAULT_SETTINGS, tone: 'academic', disabledRules: ['a'] };
    expect(settingsFromStorage(stored, 7)).toEqual({ ...stored, version: 7 });
  });

  it('fills missing or no-longer-valid fields with defaults and drops unknown ones', () => {
    const stored = {
      language: 'en-AU',
      tone: 'pirate',
      disabledRules: ['ok', 'bad id', 'ok'],
      retired: true,
    };
    expect(settingsFromStorage(stored, 2)).toEqual({
      ...DEFAULT_SETTINGS,
      language: 'en-AU',
      disabledRules: ['ok'],
      version: 2,
    });
  });

  it('survives a document that is not an object', () => {
    expect(settingsFromStorage(null, 1)).toEqual({ ...DEFAULT_SETTINGS, version: 1 });
    expect(settingsFromStorage([1, 2], 1)).toEqual({ ...DEFAULT_SETTINGS, version: 1 });
  });
});

describe('applyChange', () => {
  it('merges a patch over the base and replaces with a full document', () => {
    expect(applyChange(DEFAULT_SETTINGS, { kind: 'merge', fields: { theme: 'dark' } })).toEqual({
      ...DEFAULT_SETTINGS,
      theme: 'dark',
    });
    const full = { ...DEFAULT_SETTINGS, language: 'en-CA' as const };
    expect(applyChange({ ...DEFAULT_SETTINGS, theme: 'dark' }, { kind: 'replace', values: full })).toEqual(
      full,
    );
  });
});
