import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { AppConfig } from '#src/config/app-config.js';

import { RefreshTokenCrypto } from './refresh-token.crypto.js';

const crypto = (secret = 'unit-test-secret-that-is-long-enough-0123456789') =>
  new RefreshTokenCrypto(AppConfig.fromEnv({ NODE_ENV: 'test', AUTH_JWT_SECRET: secret }));

describe('RefreshTokenCrypto', () => {
  it('generates distinct 256-bit base64url tokens', () => {
    const c = crypto();
    const tokens = Array.from({ length: 100 }, () => c.generate());
    expect(new Set(tokens).size).toBe(100);
    for (const t of tokens) {
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
      expect(c.isWellFormed(t)).toBe(true);
    }
  });

  it('hashes with SHA-256 (hex) and compares hashes', () => {
    const c = crypto();
    const t = c.generate();
    expect(c.hash(t)).toBe(createHash('sha256').update(t).digest('hex'));
    expect(c.hashMatches(t, c.hash(t))).toBe(true);
    expect(c.hashMatches(c.generate(), c.hash(t))).toBe(false);
  });

  it('derives a successor only from the parent, the successor id and the server key together', () => {
    const c = crypto();
    const parent = c.generate();
    const id = '0b5f4f0e-8a43-4a0e-9d7e-3f0c2a1b4c5d';
    const successor = c.successorOf(parent, id);
    expect(c.isWellFormed(successor)).toBe(true);
    expect(c.successorOf(parent, id)).toBe(successor);
    expect(c.successorOf(c.generate(), id)).not.toBe(successor);
    expect(c.successorOf(parent, '1b5f4f0e-8a43-4a0e-9d7e-3f0c2a1b4c5d')).not.toBe(successor);
    expect(crypto('another-secret-that-is-long-enough-0123456789').successorOf(parent, id)).not.toBe(
      successor,
    );
  });

  it('rejects tokens of the wrong shape before any lookup', () => {
    const c = crypto();
    for (const bad of ['', 'x', `${c.generate()}=`, 'a.b.c', '!'.repeat(43)])
      expect(c.isWellFormed(bad)).toBe(false);
  });
});
