/**
 * The reconciler's decisions, pure: what GitHub says (open devspace issues in the devspaces
 * repository, the onboarding teams' rosters) against what the cluster holds (devspace
 * namespaces), turned into repairs to run and findings for a person. No I/O here; the
 * operation (src/operations/reconcile.ts) gathers the two views and carries the plan out.
 *
 * Who owns an issue: a request issue (opened by a person through the form) belongs to its
 * author; a home issue (opened by the App for an onboarded member, "Devspace for @login")
 * belongs to its assignee.
 *
 * Repairs (each one an event GitHub never delivered, or a run a restart cut short):
 * - **provision** an open request issue with a valid form that has no devspace, was never
 *   answered (no status comment of ours on it) and is old enough for its own webhook to have
 *   arrived; or one whose devspace is stuck in "provisioning" with nobody holding its lock.
 * - **onboard** an active member of an onboarding team who has no devspace, whose devspace
 *   was archived by offboarding (they were added back), or whose onboarding was cut short.
 * - **offboard** a live devspace a team onboarded whose owner is in no onboarding team any
 *   more. Never while a configured team cannot be found: a deleted team offboards nobody.
 *
 * Findings (reported in the tracking issue, never acted on):
 * - **orphan**: a live devspace whose home issue (in the devspaces repository) is not open
 *   and whose owner is in no onboarding team. Nobody can reach it with a command and nothing
 *   keeps it, but it may hold someone's work, so a person decides.
 * - **incomplete**: a namespace labelled as ours that does not read as a devspace.
 * - **issue without devspace**: an open issue we answered once whose devspace is gone (for
 *   example purged after /delete): it is not provisioned again behind anyone's back.
 * - **missing teams**: configured onboarding team ids GitHub does not list in the organisation.
 *
 * Not judged: archived devspaces (the purge owns them), and devspaces whose home issue lives in
 * another repository (the reconciler reads only the devspaces repository).
 */
import { slugFromLogin } from "./naming.ts";
import type { DevspaceRecord } from "./record.ts";
import { snapshotName } from "./snapshots.ts";
import type { DevspaceForm, HomeIssue } from "./types.ts";

export interface IssueView {
  number: number;
  title: string;
  author: { login: string; id: number; type: string };
  assignees: Array<{ login: string; id: number }>;
  /** ISO time. */
  createdAt: string;
  comments: number;
  /** The request form read from the body; undefined when the body is not a valid form. */
  form?: DevspaceForm;
}

export interface TeamView {
  id: number;
  slug: string;
  members: Array<{ login: string; id: number; type: string }>;
}

export interface ReconcileInput {
  repository: { owner: string; repo: string };
  /** Open issues carrying the devspace label, oldest first. */
  issues: IssueView[];
  /** Rosters of the configured onboarding teams that GitHub lists, in configuration order. */
  teams: TeamView[];
  /** Configured team ids that GitHub does not list in the organisation. */
  missingTeamIds: number[];
  devspaces: DevspaceRecord[];
  /** Namespaces labelled as ours that do not read as a devspace. */
  incomplete: string[];
  /** Slugs whose lock is held right now (only looked up for unfinished devspaces). */
  locked: string[];
  /** Request issues (by number) that carry our status comment: see issuesToCheck. */
  answered: number[];
  now: Date;
  /** Issues younger than this are left to their own webhook, which may still be on its way. */
  minIssueAgeMs: number;
}

export type ReconcileAction =
  | {
      kind: "provision";
      reason: "missed-request" | "interrupted";
      slug: string;
      issue: number;
      login: string;
      userId: number;
      form: DevspaceForm;
    }
  | {
      kind: "onboard";
      reason: "missed-added" | "added-back" | "interrupted";
      slug: string;
      member: { login: string; id: number };
      team: { id: number; slug: string };
    }
  | {
      kind: "offboard";
      slug: string;
      namespace: string;
      member: { login: string; id: number };
      team: { id: number; slug: string };
    };

export type ReconcileFinding =
  | { kind: "orphan"; namespace: string; login: string; home: HomeIssue; state: string }
  | { kind: "incomplete"; namespace: string }
  | { kind: "issue-without-devspace"; issue: number; login: string }
  | { kind: "missing-teams"; teamIds: number[] };

export interface ReconcilePlan {
  actions: ReconcileAction[];
  findings: ReconcileFinding[];
  /** What was looked at and deliberately left alone, with why (for the log). */
  skipped: Array<{ what: string; why: string }>;
}

/** The title membership.ts gives a home issue: "Devspace for @login". */
const HOME_ISSUE_TITLE = /^Devspace for @([A-Za-z0-9-]+)$/;
/** States of a devspace whose provisioning never finished (no state is written before the first apply). */
const UNFINISHED = new Set(["provisioning", "unknown"]);
/** Offboarding names its final snapshot `final-offboard-<run>` (membership.ts); /delete uses the comment id. */
const OFFBOARD_SNAPSHOT_PREFIX = snapshotName("final", "offboard-");

