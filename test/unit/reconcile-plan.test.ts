import { describe, expect, it } from "vitest";
import {
  archivedByOffboarding,
  type IssueView,
  issueOwner,
  issuesToCheck,
  planReconcile,
  type ReconcileInput,
  type TeamView,
} from "../../src/devspace/reconcile-plan.ts";
import type { DevspaceRecord } from "../../src/devspace/record.ts";
import { snapshotName } from "../../src/devspace/snapshots.ts";
import { RECONCILE_MARKER, renderReconcileReport } from "../../src/github/render-reconcile-report.ts";
import { homeIssueTitle } from "../../src/operations/membership.ts";

const NOW = new Date("2026-03-15T12:00:00Z");
const OLD = "2026-03-15T10:00:00Z";
const FRESH = "2026-03-15T11:58:00Z";
const REPO = { owner: "acme", repo: "devspaces" };
const FORM = { size: "small" as const, homeVolumeGi: 2 };
const BOT = { login: "devspaces[bot]", id: 99, type: "Bot" };

const request = (number: number, login: string, id: number, extra: Partial<IssueView> = {}): IssueView => ({
  number,
  title: "Request devspace",
  author: { login, id, type: "User" },
  assignees: [],
  createdAt: OLD,
  comments: 0,
  form: FORM,
  ...extra,
});
const home = (number: number, login: string, id: number, extra: Partial<IssueView> = {}): IssueView => ({
  number,
  title: homeIssueTitle(login),
  author: BOT,
  assignees: [{ login, id }],
  createdAt: OLD,
  comments: 1,
  ...extra,
});
const devspace = (login: string, id: number, issue: number, extra: Partial<DevspaceRecord> = {}): DevspaceRecord => ({
  namespace: `ds-${login.toLowerCase()}`,
  slug: login.toLowerCase(),
  login,
  userId: id,
  size: "small",
  home: { ...REPO, number: issue },
  state: "ready",
  ...extra,
});
const team = (id: number, slug: string, ...members: Array<[string, number]>): TeamView => ({
  id,
  slug,
  members: members.map(([login, memberId]) => ({ login, id: memberId, type: "User" })),
});
const offboarded = { deleteAfter: "2026-03-20T00:00:00Z", finalSnapshot: snapshotName("final", "offboard-3f2a") };
const deleted = { deleteAfter: "2026-03-20T00:00:00Z", finalSnapshot: snapshotName("final", 123456), state: "archived" };

function input(partial: Partial<ReconcileInput>): ReconcileInput {
  return {
    repository: REPO,
    issues: [],
    teams: [],
    missingTeamIds: [],
    devspaces: [],
    incomplete: [],
    locked: [],
    answered: [],
    now: NOW,
    minIssueAgeMs: 10 * 60_000,
    ...partial,
  };
}
/** The plan as short strings, e.g. "provision ana (missed-request)". */
function summary(partial: Partial<ReconcileInput>) {
  const plan = planReconcile(input(partial));
  return {
    actions: plan.actions.map((a) => `${a.kind} ${a.slug}${"reason" in a ? ` (${a.reason})` : ""}`),
    findings: plan.findings.map((f) =>
      f.kind === "orphan" ? `orphan ${f.namespace}` : f.kind === "incomplete" ? `incomplete ${f.namespace}` : f.kind === "missing-teams" ? `missing teams ${f.teamIds.join(",")}` : `issue #${f.issue} without devspace`,
    ),
  };
}

describe("who owns an issue", () => {
  it.each<[string, IssueView, ReturnType<typeof issueOwner>]>([
    ["a request issue: its author", request(1, "Ana", 1), { kind: "request", login: "Ana", id: 1 }],
    ["a home issue: its assignee", home(2, "Bo", 2), { kind: "home", login: "Bo", id: 2 }],
    ["a home issue whose title names the assignee in other case", home(3, "Bo", 2, { title: homeIssueTitle("bo") }), { kind: "home", login: "Bo", id: 2 }],
    ["a bot's issue assigned to someone else", home(4, "Bo", 2, { assignees: [{ login: "Cy", id: 3 }] }), { kind: "other" }],
    ["a bot's issue with another title", home(5, "Bo", 2, { title: "Devspaces: orphaned devspaces" }), { kind: "other" }],
    ["a bot's issue with nobody assigned", home(6, "Bo", 2, { assignees: [] }), { kind: "other" }],
  ])("%s", (_name, issue, expected) => {
    expect(issueOwner(issue)).toEqual(expected);
  });
});

describe("archived by offboarding or by /delete", () => {
  it.each<[string, Partial<DevspaceRecord>, boolean]>([
    ["offboarding's final snapshot", offboarded, true],
    ["a /delete's final snapshot (named after the comment id)", deleted, false],
    ["live", {}, false],
    ["a final snapshot without a deadline (not archived)", { finalSnapshot: offboarded.finalSnapshot }, false],
  ])("%s", (_name, extra, expected) => {
    expect(archivedByOffboarding(devspace("Ana", 1, 1, extra))).toBe(expected);
  });
});

