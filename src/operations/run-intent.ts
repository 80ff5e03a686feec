/** The one entry the runners call: dispatches an intent to its operation. */
import type { Step } from "../runner/step.ts";
import type { OperationDeps } from "./deps.ts";
import type { ActionableIntent } from "./intent.ts";
import { runCommand } from "./command.ts";
import { offboard, onboard } from "./membership.ts";
import { provision } from "./provision.ts";
import { purgeArchived } from "./purge.ts";
import { reconcile } from "./reconcile.ts";
import { reply } from "./reply.ts";
import { scheduledBackup } from "./scheduled-backup.ts";

export async function runIntent(intent: ActionableIntent, step: Step, deps: OperationDeps, runId: string): Promise<void> {
  switch (intent.kind) {
    case "provision":
      return provision(intent, step, deps, runId);
    case "reply":
      return reply(intent, step, deps);
    case "command":
      return runCommand(intent, step, deps, runId);
    case "onboard":
      return onboard(intent, step, deps, runId);
    case "offboard":
      return offboard(intent, step, deps, runId);
    case "scheduled-backup":
      // The scheduled maintenance: back everything up, then remove what is past its grace period,
      // then repair what missed webhooks left undone (only with DEVSPACES_REPOSITORY set).
      await scheduledBackup(intent, step, deps, runId);
      await purgeArchived(step, deps);
      await reconcile(step, deps, runId);
      return;
  }
}
