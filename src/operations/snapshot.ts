/**
 * /snapshot [label]: a VolumeSnapshot of the home volume, named after the comment, so a
 * redelivered command finds the snapshot it already made. Waits (bounded) until it is ready.
 */
import { buildVolumeSnapshot, HOME_CLAIM_NAME, snapshotName } from "../devspace/snapshots.ts";
import { DevspaceError } from "../errors.ts";
import { formatTime } from "../github/render-status.ts";
import type { CommandContext } from "./command-context.ts";
import { waitForSnapshot } from "./wait-snapshot.ts";

export async function takeSnapshot({ intent, args, record, step, deps }: CommandContext): Promise<string> {
  const { cluster, config } = deps;
  const name = snapshotName("manual", intent.commentId);
  const label = args.label;
  await step.do("create-snapshot", async () => {
    const claim = await cluster.get({ apiVersion: "v1", kind: "PersistentVolumeClaim", namespace: record.namespace, name: HOME_CLAIM_NAME });
    if (!claim) throw new DevspaceError("snapshot.no_volume", "This devspace has no home volume yet, so there is nothing to snapshot.");
    await cluster.create(
      buildVolumeSnapshot({
        namespace: record.namespace,
        slug: record.slug,
        name,
        kind: "manual",
        label,
        requestedBy: intent.sender.login,
        className: config.snapshotClass,
      }),
    );
  });
  const view = await waitForSnapshot(step, cluster, record.namespace, name, config.snapshotTimeoutMs);
  const taken = view.createdAt ? formatTime(new Date(view.createdAt)) : "just now";
  return [
    `📸 Snapshot \`${name}\`${label ? ` (label \`${label}\`)` : ""} is ready: ${view.restoreSize ?? "size unknown"}, taken ${taken}.`,
    `Roll back to it with \`/restore ${label ?? name}\`.`,
  ].join("\n");
}
