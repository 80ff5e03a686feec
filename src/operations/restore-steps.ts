/**
 * The bodies of the restore's steps. Each one looks before it acts, so running it again, after
 * a crash or a lost response, finds its own work done instead of doing it twice.
 */
import type { Cluster, ObjectRef } from "../cluster/port.ts";
import { ANNOTATION_STATE } from "../devspace/labels.ts";
import { LIMITS_NAME, WORKSTATION_NAME } from "../devspace/resources/common.ts";
import type { DevspaceRecord } from "../devspace/record.ts";
import { planRestore, type RestorePlan, type RestoreTargetInfo } from "../devspace/restore-plan.ts";
import { buildSafetySnapshot, checkSafetyCovers, readSafetyRecord } from "../devspace/restore-safety.ts";
import type { RestoreTarget } from "../devspace/restore-target.ts";
import { buildRestoredClaim, claimSource, restoredBy } from "../devspace/restored-claim.ts";
import { HOME_CLAIM_NAME, SNAPSHOT_API_VERSION } from "../devspace/snapshots.ts";
import type { KubeObject } from "../devspace/types.ts";
import { DevspaceError } from "../errors.ts";
import type { DevspaceState } from "../github/render-status.ts";

export const claimRef = (namespace: string): ObjectRef => ({ apiVersion: "v1", kind: "PersistentVolumeClaim", namespace, name: HOME_CLAIM_NAME });
export const podRef = (namespace: string): ObjectRef => ({ apiVersion: "v1", kind: "Pod", namespace, name: `${WORKSTATION_NAME}-0` });
const statefulSetRef = (namespace: string): ObjectRef => ({ apiVersion: "apps/v1", kind: "StatefulSet", namespace, name: WORKSTATION_NAME });
const snapshotRef = (namespace: string, name: string): ObjectRef => ({ apiVersion: SNAPSHOT_API_VERSION, kind: "VolumeSnapshot", namespace, name });

/** Reads what a restore depends on and decides (read-only). */
export async function readRestorePlan(cluster: Cluster, record: DevspaceRecord, requested: RestoreTarget, safetyName: string): Promise<RestorePlan> {
  const namespace = record.namespace;
  const [snapshots, claim, statefulSet, quota] = await Promise.all([
    cluster.list<KubeObject>({ apiVersion: SNAPSHOT_API_VERSION, kind: "VolumeSnapshot", namespace }),
    cluster.get<KubeObject>(claimRef(namespace)),
    cluster.get<KubeObject>(statefulSetRef(namespace)),
    cluster.get<KubeObject>({ apiVersion: "v1", kind: "ResourceQuota", namespace, name: LIMITS_NAME }),
  ]);
  const storageQuota = (quota?.spec as { hard?: Record<string, string> } | undefined)?.hard?.["requests.storage"];
  return planRestore({ slug: record.slug, safetyName, requested, snapshots, claim, statefulSet, storageQuota });
}

export async function setDevspaceState(cluster: Cluster, namespace: string, state: DevspaceState): Promise<void> {
  await cluster.mergePatch({ apiVersion: "v1", kind: "Namespace", name: namespace }, { metadata: { annotations: { [ANNOTATION_STATE]: state } } });
}

export async function scaleWorkstation(cluster: Cluster, namespace: string, replicas: 0 | 1): Promise<void> {
  await cluster.mergePatch(statefulSetRef(namespace), { spec: { replicas } });
}

/** Scales the workstation to 0, unless this restore's claim is already in place (a re-run near the end). */
export async function stopForRestore(cluster: Cluster, namespace: string, safetyName: string): Promise<{ stopped: boolean }> {
  const claim = await cluster.get<KubeObject>(claimRef(namespace));
  if (claim && restoredBy(claim) === safetyName) return { stopped: false };
  await scaleWorkstation(cluster, namespace, 0);
  return { stopped: true };
}

export interface SafetyResult {
  /** False only when this restore already replaced the claim and the safety snapshot was deleted since. */
  present: boolean;
  claimRequest?: string;
  claimStorageClassName?: string;
}

export interface SafetyRequest {
  namespace: string;
  slug: string;
  safetyName: string;
  target: string;
  requestedBy: string;
  className?: string;
}

