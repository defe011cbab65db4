import { defineConfig } from "vitest/config";

// Three projects, run together by `npm test` (scripts/test.ts), which starts ONE local cluster for the run and
// passes it to the integration and e2e projects through $LOUPE_TEST_CLUSTER (see scripts/cluster-setup.ts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["{apps,packages}/*/src/**/__tests__/*.test.{ts,tsx}"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["{apps,packages}/*/test/**/*.test.ts"],
          globalSetup: ["./scripts/cluster-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["e2e/tests/**/*.test.ts"],
          globalSetup: ["./scripts/cluster-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
});
