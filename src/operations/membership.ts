/**
 * Team onboarding. A member added to an onboarding team gets a home issue ("Devspace for
 * @login", assigned to them, labelled) and a devspace provisioned from the defaults; an existing
 * devspace or home issue is reused, never duplicated, and an archived one within its grace
 * period is brought back. A member removed is offboarded: a note on the home issue, then the
 * same archive as /delete (access ends first, final snapshot, workstation stopped, removal
 * after the grace period by the scheduled purge).
 */
import { acquireLock, releaseLock } from "../cluster/lease-lock.ts";
import { ANNOTATION_ONBOARDED_BY_TEAM } from "../devspace/labels.ts";
import { slugFromLogin } from "../devspace/naming.ts";
import type { DevspaceRecord } from "../devspace/record.ts";
import type { HomeIssue } from "../devspace/types.ts";
import { DevspaceError } from "../errors.ts";
import type { GitHub } from "../github/port.ts";
import { formatTime } from "../github/render-status.ts";
import type { Step } from "../runner/step.ts";
import { archiveDevspace } from "./archive.ts";
import type { OperationDeps } from "./deps.ts";
import { listDevspaces } from "./find-devspace.ts";
import type { MembershipIntent } from "./intent.ts";
import { provision } from "./provision.ts";

export function homeIssueTitle(login: string): string {
  return `Devspace for @${login}`;
}

export async function onboard(intent: MembershipIntent, step: Step, deps: OperationDeps, runId: string): Promise<void> {
  const { cluster, config } = deps;
  const repository = config.onboarding.repository;
  if (!repository) throw new DevspaceError("onboard.no_repository", "DEVSPACES_REPOSITORY is not configured.");
  const github = deps.github(intent.installationId);
  const { member } = intent;
  const slug = slugFromLogin(member.login);
  const holder = { id: runId, operation: `onboarding of @${member.login}` };
  const lockOptions = { namespace: config.systemNamespace, ttlSeconds: config.lockTtlSeconds };

  // The lock makes "look for a home issue, else open one" safe against a second delivery.
  await step.do("onboard-lock", () => acquireLock(cluster, slug, holder, lockOptions));
  let home: HomeIssue;
  let opened = false;
  try {
    const existing = await step.do("onboard-find-devspace", () => findByUser(deps, member.id));
    if (existing) home = existing.home;
    else {
      const found = await step.do("onboard-home-issue", () => findOrOpenHomeIssue(github, repository, config.label, member.login));
      opened = found.opened === true;
      home = { owner: found.owner, repo: found.repo, number: found.number };
    }
  } catch (error) {
    await step.do("onboard-unlock-after-failure", () => releaseLock(cluster, slug, holder, lockOptions));
    throw error;
  }
  // Provision takes the same lock again (re-entrant for this run) and releases it when done.
  await provision(
    {
      kind: "provision",
      installationId: intent.installationId,
      issue: home,
      login: member.login,
      userId: member.id,
      form: config.onboarding.defaults,
      ...(opened ? { firstStatusWhenDone: true } : {}),
    },
    step,
    deps,
    runId,
  );
  await step.do("onboard-mark-team", () =>
    cluster
      .mergePatch(
        { apiVersion: "v1", kind: "Namespace", name: `${config.settings.namespacePrefix}${slug}` },
        { metadata: { annotations: { [ANNOTATION_ONBOARDED_BY_TEAM]: String(intent.team.id) } } },
      )
      .catch(() => undefined),
  );
}

export async function offboard(intent: MembershipIntent, step: Step, deps: OperationDeps, runId: string): Promise<void> {
  const { cluster, config } = deps;
  const record = await step.do("offboard-find-devspace", () => findByUser(deps, intent.member.id));
  if (!record || record.deleteAfter) return; // nothing to offboard, or already archived
  const github = deps.github(intent.installationId);
  const holder = { id: runId, operation: `offboarding of @${intent.member.login}` };
  const lockOptions = { namespace: config.systemNamespace, ttlSeconds: config.lockTtlSeconds };
  await step.do("offboard-lock", () => acquireLock(cluster, record.slug, holder, lockOptions));
  try {
    await step.do("offboard-note", () =>
      github.createComment(
        record.home,
        `👋 @${intent.member.login} left the @${intent.org}/${intent.team.slug} team, so this devspace is being offboarded: it is no longer reachable, and a final snapshot is being taken.`,
      ),
    );
    const archived = await archiveDevspace(record, step, deps, { id: `offboard-${runId}`, requestedBy: "team offboarding" });
    await step.do("offboard-done", () =>
      github.createComment(
        record.home,
        `🗄️ Offboarded. The final snapshot \`${archived.finalSnapshot}\` and the home volume are kept until ${formatTime(new Date(archived.deleteAfter))}, then removed for good. Adding @${intent.member.login} back to the team before then brings the devspace back.`,
      ),
    );
  } finally {
    await step.do("offboard-unlock", () => releaseLock(cluster, record.slug, holder, lockOptions));
  }
}

async function findByUser(deps: OperationDeps, userId: number): Promise<DevspaceRecord | undefined> {
  return (await listDevspaces(deps.cluster)).find((record) => record.userId === userId);
}

async function findOrOpenHomeIssue(
  github: GitHub,
  repository: { owner: string; repo: string },
  label: string,
  login: string,
): Promise<HomeIssue & { opened?: boolean }> {
  const open = await github.listOpenIssues(repository.owner, repository.repo, { label, assignee: login });
  const mine = open.find((issue) => issue.title === homeIssueTitle(login)) ?? open[0];
  if (mine) return { ...repository, number: mine.number };
  const number = await github.createIssue(repository.owner, repository.repo, {
    title: homeIssueTitle(login),
    body: [
      `Welcome, @${login}! This issue is the home of your devspace: a persistent workstation in the browser that only you can reach.`,
      "",
      "Its status and URL appear below once it is ready. Comment `/help` here for the commands (snapshots, restore, stop, start).",
    ].join("\n"),
    labels: [label],
    assignees: [login],
  });
  return { ...repository, number, opened: true };
}
