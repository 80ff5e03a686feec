/**
 * Caps how many Kubernetes requests one process has in flight. Every operation of a burst
 * (200 members added to a team at once) still makes progress concurrently, but the API server
 * sees at most `limit` of our requests at a time instead of one per run; the rest wait their
 * turn, first come first served. Each Cluster call is one request (a list, its pages), and no
 * call waits on another, so the cap cannot deadlock.
 *
 * @example
 *   const cluster = boundCluster(connectWithKubeConfig(), KUBE_MAX_IN_FLIGHT);
 */
import type { Cluster } from "./port.ts";

/** client-go's default burst is 10; a little above it, still far below the API server's 400 in flight. */
export const KUBE_MAX_IN_FLIGHT = 16;

export function boundCluster(cluster: Cluster, limit: number): Cluster {
  const run = createGate(limit);
  return {
    apply: (object) => run(() => cluster.apply(object)),
    mergePatch: (ref, patch) => run(() => cluster.mergePatch(ref, patch)),
    create: (object) => run(() => cluster.create(object)),
    replace: (object) => run(() => cluster.replace(object)),
    get: (ref) => run(() => cluster.get(ref)),
    list: (query) => run(() => cluster.list(query)),
    delete: (ref) => run(() => cluster.delete(ref)),
  };
}

/** A counting semaphore: `run(fn)` starts fn when fewer than `limit` are running. */
export function createGate(limit: number): <T>(fn: () => Promise<T>) => Promise<T> {
  const size = Math.max(1, Math.floor(limit));
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    running -= 1;
    const next = waiting.shift();
    if (next) {
      running += 1;
      next();
    }
  };
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (running < size) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await fn();
    } finally {
      release();
    }
  };
}
