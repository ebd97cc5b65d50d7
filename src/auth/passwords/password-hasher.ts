import { randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { hash, type Options, verify } from '@node-rs/argon2';

/**
 * argon2id with OWASP's baseline (19 MiB, 2 passes, 1 lane). `@node-rs/argon2` ships prebuilt N-API
 * binaries: no install scripts, no compiler. `2` is `Algorithm.Argon2id` (a const enum that
 * `isolatedModules` cannot import).
 */
export const ARGON2_OPTIONS: Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

@Injectable()
export class PasswordHasher {
  /** A hash of a random secret with the same parameters: verified against when an email is unknown. */
  private dummyHash?: Promise<string>;

  public hash(password: string): Promise<string> {
    return hash(password, ARGON2_OPTIONS);
  }

  /** false for a wrong password and for a hash this cannot read (never throws on bad input). */
  public async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  /**
   * Spends the same time as a real verification and fails: login for an unknown email then takes as long
   * as a wrong password for a known one, so timing does not tell whether an account exists.
   */
  public async verifyNobody(password: string): Promise<false> {
    this.dummyHash ??= this.hash(randomBytes(32).toString('base64url'));
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