describe("planReconcile: repairs", () => {
  it.each<[string, Partial<ReconcileInput>, string[]]>([
    ["a request issue whose webhook never came is provisioned", { issues: [request(7, "Ana", 1)] }, ["provision ana (missed-request)"]],
    ["a request issue with its devspace is left alone", { issues: [request(7, "Ana", 1)], devspaces: [devspace("Ana", 1, 7)] }, []],
    ["a request opened moments ago is left to its webhook", { issues: [request(7, "Ana", 1, { createdAt: FRESH })] }, []],
    ["a request with an invalid form is not provisioned", { issues: [request(7, "Ana", 1, { form: undefined })] }, []],
    ["a second request of someone who has a devspace is not provisioned", { issues: [request(7, "Ana", 1), request(8, "Ana", 1)], devspaces: [devspace("Ana", 1, 7)] }, []],
    ["of two unanswered requests by one person only the oldest is provisioned", { issues: [request(7, "Ana", 1), request(8, "Ana", 1)] }, ["provision ana (missed-request)"]],
    ["a request whose devspace name belongs to someone else is not provisioned", { issues: [request(7, "Ana", 1)], devspaces: [devspace("Ana", 5, 3)] }, []],
    ["a request answered once whose devspace is gone is not provisioned again", { issues: [request(7, "Ana", 1, { comments: 2 })], answered: [7] }, []],
    ["a request with comments but no answer of ours is provisioned", { issues: [request(7, "Ana", 1, { comments: 2 })], answered: [] }, ["provision ana (missed-request)"]],
    ["a /delete'd devspace (archived) is not provisioned again", { issues: [request(7, "Ana", 1)], devspaces: [devspace("Ana", 1, 7, deleted)] }, []],
    ["a provisioning cut short, unlocked, runs again", { issues: [request(7, "Ana", 1)], devspaces: [devspace("Ana", 1, 7, { state: "provisioning" })] }, ["provision ana (interrupted)"]],
    ["a provisioning that is running (locked) is left alone", { issues: [request(7, "Ana", 1)], devspaces: [devspace("Ana", 1, 7, { state: "provisioning" })], locked: ["ana"] }, []],
    ["a failed provisioning is not retried behind the owner's back", { issues: [request(7, "Ana", 1)], devspaces: [devspace("Ana", 1, 7, { state: "failed" })] }, []],
    ["a team member without a devspace is onboarded", { teams: [team(10, "eng", ["Bo", 2])] }, ["onboard bo (missed-added)"]],
    ["a team member with a devspace is left alone", { teams: [team(10, "eng", ["Bo", 2])], devspaces: [devspace("Bo", 2, 9, { onboardedByTeam: 10 })], issues: [home(9, "Bo", 2)] }, []],
    ["a member of two teams is onboarded once, by the first", { teams: [team(10, "eng", ["Bo", 2]), team(11, "ops", ["Bo", 2])] }, ["onboard bo (missed-added)"]],
    ["a member added back after offboarding is brought back", { teams: [team(10, "eng", ["Bo", 2])], devspaces: [devspace("Bo", 2, 9, { ...offboarded, state: "archived" })], issues: [home(9, "Bo", 2)] }, ["onboard bo (added-back)"]],
    ["a member who deleted their devspace is not brought back within the grace period", { teams: [team(10, "eng", ["Bo", 2])], devspaces: [devspace("Bo", 2, 9, deleted)], issues: [home(9, "Bo", 2)] }, []],
    ["a member whose onboarding was cut short is onboarded again", { teams: [team(10, "eng", ["Bo", 2])], devspaces: [devspace("Bo", 2, 9, { state: "unknown" })], issues: [home(9, "Bo", 2)] }, ["onboard bo (interrupted)"]],
    ["a member with an unprovisioned request issue gets the request, not a second devspace", { teams: [team(10, "eng", ["Ana", 1])], issues: [request(7, "Ana", 1)] }, ["provision ana (missed-request)"]],
    ["a bot in a team is not onboarded", { teams: [{ id: 10, slug: "eng", members: [{ login: "ci-bot", id: 8, type: "Bot" }] }] }, []],
    ["a removed member's devspace is offboarded", { teams: [team(10, "eng")], devspaces: [devspace("Cy", 3, 9, { onboardedByTeam: 10 })], issues: [home(9, "Cy", 3)] }, ["offboard cy"]],
    ["a member moved to another onboarding team is kept", { teams: [team(10, "eng"), team(11, "ops", ["Cy", 3])], devspaces: [devspace("Cy", 3, 9, { onboardedByTeam: 10 })], issues: [home(9, "Cy", 3)] }, []],
    ["an already offboarded devspace is not offboarded twice", { teams: [team(10, "eng")], devspaces: [devspace("Cy", 3, 9, { onboardedByTeam: 10, ...offboarded })], issues: [home(9, "Cy", 3)] }, []],
    ["a devspace someone requested is never offboarded for team reasons", { teams: [team(10, "eng")], devspaces: [devspace("Ana", 1, 7)], issues: [request(7, "Ana", 1)] }, []],
    ["nobody is offboarded while a configured team cannot be found", { teams: [team(10, "eng")], missingTeamIds: [11], devspaces: [devspace("Cy", 3, 9, { onboardedByTeam: 10 })], issues: [home(9, "Cy", 3)] }, []],
  ])("%s", (_name, partial, actions) => {
    expect(summary(partial).actions).toEqual(actions);
  });

  it("carries what the operations need", () => {
    const plan = planReconcile(
      input({ issues: [request(7, "Ana", 1)], teams: [team(10, "eng", ["Bo", 2])], devspaces: [devspace("Cy", 3, 9, { onboardedByTeam: 10 })] }),
    );
    expect(plan.actions).toEqual([
      { kind: "provision", reason: "missed-request", slug: "ana", issue: 7, login: "Ana", userId: 1, form: FORM },
      { kind: "onboard", reason: "missed-added", slug: "bo", member: { login: "Bo", id: 2 }, team: { id: 10, slug: "eng" } },
      { kind: "offboard", slug: "cy", namespace: "ds-cy", member: { login: "Cy", id: 3 }, team: { id: 10, slug: "eng" } },
    ]);
  });
});

