/**
 * Waits for the workstation to be Ready, as a series of short durable steps (check, sleep,
 * check...) rather than one long call, so a Workflow can sleep between checks for free.
 * On timeout it throws with what is stuck, in plain words.
 */
import type { Cluster } from "../cluster/port.ts";
import { assessReadiness, type Readiness } from "../devspace/readiness.ts";
import { HOME_VOLUME_NAME, WORKSTATION_NAME } from "../devspace/resources/common.ts";
import type { KubeObject } from "../devspace/types.ts";
import { DevspaceError } from "../errors.ts";
import type { Step } from "../runner/step.ts";

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;

export async function readWorkstation(cluster: Cluster, namespace: string): Promise<Readiness> {
  const [statefulSet, pod, homeClaim, events] = await Promise.all([
    cluster.get({ apiVersion: "apps/v1", kind: "StatefulSet", namespace, name: WORKSTATION_NAME }),
    cluster.get({ apiVersion: "v1", kind: "Pod", namespace, name: `${WORKSTATION_NAME}-0` }),
    cluster.get({ apiVersion: "v1", kind: "PersistentVolumeClaim", namespace, name: `${HOME_VOLUME_NAME}-${WORKSTATION_NAME}-0` }),
    cluster.list<KubeObject>({ apiVersion: "v1", kind: "Event", namespace }),
  ]);
  return assessReadiness({ statefulSet, pod, homeClaim, events });
}

export async function waitUntilReady(
  step: Step,
  cluster: Cluster,
  namespace: string,
  timeoutMs: number,
  label = "ready",
): Promise<void> {
  let waited = 0;
  let delay = FIRST_DELAY_MS;
  for (let attempt = 0; ; attempt++) {
    const readiness = await step.do(`check-${label}-${attempt}`, () => readWorkstation(cluster, namespace));
    if (readiness.ready) return;
    if (waited >= timeoutMs) {
      throw new DevspaceError(
        "devspace.not_ready",
        `The workstation was not Ready after ${Math.round(timeoutMs / 1000)} seconds: ${readiness.reason}.`,
      );
    }
    await step.sleep(`wait-${label}-${attempt}`, delay);
    waited += delay;
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}
