import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';

/** 256 bits: RFC 9700 §4.14 / ASVS 3.5 ask refresh tokens to be unguessable. */
const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The cryptography of refresh tokens. The database stores only `hash(token)` (SHA-256 is enough: the
 * input is 256 random bits, not a password, so there is nothing to brute-force).
 *
 * Successors are derived, not stored: `successor = HMAC(K, parent ‖ successorId)`, where K is a key
 * derived (HKDF) from AUTH_JWT_SECRET for this purpose only and `successorId` is the successor row's
 * random UUID. This is what lets a replay of the immediately previous token, inside the grace window,
 * get back *the very token* the first response carried — although only hashes are stored — without a
 * second live token (a fork of the family) and without ever writing a raw or reversible token to the
 * database. Who can compute a successor: only someone holding the parent token AND the server key AND
 * the row id; a database dump alone gives nothing, and whoever holds the server key can mint access
 * tokens anyway. The service recomputes a successor only within the grace window.
 */
@Injectable()
export class RefreshTokenCrypto {
  private readonly successorKey: Buffer;

  public constructor(config: AppConfig) {
    this.successorKey = Buffer.from(
      hkdfSync('sha256', config.auth.jwtSecret, 'prosepolish', 'refresh-token-successor/v1', 32),
    );
  }

  /** The first token of a session: 256 random bits, base64url (43 characters). */
  public generate(): string {
    return randomBytes(TOKEN_BYTES).toString('base64url');
  }

  public successorOf(parent: string, successorId: string): string {
    return createHmac('sha256', this.successorKey).update(`${parent}.${successorId}`).digest('base64url');
  }

  public hash(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  public hashMatches(token: string, storedHash: string): boolean {
    const a = Buffer.from(this.hash(token), 'hex');
    const b = Buffer.from(storedHash, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Anything else can be refused without touching the database. */
  public isWellFormed(token: string): boolean {
    return TOKEN_SHAPE.test(token);
  }
}
