import { Global, Module } from '@nestjs/common';

import { GeminiClient } from './gemini.client.js';

/** The one Gemini client of the process (null-configured without GEMINI_API_KEY), for every feature. */
@Global()
@Module({ providers: [GeminiClient], exports: [GeminiClient] })
export class GeminiModule {}
