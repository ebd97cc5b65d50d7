import { Injectable } from '@nestjs/common';

import { Prisma } from '#src/generated/prisma/client.js';
import { PrismaService } from '#src/infra/database/prisma.service.js';

import {
  applyChange,
  DEFAULT_SETTINGS,
  type SettingsChange,
  settingsFromStorage,
  type SettingsValues,
  type UserSettings,
} from './settings.model.js';

interface SettingsRow {
  data: unknown;
  version: number;
}

/**
 * `user_settings` in PostgreSQL: one row per user who ever saved, `data` a JSONB document, `version`
 * incremented by the database itself in the same statement as the write. Every write is a single
 * statement (upsert, insert-if-absent or conditional UPDATE … RETURNING), so two writers holding the
 * same version can never both succeed and the version returned is exactly the one written.
 */
@Injectable()
export class SettingsRepository {
  public constructor(private readonly prisma: PrismaService) {}

  public async find(userId: string): Promise<UserSettings | null> {
    const row = await this.prisma.userSettings.findUnique({
      where: { userId },
      select: { data: true, version: true },
    });
    return row ? settingsFromStorage(row.data, row.version) : null;
  }

  /** Unconditional write: creates version 1 (the change applied to the defaults) or bumps the version. */
  public async upsert(userId: string, change: SettingsChange): Promise<UserSettings> {
    const rows = await this.prisma.$queryRaw<SettingsRow[]>`
      INSERT INTO user_settings AS s (user_id, data, version, updated_at)
      VALUES (${userId}::uuid, ${jsonb(applyChange(DEFAULT_SETTINGS, change))}, 1, now())
      ON CONFLICT (user_id) DO UPDATE
        SET data = ${newData(change)}, version = s.version + 1, updated_at = now()
      RETURNING data, version`;
    return toSettings(rows[0]);
  }

  /** First save guarded by `If-Match` on the unsaved defaults: null when someone saved meanwhile. */
  public async insertIfAbsent(userId: string, values: SettingsValues): Promise<UserSettings | null> {
    const rows = await this.prisma.$queryRaw<SettingsRow[]>`
      INSERT INTO user_settings (user_id, data, version, updated_at)
      VALUES (${userId}::uuid, ${jsonb(values)}, 1, now())
      ON CONFLICT (user_id) DO NOTHING
      RETURNING data, version`;
    return rows[0] ? toSettings(rows[0]) : null;
  }

  /** Writes only if the stored version is one of `versions`; null when it is not (or no row exists). */
  public async updateIfVersionIn(
    userId: string,
    change: SettingsChange,
    versions: number[],
  ): Promise<UserSettings | null> {
    if (versions.length === 0) return null;
    const rows = await this.prisma.$queryRaw<SettingsRow[]>`
      UPDATE user_settings AS s
        SET data = ${newData(change)}, version = s.version + 1, updated_at = now()
      WHERE s.user_id = ${userId}::uuid AND s.version = ANY(${versions}::int[])
      RETURNING data, version`;
    return rows[0] ? toSettings(rows[0]) : null;
  }
}

function jsonb(value: unknown): Prisma.Sql {
  return Prisma.sql`${JSON.stringify(value)}::jsonb`;
}

/** The new `data` of an existing row `s`: a PATCH is a JSONB merge done by PostgreSQL, so it is atomic. */
function newData(change: SettingsChange): Prisma.Sql {
  return change.kind === 'replace' ? jsonb(change.values) : Prisma.sql`s.data || ${jsonb(change.fields)}`;
}

function toSettings(row: SettingsRow): UserSettings {
  return settingsFromStorage(row.data, row.version);
}
