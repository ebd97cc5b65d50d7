import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FakeGeminiServer } from '../../fakes/gemini.server.js';
import { correctionHandler } from '../../fakes/gemini-correction.handler.js';
import { type RegisteredUser, registerUser } from '../../helpers/auth.js';
import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../../helpers/redis.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** LanguageTool's API v2 at /v2, over HTTP against the real PostgreSQL and Redis, with a fake Gemini. */
describe('LanguageTool API v2 (/v2)', () => {
  let db: TestDatabase;
  let gemini: FakeGeminiServer;
  let app: TestApp;
  let other: TestApp;
  let user: RegisteredUser;
  let apiKey: string;
  const prefix = uniqueKeyPrefix();

  beforeAll(async () => {
    [db, gemini] = await Promise.all([createTestDatabase(), FakeGeminiServer.start()]);
    gemini.respondWith(correctionHandler());
    const env = {
      DATABASE_URL: db.url,
      REDIS_KEY_PREFIX: prefix,
      GEMINI_API_KEY: gemini.apiKey,
      GEMINI_BASE_URL: gemini.url,
    };
    [app, other] = await Promise.all([startTestApp(env), startTestApp(env)]);
    user = await registerUser(app);
    const created = await app.request('/api/v1/api-keys', {
      method: 'POST',
      token: user.accessToken,
      json: { name: 'VS Code' },
    });
    expect(created.status).toBe(201);
    apiKey = ((await created.json()) as { key: string }).key;
  });
  afterAll(async () => {
    await Promise.all([app?.close(), other?.close()]);
    await gemini?.close();
    await db?.drop();
    await deleteKeysWithPrefix(prefix);
  });

  const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
  const check = async (
    params: Record<string, string>,
    init: { contentType?: string; on?: TestApp; inQuery?: boolean } = {},
  ) => {
    const on = init.on ?? app;
    const res = init.inQuery
      ? await fetch(`${on.url}/v2/check?${form(params)}`, { method: 'POST' })
      : await fetch(`${on.url}/v2/check`, {
          method: 'POST',
          headers: { 'content-type': init.contentType ?? 'application/x-www-form-urlencoded' },
          body: form(params),
        });
    const text = await res.text();
    return {
      res,
      text,
      body: res.headers.get('content-type')?.startsWith('application/json')
        ? (JSON.parse(text) as Json)
        : undefined,
    };
  };
  const asUser = { username: '', apiKey: '' };
  beforeAll(() => {
    asUser.username = user.email;
    asUser.apiKey = apiKey;
  });

  it('reads a form body labelled application/json, answering with Content-Type exactly application/json', async () => {
    const { res, body } = await check(
      { text: 'This is teh test.', language: 'en-US' },
      { contentType: 'application/json' },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(body.software).toMatchObject({ name: 'ProsePolish', apiVersion: 1, premium: false, status: '' });
    expect(body.language).toMatchObject({ name: 'English (US)', code: 'en-US' });
    expect(body.sentenceRanges).toEqual([[0, 17]]);
    const teh = body.matches.find(
      (m: Json) => m.context.text.slice(m.context.offset, m.context.offset + m.context.length) === 'teh',
    );
    expect(teh).toMatchObject({
      offset: 8,
      length: 3,
      replacements: [{ value: 'the' }],
      shortMessage: '',
      sentence: 'This is teh test.',
      type: { typeName: 'UnknownWord' },
      rule: {
        id: 'MORFOLOGIK_RULE_EN_US',
        description: 'Possible spelling mistake',
        issueType: 'misspelling',
        category: { id: 'TYPOS' },
      },
      ignoreForIncompleteSentence: false,
      contextForSureMatch: 0,
    });
  });

  it('takes every parameter from the query string when there is no body', async () => {
    const { res, body } = await check({ text: 'This is teh test.', language: 'en-GB' }, { inQuery: true });
    expect(res.status).toBe(200);
    expect(body.language.code).toBe('en-GB');
    expect(body.matches.some((m: Json) => m.rule.id === 'MORFOLOGIK_RULE_EN_GB')).toBe(true);
  });

  it('an anonymous request never reaches Gemini', async () => {
    const before = gemini.callCount;
    const { res, body } = await check({ text: 'Anonymous writers make teh typos too.', language: 'en-US' });
    expect(res.status).toBe(200);
    expect(body.matches.map((m: Json) => m.offset)).toContain(23);
    expect(gemini.callCount).toBe(before);
  });

  it('with username + apiKey the LLM path answers, like /api/v1/llm/correct', async () => {
    const before = gemini.callCount;
    const { res, body } = await check({
      text: 'Keyed writers make teh typos too.',
      language: 'auto',
      ...asUser,
    });
    expect(res.status).toBe(200);
    expect(gemini.callCount).toBe(before + 1);
    expect(body.language.detectedLanguage).toMatchObject({ code: 'en-US', source: 'settings' });
    expect(body.matches).toEqual([
      expect.objectContaining({ offset: 19, length: 3, replacements: [{ value: 'the' }] }),
    ]);
  });

  it('data with markup: offsets index the whole document, markup included', async () => {
    const data = JSON.stringify({
      annotation: [
        { markup: '<p class="intro">' },
        { text: 'A paragraph with teh typo' },
        { markup: '<br/>', interpretAs: '\n\n' },
        { text: 'Next line.' },
        { markup: '</p>' },
      ],
    });
    const { res, body } = await check({ data, language: 'en-US' });
    expect(res.status).toBe(200);
    const match = body.matches.find((m: Json) => m.replacements[0]?.value === 'the');
    expect(match.offset).toBe('<p class="intro">A paragraph with '.length);
    expect(match.length).toBe(3);
  });

  it('counts offsets in UTF-16 code units, with emoji and combining marks before the error', async () => {
    const text = '😀 Cafe\u0301 👩‍💻 is teh place.';
    const { body } = await check({ text, language: 'en-US' });
    const match = body.matches.find((m: Json) => m.replacements[0]?.value === 'the');
    expect(match.offset).toBe(text.indexOf('teh'));
    expect(text.slice(match.offset, match.offset + match.length)).toBe('teh');
  });

  it('lists the offline checker’s runners-up after its first replacement, as LanguageTool lists its own', async () => {
    const { body } = await check({ text: 'We will definatly come.', language: 'en-US' });
    expect(body.matches).toEqual([
      expect.objectContaining({
        offset: 8,
        length: 9,
        replacements: [{ value: 'defiantly' }, { value: 'definitely' }],
        rule: expect.objectContaining({ id: 'MORFOLOGIK_RULE_EN_US' }),
      }),
    ]);
  });

  it('the two mode halves together give every match once', async () => {
    // (One of each typo: the offline checker takes most words written twice for intended.)
    const params = { text: 'Teh cat sat on the mat with a eror.', language: 'en-US' };
    const all = (await check({ ...params, mode: 'all' })).body.matches;
    const textLevel = (await check({ ...params, mode: 'textLevelOnly' })).body.matches;
    const rest = (await check({ ...params, mode: 'allButTextLevelOnly' })).body.matches;
    expect([...textLevel, ...rest]).toEqual(all);
    expect(all.length).toBeGreaterThan(0);
  });

  it('level=picky adds typography (an en dash for a range); the default level does not, from the same cache', async () => {
    const params = { text: 'The budget for 1961-62 was passed.', language: 'en-US' };
    const byDefault = (await check(params)).body.matches;
    const picky = (await check({ ...params, level: 'picky' })).body.matches;
    const again = (await check(params)).body.matches;
    expect(byDefault).toEqual([]);
    expect(again).toEqual([]);
    expect(picky).toHaveLength(1);
    expect(picky[0]).toMatchObject({
      offset: params.text.indexOf('-'),
      length: 1,
      replacements: [{ value: '–' }],
    });
  });

  it('leaves the abbreviations of emails ("ASAP", "FYI") alone unless level=picky', async () => {
    const params = { text: 'FYI, please reply ASAP.', language: 'en-US' };
    expect((await check(params)).body.matches).toEqual([]);
    const picky = (await check({ ...params, level: 'picky' })).body.matches;
    expect(picky.map((m: Json) => [m.rule.id, m.replacements[0].value])).toEqual([
      ['PROSEPOLISH_FOR_YOUR_INFORMATION', 'For your information'],
      ['PROSEPOLISH_AS_SOON_AS_POSSIBLE', 'As soon as possible'],
    ]);
  });

  it('turns on an opinion off at the default level when its rule or category is named, as LanguageTool does', async () => {
    const params = { text: 'The budget for 1961-62 was passed.', language: 'en-US' };
    const byRule = (await check({ ...params, enabledRules: 'PROSEPOLISH_NUMERIC_RANGE_EN_DASH' })).body
      .matches;
    expect(byRule.map((m: Json) => [m.rule.id, m.replacements])).toEqual([
      ['PROSEPOLISH_NUMERIC_RANGE_EN_DASH', [{ value: '–' }]],
    ]);
    const style = { text: 'The rain came, and also the wind.', language: 'en-US' };
    expect((await check(style)).body.matches).toEqual([]);
    const byCategory = (await check({ ...style, enabledCategories: 'STYLE' })).body.matches;
    expect(byCategory.map((m: Json) => [m.rule.category.id, m.replacements])).toEqual([
      ['STYLE', [{ value: 'and' }]],
    ]);
  });

  it('honours disabledRules, disabledCategories and enabledOnly', async () => {
    const params = { text: 'This is teh test.', language: 'en-US' };
    expect(
      (await check({ ...params, disabledRules: 'MORFOLOGIK_RULE_EN_US' })).body.matches.map(
        (m: Json) => m.rule.id,
      ),
    ).not.toContain('MORFOLOGIK_RULE_EN_US');
    expect(
      (await check({ ...params, disabledCategories: 'TYPOS' })).body.matches.map(
        (m: Json) => m.rule.category.id,
      ),
    ).not.toContain('TYPOS');
    const only = (await check({ ...params, enabledOnly: 'true', enabledCategories: 'TYPOS' })).body.matches;
    expect(only.length).toBeGreaterThan(0);
    expect(only.every((m: Json) => m.rule.category.id === 'TYPOS')).toBe(true);
  });

  it('flags "be" that disagrees with its subject as grammar, under an id disabledRules turns off', async () => {
    const params = { text: 'These is my notes.', language: 'en-US' };
    const { body } = await check(params);
    expect(
      body.matches.map((m: Json) => [m.rule.id, m.rule.category.id, m.offset, m.length, m.replacements]),
    ).toEqual([['PROSEPOLISH_SUBJECT_BE_AGREEMENT', 'GRAMMAR', 6, 2, [{ value: 'are' }]]]);
    // Clients show the rule's description beside the message: a phrase, as LanguageTool's own are.
    expect(body.matches[0].rule.description).toBe('Possible grammar error');
    const disabled = await check({ ...params, disabledRules: 'PROSEPOLISH_SUBJECT_BE_AGREEMENT' });
    expect(disabled.body.matches).toEqual([]);
  });

  it.each([
    [{ language: 'en-US' }, 400, "Set exactly one of the parameters 'text' or 'data'"],
    [
      { text: 'x', data: '{"text":"x"}', language: 'en-US' },
      400,
      "Set exactly one of the parameters 'text' or 'data'",
    ],
    [{ text: 'Hello.' }, 400, "Missing 'language' parameter"],
    [{ text: 'Hello.', language: 'de-DE' }, 400, 'Supported: auto, en, en-US, en-GB, en-AU, en-CA'],
    [{ text: 'x'.repeat(10_001), language: 'en-US' }, 413, 'at most 10000'],
    [
      { text: 'Hello.', language: 'en-US', username: 'nobody@example.test', apiKey: 'pp_live_wrong' },
      403,
      'not valid',
    ],
  ])('answers bad requests the way LanguageTool does: %j → %i', async (params, status, reason) => {
    const { res, text } = await check(params as Record<string, string>);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text).toMatch(/^Error: /);
    expect(text).toContain(reason);
  });

  it('serves /v2/languages and /v2/info', async () => {
    const languages = await fetch(`${app.url}/v2/languages`);
    expect(languages.headers.get('content-type')).toBe('application/json');
    expect(await languages.json()).toEqual([
      { name: 'English (US)', code: 'en', longCode: 'en-US' },
      { name: 'English (GB)', code: 'en', longCode: 'en-GB' },
      { name: 'English (Australian)', code: 'en', longCode: 'en-AU' },
      { name: 'English (Canadian)', code: 'en', longCode: 'en-CA' },
    ]);
    expect(await (await fetch(`${app.url}/v2/info`)).json()).toMatchObject({
      software: { name: 'ProsePolish', apiVersion: 1 },
    });
  });

  it('answers CORS preflights for any origin', async () => {
    const res = await fetch(`${app.url}/v2/check`, {
      method: 'OPTIONS',
      headers: { origin: 'moz-extension://abc', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('a personal word is never flagged, cached sentence or not, and /v2/words lists it', async () => {
    const text = 'Our teh product ships today.';
    const flagged = (await check({ text, language: 'en-US', ...asUser })).body.matches;
    expect(flagged.some((m: Json) => m.offset === 4)).toBe(true);
    const add = await fetch(`${app.url}/v2/words/add`, {
      method: 'POST',
      body: form({ word: 'Teh', ...asUser }),
    });
    expect(await add.json()).toEqual({ added: true });
    // The sentence is cached now; the word is still not flagged — on the other instance too.
    const again = await check({ text, language: 'en-US', ...asUser }, { on: other });
    expect(again.body.matches.some((m: Json) => m.offset === 4)).toBe(false);
    const words = await fetch(`${app.url}/v2/words?${form(asUser)}`);
    expect(await words.json()).toEqual({ words: ['teh'] });
    const native = await app.request('/api/v1/llm/correct', {
      method: 'POST',
      token: user.accessToken,
      json: { text },
    });
    expect(((await native.json()) as Json).edits).toEqual([]);
    const del = await fetch(`${app.url}/v2/words/delete`, {
      method: 'POST',
      body: form({ word: 'teh', ...asUser }),
    });
    expect(await del.json()).toEqual({ deleted: true });
    expect(
      (await check({ text, language: 'en-US', ...asUser })).body.matches.some((m: Json) => m.offset === 4),
    ).toBe(true);
  });

  it('/v2/words needs username + apiKey, as LanguageTool does', async () => {
    const res = await fetch(`${app.url}/v2/words`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/^Error: 'username' and 'apiKey' are required/);
  });

  it('a key revoked on instance A is refused on instance B at the next request', async () => {
    const created = (await (
      await app.request('/api/v1/api-keys', {
        method: 'POST',
        token: user.accessToken,
        json: { name: 'Obsidian' },
      })
    ).json()) as { id: string; key: string };
    const params = { text: 'Hello there.', language: 'en-US', username: user.email, apiKey: created.key };
    expect((await check(params, { on: other })).res.status).toBe(200); // cached as valid on B's side
    expect(
      (await app.request(`/api/v1/api-keys/${created.id}`, { method: 'DELETE', token: user.accessToken }))
        .status,
    ).toBe(204);
    const refused = await check(params, { on: other });
    expect(refused.res.status).toBe(403);
    expect(refused.text).toMatch(/^Error: /);
  });

  it('lists keys without their secrets, and refuses a twenty-first', async () => {
    const owner = await registerUser(app);
    for (let i = 0; i < 20; i++) {
      const res = await app.request('/api/v1/api-keys', {
        method: 'POST',
        token: owner.accessToken,
        json: { name: `k${i}` },
      });
      expect(res.status).toBe(201);
    }
    const extra = await app.request('/api/v1/api-keys', {
      method: 'POST',
      token: owner.accessToken,
      json: { name: 'one more' },
    });
    expect(extra.status).toBe(409);
    const list = (await (
      await app.request('/api/v1/api-keys', { token: owner.accessToken })
    ).json()) as Json[];
    expect(list).toHaveLength(20);
    expect(Object.keys(list[0]).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name', 'prefix']);
    expect(list[0].prefix).toMatch(/^pp_live_.{4}$/);
    expect(JSON.stringify(list)).not.toMatch(/pp_live_[A-Za-z0-9_-]{20,}/);
  });
});
