import { describe, expect, it } from 'vitest';

import { toFieldErrors } from '#src/infra/http/validation.js';

import { patchSettingsSchema, replaceSettingsSchema } from './settings.schemas.js';

const valid = {
  language: 'en-GB',
  tone: 'formal',
  correctionMode: 'concise',
  disabledRules: ['SpellCheck', 'en.a_an'],
  autoLookup: false,
  theme: 'dark',
  llmEnabled: false,
};

/** The `errors[].field` list the API would answer with. */
async function badFields(
  schema: typeof replaceSettingsSchema | typeof patchSettingsSchema,
  body: unknown,
): Promise<string[]> {
  const result = await schema['~standard'].validate(body);
  return result.issues
    ? toFieldErrors(result.issues)
        .map((e) => e.field)
        .sort()
    : [];
}

describe('PUT /settings body', () => {
  it('accepts a complete, valid document', async () => {
    expect(replaceSettingsSchema.parse(valid)).toEqual(valid);
  });

  it('names every missing field', async () => {
    expect(await badFields(replaceSettingsSchema, { language: 'en-US' })).toEqual([
      'autoLookup',
      'correctionMode',
      'disabledRules',
      'llmEnabled',
      'theme',
      'tone',
    ]);
  });

  it('names every invalid value and every unknown field', async () => {
    const body = {
      ...valid,
      language: 'fr-FR',
      tone: 'sarcastic',
      theme: 'blue',
      autoLookup: 'yes',
      colour: 'red',
    };
    const fields = await badFields(replaceSettingsSchema, body);
    expect(fields).toEqual(expect.arrayContaining(['language', 'tone', 'theme', 'autoLookup']));
    expect(JSON.stringify(replaceSettingsSchema.safeParse(body).error?.issues)).toContain('colour');
  });

  it('checks each rule id and the list length, and drops duplicates', async () => {
    expect(
      await badFields(replaceSettingsSchema, {
        ...valid,
        disabledRules: ['ok', 'has space', 'x'.repeat(65)],
      }),
    ).toEqual(['disabledRules.1', 'disabledRules.2']);
    const tooMany = Array.from({ length: 201 }, (_, i) => `rule${i}`);
    expect(await badFields(replaceSettingsSchema, { ...valid, disabledRules: tooMany })).toEqual([
      'disabledRules',
    ]);
    const parsed = replaceSettingsSchema.parse({ ...valid, disabledRules: ['b', 'a', 'b', 'a', 'c'] });
    expect(parsed.disabledRules).toEqual(['b', 'a', 'c']);
  });
});

describe('PATCH /settings body', () => {
  it('accepts any subset', () => {
    expect(patchSettingsSchema.parse({ theme: 'light' })).toEqual({ theme: 'light' });
  });

  it('rejects an empty change, nulls and unknown fields', async () => {
    expect(await badFields(patchSettingsSchema, {})).toEqual(['(body)']);
    expect(await badFields(patchSettingsSchema, { tone: null })).toEqual(['tone']);
    expect(patchSettingsSchema.safeParse({ theme: 'light', langauge: 'en-GB' }).success).toBe(false);
    expect(await badFields(patchSettingsSchema, undefined)).toEqual(['(body)']);
  });
});
