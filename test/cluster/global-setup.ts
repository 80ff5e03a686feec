/**
 * vitest globalSetup of the projects that need a cluster (integration, worker): one real
 * control plane per test run, handed to the tests as `inject("cluster")`. With
 * DEVSPACES_TEST_KUBECONFIG pointing at a kubeconfig written by test/cluster/up.ts, the tests
 * reuse that running control plane instead (and leave it running), which saves the start-up on
 * every run while iterating.
 *
 * vitest runs a project's globalSetup once per project, each time in a fresh module instance,
 * in the same process. Listed in two projects, this file would start two control planes in
 * the same state directory, and the second start would stop the first. So the control plane
 * is shared through globalThis: the first project starts it, the others join, and the last
 * teardown stops it. A run of only the unit project starts none.
 */
import type { TestProject } from "vitest/node";
import { isClusterReady, readClusterInfo, removeAbandonedStateDirs, startControlPlane } from "./control-plane.ts";
import type { TestCluster } from "./types.ts";

interface Shared {
  cluster: Promise<{ info: TestCluster; stop: () => Promise<void> }>;
  users: number;
}
const SHARED = Symbol.for("devspaces.test.control-plane");
const registry = globalThis as typeof globalThis & { [SHARED]?: Shared };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let shared = registry[SHARED];
  if (!shared) {
    shared = { cluster: provideCluster(), users: 0 };
    registry[SHARED] = shared;
  }
  shared.users += 1;
  try {
    project.provide("cluster", (await shared.cluster).info);
  } catch (error) {
    shared.users -= 1;
    if (shared.users === 0) delete registry[SHARED];
    throw error;
  }
  const current = shared;
  return async () => {
    current.users -= 1;
    if (current.users > 0) return;
    delete registry[SHARED];
    await (await current.cluster).stop();
  };
}

async function provideCluster(): Promise<{ info: TestCluster; stop: () => Promise<void> }> {
  const reuse = process.env.DEVSPACES_TEST_KUBECONFIG;
  if (reuse) {
    const info: TestCluster = await readClusterInfo(reuse);
    if (!(await isClusterReady(info))) {
      throw new Error(`DEVSPACES_TEST_KUBECONFIG=${reuse}: the API server at ${info.server} is not ready; start it with node test/cluster/up.ts`);
    }
    console.error(`[cluster] reusing ${info.server} (${reuse})`);
    return { info, stop: async () => {} };
  }

  const started = performance.now();
  // One state directory per vitest process, so two runs at once do not stop each other's
  // control plane; directories of runs that died before their teardown are cleaned here.
  const abandoned = await removeAbandonedStateDirs("vitest-");
  if (abandoned.length > 0) console.error(`[cluster] removed abandoned ${abandoned.join(", ")}`);
  const plane = await startControlPlane({ name: `vitest-${process.pid}` });
  console.error(`[cluster] control plane up in ${((performance.now() - started) / 1000).toFixed(1)} s at ${plane.info.server}`);
  return { info: plane.info, stop: () => plane.stop() };
}
