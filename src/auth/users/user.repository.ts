import { Injectable } from '@nestjs/common';

import { Prisma } from '#src/generated/prisma/client.js';
import { PrismaService } from '#src/infra/database/prisma.service.js';

import type { UserCredentials, UserProfile } from './user-profile.js';

const PROFILE_FIELDS = { id: true, email: true, displayName: true, role: true, createdAt: true } as const;

type ProfileRow = {
  id: string;
  email: string;
  displayName: string | null;
  role: UserProfile['role'];
  createdAt: Date;
};

function toProfile(row: ProfileRow): UserProfile {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
  };
}

export class EmailTakenError extends Error {}

/** Users in PostgreSQL. Emails arrive already normalised (trimmed, lower-cased). */
@Injectable()
export class UserRepository {
  public constructor(private readonly prisma: PrismaService) {}

  /** Throws `EmailTakenError` when the email is registered already (the unique index decides, not a read). */
  public async create(input: {
    email: string;
    passwordHash: string;
    displayName: string | null;
  }): Promise<UserProfile> {
    try {
      return toProfile(
        await this.prisma.user.create({ data: { ...input, role: 'user' }, select: PROFILE_FIELDS }),
      );
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')
        throw new EmailTakenError();
      throw err;
    }
  }

  public async findCredentialsByEmail(email: string): Promise<UserCredentials | undefined> {
    const row = await this.prisma.user.findUnique({
      where: { email },
      select: { ...PROFILE_FIELDS, passwordHash: true },
    });
    return row ? { profile: toProfile(row), passwordHash: row.passwordHash } : undefined;
  }

  public async findCredentialsById(id: string): Promise<UserCredentials | undefined> {
    const row = await this.prisma.user.findUnique({
      where: { id },
      select: { ...PROFILE_FIELDS, passwordHash: true },
    });
    return row ? { profile: toProfile(row), passwordHash: row.passwordHash } : undefined;
  }

  public async findProfile(id: string): Promise<UserProfile | undefined> {
    const row = await this.prisma.user.findUnique({ where: { id }, select: PROFILE_FIELDS });
    return row ? toProfile(row) : undefined;
  }

  /**
   * Applies the changes; given `ifPasswordHash`, only while that is still the stored hash. Undefined when
   * nothing was changed (no such user, or the password was changed meanwhile).
   */
  public async update(
    id: string,
    changes: { displayName?: string | null; passwordHash?: string },
    ifPasswordHash?: string,
  ): Promise<UserProfile | undefined> {
    const { count } = await this.prisma.user.updateMany({
      where: { id, ...(ifPasswordHash === undefined ? {} : { passwordHash: ifPasswordHash }) },
      data: changes,
    });
    return count === 0 ? undefined : this.findProfile(id);
  }
}