export type IssueOwner = { kind: "request" | "home"; login: string; id: number } | { kind: "other" };

/** Who an open devspace issue belongs to. */
export function issueOwner(issue: IssueView): IssueOwner {
  if (issue.author.type !== "Bot") return { kind: "request", login: issue.author.login, id: issue.author.id };
  const login = HOME_ISSUE_TITLE.exec(issue.title)?.[1];
  const assignee = login ? issue.assignees.find((a) => a.login.toLowerCase() === login.toLowerCase()) : undefined;
  return assignee ? { kind: "home", login: assignee.login, id: assignee.id } : { kind: "other" };
}

/** Whether an archived devspace was archived by offboarding (rather than by its owner's /delete). */
export function archivedByOffboarding(record: DevspaceRecord): boolean {
  return record.deleteAfter !== undefined && (record.finalSnapshot ?? "").startsWith(OFFBOARD_SNAPSHOT_PREFIX);
}

/**
 * The request issues whose fate depends on whether we ever answered them: open, old enough,
 * with comments, and no devspace. The operation looks for our status comment on these only.
 */
export function issuesToCheck(input: Omit<ReconcileInput, "answered">): number[] {
  const byHome = indexByHome(input.devspaces);
  return input.issues
    .filter((issue) => issueOwner(issue).kind === "request" && issue.comments > 0 && oldEnough(issue, input))
    .filter((issue) => !byHome.has(homeKey({ ...input.repository, number: issue.number })))
    .map((issue) => issue.number);
}

