import { Injectable } from '@nestjs/common';

import type { CorrectionStyle } from '#src/correction/prompt/correction-prompt.js';

import { CorrectionProvider, NO_USAGE, type ProviderAnswer } from '../correction-provider.js';
import { dialectOf } from './local-check.js';
import { LocalCheckerPool } from './local-checker-pool.js';

export const LOCAL_MODEL = 'harper';

/**
 * Offline corrections from Harper: spelling, repetition, a/an, some agreement. English only — for other
 * languages it reports nothing rather than flag every word. Its answer does not depend on the mode: the
 * opinions among its findings (`isPickyOnly`) are dropped after the cache unless the mode asks for them.
 * The work runs in the worker pool; this class only decides what to send there.
 */
@Injectable()
export class LocalCorrectionProvider extends CorrectionProvider {
  public readonly name = 'local' as const;

  public constructor(private readonly pool: LocalCheckerPool) {
    super();
  }

  public get available(): boolean {
    return true;
  }

  public get model(): string {
    return LOCAL_MODEL;
  }

  /**
   * Starts the checker's thread (~3 s to set up Harper and the word lists) ahead of a fallback that
   * looks likely.
   */
  public warm(style: CorrectionStyle): void {
    const dialect = dialectOf(style.language);
    if (dialect) this.pool.warm({ pieces: [], dialect, refine: true });
  }

  public async correct(pieces: readonly string[], style: CorrectionStyle): Promise<ProviderAnswer> {
    const dialect = dialectOf(style.language);
    if (!dialect || pieces.length === 0)
      return { model: LOCAL_MODEL, corrections: pieces.map(() => []), usage: NO_USAGE };
    const corrections = await this.pool.check({ pieces, dialect, refine: true });
    return { model: LOCAL_MODEL, corrections, usage: NO_USAGE };
  }
}
