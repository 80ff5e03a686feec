/**
 * The devspace's status comment: one per devspace, found by its marker and edited in place.
 */
import type { SnapshotView } from "../devspace/snapshots.ts";
import { statusMarker } from "./markers.ts";

export type DevspaceState = "provisioning" | "ready" | "failed" | "stopped" | "restoring" | "archived";

/** What `/status` adds: read live from the cluster. */
export interface StatusDetails {
  pod: string;
  image?: string;
  volumeCapacity?: string;
  age?: string;
  snapshots: SnapshotView[];
}

export interface StatusView {
  slug: string;
  login: string;
  state: DevspaceState;
  url: string;
  namespace: string;
  size: string;
  /** e.g. "20Gi" */
  homeVolume: string;
  /** Plain-language detail: what is happening, or what went wrong. */
  detail?: string;
  details?: StatusDetails;
  updatedAt: Date;
}

const STATE_LABEL: Record<DevspaceState, string> = {
  provisioning: "🟡 Provisioning",
  ready: "🟢 Ready",
  failed: "🔴 Failed",
  stopped: "⚪ Stopped",
  restoring: "🟡 Restoring",
  archived: "🗄️ Deleted (data kept for the grace period)",
};

export function renderStatus(view: StatusView): string {
  const rows: Array<[string, string]> = [
    ["State", STATE_LABEL[view.state]],
    ["URL", view.state === "ready" ? view.url : `${view.url} (not serving yet)`],
    ["Size", `${view.size}, ${view.homeVolume} home volume`],
    ["Namespace", `\`${view.namespace}\``],
  ];
  if (view.details) {
    rows.push(["Pod", view.details.pod]);
    if (view.details.image) rows.push(["Image", `\`${view.details.image}\``]);
    if (view.details.volumeCapacity) rows.push(["Volume capacity", view.details.volumeCapacity]);
    if (view.details.age) rows.push(["Age", view.details.age]);
  }
  const lines = [
    statusMarker(view.slug),
    `### Devspace for @${view.login}`,
    "",
    "| | |",
    "|---|---|",
    ...rows.map(([key, value]) => `| ${key} | ${value} |`),
    "",
  ];
  if (view.detail) lines.push(view.detail, "");
  if (view.state === "ready") {
    lines.push(`Open ${view.url} and sign in with GitHub as @${view.login}. Only you can get in.`, "");
  }
  if (view.details) lines.push(renderSnapshots(view.details.snapshots), "");
  lines.push(`<sub>Updated ${formatTime(view.updatedAt)} by Devspaces. Comment \`/help\` for commands.</sub>`);
  return lines.join("\n");
}

function renderSnapshots(snapshots: SnapshotView[]): string {
  if (snapshots.length === 0) return "No snapshots yet. Comment `/snapshot [label]` to take one.";
  return [
    "<details><summary>Snapshots</summary>",
    "",
    "| Name | Label | Kind | Taken | Size | Ready |",
    "|---|---|---|---|---|---|",
    ...snapshots.map(
      (s) =>
        `| \`${s.name}\` | ${s.label ?? ""} | ${s.kind} | ${s.createdAt ? formatTime(new Date(s.createdAt)) : ""} | ${s.restoreSize ?? ""} | ${s.error ? `❌ ${s.error}` : s.readyToUse ? "✅" : "⏳"} |`,
    ),
    "",
    "</details>",
  ].join("\n");
}

export function formatTime(date: Date): string {
  return Number.isNaN(date.getTime()) ? "unknown" : `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
