/**
 * The home claim a restore creates: `home-workstation-0`, filled from a VolumeSnapshot, shaped
 * like the claim the StatefulSet controller would make from its `home` template (same access
 * modes, storage class, volume mode and labels), so the StatefulSet's pod mounts it as its own.
 *
 * The request is the larger of the old claim's request and the snapshot's `restoreSize`: a
 * claim smaller than its snapshot stays Pending forever, and a restore must not shrink a home.
 *
 * @example
 *   buildRestoredClaim({ statefulSet, snapshotName: "snap-1", restoreSize: "8Gi", previousRequest: "5Gi", restoreId: "safety-9" })
 *   // → PersistentVolumeClaim home-workstation-0, requests.storage "8Gi",
 *   //   dataSource { apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", name: "snap-1" },
 *   //   annotation devspaces.dev/restore-id: "safety-9"
 */
import { HOME_VOLUME_NAME } from "./resources/common.ts";
import { HOME_CLAIM_NAME } from "./snapshots.ts";
import type { KubeObject } from "./types.ts";

/** On a restored claim: the restore that made it (its safety snapshot's name), so a re-run knows it is done. */
export const ANNOTATION_RESTORE_ID = "devspaces.dev/restore-id";

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** A Kubernetes quantity ("5Gi", "1073741824", "500M", "1e9") in base units; undefined if malformed. */
export function parseQuantity(quantity: string): number | undefined {
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([KMGTPE]i)|([numkMGTPE]?)|[eE]([+-]?\d+))$/.exec(quantity.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  if (match[2]) return value * BINARY[match[2]]!;
  if (match[4] !== undefined) return value * 10 ** Number(match[4]);
  return value * DECIMAL[match[3] ?? ""]!;
}

/** The larger of two quantities, as written; a malformed or missing one loses. */
export function largerQuantity(a: string | undefined, b: string | undefined): string | undefined {
  const qa = a === undefined ? undefined : parseQuantity(a);
  const qb = b === undefined ? undefined : parseQuantity(b);
  if (qa === undefined) return qb === undefined ? undefined : b;
  if (qb === undefined) return a;
  return qb > qa ? b : a;
}

/** Whether quantity `a` is more than `b` (false when either is malformed). */
export function quantityExceeds(a: string, b: string): boolean {
  const qa = parseQuantity(a);
  const qb = parseQuantity(b);
  return qa !== undefined && qb !== undefined && qa > qb;
}

interface ClaimTemplate {
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: {
    accessModes?: string[];
    storageClassName?: string;
    volumeMode?: string;
    resources?: { requests?: { storage?: string } };
  };
}

export interface RestoredClaimRequest {
  /** The live StatefulSet `workstation`: its `home` template and selector shape the claim. */
  statefulSet: KubeObject;
  namespace: string;
  snapshotName: string;
  restoreSize?: string;
  /** The request of the claim being replaced, remembered before it was deleted. */
  previousRequest?: string;
  /** The replaced claim's storage class, used when the template names none. */
  previousStorageClassName?: string;
  /** Marks the claim as made by this restore. */
  restoreId: string;
}

export function homeClaimTemplate(statefulSet: KubeObject): ClaimTemplate | undefined {
  const templates = (statefulSet.spec as { volumeClaimTemplates?: ClaimTemplate[] } | undefined)?.volumeClaimTemplates ?? [];
  return templates.find((t) => t.metadata?.name === HOME_VOLUME_NAME);
}

/** The storage a restored claim requests: never less than the snapshot needs or the old claim had. */
export function restoredRequest(request: Pick<RestoredClaimRequest, "statefulSet" | "restoreSize" | "previousRequest">): string {
  const template = homeClaimTemplate(request.statefulSet);
  const before = request.previousRequest ?? template?.spec?.resources?.requests?.storage;
  const storage = largerQuantity(before, request.restoreSize);
  if (!storage) throw new Error("restoredRequest: neither the old claim, the template nor the snapshot gives a size");
  return storage;
}

export function buildRestoredClaim(request: RestoredClaimRequest): KubeObject {
  const template = homeClaimTemplate(request.statefulSet);
  if (!template) throw new Error(`buildRestoredClaim: the StatefulSet has no "${HOME_VOLUME_NAME}" volumeClaimTemplate`);
  const selector = (request.statefulSet.spec as { selector?: { matchLabels?: Record<string, string> } }).selector?.matchLabels ?? {};
  const storageClassName = template.spec?.storageClassName ?? request.previousStorageClassName;
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: {
      name: HOME_CLAIM_NAME,
      namespace: request.namespace,
      // What the StatefulSet controller puts on the claims it makes: template labels plus the selector.
      labels: { ...template.metadata?.labels, ...selector },
      annotations: { [ANNOTATION_RESTORE_ID]: request.restoreId },
    },
    spec: {
      accessModes: template.spec?.accessModes ?? ["ReadWriteOnce"],
      ...(storageClassName ? { storageClassName } : {}),
      ...(template.spec?.volumeMode ? { volumeMode: template.spec.volumeMode } : {}),
      resources: { requests: { storage: restoredRequest(request) } },
      dataSource: { apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", name: request.snapshotName },
    },
  };
}

/** The restore that made this claim, if a restore made it. */
export function restoredBy(claim: KubeObject | undefined): string | undefined {
  return claim?.metadata.annotations?.[ANNOTATION_RESTORE_ID];
}

/** The snapshot a claim was filled from, if any. */
export function claimSource(claim: KubeObject | undefined): string | undefined {
  const spec = claim?.spec as { dataSource?: { kind?: string; name?: string }; dataSourceRef?: { kind?: string; name?: string } } | undefined;
  const source = spec?.dataSourceRef ?? spec?.dataSource;
  return source?.kind === "VolumeSnapshot" ? source.name : undefined;
}
