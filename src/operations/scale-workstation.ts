/** Scaling the workstation up and down, and waiting until its pod is really gone. */
import type { Cluster } from "../cluster/port.ts";
import { WORKSTATION_NAME } from "../devspace/resources/common.ts";
import type { Step } from "../runner/step.ts";
import { waitUntilGone } from "./wait-gone.ts";

export async function scaleWorkstation(cluster: Cluster, namespace: string, replicas: 0 | 1): Promise<void> {
  await cluster.mergePatch({ apiVersion: "apps/v1", kind: "StatefulSet", namespace, name: WORKSTATION_NAME }, { spec: { replicas } });
}

/** Polls in durable steps until `workstation-0` no longer exists. */
export async function waitUntilPodGone(step: Step, cluster: Cluster, namespace: string, timeoutMs: number, label = "pod-gone"): Promise<void> {
  await waitUntilGone(step, cluster, { apiVersion: "v1", kind: "Pod", namespace, name: `${WORKSTATION_NAME}-0` }, timeoutMs, label);
}
