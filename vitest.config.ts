import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{shared,backend,outlook-addin,gmail-addon,web,ui}/**/*.test.{ts,tsx}"],
    exclude: ["**/node_modules/**", "dist/**"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default"],
  },
});
