import { describe, expect, it } from 'vitest';

import { emailTracker, ipTracker, userOrIpTracker } from './rate-limit.trackers.js';

describe('rate-limit trackers', () => {
  it('counts signed-in users by id and anonymous clients by address', () => {
    expect(userOrIpTracker({ ip: '10.0.0.1', user: { id: 'u1' } })).toBe('user:u1');
    expect(userOrIpTracker({ ip: '10.0.0.1' })).toBe('ip:10.0.0.1');
  });

  it('groups an IPv6 client by its /64 and unwraps IPv4-mapped addresses', () => {
    expect(ipTracker({ ip: '2001:db8:1:2:aaaa::1' })).toBe(ipTracker({ ip: '2001:db8:1:2:bbbb::2' }));
    expect(ipTracker({ ip: '2001:db8:1:2::1' })).not.toBe(ipTracker({ ip: '2001:db8:1:3::1' }));
    expect(ipTracker({ ip: '::ffff:192.0.2.7' })).toBe('ip:192.0.2.7');
  });

  it('normalises the e-mail before hashing it, and never exposes the address', () => {
    const a = emailTracker({ body: { email: '  Bob@Example.COM ' } });
    expect(a).toBe(emailTracker({ body: { email: 'bob@example.com' } }));
    expect(a).not.toBe(emailTracker({ body: { email: 'alice@example.com' } }));
    expect(a).not.toContain('example');
  });

  it('has nothing to count without an e-mail in the body', () => {
    expect(emailTracker({ body: {} })).toBeUndefined();
    expect(emailTracker({ body: { email: 42 } })).toBeUndefined();
    expect(emailTracker({})).toBeUndefined();
  });
});
