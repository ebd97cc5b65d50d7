import { describe, expect, it } from 'vitest';

import { describeFailure } from './client';

const failed = (status: number, headers: Record<string, string> = {}) =>
  new Response(null, { status, headers });

describe('describeFailure: one sentence a writer can act on', () => {
  it('names each invalid field of a 400, where the detail only points at the list', () => {
    const body = {
      status: 400,
      detail: 'The request is invalid; see `errors` for each field.',
      errors: [
        { field: 'email', message: 'must be an email address' },
        { field: 'password', message: 'must be at least 8 characters' },
        { field: 'displayName', message: 'must be at most 80 characters' },
      ],
    };
    expect(describeFailure(failed(400), body)).toBe(
      'Email must be an email address. Password must be at least 8 characters. Display name must be at most 80 characters.',
    );
  });

  it('falls back to the detail when the list is missing or holds nothing readable', () => {
    expect(describeFailure(failed(400), { detail: 'Bad input.', errors: [{ field: 3 }] })).toBe('Bad input.');
    expect(describeFailure(failed(409), { title: 'Conflict' })).toBe('Conflict');
    expect(describeFailure(failed(500), 'not json')).toBe('The request failed (HTTP 500).');
  });

  it('says when to retry a 429 and what is down on a 503', () => {
    expect(describeFailure(failed(429, { 'Retry-After': '12' }), {})).toBe(
      'Too many requests. Try again in 12 s.',
    );
    expect(
      describeFailure(failed(503), { dependency: 'postgresql', detail: 'PostgreSQL is unavailable.' }),
    ).toBe('The database (PostgreSQL) is unavailable right now; your text is kept.');
    expect(describeFailure(failed(503), { upstream: 'free-dictionary' })).toBe(
      'The Free Dictionary API is unavailable right now; your text is kept.',
    );
    expect(describeFailure(failed(503), {})).toBe('The service is unavailable right now; your text is kept.');
  });
});
