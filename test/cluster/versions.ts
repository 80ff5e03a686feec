/**
 * Pinned versions of the test control plane and where build.sh puts the binaries.
 * Keep in step with test/cluster/build.sh: both derive the same cache directory.
 */
import { homedir } from "node:os";
import { join } from "node:path";

export const K8S_VERSION = "v1.36.3";
export const ETCD_VERSION = "v3.6.14";
export const KWOK_VERSION = "v0.8.0";
export const SNAPSHOTTER_VERSION = "v8.6.0";

/** Go modules whose files (stages, CRDs) are read from the module cache at setup time. */
export const KWOK_MODULE = `sigs.k8s.io/kwok@${KWOK_VERSION}`;
export const SNAPSHOTTER_MODULE = `github.com/kubernetes-csi/external-snapshotter/client/v8@${SNAPSHOTTER_VERSION}`;

export const BINARIES = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok"] as const;
export type Binary = (typeof BINARIES)[number];

/** Mirrors build.sh: $DEVSPACES_CACHE, else $XDG_CACHE_HOME/devspaces, else ~/.cache/devspaces. */
export function defaultBinDir(env: NodeJS.ProcessEnv = process.env): string {
  const cacheRoot = env.DEVSPACES_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "devspaces");
  return join(cacheRoot, `k8s-${K8S_VERSION}-etcd-${ETCD_VERSION}-kwok-${KWOK_VERSION}`, "bin");
}