describe("planReconcile: findings", () => {
  it.each<[string, Partial<ReconcileInput>, string[]]>([
    ["a devspace whose issue is closed and whose owner is in no team is an orphan", { devspaces: [devspace("Ana", 1, 7)] }, ["orphan ds-ana"]],
    ["a devspace with an open issue is not", { devspaces: [devspace("Ana", 1, 7)], issues: [request(7, "Ana", 1)] }, []],
    ["a team member's devspace whose home issue was closed is not", { devspaces: [devspace("Bo", 2, 9, { onboardedByTeam: 10 })], teams: [team(10, "eng", ["Bo", 2])] }, []],
    ["an archived devspace is not (the purge owns it)", { devspaces: [devspace("Ana", 1, 7, deleted)] }, []],
    ["a devspace whose issue lives in another repository is not judged", { devspaces: [devspace("Ana", 1, 7, { home: { owner: "acme", repo: "other", number: 7 } })] }, []],
    ["a devspace being offboarded is not an orphan too", { devspaces: [devspace("Cy", 3, 9, { onboardedByTeam: 10 })], teams: [team(10, "eng")] }, []],
    ["with a team missing, a team's devspace cannot be judged", { devspaces: [devspace("Cy", 3, 9, { onboardedByTeam: 10 })], teams: [], missingTeamIds: [10] }, ["missing teams 10"]],
    ["a namespace that does not read as a devspace is reported", { incomplete: ["ds-zed"] }, ["incomplete ds-zed"]],
    ["an answered request whose devspace is gone is reported", { issues: [request(7, "Ana", 1, { comments: 3 })], answered: [7] }, ["issue #7 without devspace"]],
    ["a home issue of a member who left, devspace gone, is reported", { issues: [home(9, "Cy", 3)] }, ["issue #9 without devspace"]],
    ["a home issue of a current member without a devspace is onboarding's, not a finding", { issues: [home(9, "Bo", 2)], teams: [team(10, "eng", ["Bo", 2])] }, []],
    [
      "findings come in a stable order",
      { devspaces: [devspace("Zoe", 4, 12), devspace("Ana", 1, 7)], incomplete: ["ds-b", "ds-a"], issues: [request(3, "Eve", 5, { comments: 1 })], answered: [3] },
      ["orphan ds-ana", "orphan ds-zoe", "incomplete ds-a", "incomplete ds-b", "issue #3 without devspace"],
    ],
  ])("%s", (_name, partial, findings) => {
    expect(summary(partial).findings).toEqual(findings);
  });
});

describe("issuesToCheck", () => {
  it("asks only about old enough request issues with comments and no devspace", () => {
    const numbers = issuesToCheck(
      input({
        issues: [
          request(1, "Ana", 1, { comments: 2 }),
          request(2, "Bo", 2, { comments: 0 }),
          request(3, "Cy", 3, { comments: 2, createdAt: FRESH }),
          request(4, "Dee", 4, { comments: 2 }),
          home(5, "Eve", 5),
        ],
        devspaces: [devspace("Dee", 4, 4)],
      }),
    );
    expect(numbers).toEqual([1]);
  });
});

describe("renderReconcileReport", () => {
  it("renders the same findings the same way, with the marker and no times", () => {
    const findings = planReconcile(input({ devspaces: [devspace("Ana", 1, 7)], incomplete: ["ds-x"], missingTeamIds: [42] })).findings;
    const body = renderReconcileReport(findings, REPO);
    expect(body).toBe(renderReconcileReport(findings, REPO));
    expect(body.startsWith(RECONCILE_MARKER)).toBe(true);
    expect(body).toContain("| `ds-ana` | @Ana | acme/devspaces#7 | ready |");
    expect(body).toContain("- `ds-x`");
    expect(body).toContain("team 42");
    expect(body).toContain("Nothing listed here is deleted automatically");
    expect(body).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it("says all is clear when there is nothing", () => {
    expect(renderReconcileReport([], REPO)).toContain("Nothing to report");
  });
});
