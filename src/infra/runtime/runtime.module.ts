import { Module } from '@nestjs/common';

import { IdleMemoryTrimService } from './idle-memory-trim.service.js';

/** The process itself: memory given back once idle (`IdleMemoryTrim`). */
@Module({ providers: [IdleMemoryTrimService] })
export class RuntimeModule {}
