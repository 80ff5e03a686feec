/**
 * Decides, from what the cluster holds, whether a restore may go ahead and with which
 * snapshot. Pure: the operation reads the facts, this says yes (with the plan) or no (with the
 * refusal to post). A refusal comes before any change.
 *
 * A re-run of the same command (same comment, so same safety snapshot name) finds its safety
 * snapshot and restores the target recorded on it, not whatever `latest` or a label means now.
 */
import { homeClaimTemplate, quantityExceeds, restoredBy, restoredRequest } from "./restored-claim.ts";
import { readClaim, readSafetyRecord } from "./restore-safety.ts";
import { checkNamed, chooseRestoreTarget, readCandidate, type RefusalReason, type RestoreTarget } from "./restore-target.ts";
import { LABEL_DEVSPACE } from "./labels.ts";
import { HOME_CLAIM_NAME, LABEL_SNAPSHOT_KIND } from "./snapshots.ts";
import type { KubeObject } from "./types.ts";

export interface RestoreFacts {
  slug: string;
  /** This command's safety snapshot name (from its comment id). */
  safetyName: string;
  requested: RestoreTarget;
  /** Every VolumeSnapshot in the devspace's namespace. */
  snapshots: KubeObject[];
  claim?: KubeObject;
  statefulSet?: KubeObject;
  /** The namespace quota's hard `requests.storage`, if there is one. */
  storageQuota?: string;
}

export interface RestoreTargetInfo {
  name: string;
  label?: string;
  kind: string;
  restoreSize?: string;
  createdAt?: string;
}

export type RestorePlan =
  | {
      ok: true;
      target: RestoreTargetInfo;
      /** The safety snapshot already exists: this is a re-run picking up where it stopped. */
      resumed: boolean;
      /** What the restored claim will request. */
      request: string;
    }
  | { ok: false; reason: RefusalReason | "no-volume" | "no-workstation" | "quota" | "resume"; message: string };

const NOTHING_CHANGED = "Nothing was changed.";

export function planRestore(facts: RestoreFacts): RestorePlan {
  const { slug, safetyName } = facts;
  const safety = facts.snapshots.find((s) => s.metadata.name === safetyName);
  const candidates = facts.snapshots.map(readCandidate);

  let target: RestoreTargetInfo;
  if (safety) {
    // A re-run: restore what the first run chose.
    const record = readSafetyRecord(safety);
    const ours = safety.metadata.labels?.[LABEL_DEVSPACE] === slug && safety.metadata.labels?.[LABEL_SNAPSHOT_KIND] === "safety";
    const recorded = candidates.find((c) => c.name === record.target);
    if (!ours || !record.target) {
      return { ok: false, reason: "resume", message: `A snapshot named \`${safetyName}\` exists but was not made by this restore. ${NOTHING_CHANGED}` };
    }
    const choice = recorded ? checkNamed(recorded, slug) : undefined;
    if (!choice?.ok) {
      return {
        ok: false,
        reason: "resume",
        message:
          `This restore was interrupted and its snapshot \`${record.target}\` can no longer be restored` +
          `${choice ? ` (${choice.reason})` : " (it is gone)"}. The home volume from before the restore is in the safety snapshot \`${safetyName}\`.`,
      };
    }
    target = describe(choice.snapshot);
  } else {
    const choice = chooseRestoreTarget(facts.requested, candidates, slug);
    if (!choice.ok) return choice;
    target = describe(choice.snapshot);
  }

  const ownClaim = restoredBy(facts.claim) === safetyName;
  if (!facts.claim && !safety) {
    return {
      ok: false,
      reason: "no-volume",
      message:
        `This devspace has no home volume (\`${HOME_CLAIM_NAME}\`) to take a safety snapshot of, so it will not restore over it. ` +
        `If an earlier \`/restore\` was interrupted, its safety snapshot holds the data from before it; ask the platform team to finish it. ${NOTHING_CHANGED}`,
    };
  }
  if (!facts.statefulSet || !homeClaimTemplate(facts.statefulSet)) {
    return { ok: false, reason: "no-workstation", message: `This devspace has no workstation to restore into. ${NOTHING_CHANGED}` };
  }

  const previousRequest = safety ? readSafetyRecord(safety).claimRequest : facts.claim && !ownClaim ? readClaim(facts.claim).request : undefined;
  const request = restoredRequest({ statefulSet: facts.statefulSet, restoreSize: target.restoreSize, previousRequest });
  if (facts.storageQuota && quantityExceeds(request, facts.storageQuota)) {
    return {
      ok: false,
      reason: "quota",
      message: `Restoring \`${target.name}\` needs a ${request} home volume, more than this devspace's storage quota (${facts.storageQuota}). ${NOTHING_CHANGED}`,
    };
  }
  return { ok: true, target, resumed: Boolean(safety), request };
}

function describe(snapshot: ReturnType<typeof readCandidate>): RestoreTargetInfo {
  return {
    name: snapshot.name,
    kind: snapshot.kind,
    ...(snapshot.label ? { label: snapshot.label } : {}),
    ...(snapshot.restoreSize ? { restoreSize: snapshot.restoreSize } : {}),
    ...(snapshot.createdAt ? { createdAt: snapshot.createdAt } : {}),
  };
}
