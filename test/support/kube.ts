/** Admin access to the test cluster for assertions (never used by the code under test). */
import { AppsV1Api, CoreV1Api, KubeConfig, KubernetesObjectApi, NetworkingV1Api } from "@kubernetes/client-node";
import type { TestCluster } from "../cluster/types.ts";

export function adminClients(cluster: TestCluster) {
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  return {
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    networking: kc.makeApiClient(NetworkingV1Api),
    objects: KubernetesObjectApi.makeApiClient(kc),
  };
}

/** Namespaces Devspaces created, by name. */
export async function devspaceNamespaces(core: CoreV1Api): Promise<string[]> {
  const list = await core.listNamespace({ labelSelector: "app.kubernetes.io/managed-by=devspaces" });
  return list.items.map((ns) => ns.metadata?.name ?? "");
}
