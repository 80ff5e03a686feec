/**
 * Who may run a command on a devspace: its owner (by GitHub user id, which survives renames),
 * or a member of the configured admin team, checked live with GitHub.
 */
import type { DevspaceRecord } from "../devspace/record.ts";
import type { GitHub } from "../github/port.ts";
import type { OperationDeps } from "./deps.ts";

export type Authorization = { ok: true; as: "owner" | "admin" } | { ok: false; message: string };

export async function authorize(
  deps: Pick<OperationDeps, "config">,
  github: GitHub,
  record: DevspaceRecord | undefined,
  sender: { login: string; id: number },
): Promise<Authorization> {
  if (record && record.userId === sender.id) return { ok: true, as: "owner" };
  const team = deps.config.adminTeam;
  if (team && (await github.isTeamMember(team.org, team.slug, sender.login))) return { ok: true, as: "admin" };
  const owner = record ? `@${record.login}` : "the devspace's owner";
  return {
    ok: false,
    message: `@${sender.login}, only ${owner} and the platform admins can run commands on this devspace. Nothing was changed.`,
  };
}
