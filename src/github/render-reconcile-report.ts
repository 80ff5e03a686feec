/**
 * The reconciler's tracking issue: one issue in the devspaces repository, found again by its
 * hidden marker and edited in place. Its body depends only on what was found (no times), so
 * a run that finds the same things changes nothing on GitHub.
 */
import type { ReconcileFinding } from "../devspace/reconcile-plan.ts";
import { formatHomeIssue } from "../devspace/record.ts";

export const RECONCILE_MARKER = "<!-- devspaces:reconcile -->";
export const RECONCILE_TITLE = "Devspaces: orphaned devspaces";
/** The tracking issue carries this label (not the devspace label), so it is listed on its own. */
export const RECONCILE_LABEL = "devspaces-reconciler";

export function renderReconcileReport(findings: readonly ReconcileFinding[], repository: { owner: string; repo: string }): string {
  const lines = [
    RECONCILE_MARKER,
    `The scheduled reconciler compares the open \`devspace\` issues in ${repository.owner}/${repository.repo} and the onboarding teams with the devspaces in the cluster. It repairs missed webhooks by itself; what is listed here needs a person. **Nothing listed here is deleted automatically.**`,
  ];
  const orphans = findings.filter((f) => f.kind === "orphan");
  const incomplete = findings.filter((f) => f.kind === "incomplete");
  const withoutDevspace = findings.filter((f) => f.kind === "issue-without-devspace");
  const missingTeams = findings.flatMap((f) => (f.kind === "missing-teams" ? f.teamIds : []));

  if (findings.length === 0) {
    lines.push("", "✅ Nothing to report: every devspace has an open issue or an onboarding team behind it. This issue is closed until something turns up.");
    return lines.join("\n");
  }
  if (orphans.length > 0) {
    lines.push(
      "",
      "### Orphaned devspaces",
      "",
      "No open issue leads to these, and their owners are in no onboarding team, so nobody can run a command on them. Reopen the home issue to hand one back to its owner, or reopen it and comment `/delete` to remove it with a final snapshot.",
      "",
      "| Namespace | Owner | Home issue (not open) | State |",
      "|---|---|---|---|",
      ...orphans.map((f) => `| \`${f.namespace}\` | @${f.login} | ${formatHomeIssue(f.home)} | ${f.state} |`),
    );
  }
  if (incomplete.length > 0) {
    lines.push(
      "",
      "### Namespaces that do not read as a devspace",
      "",
      "These carry the `app.kubernetes.io/managed-by=devspaces` label but lack the owner or home-issue annotations (perhaps a provisioning that failed at its first step, or a hand-made namespace). Look at them with `kubectl describe namespace`.",
      "",
      ...incomplete.map((f) => `- \`${f.namespace}\``),
    );
  }
  if (withoutDevspace.length > 0) {
    lines.push(
      "",
      "### Open issues whose devspace is gone",
      "",
      "Devspaces answered these once, but the devspace no longer exists (for example it was removed after `/delete`, or its member left the team). They are not provisioned again on their own; close them, or label them again to ask for a new devspace.",
      "",
      ...withoutDevspace.map((f) => `- #${f.issue} (@${f.login})`),
    );
  }
  if (missingTeams.length > 0) {
    lines.push(
      "",
      "### Onboarding teams not found",
      "",
      `GitHub does not list ${missingTeams.map((id) => `team ${id}`).join(", ")} in the ${repository.owner} organisation (deleted, or in another organisation: onboarding teams must belong to the organisation that owns ${repository.owner}/${repository.repo}). Until every configured team is found, nobody is offboarded by the reconciler. Fix \`DEVSPACES_ONBOARDING_TEAM_IDS\`.`,
    );
  }
  return lines.join("\n");
}
