/**
 * Watches a namespace's PersistentVolumeClaims and VolumeSnapshots (as the admin, from before
 * the test acts) and keeps every event, so a test can check the order things happened in.
 */
import { KubeConfig, Watch } from "@kubernetes/client-node";
import type { TestCluster } from "../cluster/types.ts";
import type { HistoryEvent } from "./restore-invariant.ts";

interface WatchedObject {
  metadata?: {
    name?: string;
    uid?: string;
    resourceVersion?: string;
    deletionTimestamp?: string;
    annotations?: Record<string, string>;
  };
  status?: { readyToUse?: boolean };
}

export interface KubeHistory {
  readonly events: HistoryEvent[];
  /** Resolves once an event matching `predicate` has been seen. */
  waitFor(predicate: (event: HistoryEvent) => boolean, timeoutMs?: number): Promise<HistoryEvent>;
  stop(): void;
}

const SOURCES = [
  { kind: "PersistentVolumeClaim", path: (ns: string) => `/api/v1/namespaces/${ns}/persistentvolumeclaims` },
  { kind: "VolumeSnapshot", path: (ns: string) => `/apis/snapshot.storage.k8s.io/v1/namespaces/${ns}/volumesnapshots` },
] as const;

export async function watchHistory(cluster: TestCluster, namespace: string): Promise<KubeHistory> {
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  const watch = new Watch(kc);
  const events: HistoryEvent[] = [];
  const aborts: AbortController[] = [];
  let stopped = false;

  const follow = async (source: (typeof SOURCES)[number], sinceVersion?: string) => {
    let last = sinceVersion;
    const restart = () => {
      if (!stopped) setTimeout(() => void follow(source, last), 100);
    };
    // Without a version the watch starts with ADDED events for what exists now, then follows.
    const abort = await watch.watch(
      source.path(namespace),
      { allowWatchBookmarks: true, ...(last ? { resourceVersion: last } : {}) },
      (type: string, object: WatchedObject) => {
        const meta = object.metadata ?? {};
        if (meta.resourceVersion) last = meta.resourceVersion;
        if (type !== "ADDED" && type !== "MODIFIED" && type !== "DELETED") return;
        events.push({
          kind: source.kind,
          type,
          name: meta.name ?? "",
          uid: meta.uid ?? "",
          resourceVersion: meta.resourceVersion ?? "0",
          deleting: Boolean(meta.deletionTimestamp),
          ready: object.status?.readyToUse === true,
          annotations: meta.annotations ?? {},
        });
      },
      restart,
    );
    aborts.push(abort);
  };
  await Promise.all(SOURCES.map((source) => follow(source)));

  return {
    events,
    async waitFor(predicate, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error("kube-history: the expected event never came");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop() {
      stopped = true;
      for (const abort of aborts) abort.abort();
    },
  };
}
