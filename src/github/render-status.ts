/**
 * The devspace's status comment: one per devspace, found by its marker and edited in place.
 */
import type { SizeName } from "../devspace/types.ts";
import { statusMarker } from "./markers.ts";

export type DevspaceState = "provisioning" | "ready" | "failed" | "stopped";

export interface StatusView {
  slug: string;
  login: string;
  state: DevspaceState;
  url: string;
  namespace: string;
  size: SizeName;
  homeVolumeGi: number;
  /** Plain-language detail: what is happening, or what went wrong. */
  detail?: string;
  updatedAt: Date;
}

const STATE_LABEL: Record<DevspaceState, string> = {
  provisioning: "🟡 Provisioning",
  ready: "🟢 Ready",
  failed: "🔴 Failed",
  stopped: "⚪ Stopped",
};

export function renderStatus(view: StatusView): string {
  const rows: Array<[string, string]> = [
    ["State", STATE_LABEL[view.state]],
    ["URL", view.state === "ready" ? view.url : `${view.url} (not serving yet)`],
    ["Size", `${view.size}, ${view.homeVolumeGi} GiB home volume`],
    ["Namespace", `\`${view.namespace}\``],
  ];
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
  lines.push(`<sub>Updated ${formatTime(view.updatedAt)} by Devspaces.</sub>`);
  return lines.join("\n");
}

function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
