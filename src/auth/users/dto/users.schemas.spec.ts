import { describe, expect, it } from 'vitest';

import { updateMeSchema } from './users.schemas.js';

describe('updateMeSchema', () => {
  const paths = (body: unknown) => {
    const result = updateMeSchema.safeParse(body);
    return result.success ? 'ok' : result.error.issues.map((i) => i.path.join('.') || i.message);
  };

  it('accepts a display name, null to clear it, and a full password change', () => {
    expect(paths({ displayName: 'Ada' })).toBe('ok');
    expect(paths({ displayName: null })).toBe('ok');
    expect(paths({ currentPassword: 'old password', newPassword: 'new password!' })).toBe('ok');
  });

  it('rejects role and any other unknown field', () => {
    expect(paths({ displayName: 'Ada', role: 'admin' })).not.toBe('ok');
    expect(paths({ email: 'x@y.z' })).not.toBe('ok');
  });

  it('needs both halves of a password change and a policy-compliant new password', () => {
    expect(paths({ newPassword: 'new password!' })).toEqual(['currentPassword']);
    expect(paths({ currentPassword: 'old password' })).toEqual(['newPassword']);
    expect(paths({ currentPassword: 'old password', newPassword: 'short' })).toEqual(['newPassword']);
    expect(paths({ currentPassword: 'old password', newPassword: 'é'.repeat(129) })).toEqual(['newPassword']);
  });

  it('rejects an empty change and blank or control-character names', () => {
    expect(paths({})).not.toBe('ok');
    expect(paths({ displayName: '   ' })).toEqual(['displayName']);
    expect(paths({ displayName: 'a\u0000b' })).toEqual(['displayName']);
  });
});
