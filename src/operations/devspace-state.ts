/** The devspace's state lives on its namespace, written with the operations' field manager. */
import type { Cluster } from "../cluster/port.ts";
import { ANNOTATION_STATE } from "../devspace/labels.ts";
import { type DevspaceRecord, readDevspaceRecord } from "../devspace/record.ts";
import type { KubeObject } from "../devspace/types.ts";
import type { DevspaceState } from "../github/render-status.ts";

export async function setDevspaceState(cluster: Cluster, namespace: string, state: DevspaceState): Promise<void> {
  await cluster.mergePatch(
    { apiVersion: "v1", kind: "Namespace", name: namespace },
    { metadata: { annotations: { [ANNOTATION_STATE]: state } } },
  );
}

/** Re-reads a devspace's record (after an operation changed its state). */
export async function readRecord(cluster: Cluster, namespace: string): Promise<DevspaceRecord | undefined> {
  const object = await cluster.get<KubeObject>({ apiVersion: "v1", kind: "Namespace", name: namespace });
  return object ? readDevspaceRecord(object) : undefined;
}
