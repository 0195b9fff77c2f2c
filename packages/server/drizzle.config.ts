import { defineConfig } from "drizzle-kit";

// `npx drizzle-kit generate` (run in packages/server) writes SQL migrations from the schema;
// they are applied at start-up by drizzle's migrator for PGlite and PostgreSQL (src/storage/open-database.ts).
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/storage/schema.ts",
  out: "./src/storage/migrations",
});
