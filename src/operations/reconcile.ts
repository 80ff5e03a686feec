/**
 * The reconciler: GitHub never redelivers a failed webhook by itself, so on the schedule this
 * compares what GitHub says with what the cluster holds and repairs the difference (see
 * src/devspace/reconcile-plan.ts for the rules). It reads:
 *
 * - the open issues labelled `devspace` in DEVSPACES_REPOSITORY (one paginated list);
 * - the onboarding teams: `GET /orgs/{org}/teams` maps each configured team id to its current
 *   slug, then each roster is listed. The org is the owner of DEVSPACES_REPOSITORY, so the
 *   onboarding teams must belong to that organisation;
 * - the devspace namespaces (one list), and the lock of any devspace left half-provisioned.
 *
 * Repairs run through the same operations a webhook starts (provision, onboard, offboard), a
 * few at a time, each under its devspace's lock and each in its own named steps. Findings that
 * need a person go into one tracking issue, found again by its marker and edited in place:
 * never a second one, and no write at all when nothing changed. Nothing is ever deleted here.
 */
import { acquireLock, BusyError, leaseName, releaseLock } from "../cluster/lease-lock.ts";
import { LABEL_MANAGED_BY, MANAGED_BY } from "../devspace/labels.ts";
import { slugFromLogin } from "../devspace/naming.ts";
import {
  type IssueView,
  issuesToCheck,
  planReconcile,
  type ReconcileAction,
  type ReconcileFinding,
  type ReconcileInput,
  type TeamView,
} from "../devspace/reconcile-plan.ts";
import { type DevspaceRecord, readDevspaceRecord } from "../devspace/record.ts";
import type { KubeObject } from "../devspace/types.ts";
import { DevspaceError, describeError } from "../errors.ts";
import { parseIssueForm } from "../github/issue-form.ts";
import { statusMarker } from "../github/markers.ts";
import type { GitHub } from "../github/port.ts";
import { RECONCILE_LABEL, RECONCILE_MARKER, RECONCILE_TITLE, renderReconcileReport } from "../github/render-reconcile-report.ts";
import type { Step } from "../runner/step.ts";
import type { OperationDeps } from "./deps.ts";
import { mapBounded } from "./map-bounded.ts";
import { offboard, onboard } from "./membership.ts";
import { provision } from "./provision.ts";

/** Issues younger than this are left to their own webhook. */
export const RECONCILE_MIN_ISSUE_AGE_MS = 10 * 60_000;
/** Repairs running at once: each waits for a workstation to be Ready, so a few at a time. */
const REPAIR_CONCURRENCY = 4;
/** The report's lock; `---` followed by four letters is no login's slug (see naming.ts), so no devspace shares it. */
const REPORT_LOCK = "reconciler---lock";

type Repository = { owner: string; repo: string };

export interface RepairOutcome {
  action: ReconcileAction;
  result: "done" | "skipped" | "failed";
  reason?: string;
}

export interface ReconcileOutcome {
  repairs: RepairOutcome[];
  findings: ReconcileFinding[];
  /** What happened to the tracking issue. */
  report: { issue?: number; change: "created" | "updated" | "reopened" | "closed" | "unchanged" | "none" | "skipped" };
}

interface GitHubView {
  issues: IssueView[];
  teams: TeamView[];
  missingTeamIds: number[];
}

interface ClusterView {
  devspaces: DevspaceRecord[];
  incomplete: string[];
  locked: string[];
  /** When the cluster was read (a Workflow replays steps, so time comes from a step too). */
  now: string;
}

export async function reconcile(step: Step, deps: OperationDeps, runId: string): Promise<ReconcileOutcome | undefined> {
  const repository = deps.config.onboarding.repository;
  if (!repository) {
    deps.log("reconcile skipped: DEVSPACES_REPOSITORY is not set");
    return undefined;
  }
  if (!deps.githubForRepository) throw new DevspaceError("reconcile.no_github", "No GitHub client for repositories is configured.");
  const github = await deps.githubForRepository(repository.owner, repository.repo);

  const githubView = await step.do("reconcile-read-github", () => readGitHub(github, deps, repository));
  const clusterView = await step.do("reconcile-read-cluster", () => readCluster(deps));
  const base: Omit<ReconcileInput, "answered"> = {
    repository,
    ...githubView,
    ...clusterView,
    now: new Date(clusterView.now),
    minIssueAgeMs: RECONCILE_MIN_ISSUE_AGE_MS,
  };
  const toCheck = issuesToCheck(base);
  const answered = await step.do("reconcile-read-answered", () => readAnswered(github, repository, githubView.issues, toCheck));
  const plan = planReconcile({ ...base, answered });
  for (const skipped of plan.skipped) deps.log("reconcile left alone", skipped);

  // The repairs act for the repository's installation (no webhook brought an installation id),
  // so every GitHub call of the operations goes through that client.
  const repairDeps: OperationDeps = { ...deps, github: () => github };
  const repairs = await mapBounded(plan.actions, REPAIR_CONCURRENCY, (action) =>
    repair(action, scopedStep(step, `reconcile/${action.slug}`), repairDeps, `${runId}/reconcile/${action.slug}`, repository),
  );
  const report = await step.do("reconcile-report", () => upsertReport(github, deps, repository, plan.findings, runId));

  const count = (result: RepairOutcome["result"]) => repairs.filter((r) => r.result === result).length;
  deps.log("reconcile finished", {
    repaired: count("done"),
    skipped: count("skipped"),
    failed: count("failed"),
    repairs: repairs.map((r) => `${r.action.kind} ${r.action.slug}: ${r.result}${r.reason ? ` (${r.reason})` : ""}`),
    findings: plan.findings.length,
    report: report.change,
  });
  return { repairs, findings: plan.findings, report };
}

