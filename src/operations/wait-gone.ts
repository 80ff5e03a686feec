/**
 * Waits, in short durable steps, until an object is gone: a pod after a scale-down, a claim
 * after its deletion. With `uid`, a newer object of the same name does not count as the old one.
 */
import type { Cluster, ObjectRef } from "../cluster/port.ts";
import { DevspaceError } from "../errors.ts";
import type { Step } from "../runner/step.ts";

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 10_000;

export async function waitUntilGone(
  step: Step,
  cluster: Cluster,
  ref: ObjectRef,
  timeoutMs: number,
  label: string,
  uid?: string,
): Promise<void> {
  let waited = 0;
  let delay = FIRST_DELAY_MS;
  for (let attempt = 0; ; attempt++) {
    const present = await step.do(`${label}-${attempt}`, async () => {
      const object = await cluster.get(ref);
      return Boolean(object && (uid === undefined || object.metadata.uid === uid));
    });
    if (!present) return;
    if (waited >= timeoutMs) {
      throw new DevspaceError(
        "devspace.not_gone",
        `The ${ref.kind} \`${ref.name}\` was still there after ${Math.round(timeoutMs / 1000)} seconds.`,
      );
    }
    await step.sleep(`${label}-wait-${attempt}`, delay);
    waited += delay;
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}
