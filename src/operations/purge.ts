/**
 * Removes archived devspaces whose grace period is over. The namespace (and with it the home
 * volume) is deleted only when its final snapshot still exists and is ready: no path deletes
 * a volume without a verified snapshot first. A devspace that fails that check is kept and
 * reported on its issue.
 */
import { readSnapshot, SNAPSHOT_API_VERSION } from "../devspace/snapshots.ts";
import { formatHomeIssue } from "../devspace/record.ts";
import { describeError } from "../errors.ts";
import type { Step } from "../runner/step.ts";
import type { OperationDeps } from "./deps.ts";
import { listDevspaces } from "./find-devspace.ts";

export const PURGE_MARKER = "<!-- devspaces:purge -->";

export interface PurgeOutcome {
  namespace: string;
  result: "removed" | "kept";
  reason?: string;
}

export async function purgeArchived(step: Step, deps: OperationDeps): Promise<PurgeOutcome[]> {
  const now = (deps.now?.() ?? new Date()).getTime();
  const due = await step.do("purge-list", async () =>
    (await listDevspaces(deps.cluster)).filter((r) => r.deleteAfter && Date.parse(r.deleteAfter) <= now),
  );
  const outcomes: PurgeOutcome[] = [];
  for (const record of due) {
    const outcome = await step.do(`purge-${record.namespace}`, async (): Promise<PurgeOutcome> => {
      const snapshot = record.finalSnapshot
        ? await deps.cluster.get({ apiVersion: SNAPSHOT_API_VERSION, kind: "VolumeSnapshot", namespace: record.namespace, name: record.finalSnapshot })
        : undefined;
      if (!snapshot || !readSnapshot(snapshot).readyToUse) {
        return { namespace: record.namespace, result: "kept", reason: `its final snapshot ${record.finalSnapshot ?? "(none recorded)"} is missing or not ready` };
      }
      await deps.cluster.delete({ apiVersion: "v1", kind: "Namespace", name: record.namespace });
      return { namespace: record.namespace, result: "removed" };
    });
    outcomes.push(outcome);
    await step.do(`purge-report-${record.namespace}`, async () => {
      if (!deps.githubForRepository) return;
      try {
        const github = await deps.githubForRepository(record.home.owner, record.home.repo);
        const body =
          outcome.result === "removed"
            ? `${PURGE_MARKER}\n🧹 The grace period is over: this devspace and its data were removed for good.`
            : `${PURGE_MARKER}\n⚠️ This devspace was due for removal but was kept, because ${outcome.reason}. The platform team should take a snapshot by hand before removing it.`;
        await github.upsertComment(record.home, PURGE_MARKER, body);
      } catch (error) {
        deps.log("purge report failed", { issue: formatHomeIssue(record.home), error: describeError(error) });
      }
    });
  }
  return outcomes;
}