/** Takes the safety snapshot of the current home claim, or finds the one a previous run took. */
export async function takeSafetySnapshot(cluster: Cluster, request: SafetyRequest): Promise<SafetyResult> {
  const { namespace, safetyName } = request;
  const existing = await cluster.get<KubeObject>(snapshotRef(namespace, safetyName));
  if (existing) return safetyResult(existing);
  const claim = await cluster.get<KubeObject>(claimRef(namespace));
  if (claim && restoredBy(claim) === safetyName) return { present: false };
  if (!claim) {
    throw new DevspaceError(
      "restore.no_volume",
      `The home volume \`${HOME_CLAIM_NAME}\` disappeared before the safety snapshot was taken, so nothing was restored over it.`,
    );
  }
  const snapshot = buildSafetySnapshot({
    namespace,
    slug: request.slug,
    name: safetyName,
    target: request.target,
    claim,
    requestedBy: request.requestedBy,
    className: request.className,
  });
  const made = (await cluster.create(snapshot)) ?? (await cluster.get<KubeObject>(snapshotRef(namespace, safetyName)));
  if (!made) throw new DevspaceError("restore.safety_missing", `The safety snapshot \`${safetyName}\` could not be read back.`, { retryable: true });
  return safetyResult(made);
}

function safetyResult(snapshot: KubeObject): SafetyResult {
  const record = readSafetyRecord(snapshot);
  return {
    present: true,
    ...(record.claimRequest ? { claimRequest: record.claimRequest } : {}),
    ...(record.claimStorageClassName ? { claimStorageClassName: record.claimStorageClassName } : {}),
  };
}

/**
 * Deletes the old home claim, but only after re-reading the safety snapshot and finding that it
 * is ready and is a copy of this very claim: the one moment the data could be lost is guarded
 * here, whatever the earlier steps did or a crash skipped. Returns the uid to wait for.
 */
export async function removeHomeClaim(cluster: Cluster, namespace: string, slug: string, safetyName: string): Promise<{ deletedUid?: string }> {
  const claim = await cluster.get<KubeObject>(claimRef(namespace));
  if (!claim || restoredBy(claim) === safetyName) return {};
  const safety = await cluster.get<KubeObject>(snapshotRef(namespace, safetyName));
  const problem = checkSafetyCovers(safety, claim, slug);
  if (problem) {
    throw new DevspaceError(
      "restore.unsafe",
      `Stopped before deleting the home volume: ${problem}. The home volume was not touched.`,
    );
  }
  await cluster.delete(claimRef(namespace));
  return { deletedUid: claim.metadata.uid as string };
}

export interface RestoredClaimSummary {
  storage: string;
  source?: string;
}

/** Creates the home claim from the target snapshot, or finds the one this restore created. */
export async function createRestoredClaim(
  cluster: Cluster,
  namespace: string,
  safetyName: string,
  target: RestoreTargetInfo,
  safety: SafetyResult,
): Promise<RestoredClaimSummary> {
  const existing = await cluster.get<KubeObject>(claimRef(namespace));
  if (existing) return ownClaim(existing, safetyName);
  const statefulSet = await cluster.get<KubeObject>(statefulSetRef(namespace));
  if (!statefulSet) throw new DevspaceError("restore.no_workstation", "The workstation disappeared during the restore.");
  const claim = buildRestoredClaim({
    statefulSet,
    namespace,
    snapshotName: target.name,
    restoreSize: target.restoreSize,
    previousRequest: safety.claimRequest,
    previousStorageClassName: safety.claimStorageClassName,
    restoreId: safetyName,
  });
  const made = (await cluster.create(claim)) ?? (await cluster.get<KubeObject>(claimRef(namespace)));
  if (!made) throw new DevspaceError("restore.claim_missing", "The restored home volume could not be read back.", { retryable: true });
  return ownClaim(made, safetyName);
}

function ownClaim(claim: KubeObject, safetyName: string): RestoredClaimSummary {
  if (restoredBy(claim) !== safetyName) {
    // Something else made a claim of that name (say, the workstation was started by hand):
    // restoring over it would lose whatever it holds, so stop and say so.
    throw new DevspaceError(
      "restore.claim_in_the_way",
      `Another home volume \`${HOME_CLAIM_NAME}\` appeared during the restore, so the restore stopped without touching it.`,
    );
  }
  const spec = claim.spec as { resources?: { requests?: { storage?: string } } };
  return { storage: spec.resources?.requests?.storage ?? "unknown", source: claimSource(claim) };
}

/**
 * Puts the workstation back after a restore failed before touching the home volume. An earlier,
 * interrupted run of the same command may have removed the claim, though: then the workstation
 * stays down, because starting it would make the StatefulSet create an empty home volume.
 */
export async function undoRestore(cluster: Cluster, namespace: string, scaleUp: boolean): Promise<"undone" | "left"> {
  const claim = await cluster.get<KubeObject>(claimRef(namespace));
  if (!claim || claim.metadata.deletionTimestamp) return "left";
  if (scaleUp) await scaleWorkstation(cluster, namespace, 1);
  await setDevspaceState(cluster, namespace, "ready");
  return "undone";
}
