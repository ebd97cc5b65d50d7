import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';
import { emailDigest } from '#src/infra/rate-limit/rate-limit.trackers.js';

/** The cookie that marks a browser that has signed in to an account before (OWASP "device cookies"). */
export const DEVICE_COOKIE = 'pp_device';
/** Only the login route ever sees it. */
export const DEVICE_COOKIE_PATH = '/api/v1/auth/login';
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 3_600;

/** A device cookie that verified for the account being signed in to. */
export interface KnownDevice {
  /** Random per device; names its own failure budget. */
  nonce: string;
}

/**
 * Issues and checks device cookies: `v1.<nonce>.<hmac(account, nonce)>`. A cookie is bound to the account
 * it signed in to, so a cookie from one account proves nothing for another, and it carries no secret of
 * the user's (the nonce only names a failure budget). The key is derived from AUTH_JWT_SECRET.
 */
@Injectable()
export class DeviceCookies {
  private readonly key: Buffer;

  public constructor(config: AppConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.auth.jwtSecret, 'prosepolish', 'device-cookie/v1', 32));
  }

  public issue(email: string): string {
    const nonce = randomBytes(16).toString('base64url');
    return `v1.${nonce}.${this.sign(email, nonce)}`;
  }

  /** The device, when `cookie` was issued to a browser that signed in to `email`; undefined otherwise. */
  public verify(cookie: string | undefined, email: string): KnownDevice | undefined {
    const [version, nonce, signature] = cookie?.split('.') ?? [];
    if (version !== 'v1' || !nonce || !signature || nonce.length > 64) return undefined;
    const expected = Buffer.from(this.sign(email, nonce));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected) ? { nonce } : undefined;
  }

  private sign(email: string, nonce: string): string {
    return createHmac('sha256', this.key)
      .update(`${emailDigest(email)}.${nonce}`)
      .digest('base64url');
  }
}
