/** Finds the devspace a command's issue belongs to, from namespace annotations. */
import type { Cluster } from "../cluster/port.ts";
import { LABEL_MANAGED_BY, MANAGED_BY } from "../devspace/labels.ts";
import { type DevspaceRecord, isHomeIssue, readDevspaceRecord } from "../devspace/record.ts";
import type { HomeIssue, KubeObject } from "../devspace/types.ts";

export async function listDevspaces(cluster: Cluster): Promise<DevspaceRecord[]> {
  const namespaces = await cluster.list<KubeObject>({
    apiVersion: "v1",
    kind: "Namespace",
    labelSelector: `${LABEL_MANAGED_BY}=${MANAGED_BY}`,
  });
  return namespaces
    .filter((ns) => (ns.status as { phase?: string } | undefined)?.phase !== "Terminating")
    .map(readDevspaceRecord)
    .filter((record): record is DevspaceRecord => record !== undefined);
}

export async function findDevspaceByIssue(cluster: Cluster, issue: HomeIssue): Promise<DevspaceRecord | undefined> {
  return (await listDevspaces(cluster)).find((record) => isHomeIssue(record, issue));
}
