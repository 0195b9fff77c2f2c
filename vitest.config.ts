import { defineConfig } from "vitest/config";

// One runner for every package. Tests run in UTC with seeded randomness (DESIGN.md §6).
export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "e2e/**/*.test.ts"],
    environment: "node",
    env: { TZ: "UTC" },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll waits for something to become true (a browser re-render, a background job); vitest's default of
    // 1 s is too short on a loaded CI machine (the reports test timed out there waiting for a download)
    expect: { poll: { timeout: 15_000 } },
    pool: "forks",
    fileParallelism: true,
  },
});
