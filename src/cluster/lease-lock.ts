/**
 * One operation per devspace at a time, with a coordination.k8s.io Lease per devspace in the
 * provisioner's namespace. The Lease expires, so a crashed holder cannot lock a devspace forever.
 * Taking it is a compare-and-swap on resourceVersion: two racing operations cannot both win.
 */
import type { KubeObject } from "../devspace/types.ts";
import { DevspaceError } from "../errors.ts";
import type { Cluster } from "./port.ts";

export interface LeaseHolder {
  /** Unique per operation run (e.g. the delivery id), so a retried run re-enters its own lock. */
  id: string;
  /** What the holder is doing, shown to whoever is told "busy". */
  operation: string;
}

interface Lease extends KubeObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
  };
}

export interface LockOptions {
  namespace: string;
  ttlSeconds: number;
  now?: () => Date;
}

const OPERATION_ANNOTATION = "devspaces.dev/operation";

/** Thrown when another operation holds the devspace; `message` says which one and since when. */
export class BusyError extends DevspaceError {
  readonly holder: string;
  readonly since: string;

  constructor(operation: string, since: string) {
    super("devspace.busy", `Busy: running ${operation} since ${since}. Try again when it has finished.`, {
      retryable: false,
    });
    this.holder = operation;
    this.since = since;
  }
}

/** Lease times are MicroTime: RFC 3339 with exactly six fractional digits. */
function toMicroTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

export function leaseName(slug: string): string {
  return `devspace-${slug}`;
}

/** Takes the devspace's lease or throws BusyError. Re-entrant for the same holder id. */
export async function acquireLock(cluster: Cluster, slug: string, holder: LeaseHolder, options: LockOptions): Promise<void> {
  const now = (options.now ?? (() => new Date()))();
  const ref = { apiVersion: "coordination.k8s.io/v1", kind: "Lease", namespace: options.namespace, name: leaseName(slug) };
  const desired = (resourceVersion?: string): Lease => ({
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: {
      name: ref.name,
      namespace: options.namespace,
      annotations: { [OPERATION_ANNOTATION]: holder.operation },
      ...(resourceVersion ? { resourceVersion } : {}),
    },
    spec: {
      holderIdentity: holder.id,
      leaseDurationSeconds: options.ttlSeconds,
      acquireTime: toMicroTime(now),
      renewTime: toMicroTime(now),
    },
  });

  const existing = await cluster.get<Lease>(ref);
  if (!existing) {
    if (await cluster.create(desired())) return;
    // Someone created it between our read and write: they hold it.
    return acquireLock(cluster, slug, holder, options);
  }
  const spec = existing.spec ?? {};
  const renewed = spec.renewTime ? Date.parse(spec.renewTime) : 0;
  const expired = !spec.holderIdentity || renewed + (spec.leaseDurationSeconds ?? 0) * 1000 < now.getTime();
  if (spec.holderIdentity !== holder.id && !expired) {
    const operation = existing.metadata.annotations?.[OPERATION_ANNOTATION] ?? "another operation";
    throw new BusyError(operation, spec.acquireTime ?? "an unknown time");
  }
  try {
    await cluster.replace(desired(existing.metadata.resourceVersion as string));
  } catch (error) {
    if (error instanceof DevspaceError && error.code === "cluster.http_409") {
      const current = await cluster.get<Lease>(ref);
      const operation = current?.metadata.annotations?.[OPERATION_ANNOTATION] ?? "another operation";
      throw new BusyError(operation, current?.spec?.acquireTime ?? "just now");
    }
    throw error;
  }
}

/** Releases the lease if we still hold it; a lease taken over after expiry is left alone. */
export async function releaseLock(cluster: Cluster, slug: string, holder: LeaseHolder, options: LockOptions): Promise<void> {
  const ref = { apiVersion: "coordination.k8s.io/v1", kind: "Lease", namespace: options.namespace, name: leaseName(slug) };
  const existing = await cluster.get<Lease>(ref);
  if (!existing || existing.spec?.holderIdentity !== holder.id) return;
  try {
    await cluster.replace({ ...existing, spec: { ...existing.spec, holderIdentity: undefined, renewTime: undefined } });
  } catch (error) {
    // Lost a race with someone taking over an expired lease: nothing to release.
    if (!(error instanceof DevspaceError && error.code === "cluster.http_409")) throw error;
  }
}