async function readGitHub(github: GitHub, deps: OperationDeps, repository: Repository): Promise<GitHubView> {
  const listed = await github.listOpenIssues(repository.owner, repository.repo, { label: deps.config.label });
  const issues = listed.map((issue): IssueView => {
    const form = issue.author.type === "Bot" ? undefined : parseIssueForm(issue.body);
    return {
      number: issue.number,
      title: issue.title,
      author: issue.author,
      assignees: issue.assignees,
      createdAt: issue.createdAt,
      comments: issue.comments,
      ...(form?.ok ? { form: form.value } : {}),
    };
  });
  const teamIds = deps.config.onboarding.teamIds;
  if (teamIds.length === 0) return { issues, teams: [], missingTeamIds: [] };

  const org = repository.owner;
  const known = await github.listTeams(org).catch((error: unknown) => {
    // Not an organisation (or no access to its teams): every configured team counts as missing.
    if ((error as { status?: number }).status === 404) return [];
    throw error;
  });
  const teams: TeamView[] = [];
  const missingTeamIds: number[] = [];
  for (const id of teamIds) {
    const team = known.find((t) => t.id === id);
    if (!team) {
      missingTeamIds.push(id);
      continue;
    }
    teams.push({ id, slug: team.slug, members: await github.listTeamMembers(org, team.slug) });
  }
  return { issues, teams, missingTeamIds };
}

async function readCluster({ cluster, config, now }: OperationDeps): Promise<ClusterView> {
  const prefix = config.settings.namespacePrefix;
  const namespaces = await cluster.list<KubeObject>({ apiVersion: "v1", kind: "Namespace", labelSelector: `${LABEL_MANAGED_BY}=${MANAGED_BY}` });
  const devspaces: DevspaceRecord[] = [];
  const incomplete: string[] = [];
  for (const namespace of namespaces) {
    // Namespaces on their way out, and another installation's (another prefix), are not ours to judge.
    if ((namespace.status as { phase?: string } | undefined)?.phase === "Terminating") continue;
    if (!namespace.metadata.name.startsWith(prefix)) continue;
    const record = readDevspaceRecord(namespace);
    if (!record) incomplete.push(namespace.metadata.name);
    else if (record.namespace === `${prefix}${record.slug}`) devspaces.push(record);
  }
  const at = now?.() ?? new Date();
  const unfinished = devspaces.filter((r) => !r.deleteAfter && (r.state === "provisioning" || r.state === "unknown"));
  const locked: string[] = [];
  for (const record of unfinished) {
    if (await isLocked(cluster, config.systemNamespace, record.slug, at)) locked.push(record.slug);
  }
  return { devspaces, incomplete, locked, now: at.toISOString() };
}

/** Whether someone holds the devspace's lock now (the rule acquireLock applies). */
async function isLocked(cluster: OperationDeps["cluster"], namespace: string, slug: string, now: Date): Promise<boolean> {
  const lease = await cluster.get<KubeObject & { spec?: { holderIdentity?: string; renewTime?: string; leaseDurationSeconds?: number } }>({
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    namespace,
    name: leaseName(slug),
  });
  const spec = lease?.spec;
  if (!spec?.holderIdentity) return false;
  const renewed = spec.renewTime ? Date.parse(spec.renewTime) : 0;
  return renewed + (spec.leaseDurationSeconds ?? 0) * 1000 >= now.getTime();
}

/** The request issues (of those that need the answer) that carry our status comment. */
async function readAnswered(github: GitHub, repository: Repository, issues: IssueView[], numbers: number[]): Promise<number[]> {
  const found = await mapBounded(numbers, 4, async (number) => {
    const issue = issues.find((i) => i.number === number);
    if (!issue) return undefined;
    const comment = await github.findComment({ ...repository, number }, statusMarker(slugFromLogin(issue.author.login)));
    return comment ? number : undefined;
  });
  return found.filter((n): n is number => n !== undefined);
}

