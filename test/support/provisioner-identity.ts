/**
 * Installs manifests/base's namespace, ServiceAccount and RBAC into the test cluster and
 * returns a kubeconfig for that ServiceAccount. The app under test then runs with exactly the
 * permissions a platform team grants it, so a missing RBAC rule fails a test.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TestCluster } from "../cluster/types.ts";

const MANIFESTS = ["namespace.yaml", "service-account.yaml", "rbac.yaml"].map((f) => join("manifests", "base", f));

export interface ProvisionerIdentity {
  kubeconfigPath: string;
  token: string;
}

export function installProvisionerIdentity(cluster: TestCluster, stateDir: string): ProvisionerIdentity {
  const kubectl = (...args: string[]) =>
    execFileSync(join(cluster.binDir, "kubectl"), ["--kubeconfig", cluster.kubeconfigPath, ...args], { encoding: "utf8" });
  for (const file of MANIFESTS) kubectl("apply", "--server-side", "--field-manager=devspaces-tests", "-f", file);
  const token = kubectl("create", "token", "devspaces-provisioner", "-n", "devspaces-system", "--duration=6h").trim();
  mkdirSync(stateDir, { recursive: true });
  const kubeconfigPath = join(stateDir, "provisioner.kubeconfig");
  writeFileSync(
    kubeconfigPath,
    JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "test", cluster: { server: cluster.server, "certificate-authority": cluster.caPath } }],
      users: [{ name: "provisioner", user: { token } }],
      contexts: [{ name: "provisioner", context: { cluster: "test", user: "provisioner" } }],
      "current-context": "provisioner",
    }),
  );
  return { kubeconfigPath, token };
}
