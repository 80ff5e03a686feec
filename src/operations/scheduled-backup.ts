/**
 * Scheduled backups: for one schedule slot, every devspace of this installation gets a
 * `scheduled` snapshot of its home volume (stopped ones too: the claim outlives the pod), and
 * then retention prunes what is no longer needed (src/devspace/retention.ts decides).
 *
 * Per devspace: take its lock (a busy devspace is skipped with a note, not waited on), create
 * `sched-<slot>` (a re-run of the slot finds it), wait until it is ready (bounded), and only
 * then prune: a backup that did not succeed never costs an older one. Devspaces run a few at a
 * time. A failure or skip is posted on the devspace's issue, once per slot; the others go on.
 * If a failure cannot be posted either, the run ends in an error, so it shows in the runner's
 * log (Node) or as a failed Workflow instance (Workers) instead of vanishing.
 */
import { acquireLock, releaseLock } from "../cluster/lease-lock.ts";
import { LABEL_DEVSPACE, LABEL_MANAGED_BY, MANAGED_BY } from "../devspace/labels.ts";
import type { DevspaceRecord } from "../devspace/record.ts";
import { parseSlot, planRetention, scheduledSnapshotName } from "../devspace/retention.ts";
import { buildVolumeSnapshot, HOME_CLAIM_NAME, readSnapshot, SNAPSHOT_API_VERSION } from "../devspace/snapshots.ts";
import type { KubeObject } from "../devspace/types.ts";
import { DevspaceError, describeError } from "../errors.ts";
import { backupMarker } from "../github/markers.ts";
import { formatTime } from "../github/render-status.ts";
import type { Step } from "../runner/step.ts";
import type { OperationDeps } from "./deps.ts";
import { listDevspaces } from "./find-devspace.ts";
import type { ScheduledBackupIntent } from "./intent.ts";
import { mapBounded } from "./map-bounded.ts";
import { waitForSnapshot } from "./wait-snapshot.ts";

export interface BackupOutcome {
  slug: string;
  namespace: string;
  /** The slot's snapshot, whether or not it was made. */
  snapshot: string;
  result: "backed-up" | "skipped" | "failed";
  /** Snapshots retention removed in this run. */
  pruned: string[];
  /** Why it was skipped or failed, in the words the issue comment uses. */
  reason?: string;
  /** Whether the skip or failure was posted on the devspace's issue. */
  reported?: boolean;
  /** The slot's snapshot is ready (a failure came after it, while pruning). */
  made?: boolean;
}

export async function scheduledBackup(
  intent: ScheduledBackupIntent,
  step: Step,
  deps: OperationDeps,
  runId: string,
): Promise<BackupOutcome[]> {
  const slotTime = parseSlot(intent.slot);
  if (!slotTime) throw new DevspaceError("backup.bad_slot", `"${intent.slot}" is not a backup slot (UTC YYYYMMDDHHmm).`);
  const prefix = deps.config.settings.namespacePrefix;
  // Only this installation's devspaces: another installation sharing the cluster has its own prefix and schedule.
  const records = await step.do("list-devspaces", async () =>
    (await listDevspaces(deps.cluster)).filter((record) => record.namespace === `${prefix}${record.slug}`),
  );
  const outcomes = await mapBounded(records, deps.config.backup.concurrency, (record) =>
    backupDevspace(record, intent.slot, slotTime, scopedStep(step, record.slug), deps, runId),
  );

  const count = (result: BackupOutcome["result"]) => outcomes.filter((o) => o.result === result).length;
  deps.log("scheduled backup finished", {
    slot: intent.slot,
    devspaces: outcomes.length,
    backedUp: count("backed-up"),
    skipped: count("skipped"),
    failed: count("failed"),
    pruned: outcomes.reduce((sum, o) => sum + o.pruned.length, 0),
  });
  const unreported = outcomes.filter((o) => o.result !== "backed-up" && !o.reported);
  if (unreported.length > 0) {
    throw new DevspaceError(
      "backup.unreported",
      `The scheduled backup ${intent.slot} did not back up ${unreported.map((o) => o.slug).join(", ")}, and could not say so on their issues.`,
    );
  }
  return outcomes;
}

