/**
 * Reads a devspace's live state from the cluster and writes its status comment.
 */
import type { Cluster } from "../cluster/port.ts";
import type { DevspaceRecord } from "../devspace/record.ts";
import { WORKSTATION_NAME } from "../devspace/resources/common.ts";
import { HOME_CLAIM_NAME, readSnapshot, SNAPSHOT_API_VERSION, sortSnapshots } from "../devspace/snapshots.ts";
import type { KubeObject } from "../devspace/types.ts";
import { statusMarker } from "../github/markers.ts";
import type { GitHub } from "../github/port.ts";
import { type DevspaceState, renderStatus, type StatusDetails } from "../github/render-status.ts";
import type { OperationDeps } from "./deps.ts";

export async function readStatusDetails(cluster: Cluster, namespace: string, now: Date): Promise<StatusDetails & { homeVolume?: string }> {
  const [statefulSet, pod, claim, snapshots] = await Promise.all([
    cluster.get<KubeObject>({ apiVersion: "apps/v1", kind: "StatefulSet", namespace, name: WORKSTATION_NAME }),
    cluster.get<KubeObject>({ apiVersion: "v1", kind: "Pod", namespace, name: `${WORKSTATION_NAME}-0` }),
    cluster.get<KubeObject>({ apiVersion: "v1", kind: "PersistentVolumeClaim", namespace, name: HOME_CLAIM_NAME }),
    cluster.list<KubeObject>({ apiVersion: SNAPSHOT_API_VERSION, kind: "VolumeSnapshot", namespace }),
  ]);
  const podStatus = pod?.status as { phase?: string; conditions?: Array<{ type?: string; status?: string }> } | undefined;
  const ready = podStatus?.conditions?.some((c) => c.type === "Ready" && c.status === "True");
  const containers = ((statefulSet?.spec as { template?: { spec?: { containers?: Array<{ name: string; image?: string }> } } })
    ?.template?.spec?.containers ?? []);
  const created = statefulSet?.metadata.creationTimestamp as string | undefined;
  const claimSpec = claim?.spec as { resources?: { requests?: { storage?: string } } } | undefined;
  return {
    pod: pod ? `${podStatus?.phase ?? "Unknown"}, ${ready ? "ready" : "not ready"}` : "none (stopped or not created yet)",
    image: containers.find((c) => c.name === WORKSTATION_NAME)?.image,
    volumeCapacity: (claim?.status as { capacity?: { storage?: string } } | undefined)?.capacity?.storage,
    homeVolume: claimSpec?.resources?.requests?.storage,
    age: created ? describeAge(now.getTime() - Date.parse(created)) : undefined,
    snapshots: sortSnapshots(snapshots.map(readSnapshot)),
  };
}

/** Rewrites the devspace's status comment from what the cluster says now. */
export async function refreshStatus(
  deps: Pick<OperationDeps, "cluster" | "config" | "now">,
  github: GitHub,
  record: DevspaceRecord,
  state: DevspaceState,
  detail?: string,
): Promise<void> {
  const now = deps.now?.() ?? new Date();
  const details = await readStatusDetails(deps.cluster, record.namespace, now);
  const body = renderStatus({
    slug: record.slug,
    login: record.login,
    state,
    url: `https://${record.slug}.${deps.config.settings.domain}`,
    namespace: record.namespace,
    size: record.size,
    homeVolume: details.homeVolume ?? "unknown",
    detail,
    details,
    updatedAt: now,
  });
  await github.upsertComment(record.home, statusMarker(record.slug), body);
}

export function describeAge(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? "" : "s"}`;
  return `${Math.floor(hours / 24)} days`;
}

/** The state recorded on the namespace, as a status-comment state. */
export function recordedState(record: DevspaceRecord): DevspaceState {
  const known: DevspaceState[] = ["provisioning", "ready", "failed", "stopped", "restoring", "archived"];
  return known.includes(record.state as DevspaceState) ? (record.state as DevspaceState) : "ready";
}
