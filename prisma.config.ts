// Prisma 7 reads its settings from here. The URL only matters to Prisma's own CLI commands that
// need a database (e.g. `prisma migrate deploy` where the schema engine is available); the app
// connects through driver adapters configured in prisma/database.ts.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/lien_thong' },
});
