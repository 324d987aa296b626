import { defineConfig } from "drizzle-kit";

// `npm run db:generate` writes a new SQL migration into backend/drizzle/ after a change to schema.ts.
export default defineConfig({
  dialect: "postgresql",
  schema: "./backend/src/db/schema.ts",
  out: "./backend/drizzle",
});
