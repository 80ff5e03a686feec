/**
 * /restore <snapshot name | label | latest>: rolls the home volume back to a snapshot without
 * ever leaving the data with no copy.
 *
 *   1. plan        resolve the target; refuse (changing nothing) if it is missing, foreign,
 *                  not ready or malformed (malformed is caught before any API call)
 *   2. safety      snapshot the current home claim as `safety-<comment id>`, wait until ready
 *   3. scale down  StatefulSet to 0, wait until the pod is gone
 *   4. remove      re-check the safety snapshot is ready and copies this claim, then delete it
 *   5. create      `home-workstation-0` from the target snapshot, at least its restoreSize
 *   6. scale up    StatefulSet to 1, wait until Ready
 *
 * Every step looks before it acts, and names come from the comment id, so the durable runner
 * (or a redelivered command) can run the whole handler again from the top after a crash and it
 * carries on where it stopped. The safety snapshot records the target, so a re-run restores the
 * same snapshot even if `latest` has moved on.
 */
import { parseRestoreTarget } from "../devspace/restore-target.ts";
import type { RestoreTargetInfo } from "../devspace/restore-plan.ts";
import { snapshotName } from "../devspace/snapshots.ts";
import { DevspaceError } from "../errors.ts";
import { formatTime } from "../github/render-status.ts";
import type { CommandContext } from "./command-context.ts";
import {
  claimRef,
  createRestoredClaim,
  podRef,
  readRestorePlan,
  removeHomeClaim,
  scaleWorkstation,
  setDevspaceState,
  stopForRestore,
  takeSafetySnapshot,
  undoRestore,
} from "./restore-steps.ts";
import { waitForSnapshot } from "./wait-snapshot.ts";
import { waitUntilGone } from "./wait-gone.ts";
import { waitUntilReady } from "./wait-ready.ts";

/** How far a run got, for deciding what a failure leaves behind. */
type Phase = "unchanged" | "scaled-down" | "replaced";

export async function restoreSnapshot({ intent, args, record, step, deps }: CommandContext): Promise<string> {
  const { cluster, config } = deps;
  const { namespace, slug } = record;
  const parsed = parseRestoreTarget(args.target ?? "");
  if (!parsed.ok) throw new DevspaceError("restore.refused", parsed.message);

  const safetyName = snapshotName("safety", intent.commentId);
  const plan = await step.do("restore-plan", () => readRestorePlan(cluster, record, parsed.target, safetyName));
  if (!plan.ok) throw new DevspaceError(`restore.refused.${plan.reason}`, plan.message);
  const { target } = plan;

  let phase: Phase = "unchanged";
  try {
    await step.do("restore-mark-restoring", () => setDevspaceState(cluster, namespace, "restoring"));
    const safety = await step.do("restore-safety-snapshot", () =>
      takeSafetySnapshot(cluster, {
        namespace,
        slug,
        safetyName,
        target: target.name,
        requestedBy: intent.sender.login,
        className: config.snapshotClass,
      }),
    );
    if (safety.present) await waitForSnapshot(step, cluster, namespace, safetyName, config.snapshotTimeoutMs);

    phase = "scaled-down";
    const stop = await step.do("restore-scale-down", () => stopForRestore(cluster, namespace, safetyName));
    if (stop.stopped) await waitUntilGone(step, cluster, podRef(namespace), config.readyTimeoutMs, "restore-pod-gone");

    // If the delete went through but its answer was lost, undoRestore sees the claim going and leaves it.
    const removed = await step.do("restore-remove-claim", () => removeHomeClaim(cluster, namespace, slug, safetyName));
    phase = "replaced";
    if (removed.deletedUid) {
      await waitUntilGone(step, cluster, claimRef(namespace), config.readyTimeoutMs, "restore-claim-gone", removed.deletedUid);
    }
    const claim = await step.do("restore-create-claim", () => createRestoredClaim(cluster, namespace, safetyName, target, safety));
    await step.do("restore-scale-up", () => scaleWorkstation(cluster, namespace, 1));
    await waitUntilReady(step, cluster, namespace, config.readyTimeoutMs, "restored");
    await step.do("restore-mark-ready", () => setDevspaceState(cluster, namespace, "ready"));
    return renderRestored(target, safetyName, safety.present, claim.storage);
  } catch (error) {
    if (phase === "replaced") {
      // The volume may be half-way: leave "restoring" for whoever looks, and say where the old data is.
      throw withSafetyHint(error, safetyName);
    }
    // This run did not touch the home volume: put the workstation back as it was.
    await step.do("restore-undo", () => undoRestore(cluster, namespace, phase === "scaled-down")).catch(() => undefined);
    throw error;
  }
}

function withSafetyHint(error: unknown, safetyName: string): unknown {
  if (!(error instanceof DevspaceError)) return error;
  return new DevspaceError(
    error.code,
    `${error.message} The home volume from before the restore is in the safety snapshot \`${safetyName}\`.`,
    { retryable: error.retryable, cause: error },
  );
}

export function renderRestored(target: RestoreTargetInfo, safetyName: string, safetyPresent: boolean, storage: string): string {
  const taken = target.createdAt ? `, taken ${formatTime(new Date(target.createdAt))}` : "";
  const label = target.label ? ` (label \`${target.label}\`)` : "";
  const lines = [`⏪ Restored the home volume from \`${target.name}\`${label}${taken}. The workstation is Ready again, with a ${storage} home volume.`];
  lines.push(
    safetyPresent
      ? `🛟 The volume as it was before is kept in the safety snapshot \`${safetyName}\`. To undo this restore: \`/restore ${safetyName}\``
      : `The safety snapshot \`${safetyName}\` taken before this restore has since been deleted.`,
  );
  return lines.join("\n");
}
