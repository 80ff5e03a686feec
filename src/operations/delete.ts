/**
 * /delete asks; /delete confirm (by the owner or an admin, within the confirmation window)
 * archives the devspace: final snapshot, workstation stopped and unreachable, data kept for the
 * grace period, then removed for good by the purge. Closing the issue never deletes anything.
 */
import { DevspaceError } from "../errors.ts";
import { formatTime } from "../github/render-status.ts";
import { archiveDevspace } from "./archive.ts";
import type { CommandContext } from "./command-context.ts";

export const DELETE_REQUEST_MARKER = "<!-- devspaces:delete-request -->";

export async function deleteDevspace(context: CommandContext): Promise<string | undefined> {
  const { args, record, step, deps, github, intent } = context;
  const now = deps.now?.() ?? new Date();
  if (args.confirm !== "yes") {
    const minutes = Math.round(deps.config.deleteConfirmMs / 60_000);
    const graceDays = Math.round(deps.config.deleteGraceMs / 86_400_000);
    // Asking changes nothing in the cluster: the request lives only in this comment.
    await step.do("ask-confirmation", () =>
      github.upsertComment(
        intent.issue,
        DELETE_REQUEST_MARKER,
        [
          DELETE_REQUEST_MARKER,
          `⚠️ @${intent.sender.login} asked to delete this devspace (${formatTime(now)}).`,
          "",
          `This stops the workstation for good. A final snapshot is taken first, and your home volume and that snapshot are kept for ${graceDays} days, then removed.`,
          "",
          `To go ahead, comment \`/delete confirm\` within ${minutes} minutes. To keep the devspace, do nothing.`,
        ].join("\n"),
      ),
    );
    return undefined;
  }

  const request = await step.do("find-request", () => github.findComment(intent.issue, DELETE_REQUEST_MARKER));
  const askedAt = request ? Date.parse(request.updatedAt) : Number.NaN;
  if (!request || !(now.getTime() - askedAt <= deps.config.deleteConfirmMs)) {
    throw new DevspaceError(
      "delete.not_requested",
      "There is no recent `/delete` request to confirm, so nothing was changed. Comment `/delete` first, then `/delete confirm`.",
    );
  }
  const archived = await archiveDevspace(record, step, deps, { id: intent.commentId, requestedBy: intent.sender.login });
  return [
    "🗑️ This devspace is deleted: the workstation is stopped and can no longer be reached.",
    `The final snapshot \`${archived.finalSnapshot}\` and the home volume are kept until ${formatTime(new Date(archived.deleteAfter))}, then removed for good. Ask the platform team before then if you need them back.`,
  ].join("\n");
}
