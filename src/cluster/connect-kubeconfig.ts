/**
 * Node only: credentials from a kubeconfig file, or in-cluster service-account credentials
 * when running as a pod (KubeConfig.loadFromDefault handles KUBECONFIG, ~/.kube/config and in-cluster).
 */
import { createConfiguration, KubeConfig, ServerConfiguration } from "@kubernetes/client-node";
import { createKubeCluster } from "./kube-cluster.ts";
import type { Cluster } from "./port.ts";

export function connectWithKubeConfig(kubeconfigPath?: string): Cluster {
  const kc = new KubeConfig();
  if (kubeconfigPath) kc.loadFromFile(kubeconfigPath);
  else kc.loadFromDefault();
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error("The kubeconfig has no current cluster; set KUBECONFIG or run in a cluster.");
  return createKubeCluster(
    createConfiguration({ baseServer: new ServerConfiguration(server, {}), authMethods: { default: kc } }),
  );
}
