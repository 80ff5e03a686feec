import { defineConfig } from "vitest/config";

// Three projects share one run: unit (pure), integration (real control plane, started once
// by the global setup) and worker (the bundle inside workerd, against the same control plane).
export default defineConfig({
  test: {
    reporters: ["default", "./test/support/summary-reporter.ts"],
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/cluster/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One control plane on two cores: files run one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
