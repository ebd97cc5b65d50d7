import { Logger } from '@nestjs/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { AppConfig } from '#src/config/app-config.js';
import { FreeDictionaryClient } from '#src/dictionary/sources/free-dictionary.client.js';
import { NOT_FOUND } from '#src/infra/cache/cache.types.js';
import { UpstreamUnavailableError } from '#src/infra/http/errors.js';
import { CircuitBreakerRegistry } from '#src/infra/resilience/circuit-breaker.registry.js';

import { fixture } from '../../e2e/dictionary/dictionary-harness.js';
import { FakeFreeDictionaryServer } from '../../fakes/free-dictionary.server.js';
import { baseTestEnv } from '../../helpers/test-app.js';

const TIMEOUT_MS = 300;

let breakers: CircuitBreakerRegistry;

function clientFor(apiUrl: string, timeoutMs = TIMEOUT_MS): FreeDictionaryClient {
  breakers = new CircuitBreakerRegistry();
  return new FreeDictionaryClient(
    AppConfig.fromEnv(baseTestEnv({ DICTIONARY_API_URL: apiUrl, DICTIONARY_TIMEOUT_MS: String(timeoutMs) })),
    breakers,
  );
}

describe('FreeDictionaryClient against the fake Free Dictionary API', () => {
  let fake: FakeFreeDictionaryServer;
  let other: FakeFreeDictionaryServer;
  let client: FreeDictionaryClient;

  beforeAll(async () => {
    Logger.overrideLogger(false); // the client's warnings are expected here
    [fake, other] = await Promise.all([FakeFreeDictionaryServer.start(), FakeFreeDictionaryServer.start()]);
  });
  afterAll(async () => {
    await Promise.all([fake?.close(), other?.close()]);
  });
  beforeEach(() => {
    fake.reset();
    other.reset();
    client = clientFor(fake.url); // a fresh circuit per test
  });

  it('returns the entries of a known word unchanged', async () => {
    expect(await client.lookup('test')).toEqual(fixture('test'));
    expect(fake.requests[0]).toMatchObject({ method: 'GET', rawUrl: '/api/v2/entries/en/test' });
  });

  it("says NOT_FOUND only for the service's own 404", async () => {
    expect(await client.lookup('qwzxvbn')).toBe(NOT_FOUND);
    // A 404 from something else (a wrong DICTIONARY_API_URL) is a misconfiguration, not "no such word".
    const misconfigured = clientFor(fake.url.replace('/api/v2/entries', '/api/v2/entrees'));
    await expect(misconfigured.lookup('legion')).rejects.toBeInstanceOf(UpstreamUnavailableError);
  });

  it.each(['down', 'rate-limited'] as const)('treats %s as unavailable', async (mode) => {
    fake.setMode(mode);
    await expect(client.lookup('legion')).rejects.toMatchObject({ status: 503, upstream: 'free-dictionary' });
  });

  it('does not follow a redirect, even to a server that would answer', async () => {
    fake.setMode('redirect');
    fake.redirectTo = () => `${other.url}/en/legion`;
    await expect(client.lookup('legion')).rejects.toThrow(/HTTP 302/);
    expect(other.count()).toBe(0);
  });

  it('gives up on a body larger than 1 MB without buffering it', async () => {
    fake.setMode('huge');
    // A generous timeout, so what stops the call is the size limit, even on a busy machine.
    await expect(clientFor(fake.url, 10_000).lookup('legion')).rejects.toThrow(/more than 1048576 bytes/);
  });

  it('gives up on an upstream that does not answer after the timeout', async () => {
    fake.setMode('hang');
    const started = performance.now();
    await expect(client.lookup('legion')).rejects.toThrow(/did not answer within 300 ms/);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 2_000); // the fake never answers: only the timeout ends it
  });

  it('treats garbage as unavailable, not as an entry', async () => {
    fake.addRawWord('broken', '[{"word": "broken", "meanings": [');
    fake.addWord('weird', [{ word: 'weird', meanings: 'lots' }]);
    fake.addRawWord('html', '<html>hello</html>');
    for (const word of ['broken', 'weird', 'html']) {
      await expect(client.lookup(word)).rejects.toBeInstanceOf(UpstreamUnavailableError);
    }
  });

  it('opens its circuit after 5 consecutive failures: later calls fail at once without reaching the upstream', async () => {
    fake.setMode('down');
    for (let i = 0; i < 5; i++) await expect(client.lookup('legion')).rejects.toThrow(/HTTP 500/);
    expect(fake.count()).toBe(5);
    // The 503 says when the upstream is tried again, in words and as Retry-After (15 s open).
    const refused = await client.lookup('legion').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(UpstreamUnavailableError);
    expect((refused as UpstreamUnavailableError).message).toBe(
      'The Free Dictionary API is not answering; it is tried again in 15 s.',
    );
    expect((refused as UpstreamUnavailableError).extensions).toEqual({
      upstream: 'free-dictionary',
      retryAfter: 15,
    });
    expect(fake.count()).toBe(5);
    expect(breakers.stats().find((c) => c.name === 'free-dictionary')).toMatchObject({
      state: 'open',
      rejected: 1,
    });
  });

  it('builds the URL as the configured prefix plus one encoded segment', () => {
    expect(client.urlFor("rock 'n' roll").href).toBe(`${fake.url}/en/rock%20'n'%20roll`);
    expect(client.urlFor('a/../../b?c#d').pathname).toBe('/api/v2/entries/en/a%2F..%2F..%2Fb%3Fc%23d');
    expect(client.urlFor('café').pathname).toBe('/api/v2/entries/en/caf%C3%A9');
    // Dot segments would be resolved away by the URL parser: refused rather than sent elsewhere.
    expect(() => client.urlFor('..')).toThrow(/refusing/);
    expect(() => client.urlFor('.')).toThrow(/refusing/);
    // A trailing slash or a query in the configured URL changes nothing.
    expect(clientFor(`${fake.url}/?x=1`).urlFor('legion').href).toBe(`${fake.url}/en/legion`);
  });
});
