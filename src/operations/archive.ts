/**
 * Archiving a devspace (for /delete confirm and for offboarding): access ends at once (the
 * Ingress goes), then a verified final snapshot, then the workstation stopped, and a deadline
 * after which the purge may remove it. Until then the namespace, with its home volume and the final snapshot,
 * stays exactly as it was: nothing is deleted here, so the data survives the grace period.
 */
import { ANNOTATION_DELETE_AFTER, ANNOTATION_FINAL_SNAPSHOT, ANNOTATION_STATE } from "../devspace/labels.ts";
import type { DevspaceRecord } from "../devspace/record.ts";
import { WORKSTATION_NAME } from "../devspace/resources/common.ts";
import { buildVolumeSnapshot, HOME_CLAIM_NAME, SNAPSHOT_API_VERSION, snapshotName } from "../devspace/snapshots.ts";
import { DevspaceError } from "../errors.ts";
import type { Step } from "../runner/step.ts";
import type { OperationDeps } from "./deps.ts";
import { scaleWorkstation, waitUntilPodGone } from "./scale-workstation.ts";
import { waitForSnapshot } from "./wait-snapshot.ts";

export interface ArchiveResult {
  finalSnapshot: string;
  deleteAfter: string;
}

export async function archiveDevspace(
  record: DevspaceRecord,
  step: Step,
  deps: OperationDeps,
  options: { id: string | number; requestedBy: string },
): Promise<ArchiveResult> {
  const { cluster, config } = deps;
  const finalSnapshot = snapshotName("final", options.id);
  // Access ends first: without its Ingress the workstation cannot be reached from outside.
  // Nothing of the data is touched by this.
  await step.do("remove-ingress", () =>
    cluster.delete({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", namespace: record.namespace, name: WORKSTATION_NAME }),
  );
  await step.do("final-snapshot", async () => {
    const existing = await cluster.get({ apiVersion: SNAPSHOT_API_VERSION, kind: "VolumeSnapshot", namespace: record.namespace, name: finalSnapshot });
    if (existing) return;
    const claim = await cluster.get({ apiVersion: "v1", kind: "PersistentVolumeClaim", namespace: record.namespace, name: HOME_CLAIM_NAME });
    if (!claim) throw new DevspaceError("archive.no_volume", "This devspace has no home volume, so no final snapshot could be taken. Nothing was changed.");
    await cluster.create(
      buildVolumeSnapshot({
        namespace: record.namespace,
        slug: record.slug,
        name: finalSnapshot,
        kind: "final",
        requestedBy: options.requestedBy,
        className: config.snapshotClass,
      }),
    );
  });
  // Verified before anything else changes: the archive never rests on an unfinished copy.
  await waitForSnapshot(step, cluster, record.namespace, finalSnapshot, config.snapshotTimeoutMs);
  await step.do("stop", () => scaleWorkstation(cluster, record.namespace, 0));
  await waitUntilPodGone(step, cluster, record.namespace, config.readyTimeoutMs, "archive-pod-gone");
  const deleteAfter = await step.do("mark-archived", async () => {
    const at = new Date((deps.now?.() ?? new Date()).getTime() + config.deleteGraceMs).toISOString();
    await cluster.mergePatch(
      { apiVersion: "v1", kind: "Namespace", name: record.namespace },
      { metadata: { annotations: { [ANNOTATION_STATE]: "archived", [ANNOTATION_DELETE_AFTER]: at, [ANNOTATION_FINAL_SNAPSHOT]: finalSnapshot } } },
    );
    return at;
  });
  return { finalSnapshot, deleteAfter };
}

/** Undoes the archive marks, for a devspace that is provisioned again within its grace period. */
export async function clearArchive(deps: Pick<OperationDeps, "cluster">, namespace: string): Promise<void> {
  await deps.cluster.mergePatch(
    { apiVersion: "v1", kind: "Namespace", name: namespace },
    { metadata: { annotations: { [ANNOTATION_DELETE_AFTER]: null, [ANNOTATION_FINAL_SNAPSHOT]: null } } },
  );
}
