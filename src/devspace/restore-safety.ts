/**
 * The safety snapshot a restore takes of the home volume before replacing it. It is also the
 * restore's durable notebook: its annotations say which snapshot is being restored and which
 * claim (uid, size, class) it copied, so a re-run after a crash picks the same target and knows
 * the old claim's size after that claim is gone. Pure.
 */
import { LABEL_DEVSPACE } from "./labels.ts";
import { buildVolumeSnapshot, HOME_CLAIM_NAME, readSnapshot } from "./snapshots.ts";
import type { KubeObject } from "./types.ts";

export const ANNOTATION_RESTORE_TARGET = "devspaces.dev/restore-target";
export const ANNOTATION_SOURCE_CLAIM_UID = "devspaces.dev/source-claim-uid";
export const ANNOTATION_SOURCE_CLAIM_REQUEST = "devspaces.dev/source-claim-request";
export const ANNOTATION_SOURCE_CLAIM_CLASS = "devspaces.dev/source-claim-storage-class";

export interface SafetySnapshotRequest {
  namespace: string;
  slug: string;
  name: string;
  /** The snapshot the restore is going to restore. */
  target: string;
  /** The live home claim being copied. */
  claim: KubeObject;
  requestedBy?: string;
  className?: string;
}

export function buildSafetySnapshot(request: SafetySnapshotRequest): KubeObject {
  const snapshot = buildVolumeSnapshot({
    namespace: request.namespace,
    slug: request.slug,
    name: request.name,
    kind: "safety",
    requestedBy: request.requestedBy,
    className: request.className,
  });
  const claim = readClaim(request.claim);
  snapshot.metadata.annotations = {
    ...snapshot.metadata.annotations,
    [ANNOTATION_RESTORE_TARGET]: request.target,
    [ANNOTATION_SOURCE_CLAIM_UID]: claim.uid ?? "",
    ...(claim.request ? { [ANNOTATION_SOURCE_CLAIM_REQUEST]: claim.request } : {}),
    ...(claim.storageClassName ? { [ANNOTATION_SOURCE_CLAIM_CLASS]: claim.storageClassName } : {}),
  };
  return snapshot;
}

export interface SafetyRecord {
  name: string;
  target?: string;
  claimUid?: string;
  claimRequest?: string;
  claimStorageClassName?: string;
}

export function readSafetyRecord(snapshot: KubeObject): SafetyRecord {
  const annotations = snapshot.metadata.annotations ?? {};
  return {
    name: snapshot.metadata.name,
    target: annotations[ANNOTATION_RESTORE_TARGET],
    claimUid: annotations[ANNOTATION_SOURCE_CLAIM_UID] || undefined,
    claimRequest: annotations[ANNOTATION_SOURCE_CLAIM_REQUEST],
    claimStorageClassName: annotations[ANNOTATION_SOURCE_CLAIM_CLASS],
  };
}

export interface ClaimFacts {
  uid?: string;
  request?: string;
  storageClassName?: string;
  deleting: boolean;
}

export function readClaim(claim: KubeObject): ClaimFacts {
  const spec = claim.spec as { storageClassName?: string; resources?: { requests?: { storage?: string } } } | undefined;
  return {
    uid: claim.metadata.uid as string | undefined,
    request: spec?.resources?.requests?.storage,
    storageClassName: spec?.storageClassName,
    deleting: Boolean(claim.metadata.deletionTimestamp),
  };
}

/**
 * The restore's invariant, checked right before the old home claim is deleted: the safety
 * snapshot exists, belongs to this devspace, was taken of this very claim (same uid), is ready
 * to use and is not being deleted. Returns what is wrong, or undefined when deleting is safe.
 */
export function checkSafetyCovers(safety: KubeObject | undefined, claim: KubeObject, slug: string): string | undefined {
  if (!safety) return "the safety snapshot does not exist";
  const view = readSnapshot(safety);
  if (safety.metadata.labels?.[LABEL_DEVSPACE] !== slug || view.kind !== "safety") return "the safety snapshot is not this devspace's";
  if (view.sourceClaim !== HOME_CLAIM_NAME) return "the safety snapshot is not of the home volume";
  const uid = claim.metadata.uid as string | undefined;
  if (!uid || readSafetyRecord(safety).claimUid !== uid) return "the home volume is not the one the safety snapshot copied";
  if (safety.metadata.deletionTimestamp) return "the safety snapshot is being deleted";
  if (view.error) return `the safety snapshot failed (${view.error})`;
  if (!view.readyToUse) return "the safety snapshot is not ready";
  return undefined;
}
