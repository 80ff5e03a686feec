/**
 * Home-volume snapshots: how they are named, labelled and built, and how their status reads.
 * Names come from GitHub ids (a comment id names its snapshot), so a redelivered command
 * finds the snapshot it already made instead of making another.
 */
import { WORKSTATION_NAME, HOME_VOLUME_NAME } from "./resources/common.ts";
import { LABEL_DEVSPACE, LABEL_MANAGED_BY, MANAGED_BY } from "./labels.ts";
import type { KubeObject } from "./types.ts";

export const SNAPSHOT_API_VERSION = "snapshot.storage.k8s.io/v1";
/** The live claim of the StatefulSet's home volume template. */
export const HOME_CLAIM_NAME = `${HOME_VOLUME_NAME}-${WORKSTATION_NAME}-0`;

/** Labels are short words, so they are easy to type back in `/restore <label>`. */
export const SNAPSHOT_LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export const LABEL_SNAPSHOT_KIND = "devspaces.dev/snapshot-kind";
export const ANNOTATION_SNAPSHOT_LABEL = "devspaces.dev/snapshot-label";
export const ANNOTATION_REQUESTED_BY = "devspaces.dev/requested-by";

/** manual: /snapshot. scheduled: the backup schedule. safety: before a restore. final: before delete. */
export type SnapshotKind = "manual" | "scheduled" | "safety" | "final";

const PREFIX: Record<SnapshotKind, string> = { manual: "snap", scheduled: "sched", safety: "safety", final: "final" };

/** e.g. snapshotName("manual", 1234567) → "snap-1234567" */
export function snapshotName(kind: SnapshotKind, id: number | string): string {
  return `${PREFIX[kind]}-${String(id).toLowerCase().replace(/[^a-z0-9-]/g, "-")}`;
}

export interface SnapshotRequest {
  namespace: string;
  slug: string;
  name: string;
  kind: SnapshotKind;
  label?: string;
  requestedBy?: string;
  className?: string;
}

/** A VolumeSnapshot of the devspace's home claim. Pure. */
export function buildVolumeSnapshot(request: SnapshotRequest): KubeObject {
  const annotations: Record<string, string> = {};
  if (request.label) annotations[ANNOTATION_SNAPSHOT_LABEL] = request.label;
  if (request.requestedBy) annotations[ANNOTATION_REQUESTED_BY] = request.requestedBy;
  return {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: "VolumeSnapshot",
    metadata: {
      name: request.name,
      namespace: request.namespace,
      labels: { [LABEL_MANAGED_BY]: MANAGED_BY, [LABEL_DEVSPACE]: request.slug, [LABEL_SNAPSHOT_KIND]: request.kind },
      annotations,
    },
    spec: {
      ...(request.className ? { volumeSnapshotClassName: request.className } : {}),
      source: { persistentVolumeClaimName: HOME_CLAIM_NAME },
    },
  };
}

export interface SnapshotView {
  name: string;
  kind: string;
  label?: string;
  /** The source claim, so a restore can refuse snapshots of something else. */
  sourceClaim?: string;
  createdAt?: string;
  readyToUse: boolean;
  restoreSize?: string;
  error?: string;
}

export function readSnapshot(object: KubeObject): SnapshotView {
  const spec = (object.spec ?? {}) as { source?: { persistentVolumeClaimName?: string } };
  const status = (object.status ?? {}) as {
    readyToUse?: boolean;
    restoreSize?: string;
    creationTime?: string;
    error?: { message?: string };
  };
  return {
    name: object.metadata.name,
    kind: object.metadata.labels?.[LABEL_SNAPSHOT_KIND] ?? "unknown",
    label: object.metadata.annotations?.[ANNOTATION_SNAPSHOT_LABEL],
    sourceClaim: spec.source?.persistentVolumeClaimName,
    createdAt: status.creationTime ?? (object.metadata.creationTimestamp as string | undefined),
    readyToUse: status.readyToUse === true,
    restoreSize: status.restoreSize,
    error: status.error?.message,
  };
}

/** Newest first. */
export function sortSnapshots(snapshots: SnapshotView[]): SnapshotView[] {
  return [...snapshots].sort((a, b) => Date.parse(b.createdAt ?? "0") - Date.parse(a.createdAt ?? "0") || b.name.localeCompare(a.name));
}