export function planReconcile(input: ReconcileInput): ReconcilePlan {
  const plan: ReconcilePlan = { actions: [], findings: [], skipped: [] };
  const byHome = indexByHome(input.devspaces);
  const byUser = new Map<number, DevspaceRecord>();
  const bySlug = new Map<string, DevspaceRecord>();
  for (const record of input.devspaces) {
    // A live devspace speaks for its owner before an archived one.
    if (!byUser.has(record.userId) || !record.deleteAfter) byUser.set(record.userId, record);
    bySlug.set(record.slug, record);
  }
  const locked = new Set(input.locked);
  const answered = new Set(input.answered);
  const members = new Map<number, TeamView>();
  for (const team of input.teams) {
    for (const member of team.members) if (!members.has(member.id)) members.set(member.id, team);
  }
  // One repair per person and per devspace name in a run.
  const claimedUsers = new Set<number>();
  const claimedSlugs = new Set<string>();
  const claim = (userId: number, slug: string) => {
    claimedUsers.add(userId);
    claimedSlugs.add(slug);
  };
  const interrupted = (record: DevspaceRecord) => !record.deleteAfter && UNFINISHED.has(record.state) && !locked.has(record.slug);

  // Request issues: the person asked; the issue is the record of it.
  for (const issue of input.issues) {
    const owner = issueOwner(issue);
    const what = `${input.repository.owner}/${input.repository.repo}#${issue.number}`;
    if (owner.kind !== "request") continue;
    const record = byHome.get(homeKey({ ...input.repository, number: issue.number }));
    if (record) {
      if (!interrupted(record)) continue;
      if (!issue.form) {
        plan.skipped.push({ what, why: "its provisioning was cut short, but its form is no longer valid" });
        continue;
      }
      plan.actions.push({ kind: "provision", reason: "interrupted", slug: record.slug, issue: issue.number, login: owner.login, userId: owner.id, form: issue.form });
      claim(owner.id, record.slug);
      continue;
    }
    if (!oldEnough(issue, input)) {
      plan.skipped.push({ what, why: "opened moments ago; its own webhook may still be on its way" });
      continue;
    }
    if (answered.has(issue.number)) {
      plan.findings.push({ kind: "issue-without-devspace", issue: issue.number, login: owner.login });
      continue;
    }
    if (!issue.form) {
      plan.skipped.push({ what, why: "its form is not valid" });
      continue;
    }
    const slug = slugFromLogin(owner.login);
    const elsewhere = byUser.get(owner.id);
    if (elsewhere) {
      plan.skipped.push({ what, why: `@${owner.login} already has a devspace (${elsewhere.namespace})` });
      continue;
    }
    if (bySlug.has(slug)) {
      plan.skipped.push({ what, why: `the devspace name ${slug} belongs to @${bySlug.get(slug)?.login}` });
      continue;
    }
    if (claimedUsers.has(owner.id) || claimedSlugs.has(slug)) {
      plan.skipped.push({ what, why: `an older request of @${owner.login} is provisioned in this run` });
      continue;
    }
    plan.actions.push({ kind: "provision", reason: "missed-request", slug, issue: issue.number, login: owner.login, userId: owner.id, form: issue.form });
    claim(owner.id, slug);
  }

  // Team members: membership is the request.
  for (const team of input.teams) {
    for (const member of team.members) {
      if (member.type === "Bot" || claimedUsers.has(member.id)) continue;
      const record = byUser.get(member.id);
      const reason = !record
        ? "missed-added"
        : archivedByOffboarding(record)
          ? "added-back"
          : interrupted(record)
            ? "interrupted"
            : undefined;
      if (!reason) continue;
      const slug = record?.slug ?? slugFromLogin(member.login);
      if (claimedSlugs.has(slug) || (!record && bySlug.has(slug))) {
        plan.skipped.push({ what: `@${member.login}`, why: `the devspace name ${slug} is taken` });
        continue;
      }
      plan.actions.push({ kind: "onboard", reason, slug, member: { login: member.login, id: member.id }, team: { id: team.id, slug: team.slug } });
      claim(member.id, slug);
    }
  }

  // Offboarding: only with every roster in hand, since a missing one would look like everyone left.
  const offboarded = new Set<string>();
  if (input.missingTeamIds.length > 0) {
    plan.findings.push({ kind: "missing-teams", teamIds: [...input.missingTeamIds].sort((a, b) => a - b) });
  } else {
    for (const record of input.devspaces) {
      if (record.onboardedByTeam === undefined || record.deleteAfter || members.has(record.userId) || claimedSlugs.has(record.slug)) continue;
      const team = input.teams.find((t) => t.id === record.onboardedByTeam) ?? { id: record.onboardedByTeam, slug: `team-${record.onboardedByTeam}` };
      plan.actions.push({ kind: "offboard", slug: record.slug, namespace: record.namespace, member: { login: record.login, id: record.userId }, team: { id: team.id, slug: team.slug } });
      offboarded.add(record.namespace);
    }
  }

  // Home issues whose member has gone and whose devspace is gone too.
  for (const issue of input.issues) {
    const owner = issueOwner(issue);
    if (owner.kind !== "home" || members.has(owner.id) || !oldEnough(issue, input)) continue;
    if (!byHome.has(homeKey({ ...input.repository, number: issue.number }))) {
      plan.findings.push({ kind: "issue-without-devspace", issue: issue.number, login: owner.login });
    }
  }

  // Orphans: alive, unreachable by any open issue, and kept by no team.
  const open = new Set(input.issues.map((issue) => homeKey({ ...input.repository, number: issue.number })));
  const rostersComplete = input.missingTeamIds.length === 0;
  for (const record of input.devspaces) {
    if (record.deleteAfter || offboarded.has(record.namespace) || claimedSlugs.has(record.slug)) continue;
    if (!sameRepository(record.home, input.repository) || open.has(homeKey(record.home))) continue;
    if (members.has(record.userId)) continue;
    // A member of a team GitHub could not list may still be kept by it: not an orphan we can name.
    if (!rostersComplete && record.onboardedByTeam !== undefined) continue;
    plan.findings.push({ kind: "orphan", namespace: record.namespace, login: record.login, home: record.home, state: record.state });
  }
  for (const namespace of [...input.incomplete].sort()) plan.findings.push({ kind: "incomplete", namespace });

  plan.findings.sort(compareFindings);
  return plan;
}

function oldEnough(issue: IssueView, input: Pick<ReconcileInput, "now" | "minIssueAgeMs">): boolean {
  return input.now.getTime() - Date.parse(issue.createdAt) >= input.minIssueAgeMs;
}

function homeKey(home: HomeIssue): string {
  return `${home.owner}/${home.repo}#${home.number}`.toLowerCase();
}

function sameRepository(home: HomeIssue, repository: { owner: string; repo: string }): boolean {
  return home.owner.toLowerCase() === repository.owner.toLowerCase() && home.repo.toLowerCase() === repository.repo.toLowerCase();
}

function indexByHome(devspaces: DevspaceRecord[]): Map<string, DevspaceRecord> {
  const byHome = new Map<string, DevspaceRecord>();
  for (const record of devspaces) {
    const key = homeKey(record.home);
    if (!byHome.has(key) || !record.deleteAfter) byHome.set(key, record);
  }
  return byHome;
}

/** Findings in a stable order, so the same state renders the same report. */
function compareFindings(a: ReconcileFinding, b: ReconcileFinding): number {
  const order = ["orphan", "incomplete", "issue-without-devspace", "missing-teams"];
  const key = (f: ReconcileFinding) => ("namespace" in f ? f.namespace : "issue" in f ? String(f.issue).padStart(10, "0") : "");
  return order.indexOf(a.kind) - order.indexOf(b.kind) || key(a).localeCompare(key(b));
}
