import { defineConfig } from "vitest/config";

// Three projects, run one after the other (groupOrder: the browser tests do not compete with the integration tests
// for this 2-core machine) by `npm test` (scripts/test.ts), which starts ONE local cluster for the run and
// passes it to the integration and e2e projects through $LOUPE_TEST_CLUSTER (see scripts/cluster-setup.ts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: [
            "{apps,packages}/*/src/**/__tests__/*.test.{ts,tsx}",
            "e2e/bench/__tests__/*.test.ts",
            "scripts/__tests__/*.test.ts",
          ],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: "integration",
          include: ["{apps,packages}/*/test/**/*.test.ts"],
          sequence: { groupOrder: 1 },
          globalSetup: ["./scripts/cluster-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["e2e/tests/**/*.test.ts"],
          sequence: { groupOrder: 2 },
          globalSetup: ["./scripts/cluster-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser at a time on a 2-core machine.
          fileParallelism: false,
          // A UI settles in well under a second on a quiet machine; polls wait up to 10 s so that a busy one (other
          // suites, a build) slows the tests down rather than failing them. A poll that never passes still fails.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
