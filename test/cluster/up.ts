/**
 * Starts a control plane that outlives this command, for manual poking and for test reuse:
 *   node test/cluster/up.ts
 *   export KUBECONFIG=<printed path>                 # kubectl, client-node, ...
 *   DEVSPACES_TEST_KUBECONFIG=<printed path> npx vitest run --project integration
 *   node test/cluster/down.ts
 * Run build.sh first (npm run cluster:up does both).
 */
import { startControlPlane } from "./control-plane.ts";

const started = performance.now();
try {
  const plane = await startControlPlane({ name: "up", log: (line) => console.error(`  ${line}`) });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`control plane up in ${seconds} s (state in ${plane.stateDir})`);
  console.log(`kubeconfig: ${plane.info.kubeconfigPath}`);
  console.log(`server:     ${plane.info.server}`);
  console.log(`kubectl:    ${plane.info.binDir}/kubectl --kubeconfig ${plane.info.kubeconfigPath} get nodes`);
  console.log(`tests:      DEVSPACES_TEST_KUBECONFIG=${plane.info.kubeconfigPath} npx vitest run --project integration`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
