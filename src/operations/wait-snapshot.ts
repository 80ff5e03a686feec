/** Waits, in short durable steps, for a VolumeSnapshot to be ready to use. */
import type { Cluster } from "../cluster/port.ts";
import { readSnapshot, SNAPSHOT_API_VERSION, type SnapshotView } from "../devspace/snapshots.ts";
import { DevspaceError } from "../errors.ts";
import type { Step } from "../runner/step.ts";

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;

export async function waitForSnapshot(
  step: Step,
  cluster: Cluster,
  namespace: string,
  name: string,
  timeoutMs: number,
): Promise<SnapshotView> {
  let waited = 0;
  let delay = FIRST_DELAY_MS;
  for (let attempt = 0; ; attempt++) {
    const view = await step.do(`check-snapshot-${name}-${attempt}`, async () => {
      const object = await cluster.get({ apiVersion: SNAPSHOT_API_VERSION, kind: "VolumeSnapshot", namespace, name });
      if (!object) throw new DevspaceError("snapshot.missing", `The snapshot \`${name}\` disappeared while we waited for it.`);
      return readSnapshot(object);
    });
    if (view.error) {
      throw new DevspaceError("snapshot.failed", `The snapshot \`${name}\` failed: ${view.error}`);
    }
    if (view.readyToUse) return view;
    if (waited >= timeoutMs) {
      throw new DevspaceError(
        "snapshot.timeout",
        `The snapshot \`${name}\` was not ready after ${Math.round(timeoutMs / 1000)} seconds. It may still finish; \`/status\` lists it.`,
      );
    }
    await step.sleep(`wait-snapshot-${name}-${attempt}`, delay);
    waited += delay;
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}
