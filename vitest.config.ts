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
      {
        test: {
          name: "worker",
          include: ["test/worker/**/*.test.ts"],
          // Listed here too; the setup shares one control plane between the projects.
          globalSetup: ["test/cluster/global-setup.ts"],
          // wrangler dev boots in seconds; a Workflow then provisions through kwok.
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // The workstation image built for real with buildah, and the workflow lint.
          name: "image",
          include: ["test/image/**/*.test.ts"],
          // A cold build (debootstrap and every apt package) takes minutes on two cores.
          testTimeout: 40 * 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
