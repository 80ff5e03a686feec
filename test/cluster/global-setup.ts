/**
 * vitest globalSetup of the integration project: one real control plane per test run, handed
 * to the tests as `inject("cluster")`. With DEVSPACES_TEST_KUBECONFIG pointing at a kubeconfig
 * written by test/cluster/up.ts, the tests reuse that running control plane instead (and leave
 * it running), which saves the start-up on every run while iterating.
 */
import type { TestProject } from "vitest/node";
import { isClusterReady, readClusterInfo, removeAbandonedStateDirs, startControlPlane } from "./control-plane.ts";
import type { TestCluster } from "./types.ts";

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const reuse = process.env.DEVSPACES_TEST_KUBECONFIG;
  if (reuse) {
    const info: TestCluster = await readClusterInfo(reuse);
    if (!(await isClusterReady(info))) {
      throw new Error(`DEVSPACES_TEST_KUBECONFIG=${reuse}: the API server at ${info.server} is not ready; start it with node test/cluster/up.ts`);
    }
    console.error(`[cluster] reusing ${info.server} (${reuse})`);
    project.provide("cluster", info);
    return undefined;
  }

  const started = performance.now();
  // One state directory per vitest process, so two runs at once do not stop each other's
  // control plane; directories of runs that died before their teardown are cleaned here.
  const abandoned = await removeAbandonedStateDirs("vitest-");
  if (abandoned.length > 0) console.error(`[cluster] removed abandoned ${abandoned.join(", ")}`);
  const plane = await startControlPlane({ name: `vitest-${process.pid}` });
  console.error(`[cluster] control plane up in ${((performance.now() - started) / 1000).toFixed(1)} s at ${plane.info.server}`);
  project.provide("cluster", plane.info);
  return async () => {
    await plane.stop();
  };
}
