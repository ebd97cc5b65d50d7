import { beforeAll, describe, expect, it } from 'vitest';

import { createAdmin, type RegisteredUser, registerUser } from '../../helpers/auth.js';
import { rawRequest } from '../../helpers/raw-request.js';
import { useTestApp } from '../../helpers/use-test-app.js';

/** Security review, "Hostile input": what a fuzzer found, each now a 4xx problem document. */
describe('hostile input', () => {
  const e2e = useTestApp();
  let admin: RegisteredUser;
  let user: RegisteredUser;

  beforeAll(async () => {
    [admin, user] = await Promise.all([createAdmin(e2e.app), registerUser(e2e.app)]);
  });

  const expectProblem = (res: { status: number; contentType: string; body: string }, status: number) => {
    expect(res.status).toBe(status);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(res.body) as Record<string, unknown>;
    expect(problem).toMatchObject({
      status,
      type: expect.stringMatching(/^https:\/\//),
      detail: expect.any(String),
    });
    return problem;
  };

  it('a 20,000-deep nested JSON array to the warm-up endpoint is a 400, not a 500', async () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    const res = await rawRequest(e2e.app.url, '/api/v1/admin/cache/warm', {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.accessToken}`, 'content-type': 'application/json' },
      body: `{"words":${deep}}`,
    });
    expectProblem(res, 400);
  });

  it('a 5,000-character path segment is a 414 problem', async () => {
    const res = await rawRequest(e2e.app.url, `/api/v1/dictionary/${'a'.repeat(5_000)}`, {
      headers: { authorization: `Bearer ${user.accessToken}` },
    });
    expectProblem(res, 414);
  });

  it('a broken percent-encoding is a 400 problem', async () => {
    const res = await rawRequest(e2e.app.url, '/api/v1/dictionary/%E0%A4%A', {
      headers: { authorization: `Bearer ${user.accessToken}` },
    });
    expectProblem(res, 400);
  });

  it('a language tag longer than 35 characters is a 400 naming the field', async () => {
    const res = await e2e.app.request('/api/v1/llm/correct', {
      method: 'POST',
      token: user.accessToken,
      json: { text: 'Hello there.', language: `en-${'abcdefgh-'.repeat(4)}x` },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      errors: [{ field: 'language', message: 'must be at most 35 characters' }],
    });
  });

  it('the service is still ready and serves the user afterwards', async () => {
    expect((await e2e.app.request('/health/ready')).status).toBe(200);
    expect((await e2e.app.request('/api/v1/users/me', { token: user.accessToken })).status).toBe(200);
  });
});
