/** Scaling the workstation up and down, and waiting until its pod is really gone. */
import type { Cluster } from "../cluster/port.ts";
import { WORKSTATION_NAME } from "../devspace/resources/common.ts";
import { DevspaceError } from "../errors.ts";
import type { Step } from "../runner/step.ts";

const POLL_MS = 1000;

export async function scaleWorkstation(cluster: Cluster, namespace: string, replicas: 0 | 1): Promise<void> {
  await cluster.mergePatch({ apiVersion: "apps/v1", kind: "StatefulSet", namespace, name: WORKSTATION_NAME }, { spec: { replicas } });
}

/** Polls in durable steps until `workstation-0` no longer exists. */
export async function waitUntilPodGone(step: Step, cluster: Cluster, namespace: string, timeoutMs: number, label = "pod-gone"): Promise<void> {
  for (let waited = 0, attempt = 0; ; attempt++, waited += POLL_MS) {
    const exists = await step.do(`check-${label}-${attempt}`, async () =>
      Boolean(await cluster.get({ apiVersion: "v1", kind: "Pod", namespace, name: `${WORKSTATION_NAME}-0` })),
    );
    if (!exists) return;
    if (waited >= timeoutMs) {
      throw new DevspaceError("workstation.stop_timeout", `The workstation pod was still running after ${Math.round(timeoutMs / 1000)} seconds.`, {
        retryable: true,
      });
    }
    await step.sleep(`wait-${label}-${attempt}`, POLL_MS);
  }
}
