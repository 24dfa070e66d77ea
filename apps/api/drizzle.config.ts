import { defineConfig } from 'drizzle-kit';

/** `npm run db:generate -w apps/api` writes a new SQL migration from the schema. Review it, commit it. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './src/db/migrations',
});