async function backupDevspace(
  record: DevspaceRecord,
  slot: string,
  slotTime: Date,
  step: Step,
  deps: OperationDeps,
  runId: string,
): Promise<BackupOutcome> {
  const { cluster, config } = deps;
  const name = scheduledSnapshotName(slot);
  const outcome: BackupOutcome = { slug: record.slug, namespace: record.namespace, snapshot: name, result: "failed", pruned: [] };
  const holder = { id: runId, operation: `the scheduled backup ${slot}` };
  const lockOptions = { namespace: config.systemNamespace, ttlSeconds: config.lockTtlSeconds };

  let locked = false;
  try {
    await step.do("lock", () => acquireLock(cluster, record.slug, holder, lockOptions));
    locked = true;
    await step.do("create-snapshot", async () => {
      const claim = await cluster.get<KubeObject>({ apiVersion: "v1", kind: "PersistentVolumeClaim", namespace: record.namespace, name: HOME_CLAIM_NAME });
      if (!claim) {
        throw new DevspaceError("backup.no_volume", `The home volume (claim \`${HOME_CLAIM_NAME}\`) is missing, so there was nothing to back up.`);
      }
      if (claim.metadata.deletionTimestamp) {
        throw new DevspaceError("backup.volume_deleting", `The home volume (claim \`${HOME_CLAIM_NAME}\`) is being deleted, so it was not backed up.`);
      }
      // Resolves to undefined when a run of this slot already made it: that one is waited on.
      await cluster.create(
        buildVolumeSnapshot({ namespace: record.namespace, slug: record.slug, name, kind: "scheduled", className: config.snapshotClass }),
      );
    });
    await waitForSnapshot(step, cluster, record.namespace, name, config.snapshotTimeoutMs);
    outcome.made = true;
    outcome.pruned = await step.do("prune", () => prune(deps, record));
    outcome.result = "backed-up";
  } catch (error) {
    const busy = !locked && error instanceof DevspaceError && error.code === "devspace.busy";
    outcome.result = busy ? "skipped" : "failed";
    outcome.reason = describeError(error);
    deps.log(`scheduled backup ${outcome.result}`, { slot, slug: record.slug, error: String(error) });
  } finally {
    if (locked) {
      // A lock we fail to release expires on its own (lockTtlSeconds); the backup itself stands.
      await step.do("unlock", () => releaseLock(cluster, record.slug, holder, lockOptions)).catch((error: unknown) =>
        deps.log("scheduled backup could not release its lock", { slot, slug: record.slug, error: String(error) }),
      );
    }
  }
  if (outcome.result === "backed-up") return outcome;

  try {
    await step.do("report", async () => {
      if (!deps.githubForRepository) throw new DevspaceError("backup.no_github", "No GitHub client for repositories is configured.");
      const github = await deps.githubForRepository(record.home.owner, record.home.repo);
      await github.upsertComment(record.home, backupMarker(record.slug, slot), renderBackupProblem(outcome, slot, slotTime));
    });
    outcome.reported = true;
  } catch (error) {
    outcome.reported = false;
    deps.log("scheduled backup problem could not be posted", { slot, slug: record.slug, reason: outcome.reason, error: String(error) });
  }
  return outcome;
}

/** Lists the devspace's own snapshots, lets retention decide, and deletes what it prunes. */
async function prune(deps: OperationDeps, record: DevspaceRecord): Promise<string[]> {
  const objects = await deps.cluster.list<KubeObject>({
    apiVersion: SNAPSHOT_API_VERSION,
    kind: "VolumeSnapshot",
    namespace: record.namespace,
    labelSelector: `${LABEL_MANAGED_BY}=${MANAGED_BY},${LABEL_DEVSPACE}=${record.slug}`,
  });
  // Snapshots already on their way out neither count towards retention nor need deleting.
  const views = objects.filter((object) => !object.metadata.deletionTimestamp).map(readSnapshot);
  const policy = { keepScheduled: deps.config.backup.retention, protectedMaxAgeMs: deps.config.backup.safetyRetentionMs };
  const doomed = planRetention(views, policy, deps.now?.() ?? new Date()).filter((decision) => decision.prune);
  for (const decision of doomed) {
    await deps.cluster.delete({ apiVersion: SNAPSHOT_API_VERSION, kind: "VolumeSnapshot", namespace: record.namespace, name: decision.name });
    deps.log("snapshot pruned", { slug: record.slug, snapshot: decision.name, kind: decision.kind, reason: decision.reason });
  }
  return doomed.map((decision) => decision.name);
}

export function renderBackupProblem(outcome: BackupOutcome, slot: string, slotTime: Date): string {
  const when = formatTime(slotTime);
  if (outcome.made) {
    return [
      backupMarker(outcome.slug, slot),
      `⚠️ **Scheduled backup: pruning failed** (${when})`,
      "",
      `The backup \`${outcome.snapshot}\` is ready, but removing older snapshots failed: ${outcome.reason}`,
      "",
      "Retention catches up at the next scheduled backup. Manual snapshots and recent safety snapshots are never pruned.",
    ].join("\n");
  }
  const headline =
    outcome.result === "skipped"
      ? `⏭️ **Scheduled backup skipped** (${when})\n\nThe home volume was not backed up this time because another operation held the devspace. ${outcome.reason}`
      : `⚠️ **Scheduled backup failed** (${when})\n\nThe home volume was not backed up: ${outcome.reason}`;
  return [
    backupMarker(outcome.slug, slot),
    headline,
    "",
    "Nothing was pruned, so every earlier snapshot is still there. The next scheduled backup will try again; `/snapshot` takes one now, and `/status` lists the snapshots.",
  ].join("\n");
}

/** Step names are unique per devspace, so a durable runner never confuses two devspaces' steps. */
function scopedStep(step: Step, scope: string): Step {
  return {
    do: (name, fn) => step.do(`${scope}/${name}`, fn),
    sleep: (name, ms) => step.sleep(`${scope}/${name}`, ms),
  };
}