async function repair(action: ReconcileAction, step: Step, deps: OperationDeps, runId: string, repository: Repository): Promise<RepairOutcome> {
  try {
    // The operations take an installation id only to pick a client; deps.github ignores it here.
    const installationId = 0;
    switch (action.kind) {
      case "provision": {
        if (action.reason === "missed-request") {
          // A namespace of that name we did not list (not ours, or being deleted): provisioning would only refuse.
          const name = `${deps.config.settings.namespacePrefix}${action.slug}`;
          const taken = await step.do("check-name", () => deps.cluster.get<KubeObject>({ apiVersion: "v1", kind: "Namespace", name }));
          if (taken) return { action, result: "skipped", reason: `the namespace ${name} exists and is not a devspace we can rebuild` };
        }
        await provision(
          { kind: "provision", installationId, issue: { ...repository, number: action.issue }, login: action.login, userId: action.userId, form: action.form },
          step,
          deps,
          runId,
        );
        return { action, result: "done" };
      }
      case "onboard":
        await onboard({ kind: "onboard", installationId, org: repository.owner, team: action.team, member: action.member }, step, deps, runId);
        return { action, result: "done" };
      case "offboard":
        await offboard({ kind: "offboard", installationId, org: repository.owner, team: action.team, member: action.member }, step, deps, runId);
        return { action, result: "done" };
    }
  } catch (error) {
    const busy = error instanceof BusyError;
    deps.log(`reconcile ${action.kind} ${busy ? "skipped" : "failed"}`, { slug: action.slug, error: String(error) });
    return { action, result: busy ? "skipped" : "failed", reason: describeError(error) };
  }
}

/**
 * Creates, edits, reopens or closes the one tracking issue. A run that would change nothing
 * writes nothing (not even the lock); a change is made under a lock and decided again there,
 * so two overlapping runs cannot both find no issue and both open one.
 */
async function upsertReport(
  github: GitHub,
  deps: OperationDeps,
  repository: Repository,
  findings: ReconcileFinding[],
  runId: string,
): Promise<ReconcileOutcome["report"]> {
  const body = renderReconcileReport(findings, repository);
  const first = decideReport(await findReport(github, repository), findings.length > 0, body);
  if (first.change === "none" || first.change === "unchanged") return { ...(first.issue ? { issue: first.issue } : {}), change: first.change };

  const holder = { id: `${runId}/reconcile-report`, operation: "the reconciler's report" };
  const lockOptions = { namespace: deps.config.systemNamespace, ttlSeconds: deps.config.lockTtlSeconds };
  try {
    await acquireLock(deps.cluster, REPORT_LOCK, holder, lockOptions);
  } catch (error) {
    if (error instanceof BusyError) return { change: "skipped" };
    throw error;
  }
  try {
    const { owner, repo } = repository;
    const decision = decideReport(await findReport(github, repository), findings.length > 0, body);
    switch (decision.change) {
      case "none":
      case "unchanged":
        return { ...(decision.issue ? { issue: decision.issue } : {}), change: decision.change };
      case "created": {
        const number = await github.createIssue(owner, repo, { title: RECONCILE_TITLE, body, labels: [RECONCILE_LABEL], assignees: [] });
        return { issue: number, change: "created" };
      }
      default:
        await github.updateIssue(owner, repo, decision.issue, decision.changes);
        return { issue: decision.issue, change: decision.change };
    }
  } finally {
    await releaseLock(deps.cluster, REPORT_LOCK, holder, lockOptions);
  }
}

type ReportIssue = Awaited<ReturnType<GitHub["findIssueByMarker"]>>;
type ReportDecision =
  | { change: "none"; issue?: number }
  | { change: "unchanged"; issue: number }
  | { change: "created" }
  | { change: "updated" | "reopened" | "closed"; issue: number; changes: { title?: string; body?: string; state?: "open" | "closed" } };

function findReport(github: GitHub, repository: Repository): Promise<ReportIssue> {
  return github.findIssueByMarker(repository.owner, repository.repo, { label: RECONCILE_LABEL, marker: RECONCILE_MARKER });
}

/** Something to report: the issue open with this body. Nothing: a closed issue, or none at all. */
function decideReport(existing: ReportIssue, anything: boolean, body: string): ReportDecision {
  if (!anything) {
    if (!existing || existing.state === "closed") return { change: "none", ...(existing ? { issue: existing.number } : {}) };
    return { change: "closed", issue: existing.number, changes: { body, state: "closed" } };
  }
  if (!existing) return { change: "created" };
  const changes = {
    ...(existing.body !== body ? { body } : {}),
    ...(existing.title !== RECONCILE_TITLE ? { title: RECONCILE_TITLE } : {}),
    ...(existing.state === "closed" ? { state: "open" as const } : {}),
  };
  if (Object.keys(changes).length === 0) return { change: "unchanged", issue: existing.number };
  return { change: existing.state === "closed" ? "reopened" : "updated", issue: existing.number, changes };
}

/** Step names unique per devspace, so a durable runner never confuses two repairs' steps. */
function scopedStep(step: Step, scope: string): Step {
  return {
    do: (name, fn) => step.do(`${scope}/${name}`, fn),
    sleep: (name, ms) => step.sleep(`${scope}/${name}`, ms),
  };
}
