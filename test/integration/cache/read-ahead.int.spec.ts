import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  type DictionaryHarness,
  fixture,
  startDictionaryHarness,
} from '../../e2e/dictionary/dictionary-harness.js';
import { registerUser } from '../../helpers/auth.js';
import { TEST_REDIS_URL } from '../../helpers/redis.js';
import { RespRecordingProxy } from '../../helpers/resp-recording.proxy.js';

// `GET /dictionary/:word` reads its cached entry ahead (`@ReadAhead`): for a token seen before, the
// entry's Redis GET leaves in the same client write as the session check and the rate-limit count, so a
// Redis-tier hit costs one round trip instead of two. The proxy records every write the app sends.

const redisPort = Number(new URL(TEST_REDIS_URL).port || 6379);

describe.each([
  { l1: 'false', label: 'L1 off' },
  { l1: 'true', label: 'L1 on' },
])('a dictionary lookup read ahead ($label)', ({ l1 }) => {
  let proxy: RespRecordingProxy;
  let h: DictionaryHarness;

  beforeAll(async () => {
    proxy = await RespRecordingProxy.start(redisPort);
    h = await startDictionaryHarness({ CACHE_L1_ENABLED: l1 }, `redis://127.0.0.1:${proxy.port}`);
  });

  afterEach(() => proxy.writes.splice(0));

  afterAll(async () => {
    await h?.close();
    await proxy?.close();
  });

  const named = (command: string[], ...names: string[]) => names.includes(command[0].toLowerCase());
  const isGet = (key: string) => (command: string[]) => named(command, 'get') && command[1] === key;
  const writesOf = (key: string) => proxy.writes.filter((write) => write.some(isGet(key)));

  it('sends the cached entry’s GET with the session check and the rate-limit count', async () => {
    const key = `${h.prefix}dict:en:legion`;
    // The first request goes through passport (a token not seen before) and loads the word upstream.
    expect((await h.lookup('legion')).source).toBe('free-dictionary');
    proxy.writes.splice(0);

    const lookup = await h.lookup('legion');

    expect(lookup).toMatchObject({ status: 200, cache: 'HIT', body: fixture('legion') });
    expect(lookup.layer ?? lookup.source).toBe(l1 === 'true' ? 'l1' : 'redis');
    expectReadWithTheSessionCheck(key);
  });

  it('sends the caller’s settings GET with the session check and the rate-limit count', async () => {
    const { accessToken, user } = await registerUser(h.app);
    const save = await h.app.request('/api/v1/settings', {
      method: 'PATCH',
      token: accessToken,
      json: { language: 'en-GB' },
    });
    expect(save.status).toBe(200);
    expect((await h.app.request('/api/v1/settings', { token: accessToken })).status).toBe(200);
    proxy.writes.splice(0);

    const read = await h.app.request('/api/v1/settings', { token: accessToken });

    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ language: 'en-GB', version: 1 });
    expectReadWithTheSessionCheck(`${h.prefix}settings:${user.id}`);
  });

  /** L1 on: answered from this instance's L1 without asking Redis; L1 off: one write for all three. */
  function expectReadWithTheSessionCheck(key: string): void {
    if (l1 === 'true') {
      expect(writesOf(key)).toEqual([]);
      return;
    }
    const [write, ...others] = writesOf(key);
    expect(others).toEqual([]);
    expect(write.some((c) => named(c, 'get') && c[1].startsWith(`${h.prefix}session:`))).toBe(true);
    expect(write.some((c) => named(c, 'evalsha', 'eval'))).toBe(true);
  }

  it('never serves the entry read ahead to a request whose session has ended', async () => {
    const { accessToken } = await registerUser(h.app);
    expect((await h.lookup('legion', accessToken)).status).toBe(200);
    const logout = await h.app.request('/api/v1/auth/logout', { method: 'POST', token: accessToken });
    expect(logout.status).toBe(204);

    const after = await h.lookup('legion', accessToken);

    expect(after.status).toBe(401);
    expect(after.body).not.toEqual(fixture('legion'));
    expect(after.body).toMatchObject({ status: 401 });
  });

  it('reads nothing ahead for a word the service rejects', async () => {
    const bad = await h.lookupRaw(encodeURIComponent('no/such word!'));

    expect(bad.status).toBe(400);
    expect(proxy.writes.some((write) => write.some((c) => named(c, 'get') && c[1].includes('dict:')))).toBe(
      false,
    );
  });
});
