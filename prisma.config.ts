import { defineConfig } from 'prisma/config';

// Read by the Prisma CLI (`npm run db:generate`). `generate` never connects, so a harmless local default
// keeps it working without any environment; migrations are applied by `npm run db:migrate`
// (src/infra/database/migrate.cli.ts), not by `prisma migrate`.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    url: process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/prosepolish',
  },
});
